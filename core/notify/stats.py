"""What the receiver counted: notifications, acknowledgements, and drops by reason."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable

__all__ = ["DropReason", "ReceiverStats", "RateCounter"]


class DropReason(Enum):
    """Why a datagram did not become a notification (the values are shown to people)."""

    malformed = "malformed message"
    not_notification = "not a notification PDU"
    bad_version = "unknown SNMP version"
    bad_community = "community not accepted"
    unknown_engine = "unknown engine id"
    unknown_user = "unknown user"
    unsupported_sec_level = "unsupported security level"
    wrong_digest = "wrong digest (authentication key)"
    not_in_time_window = "not in time window"
    decryption_error = "decryption error (privacy key)"
    unknown_context = "unknown context"


@dataclass(slots=True)
class ReceiverStats:
    datagrams: int = 0
    notifications: int = 0
    traps: int = 0
    informs: int = 0
    acks: int = 0
    duplicates: int = 0
    reports: int = 0
    discoveries: int = 0
    dropped: dict[DropReason, int] = field(default_factory=dict)

    def drop(self, reason: DropReason) -> None:
        self.dropped[reason] = self.dropped.get(reason, 0) + 1

    @property
    def total_dropped(self) -> int:
        return sum(self.dropped.values())

    def summary(self) -> str:
        """``12 notifications (3 informs acknowledged), 2 dropped: 2 wrong digest ...``."""
        text = (
            f"{self.notifications:,} notification{'s' if self.notifications != 1 else ''} "
            f"({self.informs:,} informs, {self.duplicates:,} duplicates)"
        )
        if self.dropped:
            reasons = ", ".join(f"{count:,} {reason.value}" for reason, count in self.dropped.items())
            text += f", {self.total_dropped:,} dropped: {reasons}"
        else:
            text += ", none dropped"
        return text


class RateCounter:
    """Notifications per second over the last ``window`` whole seconds (thread-safe).

    Counts are kept per second, so a flood costs one bucket a second, not one entry
    per notification.
    """

    def __init__(self, window: int = 10, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self._clock = clock
        self._buckets: deque[list[int]] = deque()  # [second, count]
        self._lock = threading.Lock()

    def add(self) -> None:
        second = int(self._clock())
        with self._lock:
            buckets = self._buckets
            if buckets and buckets[-1][0] == second:
                buckets[-1][1] += 1
            else:
                buckets.append([second, 1])
                self._trim(second)

    def _trim(self, second: int) -> None:
        buckets = self._buckets
        while buckets and buckets[0][0] <= second - self.window:
            buckets.popleft()

    def rate(self) -> float:
        """The mean rate over the window (the current, partial second included)."""
        second = int(self._clock())
        with self._lock:
            self._trim(second)
            return sum(count for _, count in self._buckets) / self.window
