"""snmptui's JSON snapshot: records for scripts to read, and for snmptui to read back exactly.

The file is one object::

    {"format": "snmptui-snapshot", "version": 1,
     "records": [{"oid": "1.3.6.1.2.1.2.2.1.8.1", "name": "IF-MIB::ifOperStatus.1",
                  "type": "INTEGER", "value": "up(1)", "snmprec": "2|1"}, ...]}

``name`` and ``value`` are for people and scripts (MIB name, rendered value);
``snmprec`` is the value in the snmprec encoding (``TAG|VALUE``, ``4x|00ff`` for
octets in hex), which is what reading uses, so nothing is lost.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

from core.mib.store import MibStore
from core.oid import oid_key
from core.snapshot.model import Record, Snapshot, SnapshotError
from core.snapshot.text import oid_name, readable, type_text, value_text

__all__ = ["parse", "json_records", "FORMAT_NAME"]

FORMAT_NAME = "snmptui-snapshot"
VERSION = 1


def json_records(records: Iterable[Record], store: MibStore | None) -> Iterator[str]:
    """Each record as its JSON object text (one per line keeps big files diffable)."""
    from core.snapshot.snmprec import format_record

    for record in records:
        key = oid_key(record.oid)
        encoded = format_record(record).split(b"|", 1)[1].decode("utf-8", "surrogateescape")
        yield json.dumps(
            {
                "oid": record.oid,
                "name": readable(oid_name(store, key)),
                "type": type_text(record.value),
                "value": readable(value_text(store, key, record.value)),
                "snmprec": encoded,
            },
            ensure_ascii=True,
        )


def header() -> str:
    return json.dumps({"format": FORMAT_NAME, "version": VERSION})[:-1] + ', "records": ['


def _record(item: Any, where: str) -> Record:
    from core.snapshot import snmprec

    if not isinstance(item, dict):
        raise ValueError("a record must be an object")
    oid, encoded = item.get("oid"), item.get("snmprec")
    if not isinstance(oid, str) or not isinstance(encoded, str):
        raise ValueError('a record needs "oid" and "snmprec" strings')
    line = f"{oid}|{encoded}".encode("utf-8", "surrogateescape")
    try:
        return snmprec.parse(line, where).records[0]
    except SnapshotError as exc:
        raise ValueError(exc.problems[0].split(": ", 1)[-1]) from None


def parse(data: bytes, path: str = "<json>", *, strict: bool = True) -> Snapshot:
    """A snapshot from snmptui JSON (SnapshotError naming the record that is wrong)."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(path, [f"{path}: not valid JSON ({exc})"]) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise SnapshotError(path, [f'{path}: not a snmptui JSON snapshot (no "format": "{FORMAT_NAME}")'])
    items = document.get("records")
    if not isinstance(items, list):
        raise SnapshotError(path, [f'{path}: "records" must be a list'])
    snapshot = Snapshot(path=path)
    problems: list[str] = []
    seen: set[str] = set()
    for number, item in enumerate(items, 1):
        try:
            record = _record(item, path)
        except ValueError as exc:
            problems.append(f"{path}: record {number}: {exc}")
            continue
        if record.oid in seen:
            snapshot.warnings.append(f"{path}: record {number}: {record.oid} appears again; the first value is served")
        seen.add(record.oid)
        snapshot.records.append(record)
    if problems:
        if strict:
            raise SnapshotError(path, problems)
        snapshot.warnings.extend(f"{p} (record skipped)" for p in problems)
    return snapshot
