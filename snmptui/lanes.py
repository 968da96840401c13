"""Lane: one long-lived worker thread with its own ``SnmpSession``, running jobs in order.

The agent context keeps one lane for walks and one for single requests (probe, GET,
GETNEXT), so each opens its session once — an SNMPv3 engine discovery per lane, not
per GET — and a GET answers while a walk streams. Sessions are used by one thread
at a time (``core.session``); a lane is that thread. Lanes are daemon threads: a
job blocked on a slow agent never holds the app's exit.
"""

from __future__ import annotations

import queue
import threading
from typing import Callable

from core.session import SnmpSession
from snmptui.netsnmp_args import ConnectionSpec

__all__ = ["Lane", "Job"]

Job = Callable[["Lane"], None]
"""Work for a lane; it gets the lane (for ``session()``) and must not raise."""

_STOP = None


class Lane:
    """A worker thread for one connection; ``close`` ends it after the job it runs."""

    def __init__(self, name: str, spec: ConnectionSpec) -> None:
        self.name = name
        self.spec = spec
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._session: SnmpSession | None = None
        self._closed = False
        self.busy = False
        """True while a job runs"""
        self._thread = threading.Thread(target=self._run, name=f"snmptui-{name}", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        if self._closed:
            raise RuntimeError(f"lane {self.name} is closed")
        self._jobs.put(job)

    def session(self) -> SnmpSession:
        """The lane's session, opened by the first job that needs it (on the lane's thread)."""
        if self._session is None:
            self._session = self.spec.session()
        return self._session

    def drop_session(self) -> None:
        """Close the session (after a socket error); the next job opens a new one."""
        session, self._session = self._session, None
        if session is not None:
            session.close()

    def close(self) -> None:
        """End the thread once the running job returns; the session closes with it."""
        if not self._closed:
            self._closed = True
            self._jobs.put(_STOP)

    @property
    def closed(self) -> bool:
        return self._closed

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; True when it did."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            while (job := self._jobs.get()) is not _STOP:
                self.busy = True
                try:
                    job(self)
                finally:
                    self.busy = False
        finally:
            self.drop_session()
