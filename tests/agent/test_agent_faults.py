"""Fault injection seen from a raw UDP client: what is sent, when, in which order,
and that a seed makes it repeatable. (The session's reactions are in
tests/core/test_session_faults.py.)"""

from __future__ import annotations

import dataclasses
import socket
import time
from collections.abc import Iterator

import pytest

from core.agent import Faults, RunningAgent, start_background
from core.errors import SnmpDecodeError
from core.message.community import decode_community_message, encode_community_message
from core.pdu import Pdu, PduType
from core.version import SnmpVersion

TABLE = [(f"1.3.6.1.2.1.2.2.1.2.{i}", f"eth{i}".encode()) for i in range(1, 21)]


class Client:
    """Sends v2c GETNEXTs and collects every datagram that comes back, with the port it came from."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))

    def send(self, request_id: int, oid: str = TABLE[0][0]) -> None:
        pdu = Pdu(PduType.GETNEXT, request_id, 0, 0, [(oid, None)])
        self.sock.sendto(encode_community_message(SnmpVersion.v2c, b"public", pdu), ("127.0.0.1", self.port))

    def receive(self, wait: float = 0.3, count: int | None = None) -> list[tuple[bytes, int]]:
        """What arrives within ``wait`` seconds (sooner once ``count`` datagrams came)."""
        got: list[tuple[bytes, int]] = []
        deadline = time.monotonic() + wait
        while (left := deadline - time.monotonic()) > 0 and len(got) != count:
            self.sock.settimeout(left)
            try:
                data, peer = self.sock.recvfrom(65535)
            except socket.timeout:
                break
            got.append((data, peer[1]))
        return got


def request_ids(datagrams: list[tuple[bytes, int]]) -> list[int | None]:
    out: list[int | None] = []
    for data, _ in datagrams:
        try:
            out.append(decode_community_message(data)[2].request_id)
        except SnmpDecodeError:
            out.append(None)
    return out


@pytest.fixture
def agent() -> Iterator[RunningAgent]:
    with start_background(TABLE) as running:
        yield running


def test_no_faults_one_answer_per_request(agent: RunningAgent) -> None:
    client = Client(agent.port)
    client.send(7)
    assert request_ids(client.receive(count=1)) == [7]


def test_copies_come_before_the_reply_and_the_duplicate_after(agent: RunningAgent) -> None:
    agent.faults = Faults(stale=1.0, foreign=1.0, truncated=1.0, garbage=1.0, duplicate=1.0)
    client = Client(agent.port)
    client.send(100)
    got = client.receive(count=6)
    ids = request_ids(got)
    assert ids[0] == 99  # stale: an older request-id
    assert ids[1] == 100 and got[1][1] != agent.port  # foreign: another port
    assert ids[2] is None and ids[3] is None  # truncated, garbage
    assert ids[4:] == [100, 100] and {port for _, port in got[4:]} == {agent.port}
    stats = agent.stats
    assert (stats.stale_sent, stats.foreign_sent, stats.truncated_sent, stats.garbage_sent, stats.duplicated) == (1,) * 5


def test_wrong_request_id_replaces_the_right_one(agent: RunningAgent) -> None:
    agent.faults = Faults(wrong_request_id=1.0)
    client = Client(agent.port)
    client.send(5)
    ids = request_ids(client.receive())
    assert len(ids) == 1 and ids[0] not in (5, None)


def test_delay_holds_each_reply_without_blocking_the_agent(agent: RunningAgent) -> None:
    agent.faults = Faults(delay=0.25)
    client = Client(agent.port)
    started = time.monotonic()
    for request_id in (1, 2, 3):
        client.send(request_id)
    got = client.receive(wait=1.0, count=3)
    assert request_ids(got) == [1, 2, 3]
    assert 0.2 < time.monotonic() - started
    assert agent.stats.delayed == 3


def test_reorder_sends_a_held_reply_after_the_next_one(agent: RunningAgent) -> None:
    agent.faults = Faults(reorder=1.0, reorder_hold=0.3)
    client = Client(agent.port)
    client.send(1)
    assert client.receive(wait=0.1) == []  # held back
    agent.faults.reorder = 0.0
    client.send(2)
    assert request_ids(client.receive(wait=0.2, count=2)) == [2, 1]
    agent.faults.reorder = 1.0
    client.send(3)
    assert request_ids(client.receive(wait=0.6, count=1)) == [3]  # nobody came: released after the hold


def test_drop_first_then_answers(agent: RunningAgent) -> None:
    agent.faults = Faults(drop_first=2)
    client = Client(agent.port)
    for request_id in (1, 2, 3):
        client.send(request_id)
    assert request_ids(client.receive(wait=0.2)) == [3]
    assert agent.stats.dropped == 2


def answered(agent: RunningAgent, faults: Faults, count: int = 40) -> list[int]:
    agent.faults = faults
    before = dataclasses.replace(agent.stats)
    client = Client(agent.port)
    for request_id in range(1, count + 1):
        client.send(request_id)
    # Wait on the agent's own counts, not on a quiet period: under load a quiet 0.2 s
    # came before the last answers and the test saw fewer than were sent.
    deadline = time.monotonic() + 10
    while agent.stats.responses - before.responses < count and time.monotonic() < deadline:
        time.sleep(0.01)
    sent_back = agent.stats.responses - before.responses - (agent.stats.dropped - before.dropped)
    return sorted(i for i in request_ids(client.receive(wait=10, count=sent_back)) if i is not None)


def test_a_seed_makes_the_faults_repeatable(agent: RunningAgent) -> None:
    first = answered(agent, Faults(seed=11, drop=0.5))
    again = answered(agent, Faults(seed=11, drop=0.5))
    other = answered(agent, Faults(seed=12, drop=0.5))
    assert first == again
    assert first != other
    assert 5 < len(first) < 35


def test_non_increasing_renames_a_single_varbind_to_the_request(agent: RunningAgent) -> None:
    agent.faults = Faults(non_increasing=1.0)
    client = Client(agent.port)
    client.send(9, TABLE[3][0])
    (data, _), = client.receive(count=1)
    varbinds = decode_community_message(data)[2].varbinds
    assert varbinds == [(TABLE[3][0], TABLE[4][1])]


def test_loop_after_makes_the_oid_order_wrap(agent: RunningAgent) -> None:
    agent.faults = Faults(loop_after=3)
    client = Client(agent.port)
    client.send(1, TABLE[2][0])
    (data, _), = client.receive(count=1)
    assert decode_community_message(data)[2].varbinds == [TABLE[0]]


def test_restart_every_counts_requests(agent: RunningAgent) -> None:
    agent.faults = Faults(restart_every=2)
    client = Client(agent.port)
    for request_id in range(1, 6):
        client.send(request_id)
    assert len(client.receive(count=5)) == 5
    assert agent.stats.restarts == 2


def test_faults_changed_while_running_apply_to_the_next_request(agent: RunningAgent) -> None:
    client = Client(agent.port)
    agent.faults.drop = 1.0
    client.send(1)
    assert client.receive(wait=0.1) == []
    agent.faults.drop = 0.0
    client.send(2)
    assert request_ids(client.receive(count=1)) == [2]
