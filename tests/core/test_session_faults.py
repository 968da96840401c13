"""SnmpSession against a misbehaving responder: stale, duplicate, foreign and
malformed replies, tooBig, non-increasing OIDs, timeouts and the policer."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

import pytest

from core import (
    OidNotIncreasing,
    RPSPolicer,
    SnmpSession,
    SnmpStatusError,
    SnmpTimeoutError,
    SnmpVersion,
)
from core.message.community import decode_community_message, encode_community_message
from core.oid import oid_key
from core.pdu import Pdu, PduType

Reply = list[bytes]
Handler = Callable[[Pdu], Reply]

TABLE = [(f"1.3.6.1.2.1.2.2.1.2.{i}", f"eth{i}".encode()) for i in range(1, 41)]


def respond(pdu: Pdu, varbinds: list, status: int = 0, index: int = 0,
            request_id: int | None = None) -> bytes:
    answer = Pdu(PduType.RESPONSE, pdu.request_id if request_id is None else request_id,
                 status, index, varbinds)
    return encode_community_message(SnmpVersion.v2c, b"public", answer)


def serve_table(pdu: Pdu) -> list:
    """Correct GET/GETNEXT/GETBULK semantics over TABLE."""
    start = oid_key(pdu.varbinds[0][0] if isinstance(pdu.varbinds[0][0], str) else
                    ".".join(map(str, pdu.varbinds[0][0])))
    later = [(o, v) for o, v in TABLE if oid_key(o) > start]
    count = pdu.max_repetitions if pdu.type == PduType.GETBULK else 1
    from core.types import END_OF_MIB_VIEW
    page = later[:count]
    if len(page) < count:
        page.append((page[-1][0] if page else pdu.varbinds[0][0], END_OF_MIB_VIEW))
    return page


class Responder:
    """A UDP responder on 127.0.0.1 whose answers a test scripts per request."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.foreign = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.foreign.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.requests: list[tuple[float, Pdu]] = []
        self.peers: dict[int, tuple] = {}
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self.sock.settimeout(0.05)
        while not self._stop:
            try:
                data, peer = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            _, _, pdu = decode_community_message(data)
            self.requests.append((time.monotonic(), pdu))
            self.peers[pdu.request_id] = peer
            for datagram in self.handler(pdu):
                if datagram.startswith(b"FOREIGN:"):
                    self.foreign.sendto(datagram[8:], peer)
                else:
                    self.sock.sendto(datagram, peer)

    def session(self, **kw) -> SnmpSession:
        kw.setdefault("timeout", 0.5)
        return SnmpSession("127.0.0.1", self.port, **kw)

    def close(self) -> None:
        self._stop = True
        self._thread.join()
        self.sock.close()
        self.foreign.close()


@pytest.fixture
def responder():
    made: list[Responder] = []

    def make(handler: Handler) -> Responder:
        made.append(Responder(handler))
        return made[-1]

    yield make
    for r in made:
        r.close()


def test_stale_duplicate_foreign_and_malformed_replies_are_dropped(responder) -> None:
    def handler(pdu: Pdu) -> Reply:
        good = respond(pdu, serve_table(pdu))
        return [
            respond(pdu, [("1.3.6.1.9.9", b"stale")], request_id=pdu.request_id - 1),
            b"FOREIGN:" + respond(pdu, [("1.3.6.1.9.9", b"foreign")]),
            b"\x30\x03\x02\x01",  # truncated
            encode_community_message(SnmpVersion.v2c, b"other", Pdu(PduType.RESPONSE, pdu.request_id)),
            good,
            good,  # a duplicate: arrives after the request was answered
        ]

    r = responder(handler)
    with r.session(max_repetitions=7) as s:
        got = list(s.fetch("1.3.6.1.2.1.2.2.1.2"))
        assert got == TABLE
        stats = s.stats
    pages = len(r.requests)
    assert stats.dropped_foreign == pages
    assert stats.dropped_malformed == 2 * pages
    # Each page's stale reply, plus the previous page's duplicate.
    assert stats.dropped_stale >= 2 * pages - 1
    assert stats.responses == pages


