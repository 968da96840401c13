"""Counter arithmetic for watching values over time: deltas, wraps, gaps and rates.

A watched object is polled into :class:`Sample`\\ s (value, the agent's sysUpTime from
the same PDU when it was asked, the wall clock of the answer, and optionally a
discontinuity marker such as ``ifCounterDiscontinuityTime``). :func:`step` turns two
consecutive samples into either a :class:`Rate` or a :class:`Gap`:

- Counter32 and Counter64 wrap modulo 2^32 / 2^64: one wrap between samples is a
  correct delta (RFC 2578 7.1.6, 7.1.10); more cannot be seen and are not guessed.
- A counter is only comparable with itself across the same "life": when sysUpTime went
  back (the agent restarted) or the discontinuity marker changed, the step is a gap,
  never a huge or negative rate. A missed poll (timeout, missing instance) is a gap too.
- The elapsed time is the agent's own (sysUpTime delta, hundredths) when both samples
  carry it, since the agent stamps its counters on its own clock; else the wall clock.
- Gauges and other non-counters have no rate: the step reports the change (trend).

:class:`Series` keeps a bounded history of one object's steps with min/avg/max of its
rates, which the watch pane, the interfaces dashboard and ``snmptui delta --json`` show.
:func:`rate_unit` chooses the unit a rate is shown in from the MIB object (UNITS clause
and name): octets become bit/s and B/s, packets become packets/s, anything else "/s".
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterator, NamedTuple

from core.types import Counter32, Counter64, Gauge32, TimeTicks, Unsigned32

__all__ = [
    "Kind",
    "kind_of",
    "Sample",
    "Rate",
    "Gap",
    "Trend",
    "Step",
    "step",
    "wrapped_delta",
    "Series",
    "RateUnit",
    "rate_unit",
    "format_rate",
    "MODULUS",
]

MODULUS: dict[str, int] = {"counter32": 1 << 32, "counter64": 1 << 64}


class Kind(Enum):
    """How a value changes: a counter (wraps), a gauge (goes up and down), or neither."""

    COUNTER32 = "counter32"
    COUNTER64 = "counter64"
    GAUGE = "gauge"
    OTHER = "other"

    @property
    def is_counter(self) -> bool:
        return self in (Kind.COUNTER32, Kind.COUNTER64)


def kind_of(value: object) -> Kind:
    """The :class:`Kind` of a typed SNMP value (core.types)."""
    if isinstance(value, Counter64):
        return Kind.COUNTER64
    if isinstance(value, Counter32):
        return Kind.COUNTER32
    if isinstance(value, (Gauge32, Unsigned32, TimeTicks)) or (
        isinstance(value, int) and not isinstance(value, bool)
    ):
        return Kind.GAUGE
    return Kind.OTHER


class Sample(NamedTuple):
    """One poll of one object. ``value`` is None when the poll missed it."""

    value: int | None
    wall: float
    uptime: int | None = None
    discontinuity: int | None = None
    kind: Kind = Kind.OTHER


@dataclass(frozen=True, slots=True)
class Rate:
    """A counter's increase between two samples and its rate per second."""

    delta: int
    seconds: float
    agent_clock: bool

    @property
    def per_second(self) -> float:
        return self.delta / self.seconds


@dataclass(frozen=True, slots=True)
class Gap:
    """Two samples that cannot be compared, and why (shown as a gap, not a number)."""

    reason: str


@dataclass(frozen=True, slots=True)
class Trend:
    """A gauge's change between two samples (a gauge has a value, not a rate)."""

    change: int
    seconds: float


Step = Rate | Gap | Trend


def wrapped_delta(previous: int, current: int, kind: Kind) -> int:
    """The increase of a counter from ``previous`` to ``current``, across one wrap."""
    modulus = MODULUS[kind.value]
    return (current - previous) % modulus


def _elapsed(previous: Sample, current: Sample) -> tuple[float, bool]:
    if previous.uptime is not None and current.uptime is not None:
        return (current.uptime - previous.uptime) / 100.0, True
    return current.wall - previous.wall, False


