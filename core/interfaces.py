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
from typing import Iterable, Mapping

from core.counters import Gap, Rate, Sample, Step, step
from core.oid import format_oid
from core.poller import PollResult
from core.session import SnmpSession
from core.snapshot.netsnmp_format import hex_octets, utf8_text

__all__ = [
    "IF_ENTRY",
    "IFX_ENTRY",
    "InterfaceRow",
    "InterfacesModel",
    "PollWindow",
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
    """A name or alias as the browser shows text: UTF-8 as text, anything else as hex
    (never U+FFFD); trailing NULs, which some agents pad names with, dropped."""
    if isinstance(value, bytes):
        value = value.rstrip(b"\x00")
        text = utf8_text(value)
        return text if text is not None else hex_octets(value)
    return "" if value is None else str(value)


@dataclass
class PollWindow:
    """The samples of the last two polls, shared by every row: a rate needs both."""

    before: Mapping[str, Sample] = field(default_factory=dict)
    now: Mapping[str, Sample] = field(default_factory=dict)
    number: int = 0

    def step(self, oid: str) -> Step | None:
        """What instance ``oid`` did between the two polls (None: not polled twice yet)."""
        before, now = self.before.get(oid), self.now.get(oid)
        return None if before is None or now is None else step(before, now)


@dataclass
class InterfaceRow:
    """One port as the dashboard shows it; rates are per second, None when unknown.

    Rates are worked out when first asked for after a poll, and kept until the next: a
    dashboard sorted by traffic needs two counters of every port, the rest only for the
    ports on screen.
    """

    index: int
    name: str = ""
    descr: str = ""
    alias: str = ""
    admin: str = ""
    oper: str = ""
    speed: int | None = None  # bit/s
    oper_changes: int = 0
    counters: Mapping[str, str] = field(default_factory=dict, repr=False)  # rate field -> instance
    window: PollWindow = field(default_factory=PollWindow, repr=False)
    _rates: dict[str, float | None] = field(default_factory=dict, init=False, repr=False)
    _rates_of: int = field(default=-1, init=False, repr=False)  # the window's poll they are of

    @property
    def label(self) -> str:
        return self.name or self.descr or str(self.index)

    def rate(self, name: str) -> float | None:
        if self._rates_of != self.window.number:
            self._rates, self._rates_of = {}, self.window.number
        try:
            return self._rates[name]
        except KeyError:
            pass
        oid = self.counters.get(name)
        outcome = self.window.step(oid) if oid is not None else None
        rate = self._rates[name] = outcome.per_second if type(outcome) is Rate else None
        return rate

    @property
    def rates(self) -> dict[str, float | None]:
        return {name: self.rate(name) for name in self.counters}

    @property
    def gap(self) -> str | None:
        """Why the last cycle has no rates for this port (None: it has them, or is the first)."""
        for oid in self.counters.values():
            outcome = self.window.step(oid)
            if type(outcome) is Gap:
                return outcome.reason
        return None

    @property
    def in_bps(self) -> float | None:
        octets = self.rate("in_octets")
        return None if octets is None else octets * 8

    @property
    def out_bps(self) -> float | None:
        octets = self.rate("out_octets")
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

    def total(self, *names: str) -> float | None:
        """The sum of the known rates of ``names``; None when none is known."""
        known = [rate for name in names if (rate := self.rate(name)) is not None]
        return sum(known) if known else None

    @property
    def errors(self) -> float | None:
        return self.total("in_errors", "out_errors")

    @property
    def discards(self) -> float | None:
        return self.total("in_discards", "out_discards")

    @property
    def packets(self) -> float | None:
        return self.total(*_PACKET_FIELDS)


_PACKET_FIELDS = ("in_ucast", "out_ucast", "in_mcast", "out_mcast", "in_bcast", "out_bcast")

SORT_KEYS = {
    "busy": lambda row: -row.busy,
    "in": lambda row: -(row.in_bps or 0.0),
    "out": lambda row: -(row.out_bps or 0.0),
    "in_util": lambda row: -(row.utilization("in") or 0.0),
    "out_util": lambda row: -(row.utilization("out") or 0.0),
    "errors": lambda row: -(row.errors or 0.0),
    "discards": lambda row: -(row.discards or 0.0),
    "packets": lambda row: -(row.packets or 0.0),
    "status": lambda row: (row.oper != "up", row.index),
    "speed": lambda row: -(row.speed or 0),
    "index": lambda row: row.index,
    "name": lambda row: row.label.lower(),
    "alias": lambda row: (not row.alias, row.alias.lower()),
}
"""How the dashboard can order the ports (numbers: biggest first), in its ``o`` order."""


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
        self.polls = 0
        self._every_cycle = tuple(_STATUS_COLUMNS) + tuple(self._counters)
        columns = _INFO | _STATUS_COLUMNS | self._counters | {"discontinuity": _DISCONTINUITY}
        # Every instance name made once: a cycle of 1,000 ports looks up ~15,000 of them.
        self._names: dict[tuple[int, str], str] = {
            (index, name): _oid(column, index) for index in self.indexes for name, column in columns.items()
        }
        # The dashboard keeps no history: each counter's rate comes from the last two polls.
        self.window = PollWindow()
        self.rows: dict[int, InterfaceRow] = {
            index: InterfaceRow(index, counters={name: self._names[index, name] for name in self._counters},
                                window=self.window)
            for index in self.indexes
        }  # fmt: skip

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
        window = self.window
        window.before, window.now, window.number = window.now, result.samples, window.number + 1
        samples = result.samples
        names = self._names
        for index, row in self.rows.items():
            for name in ("admin", "oper"):
                sample = samples.get(names[index, name])
                if sample is not None and sample.value is not None:
                    status = _STATUS.get(sample.value, str(sample.value))
                    if name == "oper" and row.oper and status != row.oper:
                        row.oper_changes += 1
                    setattr(row, name, status)

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
