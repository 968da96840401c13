"""What the browser's snapshot dialogs run in their worker: the walked model's records,
written to a file or compared with a snapshot file.

Plain functions for thread workers (no widgets); progress is reported through a callback.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from core.oid import OidTuple, format_oid
from core.snapshot.diff import Change, DiffFilter, compare
from core.snapshot.export import export_records
from core.snapshot.model import Record
from core.snapshot.stream import RecordStream, open_stream

__all__ = ["DiffOutcome", "default_file_name", "model_records", "save_records", "diff_with_file"]


def default_file_name(sys_name: str, host: str, when: float | None = None) -> str:
    """``<sysName>-<date>.snmprec.bz2`` (the host when the agent has no sysName), safe as a name."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", sys_name.strip()).strip("._") or re.sub(r"[^A-Za-z0-9._-]+", "_", host)
    return f"{base}-{time.strftime('%Y-%m-%d', time.localtime(when))}.snmprec.bz2"


def model_records(values: dict[OidTuple, Any], root: OidTuple = ()) -> list[Record]:
    """The walked values (at or below ``root``) as records in OID order."""
    size = len(root)
    return [Record(format_oid(oid), value) for oid, value in sorted(values.items()) if oid[:size] == root]


def save_records(records: list[Record], path: Path, store: Any, progress: Callable[[int], None]) -> int:
    """Write records to ``path`` in the format its name says; the number written."""
    return export_records(records, path, store=store, progress=progress)


@dataclass
class DiffOutcome:
    """A snapshot file (A, before) against the agent's records (B, now)."""

    changes: list[Change]
    notes: list[str] = field(default_factory=list)


def diff_with_file(path: Path, records: list[Record], only: list[OidTuple], store: Any) -> DiffOutcome:
    """Compare a snapshot file with ``records``, limited to the ``only`` subtrees (the ones
    walked: absent there means absent on the device) when given."""
    changes, notes = compare(open_stream(path), RecordStream(records, "agent"), DiffFilter(only=only), store=store)
    return DiffOutcome(changes, notes)
