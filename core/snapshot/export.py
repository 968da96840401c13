"""Writing records to a file: snmprec (``.bz2`` compressed), snmpwalk ``-On`` text, JSON, CSV.

``export_records(records, path)`` picks the format from the file name
(:func:`format_for`), optionally keeps only a subtree, and writes atomically: a
temporary file next to the target replaces it when complete, so a failed export
never leaves half a file under the chosen name. snmprec, snmpwalk and JSON files
read back (``load_snapshot``) to the same records; CSV (``OID, MIB name, type,
value``) is for spreadsheets.
"""

from __future__ import annotations

import bz2
import csv
import io
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from core.mib.store import MibStore
from core.oid import OidTuple, oid_key
from core.snapshot.model import Record
from core.snapshot.text import oid_name, readable, snmpwalk_line, type_text, value_text

__all__ = ["FORMATS", "ExportError", "format_for", "export_records", "in_subtree"]

FORMATS: dict[str, str] = {
    "snmprec": "snmprec (snmpsim; .bz2 compresses)",
    "snmpwalk": "snmpwalk -On text",
    "json": "JSON (snmptui snapshot)",
    "csv": "CSV: OID, MIB name, type, value",
}

_SUFFIXES = {
    ".snmprec": "snmprec",
    ".bz2": "snmprec",
    ".snmpwalk": "snmpwalk",
    ".walk": "snmpwalk",
    ".txt": "snmpwalk",
    ".json": "json",
    ".csv": "csv",
}

Progress = Callable[[int], None]
_PROGRESS_EVERY = 2000


class ExportError(ValueError):
    """An export that cannot be made; the message names the file and the problem."""


def format_for(path: str | Path) -> str:
    """The export format of a file name (``x.snmprec.bz2`` -> snmprec); ExportError otherwise."""
    name = Path(path).name.lower()
    for suffix, kind in _SUFFIXES.items():
        if name.endswith(suffix):
            return kind
    known = ", ".join(_SUFFIXES)
    raise ExportError(f"{path}: unknown file type (the name must end in one of {known})")


def in_subtree(root: OidTuple, records: Iterable[Record]) -> Iterator[Record]:
    """The records at or below ``root``."""
    size = len(root)
    for record in records:
        if oid_key(record.oid)[:size] == root:
            yield record


def _text_lines(kind: str, records: Iterable[Record], store: MibStore | None) -> Iterator[str]:
    if kind == "json":
        from core.snapshot.jsonfile import header, json_records

        yield header() + "\n"
        first = True
        for text in json_records(records, store):
            yield ("" if first else ",\n") + text
            first = False
        yield "\n]}\n"
    elif kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["OID", "MIB name", "type", "value"])
        for record in records:
            key = oid_key(record.oid)
            name, value = oid_name(store, key), value_text(store, key, record.value)
            writer.writerow([record.oid, readable(name), type_text(record.value), readable(value)])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()


def export_records(
    records: Iterable[Record],
    path: str | Path,
    *,
    kind: str | None = None,
    store: MibStore | None = None,
    root: OidTuple | None = None,
    progress: Progress | None = None,
) -> int:
    """Write ``records`` (in the order given) to ``path``; the number written.

    ``kind`` defaults to :func:`format_for`; ``root`` keeps one subtree; ``store``
    names and renders for JSON and CSV. OSError and ExportError name the file.
    """
    from core.snapshot.snmprec import format_record

    path = Path(path)
    kind = kind or format_for(path)
    if kind not in FORMATS:
        raise ExportError(f"{path}: unknown format {kind!r} ({', '.join(FORMATS)})")
    if not path.parent.is_dir():
        raise ExportError(f"{path}: no such directory {str(path.parent)!r}")
    chosen = in_subtree(root, records) if root else iter(records)
    count = 0

    def counted() -> Iterator[Record]:
        nonlocal count
        for record in chosen:
            count += 1
            if progress is not None and count % _PROGRESS_EVERY == 0:
                progress(count)
            yield record

    temporary = path.with_name(f".{path.name}.partial")
    compress = kind == "snmprec" and path.name.lower().endswith(".bz2")
    try:
        with open(temporary, "wb") as raw:
            out = bz2.BZ2File(raw, "wb") if compress else raw
            try:
                if kind == "snmprec":
                    for record in counted():
                        out.write(format_record(record) + b"\n")
                elif kind == "snmpwalk":
                    for record in counted():
                        out.write(snmpwalk_line(oid_key(record.oid), record.value) + b"\n")
                else:
                    for text in _text_lines(kind, counted(), store):
                        out.write(text.encode("utf-8"))
            finally:
                if compress:
                    out.close()
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(count)
    return count
