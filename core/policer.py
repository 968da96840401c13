"""Request-rate policers applied before every request a session sends."""

from __future__ import annotations

import threading
import time

__all__ = ["BasePolicer", "RPSPolicer"]


class BasePolicer:
    """Decides when the next request may leave; the default never waits."""

    def wait_sync(self) -> None:
        """Block until the next request may be sent."""


class RPSPolicer(BasePolicer):
    """At most ``rps`` requests per second, evenly spaced (no bursts)."""

    def __init__(self, rps: float) -> None:
        if rps <= 0:
            raise ValueError(f"requests per second must be positive, got {rps}")
        self.rps = rps
        self._interval = 1.0 / rps
        self._next = 0.0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RPSPolicer({self.rps})"

    def wait_sync(self) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self._interval
        delay = slot - now
        if delay > 0:
            time.sleep(delay)
