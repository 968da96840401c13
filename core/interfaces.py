"""The interfaces of a device, live: IF-MIB polled into per-port rates (``top`` for a router).

:func:`discover` finds the interfaces (one walk of ``ifIndex``) and whether the agent has
the 64-bit counters of ifXTable. :class:`InterfacesModel` then says what to poll each
cycle (:meth:`InterfacesModel.oids`, for core.poller) and turns each poll into one
:class:`InterfaceRow` per port: name, alias, admin/oper status, speed, in/out bit/s and
utilization, errors and discards per second, unicast/broadcast/multicast packets per
second. Counters go through core.counters, so a wrap, an agent restart, an
``ifCounterDiscontinuityTime`` change or a missed poll shows as "no rate" for that cycle
rather than a spike. Oper-status changes are counted per port, so a flapping port shows.

The 64-bit counters (ifHC*) are used when the agent has them, the 32-bit ones of ifTable
otherwise (ifInNUcastPkts then stands for broadcast + multicast, as RFC 1213 counts it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from core.counters import Gap, Rate, Sample, step
from core.oid import format_oid
from core.poller import PollResult
from core.session import SnmpSession

__all__ = [
    "IF_ENTRY",
    "IFX_ENTRY",
    "InterfaceRow",
    "InterfacesModel",
    "discover",
    "COUNTER_FIELDS",
    "SORT_KEYS",
]

IF_ENTRY = (1, 3, 6, 1, 2, 1, 2, 2, 1)
IFX_ENTRY = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1)

# Columns that rarely change (polled once, then every few cycles): field -> (entry, column).
_INFO = {
    "descr": (IF_ENTRY, 2),
    "speed": (IF_ENTRY, 5),
    "name": (IFX_ENTRY, 1),
    "alias": (IFX_ENTRY, 18),
    "high_speed": (IFX_ENTRY, 15),
}
# Status columns, polled every cycle with the counters (a flap must show).
_STATUS_COLUMNS = {"admin": (IF_ENTRY, 7), "oper": (IF_ENTRY, 8)}
_DISCONTINUITY = (IFX_ENTRY, 19)

# Rate fields: field -> (64-bit column, 32-bit column or None).
_COUNTERS_HC = {
    "in_octets": (IFX_ENTRY, 6),
    "out_octets": (IFX_ENTRY, 10),
    "in_ucast": (IFX_ENTRY, 7),
    "out_ucast": (IFX_ENTRY, 11),
    "in_mcast": (IFX_ENTRY, 8),
    "out_mcast": (IFX_ENTRY, 12),
    "in_bcast": (IFX_ENTRY, 9),
    "out_bcast": (IFX_ENTRY, 13),
}
_COUNTERS_32 = {
    "in_octets": (IF_ENTRY, 10),
    "out_octets": (IF_ENTRY, 16),
    "in_ucast": (IF_ENTRY, 11),
    "out_ucast": (IF_ENTRY, 17),
    "in_bcast": (IF_ENTRY, 12),  # ifInNUcastPkts: broadcast and multicast together
    "out_bcast": (IF_ENTRY, 18),
}
_ERRORS = {
    "in_discards": (IF_ENTRY, 13),
    "in_errors": (IF_ENTRY, 14),
    "out_discards": (IF_ENTRY, 19),
    "out_errors": (IF_ENTRY, 20),
}
COUNTER_FIELDS = tuple(_COUNTERS_HC) + tuple(_ERRORS)
_STATUS = {1: "up", 2: "down", 3: "testing", 4: "unknown", 5: "dormant", 6: "notPresent", 7: "lowerLayerDown"}


def _oid(column: tuple[tuple[int, ...], int], index: int) -> str:
    entry, number = column
    return format_oid(entry + (number, index))


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").rstrip("\x00")
    return "" if value is None else str(value)


@dataclass
class InterfaceRow:
    """One port as the dashboard shows it; rates are per second, None when unknown."""

    index: int
    name: str = ""
    descr: str = ""
    alias: str = ""
    admin: str = ""
    oper: str = ""
    speed: int | None = None  # bit/s
    rates: dict[str, float | None] = field(default_factory=dict)
    oper_changes: int = 0
    gap: str | None = None  # why the last cycle has no rates for this port

    @property
    def label(self) -> str:
        return self.name or self.descr or str(self.index)

    def rate(self, name: str) -> float | None:
        return self.rates.get(name)

    @property
    def in_bps(self) -> float | None:
        octets = self.rates.get("in_octets")
        return None if octets is None else octets * 8

    @property
    def out_bps(self) -> float | None:
        octets = self.rates.get("out_octets")
        return None if octets is None else octets * 8

    def utilization(self, direction: str) -> float | None:
        """Percent of ifHighSpeed/ifSpeed used in ``"in"`` or ``"out"``."""
        bps = self.in_bps if direction == "in" else self.out_bps
        if bps is None or not self.speed:
            return None
        return 100.0 * bps / self.speed

    @property
    def busy(self) -> float:
        """The dashboard's default order: total bit/s, unknown last."""
        return (self.in_bps or 0.0) + (self.out_bps or 0.0)


