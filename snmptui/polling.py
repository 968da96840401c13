"""A poll loop in a thread: one long-lived session, a GET cycle every interval, results to the UI.

:class:`PollLoop` runs ``core.poller.Poller`` cycles for a view (the watch pane, the
interfaces dashboard) in a daemon thread with its own ``SnmpSession``, so v3 discovery
happens once and the session's policer bounds what it sends. Before each cycle it asks
the view what to poll (``wanted()``: the list may change between cycles) and after it
hands the ``PollResult`` to ``deliver`` — which the view makes thread-safe with
``App.call_from_thread``. A cycle that fails as a whole (timeout, an error status) is
delivered as its reason, and the loop goes on: a missed poll is a gap, not the end.

``interval`` is read before every wait, so ``+``/``-`` take effect at once; ``poke()``
ends the current wait (a new entry, a changed interval); ``stop()`` ends the loop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from core.errors import SnmpError
from core.poller import Poller, PollResult
from core.session import SnmpSession

__all__ = ["PollLoop", "PollTarget"]


@dataclass(frozen=True)
class PollTarget:
    """What one cycle polls: the instances, their discontinuity markers, with sysUpTime or not."""

    oids: tuple[str, ...]
    markers: tuple[tuple[str, str], ...] = ()
    with_uptime: bool = True


class PollLoop:
    """Poll ``wanted()`` every ``interval()`` seconds in a thread (see the module docstring)."""

    def __init__(
        self,
        open_session: Callable[[], SnmpSession],
        wanted: Callable[[], PollTarget],
        interval: Callable[[], float],
        deliver: Callable[[PollResult | str], None],
        *,
        name: str = "poll",
    ) -> None:
        self._open_session = open_session
        self._wanted = wanted
        self._interval = interval
        self._deliver = deliver
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"snmptui-{name}", daemon=True)
        self.cycles = 0
        self._wait_first = False

    def start(self, *, wait_first: bool = False) -> None:
        """Start polling: at once, or after one interval (what it polls was just read)."""
        self._wait_first = wait_first
        self._thread.start()

    def poke(self) -> None:
        """Poll now instead of waiting for the rest of the interval."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive() and not self._stop.is_set()

    def _run(self) -> None:
        try:
            session = self._open_session()
        except (SnmpError, OSError, ValueError) as exc:
            self._deliver(f"cannot open a session: {exc}")
            return
        pollers: dict[PollTarget, Poller] = {}
        with session:
            if self._wait_first:
                self._wake.wait(self._interval())
                self._wake.clear()
            while not self._stop.is_set():
                started = time.monotonic()
                target = self._wanted()
                if target.oids:
                    poller = pollers.get(target)
                    if poller is None:
                        pollers.clear()  # a new list: per_pdu learned from tooBig stays in the session's answers
                        poller = pollers[target] = Poller(
                            session, target.oids, markers=dict(target.markers), with_uptime=target.with_uptime
                        )
                    try:
                        result: PollResult | str = poller.poll()
                    except SnmpError as exc:
                        result = str(exc)
                    if self._stop.is_set():
                        return
                    self.cycles += 1
                    self._deliver(result)
                wait = max(0.0, self._interval() - (time.monotonic() - started))
                self._wake.wait(wait)
                self._wake.clear()
