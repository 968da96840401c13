"""``snmptui export [-M DIRS] [-m MODULES] SNAPSHOT -o FILE [OID...]``: convert a snapshot.

Reads a snapshot (snmprec, ``.bz2``, snmpwalk ``-On`` text, snmptui JSON) and writes
the records at or below the OIDs given (everything by default) in the format FILE's
name says: ``.snmprec``, ``.snmprec.bz2``, ``.txt`` (snmpwalk ``-On``), ``.json`` or
``.csv`` (OID, MIB name, type, value; names and values rendered with the MIBs).
Errors print one line and exit 2.
"""

from __future__ import annotations

import sys
from typing import Any, Iterator

from core.oid import OidTuple, oid_key, parse_oid
from core.snapshot.export import FORMATS, ExportError, export_records
from core.snapshot.files import load_snapshot
from core.snapshot.model import Record, SnapshotError
from snmptui.model import load_store
from snmptui.snmpconf import apply_mib_conf
from snmptui.netsnmp_args import ArgumentError, NetSnmpArgumentParser

__all__ = ["run"]


def _parser() -> NetSnmpArgumentParser:
    parser = NetSnmpArgumentParser(
        prog="snmptui export",
        description="Write a snapshot's records (or some subtrees) as "
        + "; ".join(f".{k}: {v}" for k, v in FORMATS.items()),
    )
    parser.add_argument("snapshot", metavar="SNAPSHOT", help="snmprec, .bz2, snmpwalk -On text or JSON")
    parser.add_argument("oids", metavar="OID", nargs="*", help="subtrees to export (default: all)")
    parser.add_argument("-o", "--output", metavar="FILE", required=True, help="the file to write")
    parser.add_argument("-M", dest="mib_dirs", metavar="DIRS", help="MIB directories (as net-snmp)")
    parser.add_argument("-m", dest="mib_modules", metavar="MODULES", help="MIB modules (ALL by default)")
    return parser


def _roots(store: Any, texts: list[str]) -> list[OidTuple]:
    roots = []
    for text in texts:
        try:
            roots.append(tuple(store.resolve(text)) if store is not None else parse_oid(text))
        except (ValueError, LookupError) as exc:
            raise ExportError(f"OID {text}: unknown ({exc})") from None
    return roots


def _under(records: list[Record], roots: list[OidTuple]) -> Iterator[Record]:
    for record in records:
        key = oid_key(record.oid)
        if any(key[: len(root)] == root for root in roots):
            yield record


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_intermixed_args(argv)
    except ArgumentError as exc:
        print(f"snmptui export: {exc}", file=sys.stderr)
        return 2
    apply_mib_conf(args)
    store = load_store(args.mib_dirs, args.mib_modules, args.mib_files)
    try:
        roots = _roots(store, args.oids)
        records = load_snapshot(args.snapshot).records
        chosen = _under(records, roots) if roots else iter(records)
        count = export_records(chosen, args.output, store=store)
    except (ExportError, SnapshotError) as exc:
        print(f"snmptui export: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"snmptui export: {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"snmptui export: wrote {count:,} objects to {args.output}", file=sys.stderr)
    return 0
