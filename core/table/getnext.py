"""Rows by GETNEXT on every column at once, the way ``snmptable -CB`` (and SNMPv1) reads.

Each request asks for the next instance of every column after the current index;
the first answer inside its column sets the row's index, and an answer of another
column counts only when it carries that same index (else the cell is missing, as
in a sparse table). A response with no answer inside the table ends it. Rows come
in passes of ``per_pass`` rows (``-Cr``), as snmptable prints them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from core.errors import status_error
from core.oid import OidTuple, format_oid, parse_oid
from core.pdu import PduType
from core.session import SnmpSession
from core.types import END_OF_MIB_VIEW

__all__ = ["NextRow", "getnext_passes"]

NO_SUCH_NAME = 2


class NextRow(NamedTuple):
    """One row: the OID that set its index, and per column (oid, value) or None."""

    first: OidTuple
    cells: list[tuple[OidTuple, Any] | None]


def getnext_passes(
    session: SnmpSession, entry: OidTuple, subids: list[int], per_pass: int
) -> Iterator[tuple[list[NextRow], bool]]:
    """Passes of up to ``per_pass`` rows (``per_pass`` 0: all rows in one pass), each with
    True when an SNMPv1 agent ended the walk with noSuchName (snmptable says "End of MIB")."""
    depth = len(entry)
    index: OidTuple = ()
    done = False
    while not done:
        rows: list[NextRow] = []
        while not per_pass or len(rows) < per_pass:
            request = [(entry + (subid,) + index, None) for subid in subids]
            response = session.request(PduType.GETNEXT, request)
            if response.error_status == NO_SUCH_NAME:
                yield rows, True
                return
            if response.error_status:
                failed = response.error_index
                oid = format_oid(request[failed - 1][0]) if 1 <= failed <= len(request) else None
                raise status_error(response.error_status, oid, failed)
            names = response.keys or [parse_oid(name) for name, _ in response.varbinds]
            cells: list[tuple[OidTuple, Any] | None] = [None] * len(subids)
            first: OidTuple | None = None
            for position, (name, (_, value)) in enumerate(zip(names, response.varbinds)):
                if position >= len(subids):
                    break
                column = entry + (subids[position],)
                if value is END_OF_MIB_VIEW or len(name) <= depth + 1 or name[: depth + 1] != column:
                    continue
                if first is None:
                    first = name
                elif name[: len(first)][depth + 1 :] != first[depth + 1 :] or len(name) < len(first):
                    continue
                cells[position] = (name, value)
            if first is None:
                done = True
                break
            index = first[depth + 1 :]
            rows.append(NextRow(first, cells))
        if rows:
            yield rows, False
