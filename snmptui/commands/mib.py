"""``snmptui mib``: list, translate and check MIB modules from the command line.

Flags follow net-snmp: ``-M DIRS`` (colon list, leading ``+`` prepends to the
default path) and ``-m MODULES`` (colon or comma list, ``ALL`` = every module; the
default). Subcommands:

- ``list``: every node as ``OID<TAB>MODULE::name``, sorted by OID;
- ``translate NAME_OR_OID...``: the other form of each (name -> numeric, numeric -> name);
- ``check``: load status per module, then diagnostics; exit 1 if a requested module failed.

Bad flags print one line naming the flag and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from core.mib import MibStore, load_mibs
from core.mib.store import ModuleInfo
from core.oid import format_oid
from snmptui.snmpconf import apply_mib_conf

__all__ = ["run", "EXIT_WITHOUT_TEARDOWN"]

# Run as the program, the command ends without the interpreter's teardown once its
# output is out (``snmptui.cli.exit_without_teardown``): ~60 ms of a cold load's exit.
EXIT_WITHOUT_TEARDOWN = True


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that reports errors as one line instead of usage + exit."""

    def error(self, message: str) -> NoReturn:
        raise _ArgumentError(message)


def _add_common(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("-M", dest="dirs", metavar="DIRS", default=default,
                        help="MIB search path (colon list; leading '+' prepends to the default)")
    parser.add_argument("-m", dest="modules", metavar="MODULES", default=default,
                        help="modules to load (colon list; ALL = every module found)")
    parser.add_argument("--no-cache", dest="no_cache", action="store_true", default=default,
                        help="do not read or write the compiled-MIB cache")


def _parser() -> _Parser:
    parser = _Parser(prog="snmptui mib", description="Load, list, translate and check MIB modules.")
    _add_common(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="{list,translate,check}", parser_class=_Parser)
    sub.required = True
    for name, text in (("list", "every node as OID<TAB>MODULE::name"),
                       ("translate", "names to numeric OIDs and back"),
                       ("check", "load status and diagnostics per module")):
        command = sub.add_parser(name, help=text, description=text)
        _add_common(command, argparse.SUPPRESS)
        if name == "translate":
            command.add_argument("items", nargs="+", metavar="NAME_OR_OID")
    return parser


def _load(args: argparse.Namespace) -> MibStore:
    apply_mib_conf(args, dirs="dirs", modules="modules")
    # A one-shot command: a cold load's cache is written while the output is printed.
    store = load_mibs(args.dirs, args.modules, files=args.mib_files, use_cache=not args.no_cache,
                      write_behind=True)
    for notice in store.notices:
        print(f"snmptui mib: {notice}", file=sys.stderr)
    return store


def _list(store: MibStore) -> int:
    sys.stdout.write("".join(f"{oid}\t{module}::{name}\n" for oid, module, name in store.listing()))
    return 0


def _translate(store: MibStore, items: list[str]) -> int:
    status = 0
    for item in items:
        try:
            oid = store.resolve(item)
        except ValueError as err:
            print(f"snmptui mib translate: {err}", file=sys.stderr)
            status = 1
            continue
        numeric = item.strip().lstrip(".")
        if numeric[:1].isdigit():
            print(store.translate_to_name(oid))
        else:
            print(format_oid(oid))
    return status


def module_status(info: ModuleInfo, node_counts: dict[str, int]) -> str:
    """``loaded``, or ``failed`` when the module was not found or gave errors and no node."""
    if info.status == "loaded" and info.errors and not node_counts.get(info.name) and info.file:
        return "failed"
    return info.status


def _check(store: MibStore) -> int:
    failed = False
    node_counts: dict[str, int] = {}
    for node in store.nodes:
        node_counts[node.module] = node_counts.get(node.module, 0) + 1
    statuses = {name: module_status(info, node_counts) for name, info in store.modules.items()}
    for info in sorted(store.modules.values(), key=lambda m: m.name):
        status = statuses[info.name]
        where = info.file or "<built-in>" if info.status == "loaded" else "not found"
        errors = f", {info.errors} error{'s' if info.errors != 1 else ''}" if info.errors else ""
        empty = ", no nodes" if status == "failed" and info.status == "loaded" else ""
        print(f"{status}\t{info.name}\t{where}{errors}{empty}")
        if status == "failed" and info.requested:
            failed = True
    for diag in store.diagnostics:
        print(str(diag))
    loaded = sum(1 for s in statuses.values() if s == "loaded")
    total_failed = sum(1 for s in statuses.values() if s == "failed")
    errors = sum(1 for d in store.diagnostics if d.severity == "error")
    warnings = len(store.diagnostics) - errors
    print(f"{loaded} modules loaded, {total_failed} failed, {len(store)} nodes, "
          f"{errors} errors, {warnings} warnings")
    return 1 if failed else 0


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except _ArgumentError as err:
        print(f"snmptui mib: {err}", file=sys.stderr)
        return 2
    try:
        store = _load(args)
        if args.command == "list":
            return _list(store)
        if args.command == "translate":
            return _translate(store, args.items)
        return _check(store)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. "| head"); not an error
        return 0
