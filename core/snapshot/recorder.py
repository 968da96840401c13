"""Recording an agent into a snapshot: walk subtrees with a session, keep every varbind.

``Recorder`` walks with ``SnmpSession.fetch`` (GETBULK when the version has it)
and appends to ``records`` as it goes, so whatever was walked before an error or
a Ctrl-C is still there to be written. With no root given it records the whole
MIB view: each top-level subtree (``1.0``, ``1.3``...) the agent has, found with
one GETNEXT past the previous one.
"""

from __future__ import annotations

import time
from typing import Any, Callable

from core.oid import format_oid, normalize_oid, oid_key
from core.pdu import PduType
from core.types import MISSING_TYPES

from core.snapshot.model import Record, Snapshot

__all__ = ["Recorder"]

_LAST_ARC = 0xFFFFFFFF

Progress = Callable[[int, str], None]


class Recorder:
    """Walks one agent; ``records`` grows as varbinds arrive."""

    def __init__(self, session: Any, progress: Progress | None = None, parallel: int = 1) -> None:
        """``parallel``: requests in flight per walk (``SnmpSession.fetch``'s)."""
        self.session = session
        self.parallel = parallel
        self.records: list[Record] = []
        self._seen: set[str] = set()
        self._progress = progress
        self.started = time.monotonic()

    def snapshot(self) -> Snapshot:
        """What was recorded, in OID order."""
        records = sorted(self.records, key=lambda r: oid_key(r.oid))
        return Snapshot(records)

    def _keep(self, name: str, value: Any) -> None:
        if name in self._seen:
            return
        self._seen.add(name)
        self.records.append(Record(name, value))
        if self._progress is not None:
            self._progress(len(self.records), name)

    def walk(self, root: str) -> int:
        """Record the subtree of ``root`` (or the instance ``root`` itself when the walk is
        empty, as snmpwalk does); the number of varbinds it added."""
        root = normalize_oid(root)
        before = len(self.records)
        for name, value in self.session.fetch(root, parallel=self.parallel):
            self._keep(name, value)
        if len(self.records) == before:
            response = self.session.request(PduType.GET, [(root, None)])
            if not response.error_status and response.varbinds:
                name, value = response.varbinds[0]
                if not isinstance(value, MISSING_TYPES):
                    self._keep(name, value)
        return len(self.records) - before

    def walk_all(self) -> int:
        """Record every object of the agent, one top-level subtree at a time."""
        before = len(self.records)
        cursor = "0.0"
        while True:
            found = self.session.next_one(cursor)
            if found is None:
                break  # the end of the MIB view
            name, _value = found
            if oid_key(name) <= oid_key(cursor):
                break
            top = format_oid(oid_key(name)[:2])
            self.walk(top)
            cursor = f"{top}.{_LAST_ARC}"
        return len(self.records) - before
