"""NotificationCenter: the browser's notification receiver, its unseen count and its listeners.

The app owns one. ``listen(host, port)`` starts ``core.notify.NotificationReceiver`` in
its thread; each arrival wakes the UI through ``on_arrival`` (called in the receiver
thread; the app passes a function that posts a message, coalesced here so a flood
posts one message per UI turn, not one per trap). Views read ``log`` and call
``mark_seen()``; the header shows ``unseen``.
"""

from __future__ import annotations

import threading
from typing import Callable

from core.notify import (
    Notification,
    NotificationDecoder,
    NotificationLog,
    NotificationReceiver,
    ReceiverBindError,
    ReceiverStats,
    is_loopback,
    load_engine_state,
)

__all__ = ["NotificationCenter", "DEFAULT_BROWSER_LISTEN", "ReceiverBindError"]

DEFAULT_BROWSER_LISTEN = "127.0.0.1:1162"
"""Where the browser listens unless told: loopback, a port that needs no privilege."""


class NotificationCenter:
    def __init__(self, on_arrival: Callable[[], None]) -> None:
        self._on_arrival = on_arrival
        self.receiver: NotificationReceiver | None = None
        self._empty_log = NotificationLog(1)
        self._seen_seq = 0
        self._pending = threading.Event()
        self.warning: str | None = None

    @property
    def listening(self) -> bool:
        return self.receiver is not None

    @property
    def address(self) -> str | None:
        return self.receiver.address if self.receiver is not None else None

    @property
    def log(self) -> NotificationLog:
        return self.receiver.log if self.receiver is not None else self._empty_log

    @property
    def stats(self) -> ReceiverStats:
        return self.receiver.stats if self.receiver is not None else ReceiverStats()

    @property
    def unseen(self) -> int:
        return max(0, self.log.last_seq - self._seen_seq)

    def mark_seen(self) -> None:
        self._seen_seq = self.log.last_seq

    def listen(self, host: str, port: int) -> None:
        """Start receiving (``ReceiverBindError`` with a one-line reason when it cannot);
        sets ``warning`` when the address is not loopback."""
        if self.receiver is not None:
            if (self.receiver.host, self.receiver.port) == (host, port):
                return
            self.stop()
        state = load_engine_state()
        decoder = NotificationDecoder(engine_id=state.engine_id, boots=state.boots)
        receiver = NotificationReceiver(decoder, host, port)
        receiver.add_listener(self._arrived)
        self.receiver = receiver.start()
        self._seen_seq = 0
        warnings = [state.warning] if state.warning else []
        if not is_loopback(receiver.host):
            warnings.append(f"listening on {receiver.address}: any host that reaches it can send notifications")
        self.warning = "; ".join(warnings) or None

    def _arrived(self, notification: Notification) -> None:
        if not self._pending.is_set():
            self._pending.set()
            self._on_arrival()

    def drained(self) -> None:
        """The UI has handled the last wake-up: the next arrival posts again."""
        self._pending.clear()

    def stop(self) -> None:
        receiver, self.receiver = self.receiver, None
        if receiver is not None:
            receiver.stop()
            receiver.close()

