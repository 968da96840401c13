"""The notifications kept in memory: a bounded ring buffer, newest last, with sequence numbers.

Memory is bounded by ``capacity`` (default 10,000): the oldest notification goes when
a new one arrives at capacity. Each notification gets a sequence number, so a view
can ask for what arrived since it last looked. Thread-safe: the receiver thread adds,
the UI thread reads.
"""

from __future__ import annotations

import threading
from collections import deque

from core.notify.notification import Notification

__all__ = ["NotificationLog", "DEFAULT_CAPACITY"]

DEFAULT_CAPACITY = 10_000


class NotificationLog:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("the notification log keeps at least one notification")
        self.capacity = capacity
        self._items: deque[Notification] = deque(maxlen=capacity)
        self._lock = threading.Lock()
        self._seq = 0
        self.evicted = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def last_seq(self) -> int:
        return self._seq

    def add(self, notification: Notification) -> int:
        with self._lock:
            if len(self._items) == self.capacity:
                self.evicted += 1
            self._seq += 1
            notification.seq = self._seq
            self._items.append(notification)
            return self._seq

    def newest_first(self) -> list[Notification]:
        with self._lock:
            return list(reversed(self._items))

    def since(self, seq: int) -> list[Notification]:
        """Notifications with a sequence number above ``seq``, oldest first."""
        with self._lock:
            items = self._items
            count = min(self._seq - seq, len(items))
            return list(items)[len(items) - count :] if count > 0 else []

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
