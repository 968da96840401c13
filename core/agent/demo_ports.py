"""The demo device's interfaces: link state and traffic counters as functions of time.

A :class:`Port` accumulates *active seconds* (time its link carried traffic)
and derives every counter from them, so counters only grow, grow at a rate
that suits the port's speed, stop while the port is down, and the 32-bit
counters are the 64-bit ones modulo 2^32. One port flaps: its link goes up and
down on a fixed period.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["Port", "IF_UP", "IF_DOWN", "FLAP_PERIOD"]

IF_UP = 1
IF_DOWN = 2
FLAP_PERIOD = 40.0
"""Seconds of one up-and-down cycle of the flapping port (up for the first half)."""

_IN_PACKET = 820.0
_OUT_PACKET = 610.0


def _flap_up_time(start: float, end: float) -> float:
    """Seconds in [start, end) during which the flapping link is up."""

    def up_until(t: float) -> float:
        cycles, rest = divmod(t, FLAP_PERIOD)
        return cycles * FLAP_PERIOD / 2 + min(rest, FLAP_PERIOD / 2)

    return up_until(end) - up_until(start)


@dataclass
class Port:
    """One interface. Times are seconds of the device clock (since it booted)."""

    index: int
    name: str
    descr: str
    if_type: int
    speed: int  # bits per second
    mac: bytes
    alias: str = ""
    has_link: bool = True
    flapping: bool = False
    load: float = 0.0  # average share of the speed in use, each direction
    error_rate: float = 0.0  # input errors per second
    admin: int = IF_UP
    _active: float = field(default=0.0, repr=False)  # active seconds at _since
    _since: float = field(default=0.0, repr=False)
    _last_change: float = field(default=0.0, repr=False)

    # ------------------------------------------------------------ state

    def oper_status(self, now: float) -> int:
        if self.admin != IF_UP or not self.has_link:
            return IF_DOWN
        if self.flapping:
            return IF_UP if now % FLAP_PERIOD < FLAP_PERIOD / 2 else IF_DOWN
        return IF_UP

    def last_change(self, now: float) -> float:
        """Device time of the last oper-status change."""
        if self.flapping and self.admin == IF_UP and self.has_link:
            flip = now - now % (FLAP_PERIOD / 2)
            return max(flip, self._last_change)
        return self._last_change

    def active_seconds(self, now: float) -> float:
        if self.admin != IF_UP or not self.has_link:
            return self._active
        if self.flapping:
            return self._active + _flap_up_time(self._since, now)
        return self._active + max(0.0, now - self._since)

    def set_admin(self, status: int, now: float) -> None:
        """ifAdminStatus written: freeze or resume the counters from here."""
        before = self.oper_status(now)
        self._active = self.active_seconds(now)
        self._since = now
        self.admin = status
        if self.oper_status(now) != before:
            self._last_change = now

    def reset(self, active: float = 0.0) -> None:
        """A reboot: counters start from ``active`` seconds of traffic, at time 0."""
        self._active = active
        self._since = 0.0
        self._last_change = 0.0

    # ------------------------------------------------------------ counters

    def _octets(self, now: float, phase: float) -> int:
        bytes_per_second = self.speed / 8 * self.load
        active = self.active_seconds(now)
        # A daily-looking swell on top of the average; its integral never decreases.
        swing = bytes_per_second * 0.5
        omega = 2 * math.pi / 300.0
        wave = swing * (active - math.sin(omega * active + phase) / omega + math.sin(phase) / omega)
        return int(bytes_per_second * active + wave)

    def in_octets(self, now: float) -> int:
        return self._octets(now, 0.3 * self.index)

    def out_octets(self, now: float) -> int:
        return self._octets(now, 1.1 * self.index)

    def in_packets(self, now: float) -> int:
        return int(self.in_octets(now) / _IN_PACKET)

    def out_packets(self, now: float) -> int:
        return int(self.out_octets(now) / _OUT_PACKET)

    def in_errors(self, now: float) -> int:
        return int(self.active_seconds(now) * self.error_rate)

    def in_discards(self, now: float) -> int:
        return self.in_packets(now) // 250_000

    def out_discards(self, now: float) -> int:
        return self.out_packets(now) // 400_000
