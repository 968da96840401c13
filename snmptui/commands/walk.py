"""``snmptui walk [OPTIONS] AGENT [OID]``: print a subtree exactly as net-snmp's snmpwalk does.

Connection flags and ``-O`` output letters are net-snmp's (``snmptui.netsnmp_args``),
flags not given come from snmp.conf (``snmptui.command_line.connection_spec``);
every line comes from ``core.snapshot.netsnmp_format``, so the output equals
``snmpwalk -m ALL -M <same dirs>`` byte for byte. The root may be any OID or name,
including the one- and zero-arc roots (``.1``, ``iso``, ``.0``, ``.``); without one the
walk starts at mib-2 (``.1.3.6.1.2.1``), as snmpwalk's does. As in snmpwalk, a walk
that finds nothing GETs the root itself, and the end-of-MIB-view varbind that ends a
walk inside its subtree is printed. Errors print one line and exit 1 (network/agent)
or 2 (usage); a closed pipe (``| head``) ends the command quietly.
"""

from __future__ import annotations

import signal
import sys
from typing import Any, BinaryIO

from core.errors import SnmpError
from core.oid import OidTuple, format_oid, parse_walk_root, walk_request_arcs
from core.snapshot.netsnmp_format import NetSnmpFormatter

__all__ = ["run", "DEFAULT_ROOT", "resolve_root"]

DEFAULT_ROOT = "1.3.6.1.2.1"
USAGE = "usage: snmptui walk [OPTIONS] AGENT [OID]   (default OID: .1.3.6.1.2.1, mib-2; -O LETTERS as in net-snmp)"
_FLUSH_EVERY = 512


def resolve_root(store: Any, text: str | None) -> OidTuple:
    """The arcs of a walk root given as a name or number; ``ValueError`` naming it."""
    if text is None:
        return parse_walk_root(DEFAULT_ROOT)
    body = text.strip()
    if body.lstrip(".")[:1].isdigit() or body in ("", "."):
        return parse_walk_root(body)
    if store is None:
        raise ValueError(f"{text!r} is a name, but no MIBs are loaded")
    return tuple(store.resolve(body))


def _parser() -> Any:
    from snmptui.netsnmp_args import NetSnmpArgumentParser, add_connection_args, add_output_args

    parser = NetSnmpArgumentParser(prog="snmptui walk", add_help=False)
    add_connection_args(parser)
    add_output_args(parser)
    parser.add_argument("-M", dest="mib_dirs")
    parser.add_argument("-m", dest="mib_modules")
    parser.add_argument("agent", metavar="AGENT")
    parser.add_argument("oid", nargs="?")
    return parser


def run(argv: list[str]) -> int:
    from snmptui.command_line import connection_spec
    from snmptui.netsnmp_args import ArgumentError, normalize_argv, output_options

    if any(a in ("-h", "--help") for a in argv):
        print(USAGE)
        return 0
    try:
        ns = _parser().parse_args(normalize_argv(list(argv)))
        options = output_options(ns)
        spec = connection_spec(ns, ns.agent)
    except ArgumentError as exc:
        print(f"snmptui walk: {exc}", file=sys.stderr)
        return 2
    except (EOFError, KeyboardInterrupt):
        return 130
    store = _load(ns.mib_dirs, ns.mib_modules, ns.mib_files)
    try:
        root = resolve_root(store, ns.oid)
    except (ValueError, LookupError) as exc:
        print(f"snmptui walk: unknown OID {ns.oid!r}: {exc}", file=sys.stderr)
        return 2
    formatter = NetSnmpFormatter(store, options)
    _quiet_on_closed_pipe()
    out = sys.stdout.buffer
    try:
        return _walk(spec, root, formatter, out)
    except BrokenPipeError:
        _drop_stdout()
        return 0


def _walk(spec: Any, root: OidTuple, formatter: NetSnmpFormatter, out: BinaryIO) -> int:
    """Print the walk of ``root`` with ``spec.parallel`` requests in flight (``-Cp``).

    Ranges are cut where the agent's answers show branches, not at the MIB's:
    indexing the loaded MIBs' children costs more (up to a second for the whole
    corpus) than the few probes it would save.
    """
    line = formatter.line
    count = 0
    pending: list[str] = []
    try:
        with spec.session() as session:
            walking = session.fetch_arcs(format_oid(root), parallel=spec.parallel)
            for oid, value in walking:
                pending.append(line(oid, value))
                count += 1
                if len(pending) >= _FLUSH_EVERY:
                    _write(out, pending)
            for oid, value in getattr(session, "walk_end", ()):
                pending.append(line(oid, value))
                count += 1
            if count == 0:
                asked = walk_request_arcs(root)
                value = session.get(format_oid(asked))
                pending.append(line(asked, value))
    except SnmpError as exc:
        _write(out, pending)
        out.flush()
        print(f"snmptui walk: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        _write(out, pending)
        out.flush()
        print(f"snmptui walk: network error: {exc.strerror or exc}", file=sys.stderr)
        return 1
    _write(out, pending)
    out.flush()
    return 0


def _write(out: BinaryIO, lines: list[str]) -> None:
    if lines:
        lines.append("")
        out.write("\n".join(lines).encode("latin-1", "replace"))
        lines.clear()


def _quiet_on_closed_pipe() -> None:
    """Die of SIGPIPE as net-snmp does when the reader goes away (``| head``): no message."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def _drop_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush stays silent."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def _load(dirs: str | None, modules: str | None, files: tuple[str, ...]) -> Any:
    from snmptui.model import load_store

    try:
        return load_store(dirs, modules, files)
    except ImportError:
        return None
