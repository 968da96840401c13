"""The watch list: instances polled over time, with their rates, stats and history.

A :class:`WatchList` holds :class:`Watched` entries in the user's order (add, remove,
move up/down, pause), the poll interval (1 s to 5 min, ``+``/``-`` step through
:data:`INTERVALS`), and for each entry a ``core.counters.Series`` of its samples. The
watch pane shows it; the poll worker asks it what to poll (:meth:`WatchList.oids`) and
hands each ``core.poller.PollResult`` to :meth:`WatchList.update`.

It is saved per agent (``$XDG_CONFIG_HOME/snmptui/watch/<agent>.json``: the OIDs, their
order and the interval — never a secret, never a value), so it comes back when the same
agent is opened again, and its samples export as CSV.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from core.counters import Gap, Kind, Rate, RateUnit, Sample, Series, Trend, format_rate, rate_unit
from core.poller import PollResult
from snmptui import config

__all__ = ["Watched", "WatchList", "INTERVALS", "next_interval", "watch_path", "load_watch", "save_watch"]

INTERVALS: tuple[float, ...] = (1, 2, 5, 10, 15, 30, 60, 120, 300)
HISTORY = 60
"""Samples kept per entry (a sparkline's width; min/avg/max cover everything since added)."""


def next_interval(current: float, direction: int) -> float:
    """The next slower (+1) or faster (-1) poll interval of INTERVALS after ``current``."""
    if direction > 0:
        return float(next((i for i in INTERVALS if i > current), current))
    return float(next((i for i in reversed(INTERVALS) if i < current), current))


@dataclass
class Watched:
    """One watched instance: its OID (text), the name it is shown by, and its series."""

    oid: str
    name: str
    units: str | None = None
    paused: bool = False
    series: Series = field(default_factory=lambda: Series(HISTORY))
    value_text: str = ""
    problem: str | None = None
    samples: list[tuple[float, int | None]] = field(default_factory=list)
    """(wall time, value) of every poll since added, for the CSV export (bounded)."""

    @property
    def unit(self) -> RateUnit:
        return rate_unit(self.name, self.units)

    @property
    def kind(self) -> Kind:
        last = self.series.last
        return last.kind if last is not None else Kind.OTHER

    def delta_text(self) -> str:
        step = self.series.last_step
        if isinstance(step, Rate):
            return f"+{step.delta}"
        if isinstance(step, Trend):
            return f"{step.change:+d}"
        if isinstance(step, Gap):
            return "gap"
        return ""

    def rate_text(self) -> str:
        """The rate with its unit for counters; the trend for gauges; why not for a gap."""
        step = self.series.last_step
        if isinstance(step, Rate):
            return format_rate(step.per_second, self.unit)
        if isinstance(step, Trend):
            return "rising" if step.change > 0 else "falling" if step.change < 0 else "steady"
        if isinstance(step, Gap):
            return step.reason
        return ""

    def stats_text(self) -> str:
        series = self.series
        if series.rate_min is None or series.rate_max is None or series.rate_avg is None:
            return ""
        unit = self.unit
        return (f"{format_rate(series.rate_min, unit)} / {format_rate(series.rate_avg, unit)}"
                f" / {format_rate(series.rate_max, unit)}")  # fmt: skip

    def history(self) -> list[float]:
        """What the sparkline draws: rates (counters) or values (gauges), gaps as 0."""
        if self.kind.is_counter:
            return [value or 0.0 for value in self.series.values()]
        return [float(v or 0) for _, v in self.samples[-HISTORY:]]


_MAX_EXPORTED = 100_000


class WatchList:
    """Watched instances in order, with the poll interval; see the module docstring."""

    def __init__(self, interval: float = 5.0) -> None:
        self.entries: list[Watched] = []
        self.interval = float(interval)
        self.version = 0
        """bumped on every change, so the pane knows when to redraw"""

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, oid: object) -> bool:
        return any(entry.oid == oid for entry in self.entries)

    def add(self, oid: str, name: str, units: str | None = None) -> bool:
        """Watch ``oid`` (at the end); False when it is watched already."""
        if oid in self:
            return False
        self.entries.append(Watched(oid, name, units))
        self.version += 1
        return True

    def remove(self, oid: str) -> None:
        self.entries = [entry for entry in self.entries if entry.oid != oid]
        self.version += 1

    def move(self, oid: str, offset: int) -> None:
        """Move an entry up (negative) or down (positive) in the list."""
        positions = [entry.oid for entry in self.entries]
        if oid not in positions:
            return
        index = positions.index(oid)
        target = max(0, min(len(self.entries) - 1, index + offset))
        entry = self.entries.pop(index)
        self.entries.insert(target, entry)
        self.version += 1

    def toggle_pause(self, oid: str) -> None:
        for entry in self.entries:
            if entry.oid == oid:
                entry.paused = not entry.paused
        self.version += 1

    def step_interval(self, direction: int) -> float:
        """Poll less (+1) or more (-1) often: the next interval of INTERVALS."""
        self.interval = next_interval(self.interval, direction)
        self.version += 1
        return self.interval

    def oids(self) -> list[str]:
        """What the next poll asks for (paused entries are left out)."""
        return [entry.oid for entry in self.entries if not entry.paused]

    def update(self, result: PollResult, render: Callable[[str, object], str] | None = None) -> None:
        """Take a poll's samples; ``render(oid, value)`` gives each entry's value text."""
        for entry in self.entries:
            sample = result.samples.get(entry.oid)
            if sample is None:
                continue
            entry.series.add(sample)
            entry.problem = result.problems.get(entry.oid)
            if len(entry.samples) < _MAX_EXPORTED:
                entry.samples.append((time.time(), sample.value))
            value = result.values.get(entry.oid)
            if value is not None:
                entry.value_text = render(entry.oid, value) if render is not None else str(value)
            elif entry.problem:
                entry.value_text = ""
        self.version += 1

    def missed(self, reason: str) -> None:
        """A poll that failed as a whole (timeout): every entry gets a gap."""
        now = time.monotonic()
        for entry in self.entries:
            if not entry.paused:
                entry.series.add(Sample(None, now))
                entry.problem = reason
        self.version += 1

    def to_csv(self) -> str:
        """Every sample taken: time (ISO), OID, name, value."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["time", "oid", "name", "value"])
        rows = sorted((when, entry.oid, entry.name, value) for entry in self.entries for when, value in entry.samples)
        for when, oid, name, value in rows:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(when)) + f".{int(when % 1 * 1000):03d}"
            writer.writerow([stamp, oid, name, "" if value is None else value])
        return out.getvalue()

    def as_saved(self) -> dict[str, object]:
        return {"interval": self.interval,
                "entries": [{"oid": e.oid, "name": e.name, "units": e.units, "paused": e.paused}
                            for e in self.entries]}  # fmt: skip


_UNSAFE = re.compile(r"[^A-Za-z0-9_.@-]+")


def watch_path(agent_key: str) -> Path:
    """Where the watch list of the agent ``agent_key`` (host:port/version/user) is saved."""
    return config.config_dir() / "watch" / (_UNSAFE.sub("_", agent_key).strip("_") + ".json")


def load_watch(agent_key: str, default_interval: float = 5.0) -> WatchList:
    """The saved watch list of an agent (an empty one when none or unreadable)."""
    watch = WatchList(default_interval)
    try:
        data = json.loads(watch_path(agent_key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return watch
    if not isinstance(data, dict):
        return watch
    interval = data.get("interval")
    if isinstance(interval, (int, float)) and INTERVALS[0] <= interval <= INTERVALS[-1]:
        watch.interval = float(interval)
    for item in data.get("entries") or []:
        if isinstance(item, dict) and isinstance(item.get("oid"), str) and isinstance(item.get("name"), str):
            units = item.get("units")
            watch.add(item["oid"], item["name"], units if isinstance(units, str) else None)
            watch.entries[-1].paused = bool(item.get("paused"))
    return watch


def save_watch(agent_key: str, watch: WatchList) -> None:
    """Write the watch list of an agent (OIDs, names, interval); I/O errors are ignored."""
    path = watch_path(agent_key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=".watch-", suffix=".tmp", delete=False,
                                         encoding="utf-8") as handle:  # fmt: skip
            json.dump(watch.as_saved(), handle, indent=1)
        os.replace(handle.name, path)
    except OSError:
        pass
