"""``snmptui set [net-snmp flags] AGENT OID TYPE VALUE [OID TYPE VALUE ...]``: snmpset.

Sends one SET with every assignment and prints the varbinds as the agent answered them,
in net-snmp's format; ``-Cq`` prints nothing on success. TYPE is snmpset's letter (``i u
t a o s x d b n U I F D``) or ``=`` for the type the MIB gives the object; values are
checked against the MIB as snmpset checks them (``-Ir`` turns the checks off, ``-Ih``
the DISPLAY-HINT parsing of ``s`` values) — see core.set_value. Problems are reported as
snmpset reports them, on stderr:

- a bad assignment: ``NAME: Bad variable type (Type of attribute is ...)``, exit 1;
- an error status: ``Error in packet.`` / ``Reason: notWritable (...)`` /
  ``Failed object: NAME``, exit 2;
- no answer: ``Timeout: No Response from AGENT``, exit 1.

The community is ``-c`` as in snmpset, else ``SNMPTUI_WRITE_COMMUNITY``, else
``SNMPTUI_COMMUNITY``; ``-c -`` prompts. It is never printed.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from core.errors import SnmpError, SnmpTimeoutError, netsnmp_status_text
from core.mib.store import MibStore
from core.oid import format_oid, oid_key
from core.pdu import PduType
from core.secret import Secret
from core.set_value import SetValueError, netsnmp_value
from core.snapshot.netsnmp_format import NetSnmpFormatter

__all__ = ["run", "split_flags", "USAGE"]

USAGE = (
    "usage: snmptui set [net-snmp flags] [-M DIRS] [-m MODULES] [-O OPTS] [-I OPTS] [-Cq]\n"
    "                   AGENT OID TYPE VALUE [OID TYPE VALUE]...\n"
    "  TYPE: one of i, u, t, a, o, s, x, d, b, n, U, I, F, D, or = (from the MIB)\n"
    "\ti: INTEGER, u: unsigned INTEGER, t: TIMETICKS, a: IPADDRESS\n"
    "\to: OBJID, s: STRING, x: HEX STRING, d: DECIMAL STRING, b: BITS\n"
    "\tU: unsigned int64, I: signed int64, F: float, D: double, n: NULL"
)
_TYPE_LETTERS = frozenset("=iu3taosxdbnIUFD")
WRITE_COMMUNITY_ENV = "SNMPTUI_WRITE_COMMUNITY"


class SetUsageError(ValueError):
    """A bad command line; the message is what snmpset prints."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def split_flags(argv: list[str]) -> tuple[list[str], list[str]]:
    """``(flags, positionals)``: options end at the first word that is not one (the AGENT)."""
    flags: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            return flags, argv[i + 1 :]
        if not arg.startswith("-") or arg == "-":
            return flags, argv[i:]
        flags.append(arg)
        if len(arg) == 2 and i + 1 < len(argv):  # "-c public": the value is the next word
            flags.append(argv[i + 1])
            i += 1
        i += 1
    return flags, []


def _assignments(words: list[str]) -> list[tuple[str, str, str]]:
    """``(name, letter, value)`` triples, with snmpset's messages for what is missing."""
    if not words:
        raise SetUsageError("Missing object name", usage=True)
    out: list[tuple[str, str, str]] = []
    i = 0
    while i < len(words):
        name = words[i]
        if i + 1 >= len(words):
            raise SetUsageError(f"{name}: Needs type and value")
        letter = words[i + 1][:1]
        if letter not in _TYPE_LETTERS:
            raise SetUsageError(f"{name}: Bad object type: {letter}")
        if i + 2 >= len(words):
            raise SetUsageError(f"{name}: Needs value")
        out.append((name, letter, words[i + 2]))
        i += 3
    return out