def step(previous: Sample, current: Sample) -> Step:
    """What happened between two consecutive samples of one object."""
    if previous.value is None or current.value is None:
        return Gap("missed poll")
    if previous.uptime is not None and current.uptime is not None and current.uptime < previous.uptime:
        return Gap("agent restarted (sysUpTime went back)")
    if previous.discontinuity != current.discontinuity:
        return Gap("counter discontinuity (the agent says its counters restarted)")
    if previous.kind is not current.kind:
        return Gap(f"type changed from {previous.kind.value} to {current.kind.value}")
    seconds, agent_clock = _elapsed(previous, current)
    if seconds <= 0:
        return Gap("no time passed between the samples")
    if current.kind.is_counter:
        return Rate(wrapped_delta(previous.value, current.value, current.kind), seconds, agent_clock)
    return Trend(current.value - previous.value, seconds)


@dataclass
class Series:
    """One watched object's samples and steps, bounded to ``history`` entries."""

    history: int = 60
    samples: deque[Sample] = field(init=False)
    steps: deque[Step] = field(init=False)
    rate_min: float | None = None
    rate_max: float | None = None
    _rate_sum: float = 0.0
    _rate_count: int = 0

    def __post_init__(self) -> None:
        self.samples = deque(maxlen=2)
        self.steps = deque(maxlen=self.history)

    def add(self, sample: Sample) -> Step | None:
        """Record a sample; the step from the previous one (None for the first)."""
        previous = self.samples[-1] if self.samples else None
        self.samples.append(sample)
        if previous is None:
            return None
        result = step(previous, sample)
        self.steps.append(result)
        if isinstance(result, Rate):
            rate = result.per_second
            self.rate_min = rate if self.rate_min is None else min(self.rate_min, rate)
            self.rate_max = rate if self.rate_max is None else max(self.rate_max, rate)
            self._rate_sum += rate
            self._rate_count += 1
        return result

    @property
    def last(self) -> Sample | None:
        return self.samples[-1] if self.samples else None

    @property
    def last_step(self) -> Step | None:
        return self.steps[-1] if self.steps else None

    @property
    def rate_avg(self) -> float | None:
        return self._rate_sum / self._rate_count if self._rate_count else None

    def rates(self) -> Iterator[float | None]:
        """Each step's rate per second, None for gaps (a sparkline's data)."""
        for item in self.steps:
            yield item.per_second if isinstance(item, Rate) else None

    def values(self) -> Iterator[float | None]:
        """What to draw for this object: rates for counters, changes for gauges."""
        for item in self.steps:
            if isinstance(item, Rate):
                yield item.per_second
            elif isinstance(item, Trend):
                yield float(item.change)
            else:
                yield None


class RateUnit(NamedTuple):
    """How a rate is shown: the unit word and the factor applied to the per-second value."""

    label: str
    factor: float = 1.0
    bytes_too: bool = False  # octets: also show B/s


_OCTETS = RateUnit("bit/s", 8.0, True)
_PACKETS = RateUnit("packets/s")
_PLAIN = RateUnit("/s")


def rate_unit(name: str, units: str | None = None) -> RateUnit:
    """The unit for a counter named ``name`` whose MIB UNITS clause is ``units``."""
    text = f"{units or ''} {name}".lower()
    if "octet" in text or "byte" in text:
        return _OCTETS
    if "pkts" in text or "packet" in text or "frames" in text:
        return _PACKETS
    if units:
        return RateUnit(f"{units.strip()}/s")
    return _PLAIN


_PREFIXES = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))


def format_rate(per_second: float, unit: RateUnit) -> str:
    """``12.3 Mbit/s``, ``0.5 packets/s`` (SI prefixes for bits and bytes)."""
    value = per_second * unit.factor
    if unit.factor != 1.0 or unit.label.startswith("bit"):
        for scale, prefix in _PREFIXES:
            if abs(value) >= scale:
                return f"{value / scale:.1f} {prefix}{unit.label}"
    if abs(value) >= 100 or value == int(value):
        return f"{value:.0f} {unit.label}"
    return f"{value:.2f} {unit.label}"
