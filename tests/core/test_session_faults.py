"""SnmpSession against a misbehaving agent: stale, duplicate, foreign and malformed
replies, tooBig, non-increasing OIDs, timeouts and the policer.

The agent is ``core.agent`` with fault injection (``Faults``); ``Agent.history``
records what it received (time and PDU), which the assertions read.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from core import (
    SnmpDecodeError,
    OidNotIncreasing,
    OidRepeated,
    RPSPolicer,
    SnmpSession,
    SnmpStatusError,
    SnmpTimeoutError,
    SnmpVersion,
)
from core.agent import Faults, RunningAgent, start_background
from core.pdu import Pdu, PduType

TABLE = [(f"1.3.6.1.2.1.2.2.1.2.{i}", f"eth{i}".encode()) for i in range(1, 41)]
SYS_NAME = "1.3.6.1.2.1.1.5.0"


class Agent:
    """A running agent serving ``values`` with ``faults``, and a session factory."""

    def __init__(self, values: list[tuple[str, Any]], faults: Faults) -> None:
        self.running: RunningAgent = start_background(values, faults=faults)
        self.port = self.running.port

    @property
    def requests(self) -> list[tuple[float, Pdu]]:
        return list(self.running.agent.history)

    def session(self, **kw: Any) -> SnmpSession:
        kw.setdefault("timeout", 0.5)
        return SnmpSession("127.0.0.1", self.port, **kw)

    def close(self) -> None:
        self.running.stop()


@pytest.fixture
def agent() -> Iterator[Callable[..., Agent]]:
    made: list[Agent] = []

    def make(faults: Faults | None = None, values: list[tuple[str, Any]] = TABLE) -> Agent:
        made.append(Agent(values, faults or Faults()))
        return made[-1]

    yield make
    for a in made:
        a.close()


def test_stale_duplicate_foreign_and_malformed_replies_are_dropped(agent) -> None:
    # Before each reply: a stale copy (older request-id), a copy from another port,
    # a truncated copy and random bytes; after it, a duplicate.
    faults = Faults(stale=1.0, foreign=1.0, truncated=1.0, garbage=1.0, duplicate=1.0)
    a = agent(faults)
    with a.session(max_repetitions=7) as s:
        got = list(s.fetch("1.3.6.1.2.1.2.2.1.2"))
        assert got == TABLE
        stats = s.stats
    pages = len(a.requests)
    assert stats.dropped_foreign == pages
    assert stats.dropped_malformed == 2 * pages
    # Each page's stale reply, plus the previous page's duplicate.
    assert stats.dropped_stale >= 2 * pages - 1
    assert stats.responses == pages


def test_timeout_names_agent_and_oid_and_retries_keep_request_id(agent) -> None:
    a = agent(Faults(drop=1.0))
    started = time.monotonic()
    with a.session(timeout=0.2, retries=2) as s:
        with pytest.raises(SnmpTimeoutError) as info:
            s.get("1.3.6.1.2.1.1.5.0")
    elapsed = time.monotonic() - started
    assert isinstance(info.value, TimeoutError)
    text = str(info.value)
    assert f"127.0.0.1:{a.port}" in text and "1.3.6.1.2.1.1.5.0" in text
    assert len(a.requests) == 3
    assert len({pdu.request_id for _, pdu in a.requests}) == 1
    assert 0.55 < elapsed < 2.0


def test_a_request_of_encoded_names_answers_and_its_timeout_names_the_oid(agent) -> None:
    """Pollers send names already BER-encoded: the reply is the same, an error names the OID."""
    from core.ber import encode_oid_arcs
    from core.pdu import PduType

    name = encode_oid_arcs((1, 3, 6, 1, 2, 1, 1, 5, 0))
    a = agent(values=[(SYS_NAME, b"encoded")])
    with a.session() as s:
        assert s.request(PduType.GET, [(name, None)]).varbinds[0][1] == b"encoded"
    quiet = agent(Faults(drop=1.0))
    with quiet.session(timeout=0.1, retries=0) as s:
        with pytest.raises(SnmpTimeoutError) as info:
            s.request(PduType.GET, [(name, None)])
    assert "1.3.6.1.2.1.1.5.0" in str(info.value)


def test_lost_reply_is_recovered_by_retry(agent) -> None:
    a = agent(Faults(drop_first=1), values=[(SYS_NAME, b"second time")])
    with a.session(timeout=0.2, retries=1) as s:
        assert s.get("1.3.6.1.2.1.1.5.0") == b"second time"
        assert s.stats.retransmissions == 1


def test_too_big_halves_repetitions_down_to_one(agent) -> None:
    # Four of these varbinds are at most 88 octets, eight at least 168.
    a = agent(Faults(max_response_size=100))
    with a.session(max_repetitions=32) as s:
        assert list(s.fetch("1.3.6.1.2.1.2.2.1.2")) == TABLE
    reps = [pdu.max_repetitions for _, pdu in a.requests]
    assert reps[:4] == [32, 16, 8, 4]
    assert set(reps[4:]) == {4}


def test_too_big_at_one_repetition_fails_with_status(agent) -> None:
    a = agent(Faults(max_response_size=0))
    with a.session(max_repetitions=4) as s:
        with pytest.raises(SnmpStatusError, match="tooBig"):
            list(s.fetch("1.3.6.1.2.1.2.2.1.2"))
    assert [pdu.max_repetitions for _, pdu in a.requests] == [4, 2, 1]


def test_non_increasing_oid_raises_after_keeping_good_varbinds(agent) -> None:
    # An agent that starts again after two objects answers T0, T1, T0.
    a = agent(Faults(loop_after=2))
    with a.session(max_repetitions=3) as s:
        walk = s.fetch("1.3.6.1.2.1.2.2.1.2")
        got = [next(walk), next(walk)]
        with pytest.raises(OidNotIncreasing) as info:
            next(walk)
    assert got == TABLE[:2]
    assert str(info.value) == (
        f"OID not increasing: {TABLE[0][0]} after {TABLE[1][0]}"
    )


def test_fetch_arcs_keeps_the_good_varbinds_and_raises_like_fetch(agent) -> None:
    a = agent(Faults(loop_after=5))
    with a.session(max_repetitions=3) as s:
        walk = s.fetch_arcs("1.3.6.1.2.1.2.2.1.2")
        got = [next(walk) for _ in range(5)]
        with pytest.raises(OidNotIncreasing):
            next(walk)
    assert got == [(tuple(map(int, oid.split("."))), value) for oid, value in TABLE[:5]]


def test_non_increasing_fault_repeats_an_oid_within_a_page(agent) -> None:
    a = agent(Faults(non_increasing=1.0))
    with a.session(max_repetitions=5) as s:
        with pytest.raises(OidNotIncreasing, match=f"{TABLE[0][0]} after {TABLE[3][0]}"):
            list(s.fetch("1.3.6.1.2.1.2.2.1.2"))


def test_unchecked_walk_ends_on_a_repeated_oid_and_says_why(agent) -> None:
    # An agent that cycles A, B, A, B ... forever (issue 11.8: the stop is not silent).
    a = agent(Faults(loop_after=2))
    got: list = []
    with a.session(check_increasing=False, max_repetitions=2) as s:
        with pytest.raises(OidRepeated, match=f"walk stopped at {TABLE[0][0]}: the agent returned it before"):
            got.extend(s.fetch("1.3.6.1.2.1.2.2.1.2"))
    assert got == [TABLE[0], TABLE[1]]
    assert len(a.requests) == 2


def test_v1_walk_ends_at_no_such_name(agent) -> None:
    a = agent()
    with a.session(version=SnmpVersion.v1) as s:
        assert list(s.fetch("1.3.6.1.2.1.2.2.1.2")) == TABLE
    assert all(pdu.type == PduType.GETNEXT for _, pdu in a.requests)


def test_policer_spaces_every_request_of_a_walk(agent) -> None:
    released: list[float] = []
    slots: list[float] = []

    class Recording(RPSPolicer):
        def wait_sync(self) -> None:
            super().wait_sync()
            released.append(time.monotonic())
            slots.append(self._next - self._interval)  # the slot this request was given

    a = agent()
    with a.session(max_repetitions=5, policer=Recording(40)) as s:
        assert list(s.fetch("1.3.6.1.2.1.2.2.1.2")) == TABLE
    assert len(a.requests) == len(released) == 9
    # Each request got a slot at least 25 ms after the one before (more when the walk
    # itself was slower than 40/s) and was not released before it. (Gaps between
    # release times are not asserted: a thread descheduled under load wakes late, and the
    # next request then keeps its own, earlier-planned slot.)
    assert all(b - a >= 1 / 40 - 1e-9 for a, b in zip(slots, slots[1:]))
    assert all(release >= slot for release, slot in zip(released, slots))


def test_limit_rps_builds_a_policer() -> None:
    with SnmpSession("127.0.0.1", 9, limit_rps=10) as s:
        assert isinstance(s.policer, RPSPolicer) and s.policer.rps == 10
    with SnmpSession("127.0.0.1", 9, limit_rps=10, policer=RPSPolicer(3)) as s:
        assert s.policer.rps == 3  # an explicit policer overrides limit_rps, as in gufo_snmp


def test_explicit_policer_is_used(agent) -> None:
    calls = []

    class Counting(RPSPolicer):
        def wait_sync(self) -> None:
            calls.append(1)

    a = agent()
    with a.session(max_repetitions=10, policer=Counting(1)) as s:
        list(s.fetch("1.3.6.1.2.1.2.2.1.2"))
    assert len(calls) == len(a.requests) == 5


def test_get_many_splits_on_too_big_and_skips_v1_no_such_name(agent) -> None:
    wanted = [o for o, _ in TABLE[:6]]
    # Three varbinds do not fit in 50 octets, two do; TABLE[3] does not exist.
    values = [pair for pair in TABLE if pair != TABLE[3]]
    a = agent(Faults(max_response_size=50), values=values)
    with a.session(version=SnmpVersion.v1) as s:
        got = s.get_many(wanted)
    assert got == {o: v for o, v in TABLE[:6] if o != TABLE[3][0]}
    assert max(len(pdu.varbinds) for _, pdu in a.requests) == 6


def test_socket_options_and_close(agent) -> None:
    a = agent()
    s = a.session(tos=0x28, recv_buffer=1 << 20)
    sock = s._transport._sock
    assert sock.getsockopt(socket.IPPROTO_IP, socket.IP_TOS) == 0x28
    # Linux doubles the requested size for bookkeeping.
    assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) >= 1 << 20
    with s:
        assert s.get(TABLE[0][0]) == TABLE[0][1]
    assert s._transport.closed
    with pytest.raises(OSError):
        s.get(TABLE[0][0])


def test_sessions_in_threads_wait_in_parallel(agent) -> None:
    a = agent(Faults(delay=0.4), values=[(SYS_NAME, b"late")])
    results: list[bytes] = []

    def worker() -> None:
        with a.session(timeout=2) as s:
            results.append(s.get("1.3.6.1.2.1.1.5.0"))

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [b"late"] * 4
    # Four 0.4 s waits overlap (serial would take 1.6 s): no lock is held
    # while a session waits.
    assert time.monotonic() - started < 1.2


def test_a_matching_reply_with_malformed_varbinds_is_dropped_and_asked_again(agent) -> None:
    # Every reply's last value is malformed half of the time (seeded): each
    # bad page is counted and asked for again; the walk still completes. (A
    # bad reply to a request sent ahead is dropped unread, as stale.)
    a = agent(Faults(bad_value=0.5, seed=3))
    with a.session(max_repetitions=8, retries=5) as s:
        assert list(s.fetch("1.3.6.1.2.1.2.2.1.2")) == TABLE
        bad = a.running.agent.stats.bad_values
        assert 0 < s.stats.dropped_malformed <= bad


def test_a_walk_whose_replies_never_decode_fails_clearly(agent) -> None:
    a = agent(Faults(bad_value=1.0))
    with a.session(max_repetitions=8, retries=2) as s:
        walk = s.fetch("1.3.6.1.2.1.2.2.1.2")
        with pytest.raises(SnmpDecodeError) as info:
            next(walk)
    text = str(info.value)
    assert f"malformed response from 127.0.0.1:{a.port} for 1.3.6.1.2.1.2.2.1.2" in text
    assert "Counter32 value too large" in text
    # The first request and two re-asks of the same page (retries=2).
    asks = [pdu for _, pdu in a.requests if pdu.varbinds[0][0] == "1.3.6.1.2.1.2.2.1.2"]
    assert len(asks) == 3


def test_next_page_is_requested_before_the_current_one_is_consumed(agent) -> None:
    # The agent takes 0.2 s per reply and the consumer 0.2 s per page: with the
    # next request sent ahead, the two overlap instead of adding up.
    a = agent(Faults(delay=0.2))
    started = time.monotonic()
    got = []
    with a.session(max_repetitions=10, timeout=2) as s:
        for i, item in enumerate(s.fetch("1.3.6.1.2.1.2.2.1.2")):
            if i % 10 == 0:
                time.sleep(0.2)
            got.append(item)
    elapsed = time.monotonic() - started
    assert got == TABLE
    assert len(a.requests) == 5
    # Serial would be 5 x 0.2 (agent) + 4 x 0.2 (consumer) = 1.8 s; overlapped
    # about 1.0 s.
    assert elapsed < 1.45


def test_a_value_ending_with_an_encoded_varbind_does_not_mislead_the_walk(agent) -> None:
    # The next page is asked for from the last varbind, found from the end of
    # the list. Values that end with a whole encoded varbind (here one naming
    # a later OID of the same walk) look like that last varbind; the walk sees
    # the mismatch after decoding, asks for the right page, and drops the
    # reply to the misled request as stale.
    from core.ber import encode_varbinds

    base = "1.3.6.1.4.1.99999.1"
    decoy = encode_varbinds([(f"{base}.35", b"decoy")])[2:]
    values = [(f"{base}.{i}", b"v" + decoy) for i in range(1, 31)]
    a = agent(values=values)
    with a.session(max_repetitions=4) as s:
        assert list(s.fetch(base)) == values
        stats = s.stats
    asked = [pdu.varbinds[0][0] for _, pdu in a.requests]
    assert f"{base}.35" in asked
    assert stats.dropped_stale >= 1
    # Every page after the first is still asked for from its true last OID.
    assert [f"{base}.{i}" for i in range(4, 31, 4)] == [o for o in asked if o != f"{base}.35"][1:]


class _ScriptedTransport:
    """Answers each request with the next scripted varbind list (or a good page)."""

    def __init__(self, lists: list[bytes | None], good: list[tuple[str, Any]]) -> None:
        self.lists = lists
        self.good = good
        self.replies: list[bytes] = []

    def send(self, data: bytes) -> None:
        from core.ber import encode_integer, encode_tlv, encode_varbinds
        from core.message.community import decode_community_message, encode_community_message

        _, _, request = decode_community_message(data)
        scripted = self.lists.pop(0) if self.lists else None
        varbind_list = scripted if scripted is not None else encode_varbinds(self.good)
        # The varbind list goes in as given (scripted ones are malformed on purpose).
        fields = encode_integer(request.request_id) + encode_integer(0) + encode_integer(0)
        pdu = encode_tlv(PduType.RESPONSE, fields + varbind_list)
        self.replies.append(encode_community_message(SnmpVersion.v2c, b"public", pdu))

    def receive(self, deadline: float) -> tuple[bytes, bool] | None:
        return (self.replies.pop(0), True) if self.replies else None

    def close(self) -> None:
        pass


def test_a_page_whose_varbind_list_is_broken_inside_is_asked_again() -> None:
    # The message's own lengths are right, but the list's last varbind claims
    # more octets than there are: the page is dropped, counted and re-asked.
    from core.ber import encode_tlv

    good = [(f"1.3.6.1.4.1.99999.1.{i}", b"v") for i in range(1, 4)] + [("1.3.6.1.4.1.99999.2", b"x")]
    broken = encode_tlv(0x30, bytes.fromhex("300906052b06010401") + bytes.fromhex("3040060100"))
    session = SnmpSession("127.0.0.1", 161, timeout=0.2, retries=2, max_repetitions=4)
    session._transport = _ScriptedTransport([broken], good)
    assert list(session.fetch("1.3.6.1.4.1.99999.1")) == good[:3]
    assert session.stats.dropped_malformed == 1


def test_get_and_get_many_refuse_an_answer_for_another_oid() -> None:
    """Issue 11.8: a reply that matches the request-id but names other OIDs is an error."""
    from hostile_responder import HostileResponder
    from core.message.community import decode_community_message, encode_community_message

    asked_for_other = {"1.3.6.1.2.1.1.1.0": "1.3.6.1.2.1.1.9.0", "1.3.6.1.2.1.1.5.0": "1.3.6.1.2.1.1.5.0"}

    def reply(request: bytes) -> list[bytes]:
        # An agent that answers sysDescr.0 with sysORTable's first column, value and all.
        _, community, pdu = decode_community_message(request)
        renamed = [(asked_for_other[oid], b"value") for oid, _ in pdu.varbinds]
        return [encode_community_message(SnmpVersion.v2c, community, Pdu(PduType.RESPONSE, pdu.request_id, 0, 0, renamed))]

    with HostileResponder(reply) as hostile, SnmpSession("127.0.0.1", hostile.port, timeout=1) as s:
        with pytest.raises(SnmpDecodeError, match="GET 1.3.6.1.2.1.1.1.0: .* answered for another OID, 1.3.6.1.2.1.1.9.0"):
            s.get("1.3.6.1.2.1.1.1.0")
        with pytest.raises(SnmpDecodeError, match="answered for another OID"):
            s.get_many(["1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.1.0"])
        assert s.get("1.3.6.1.2.1.1.5.0") == b"value"
