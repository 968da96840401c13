"""The receiver's memory and rate: the bounded ring buffer and the per-second rate counter."""

from __future__ import annotations

from core.notify import NotificationDecoder, NotificationLog, RateCounter
from core.notify.log import DEFAULT_CAPACITY

from notify.notify_helpers import LOCAL, SOURCE, v2c_message

ENGINE = bytes.fromhex("80007ed90500112233445566")


def _notification(request_id: int):  # type: ignore[no-untyped-def]
    n = NotificationDecoder(engine_id=ENGINE).receive(v2c_message(request_id=request_id), SOURCE, LOCAL).notification
    assert n is not None
    return n


def test_the_log_keeps_the_newest_up_to_its_capacity() -> None:
    assert NotificationLog().capacity == DEFAULT_CAPACITY == 10_000
    log = NotificationLog(capacity=3)
    for request_id in range(1, 6):
        log.add(_notification(request_id))
    assert len(log) == 3 and log.evicted == 2 and log.last_seq == 5
    assert [n.request_id for n in log.newest_first()] == [5, 4, 3]
    assert [n.request_id for n in log.since(3)] == [4, 5]
    assert [n.request_id for n in log.since(0)] == [3, 4, 5]  # the evicted ones are gone
    assert log.since(5) == []


def test_rate_counts_the_last_window_per_second() -> None:
    now = [100.0]
    rate = RateCounter(window=10, clock=lambda: now[0])
    for _ in range(50):
        rate.add()
    now[0] = 104.5
    for _ in range(30):
        rate.add()
    assert rate.rate() == 8.0
    now[0] = 110.2  # the first second's 50 left the window
    assert rate.rate() == 3.0
    now[0] = 200.0
    assert rate.rate() == 0.0