def test_timeout_names_agent_and_oid_and_retries_keep_request_id(responder) -> None:
    r = responder(lambda pdu: [])
    started = time.monotonic()
    with r.session(timeout=0.2, retries=2) as s:
        with pytest.raises(SnmpTimeoutError) as info:
            s.get("1.3.6.1.2.1.1.5.0")
    elapsed = time.monotonic() - started
    assert isinstance(info.value, TimeoutError)
    text = str(info.value)
    assert f"127.0.0.1:{r.port}" in text and "1.3.6.1.2.1.1.5.0" in text
    assert len(r.requests) == 3
    assert len({pdu.request_id for _, pdu in r.requests}) == 1
    assert 0.55 < elapsed < 2.0


def test_lost_reply_is_recovered_by_retry(responder) -> None:
    seen: set[int] = set()

    def handler(pdu: Pdu) -> Reply:
        if pdu.request_id not in seen:
            seen.add(pdu.request_id)
            return []
        return [respond(pdu, [(pdu.varbinds[0][0], b"second time")])]

    r = responder(handler)
    with r.session(timeout=0.2, retries=1) as s:
        assert s.get("1.3.6.1.2.1.1.5.0") == b"second time"
        assert s.stats.retransmissions == 1


def test_too_big_halves_repetitions_down_to_one(responder) -> None:
    def handler(pdu: Pdu) -> Reply:
        if pdu.type == PduType.GETBULK and pdu.max_repetitions > 4:
            return [respond(pdu, [], status=1)]
        return [respond(pdu, serve_table(pdu))]

    r = responder(handler)
    with r.session(max_repetitions=32) as s:
        assert list(s.fetch("1.3.6.1.2.1.2.2.1.2")) == TABLE
    reps = [pdu.max_repetitions for _, pdu in r.requests]
    assert reps[:4] == [32, 16, 8, 4]
    assert set(reps[4:]) == {4}


def test_too_big_at_one_repetition_fails_with_status(responder) -> None:
    r = responder(lambda pdu: [respond(pdu, [], status=1)])
    with r.session(max_repetitions=4) as s:
        with pytest.raises(SnmpStatusError, match="tooBig"):
            list(s.fetch("1.3.6.1.2.1.2.2.1.2"))
    assert [pdu.max_repetitions for _, pdu in r.requests] == [4, 2, 1]


def test_non_increasing_oid_raises_after_keeping_good_varbinds(responder) -> None:
    def handler(pdu: Pdu) -> Reply:
        return [respond(pdu, [TABLE[0], TABLE[1], TABLE[0]])]

    r = responder(handler)
    with r.session() as s:
        walk = s.fetch("1.3.6.1.2.1.2.2.1.2")
        got = [next(walk), next(walk)]
        with pytest.raises(OidNotIncreasing) as info:
            next(walk)
    assert got == TABLE[:2]
    assert str(info.value) == (
        f"OID not increasing: {TABLE[0][0]} after {TABLE[1][0]}"
    )


def test_unchecked_walk_still_ends_on_a_repeated_oid(responder) -> None:
    # An agent that cycles A, B, A, B ... forever.
    def handler(pdu: Pdu) -> Reply:
        return [respond(pdu, [TABLE[1], TABLE[0]])]

    r = responder(handler)
    with r.session(check_increasing=False) as s:
        got = list(s.fetch("1.3.6.1.2.1.2.2.1.2"))
    assert got == [TABLE[1], TABLE[0]]
    assert len(r.requests) == 2


