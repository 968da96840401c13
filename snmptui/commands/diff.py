"""``snmptui diff [OPTIONS] A B``: what differs between two snapshots or live agents.

A and B are snapshot files (snmprec, ``.bz2``, snmpwalk ``-On`` text, snmptui JSON)
or agents (``[udp:|udp6:]host[:port]`` with net-snmp's connection flags, which apply
to both), walked first (only the ``--only`` subtrees when given). Files are
streamed in OID order and merged (``core.snapshot.diff``), so big snapshots diff
in bounded memory. Exit status as ``diff(1)``: 0 equal, 1 different, 2 trouble.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from core.errors import SnmpError
from core.oid import OidTuple, format_oid, parse_oid
from core.snapshot.diff import IGNORABLE_TYPES, AlignmentError, DiffFilter, IndexAlignment, compare
from core.snapshot.diff_report import DiffText, count_kinds, summary_text
from core.snapshot.model import SnapshotError
from core.snapshot.recorder import Recorder
from core.snapshot.stream import RecordStream, SnapshotStream, open_stream
from core.snapshot.text import as_bytes
from snmptui.commands.record import ProgressLine
from snmptui.model import load_store
from snmptui.snmpconf import apply_mib_conf
from snmptui.netsnmp_args import (
    ArgumentError,
    ConnectionSpec,
    NetSnmpArgumentParser,
    add_connection_args,
    normalize_argv,
)

__all__ = ["run"]

EQUAL, DIFFERENT, TROUBLE = 0, 1, 2


class DiffUsageError(ValueError):
    """A bad argument; the message names it."""


def _parser() -> NetSnmpArgumentParser:
    parser = NetSnmpArgumentParser(
        prog="snmptui diff",
        description="Compare two snapshots or agents: ~ changed, - only in A, + only in B. "
        "Exit 0 when equal, 1 when they differ, 2 on trouble.",
    )
    parser.add_argument("a", metavar="A", help="snapshot file or AGENT")
    parser.add_argument("b", metavar="B", help="snapshot file or AGENT")
    parser.add_argument("-M", dest="mib_dirs", metavar="DIRS", help="MIB directories (as net-snmp)")
    parser.add_argument("-m", dest="mib_modules", metavar="MODULES", help="MIB modules (ALL by default)")
    parser.add_argument("--json", action="store_true", help="a JSON list of {change, oid, name, old, new, type}")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing: the exit status says (as diff -q)")
    parser.add_argument("--ignore", metavar="WHAT", action="append", default=[],
                        help="counters (Counter32/64), timeticks, or an OID subtree; repeatable")  # fmt: skip
    parser.add_argument("--only", metavar="OID", action="append", default=[],
                        help="compare only this subtree; repeatable")  # fmt: skip
    parser.add_argument("--by-index", metavar="COLUMN",
                        help="match table rows by this index column's value (e.g. ifName), not their number")  # fmt: skip
    add_connection_args(parser)
    return parser


def _resolve(store: Any, text: str, flag: str) -> OidTuple:
    try:
        if store is not None:
            return tuple(store.resolve(text))
        return parse_oid(text)
    except (ValueError, LookupError) as exc:
        raise DiffUsageError(f"{flag} {text}: unknown OID ({exc})") from None


def _filter(args: Any, store: Any) -> DiffFilter:
    types: list[type] = []
    prefixes: list[OidTuple] = []
    for word in args.ignore:
        if word.lower() in IGNORABLE_TYPES:
            types.extend(IGNORABLE_TYPES[word.lower()])
        else:
            prefixes.append(_resolve(store, word, "--ignore"))
    only = [_resolve(store, text, "--only") for text in args.only]
    return DiffFilter(tuple(types), prefixes, only)


_FILE_NAMES = (".snmprec", ".bz2", ".snmpwalk", ".walk", ".txt", ".json")


def _is_file(text: str) -> bool:
    """A snapshot file (existing, or named like one: then reading it says what is wrong)."""
    return Path(text).is_file() or "/" in text or text.lower().endswith(_FILE_NAMES)


def _spec(args: Any, text: str, which: str) -> ConnectionSpec:
    from snmptui.command_line import connection_spec

    try:
        return connection_spec(args, text)
    except ArgumentError as exc:
        raise DiffUsageError(f"{which} {text!r} is neither a snapshot file nor an agent ({exc})") from None


def _walk(spec: ConnectionSpec, roots: list[OidTuple], label: str) -> RecordStream:
    """Walk an agent (the ``--only`` subtrees, else everything) into a stream."""
    progress = ProgressLine(sys.stderr)
    with spec.session() as session:
        recorder = Recorder(session, progress.update)
        if roots:
            for root in roots:
                recorder.walk(format_oid(root))
        else:
            recorder.walk_all()
    progress.finish(f"snmptui diff: walked {len(recorder.records):,} objects of {label}")
    return RecordStream(recorder.records, label)


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_intermixed_args(normalize_argv(argv))
        sides = [(text, None if _is_file(text) else _spec(args, text, which)) for text, which in ((args.a, "A"), (args.b, "B"))]
    except (ArgumentError, DiffUsageError) as exc:
        print(f"snmptui diff: {exc}", file=sys.stderr)
        return TROUBLE
    apply_mib_conf(args)
    store = load_store(args.mib_dirs, args.mib_modules, args.mib_files)
    try:
        diff_filter = _filter(args, store)
        alignment = IndexAlignment.for_column(store, args.by_index) if args.by_index else None
        streams: list[SnapshotStream] = []
        for text, spec in sides:
            streams.append(open_stream(text) if spec is None else _walk(spec, diff_filter.only, spec.agent))
        changes, notes = compare(streams[0], streams[1], diff_filter, alignment, store)
    except (DiffUsageError, AlignmentError, SnapshotError, SnmpError, ValueError) as exc:
        print(f"snmptui diff: {exc}", file=sys.stderr)
        return TROUBLE
    except OSError as exc:
        print(f"snmptui diff: network error: {exc.strerror or exc}", file=sys.stderr)
        return TROUBLE
    status = DIFFERENT if changes else EQUAL
    if args.quiet:
        return status
    for note in notes:
        print(f"snmptui diff: {note}", file=sys.stderr)
    text = DiffText(store)
    try:
        if args.json:
            json.dump([text.record(c) for c in changes], sys.stdout, indent=1, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            sys.stdout.flush()
            out = sys.stdout.buffer  # net-snmp's bytes: octets as the agent sent them
            out.writelines(as_bytes(line) + b"\n" for line in text.lines(changes))
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()  # as diff(1) piped into head: no complaint
        return status
    print(f"snmptui diff: {args.a} -> {args.b}: {summary_text(count_kinds(changes))}", file=sys.stderr)
    return status