SORT_KEYS = {
    "busy": lambda row: -row.busy,
    "index": lambda row: row.index,
    "name": lambda row: row.label.lower(),
    "in": lambda row: -(row.in_bps or 0.0),
    "out": lambda row: -(row.out_bps or 0.0),
    "errors": lambda row: -((row.rate("in_errors") or 0.0) + (row.rate("out_errors") or 0.0)),
    "discards": lambda row: -((row.rate("in_discards") or 0.0) + (row.rate("out_discards") or 0.0)),
    "status": lambda row: (row.oper != "up", row.index),
}


def discover(session: SnmpSession) -> tuple[list[int], bool]:
    """The agent's ifIndex values and whether it has ifXTable's 64-bit counters."""
    indexes = [arcs[-1] for arcs, _ in session.fetch_arcs(format_oid(IF_ENTRY + (1,)))]
    if not indexes:
        return [], False
    probe = _oid(_COUNTERS_HC["in_octets"], indexes[0])
    values = session.get_many([probe])
    return indexes, probe in values


class InterfacesModel:
    """Rows of :class:`InterfaceRow` kept up to date from polls (see the module docstring)."""

    def __init__(self, indexes: Iterable[int], *, high_capacity: bool) -> None:
        self.indexes = list(indexes)
        self.high_capacity = high_capacity
        self._counters = dict(_COUNTERS_HC if high_capacity else _COUNTERS_32) | _ERRORS
        self.rows: dict[int, InterfaceRow] = {i: InterfaceRow(i) for i in self.indexes}
        # The last sample of each (port, counter): a rate needs only the one before (the
        # dashboard keeps no history, so no Series of 60 steps per counter).
        self._last: dict[tuple[int, str], Sample] = {}
        self.polls = 0
        self._every_cycle = tuple(_STATUS_COLUMNS) + tuple(self._counters)
        columns = _INFO | _STATUS_COLUMNS | self._counters | {"discontinuity": _DISCONTINUITY}
        # Every instance name made once: a cycle of 1,000 ports looks up ~15,000 of them.
        self._names: dict[tuple[int, str], str] = {
            (index, name): _oid(column, index) for index in self.indexes for name, column in columns.items()
        }

    # Column by column, not port by port: the names of a PDU then share their prefix, which
    # the decoder's prefix cache turns into one lookup per name (port by port, every name
    # missed it).

    def oids(self) -> list[str]:
        """The instances every cycle polls: status and counters of each port."""
        return [self._names[index, name] for name in self._every_cycle for index in self.indexes]

    def info_oids(self) -> list[str]:
        """Names, descriptions, aliases and speeds: polled first, then now and then."""
        return [self._names[index, name] for name in _INFO for index in self.indexes]

    def markers(self) -> dict[str, str]:
        """Each counter instance's ifCounterDiscontinuityTime instance."""
        return {
            self._names[index, name]: self._names[index, "discontinuity"]
            for index in self.indexes
            for name in self._counters
        }

    def update(self, result: PollResult) -> None:
        """Take one poll of :meth:`oids` (status and counters) into the rows."""
        self.polls += 1
        samples = result.samples
        names = self._names
        last = self._last
        counters = self._counters
        for index, row in self.rows.items():
            for name in ("admin", "oper"):
                sample = samples.get(names[index, name])
                if sample is not None and sample.value is not None:
                    status = _STATUS.get(sample.value, str(sample.value))
                    if name == "oper" and row.oper and status != row.oper:
                        row.oper_changes += 1
                    setattr(row, name, status)
            gap: str | None = None
            rates = row.rates
            for name in counters:
                key = (index, name)
                sample = samples.get(names[key])
                if sample is None:
                    continue
                previous = last.get(key)
                last[key] = sample
                outcome = step(previous, sample) if previous is not None else None
                if type(outcome) is Rate:
                    rates[name] = outcome.per_second
                else:
                    rates[name] = None
                    if gap is None and type(outcome) is Gap:
                        gap = outcome.reason
            row.gap = gap

    def update_info(self, result: PollResult) -> None:
        """Take one poll of :meth:`info_oids` (names, aliases, speeds) into the rows."""
        names, values = self._names, result.values
        for index, row in self.rows.items():
            for name in ("name", "descr", "alias"):
                value = values.get(names[index, name])
                if value is not None:
                    setattr(row, name, _text(value))
            high = values.get(names[index, "high_speed"])
            speed = values.get(names[index, "speed"])
            if isinstance(high, int) and high:
                row.speed = int(high) * 1_000_000
            elif isinstance(speed, int):
                row.speed = int(speed)

    def sorted_rows(self, key: str = "busy", text: str = "") -> list[InterfaceRow]:
        """Rows ordered by ``key`` (see SORT_KEYS), keeping those whose texts contain ``text``."""
        wanted = text.lower()
        rows = [
            row for row in self.rows.values()
            if not wanted or wanted in f"{row.index} {row.name} {row.descr} {row.alias} {row.oper}".lower()
        ]
        return sorted(rows, key=SORT_KEYS[key])