def run(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    from snmptui.command_line import connection_spec
    from snmptui.model import MibFacade, load_store
    from snmptui.netsnmp_args import (
        ArgumentError, NetSnmpArgumentParser, add_connection_args, add_output_args, normalize_argv, output_options,
    )

    out = out or sys.stdout
    err = err or sys.stderr
    if any(a in ("-h", "--help") for a in argv):
        print(USAGE, file=out)
        return 0
    flags, words = split_flags(argv)
    quiet = False
    checks = hints = True
    kept: list[str] = []
    skip = False
    for index, flag in enumerate(flags):
        if skip:
            skip = False
            continue
        if flag.startswith(("-C", "-I")):
            letters = flag[2:] or (flags[index + 1] if index + 1 < len(flags) else "")
            skip = not flag[2:]
            for letter in letters:
                if flag.startswith("-C") and letter == "q":
                    quiet = True
                elif flag.startswith("-I") and letter in "rh":
                    checks = checks and letter != "r"
                    hints = hints and letter != "h"
                else:
                    print(f"Unknown flag passed to {flag[:2]}: {letter}", file=err)
                    return 1
            continue
        kept.append(flag)
    parser = NetSnmpArgumentParser(prog="snmptui set", add_help=False)
    add_connection_args(parser)
    parser.add_argument("-M", dest="mib_dirs")
    parser.add_argument("-m", dest="mib_modules")
    add_output_args(parser)
    try:
        ns = parser.parse_args(normalize_argv(kept))
        options = output_options(ns)
        if not words:
            raise SetUsageError("No hostname specified.", usage=True)
        agent, rest = words[0], words[1:]
        assignments = _assignments(rest)
        if ns.community is None and os.environ.get(WRITE_COMMUNITY_ENV):
            ns.community = Secret(os.environ[WRITE_COMMUNITY_ENV])
        spec = connection_spec(ns, agent)
    except ArgumentError as exc:
        print(f"snmptui set: {exc}", file=err)
        print(USAGE, file=err)
        return 1
    except SetUsageError as exc:
        print(f"{exc}", file=err)
        if exc.usage:
            print(USAGE, file=err)
        return 1
    try:
        store: MibStore | None = load_store(ns.mib_dirs, ns.mib_modules, ns.mib_files)
    except ImportError:
        store = None
    mibs = MibFacade(store)
    formatter = NetSnmpFormatter(store, options)
    varbinds: list[tuple[str, object]] = []
    failures = 0
    for name, letter, text in assignments:
        try:
            oid = mibs.resolve(name)
        except (ValueError, LookupError) as exc:
            print(f"{name}: Unknown Object Identifier ({exc})", file=err)
            failures += 1
            continue
        node = None
        if store is not None and checks:
            node = store.lookup(oid)[0]
        if not hints and node is not None and node.syntax is not None and node.syntax.display_hint:
            node = None if letter != "=" else node
        try:
            value = netsnmp_value(node, letter, text, store)
        except SetValueError as exc:
            print(f"{name}: {exc}", file=err)
            failures += 1
            continue
        varbinds.append((format_oid(oid), value))
    if failures:
        return 1
    try:
        with spec.session() as session:
            response = session.request(PduType.SET, varbinds)
    except SnmpTimeoutError:
        print(f"Timeout: No Response from {agent}", file=err)
        return 1
    except SnmpError as exc:
        print(f"snmptui set: {exc}", file=err)
        return 1
    except OSError as exc:
        print(f"snmptui set: network error: {exc.strerror or exc}", file=err)
        return 1
    if response.error_status:
        print(f"Error in packet.\nReason: {netsnmp_status_text(response.error_status)}", file=err)
        index = response.error_index
        if index:
            failed = response.varbinds[index - 1][0] if 0 < index <= len(response.varbinds) else None
            # snmpset prints the name with its own newline, then another one.
            print(f"Failed object: {formatter.name(oid_key(failed)) + chr(10) if failed else ''}", file=err)
        return 2
    if not quiet:
        lines = "".join(formatter.line(oid_key(name), value) + "\n" for name, value in response.varbinds)
        # The formatter's text holds net-snmp's bytes one per character (see netsnmp_format).
        buffer = getattr(out, "buffer", None)
        if buffer is not None:
            out.flush()
            buffer.write(lines.encode("latin-1"))
            buffer.flush()
        else:
            out.write(lines)
    return 0