def test_v1_walk_ends_at_no_such_name(responder) -> None:
    def handler(pdu: Pdu) -> Reply:
        page = serve_table(pdu)
        if page[0][1] is not None and not isinstance(page[0][1], bytes):
            answer = Pdu(PduType.RESPONSE, pdu.request_id, 2, 1, pdu.varbinds)
        else:
            answer = Pdu(PduType.RESPONSE, pdu.request_id, 0, 0, page[:1])
        return [encode_community_message(SnmpVersion.v1, b"public", answer)]

    r = responder(handler)
    with r.session(version=SnmpVersion.v1) as s:
        assert list(s.fetch("1.3.6.1.2.1.2.2.1.2")) == TABLE
    assert all(pdu.type == PduType.GETNEXT for _, pdu in r.requests)


def test_policer_spaces_every_request_of_a_walk(responder) -> None:
    r = responder(lambda pdu: [respond(pdu, serve_table(pdu))])
    with r.session(max_repetitions=5, limit_rps=40) as s:
        assert list(s.fetch("1.3.6.1.2.1.2.2.1.2")) == TABLE
    times = [t for t, _ in r.requests]
    assert len(times) == 9
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) > 0.02
    assert times[-1] - times[0] >= 8 / 40 * 0.9


def test_explicit_policer_is_used(responder) -> None:
    calls = []

    class Counting(RPSPolicer):
        def wait_sync(self) -> None:
            calls.append(1)

    r = responder(lambda pdu: [respond(pdu, serve_table(pdu))])
    with r.session(max_repetitions=10, policer=Counting(1)) as s:
        list(s.fetch("1.3.6.1.2.1.2.2.1.2"))
    assert len(calls) == len(r.requests) == 5


def test_get_many_splits_on_too_big_and_skips_v1_no_such_name(responder) -> None:
    wanted = [o for o, _ in TABLE[:6]]

    def handler(pdu: Pdu) -> Reply:
        names = [o if isinstance(o, str) else ".".join(map(str, o)) for o, _ in pdu.varbinds]
        if len(names) > 2:
            return [encode_community_message(SnmpVersion.v1, b"public",
                                             Pdu(PduType.RESPONSE, pdu.request_id, 1, 0, pdu.varbinds))]
        if TABLE[3][0] in names:
            return [encode_community_message(SnmpVersion.v1, b"public", Pdu(
                PduType.RESPONSE, pdu.request_id, 2, names.index(TABLE[3][0]) + 1, pdu.varbinds))]
        values = dict(TABLE)
        return [encode_community_message(SnmpVersion.v1, b"public", Pdu(
            PduType.RESPONSE, pdu.request_id, 0, 0, [(n, values[n]) for n in names]))]

    r = responder(handler)
    with r.session(version=SnmpVersion.v1) as s:
        got = s.get_many(wanted)
    assert got == {o: v for o, v in TABLE[:6] if o != TABLE[3][0]}


def test_socket_options_and_close(responder) -> None:
    r = responder(lambda pdu: [respond(pdu, serve_table(pdu))])
    s = r.session(tos=0x28, recv_buffer=1 << 20)
    sock = s._transport._sock
    assert sock.getsockopt(socket.IPPROTO_IP, socket.IP_TOS) == 0x28
    # Linux doubles the requested size for bookkeeping.
    assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) >= 1 << 20
    with s:
        assert s.get(TABLE[0][0]) == TABLE[1][1]
    assert s._transport.closed
    with pytest.raises(OSError):
        s.get(TABLE[0][0])


def test_sessions_in_threads_wait_in_parallel(responder) -> None:
    def handler(pdu: Pdu) -> Reply:
        reply = respond(pdu, [(pdu.varbinds[0][0], b"late")])
        peer = r.peers[pdu.request_id]
        threading.Timer(0.3, lambda: r.sock.sendto(reply, peer)).start()
        return []

    r = responder(handler)
    results: list[bytes] = []

    def worker() -> None:
        with r.session(timeout=2) as s:
            results.append(s.get("1.3.6.1.2.1.1.5.0"))

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [b"late"] * 4
    # Four 0.3 s waits overlap: no lock is held while a session waits.
    assert time.monotonic() - started < 1.0
