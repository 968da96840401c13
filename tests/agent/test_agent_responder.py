"""The agent's SNMPv1/v2c behaviour: GET, GETNEXT, GETBULK and SET rules, errors, sizes.

Most checks hand a datagram to ``Agent.handle`` and decode what it would send;
a few go through a real socket (SnmpSession, IPv6, net-snmp's snmpget).
"""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from core import Counter32, Counter64, Gauge32, IpAddress, ObjectIdentifier, SnmpSession, TimeTicks
from core.agent import Agent, OidStore, WriteRule, start_background
from core.message.community import decode_community_message, encode_community_message
from core.pdu import Pdu, PduType
from core.types import END_OF_MIB_VIEW, NO_SUCH_INSTANCE, NO_SUCH_OBJECT
from core.version import SnmpVersion
from snmpd_fixture import require_tools, tool_env

V1, V2C = SnmpVersion.v1, SnmpVersion.v2c
SYS = "1.3.6.1.2.1.1"
DESCR, CONTACT, NAME = f"{SYS}.1.0", f"{SYS}.4.0", f"{SYS}.5.0"
IF_DESCR = "1.3.6.1.2.1.2.2.1.2"
HC_IN = "1.3.6.1.2.1.31.1.1.1.6"
VALUES: list[tuple[str, Any]] = [
    (DESCR, b"test device"),
    (f"{SYS}.2.0", ObjectIdentifier("1.3.6.1.4.1.32473.1")),
    (f"{SYS}.3.0", TimeTicks(12345)),
    (CONTACT, b"noc"),
    (NAME, b"dut"),
    (f"{IF_DESCR}.1", b"eth0"),
    (f"{IF_DESCR}.2", b"eth1"),
    ("1.3.6.1.2.1.2.2.1.5.1", Gauge32(1000)),
    ("1.3.6.1.2.1.2.2.1.10.1", Counter32(7)),
    ("1.3.6.1.2.1.4.20.1.1.10.0.0.1", IpAddress("10.0.0.1")),
    (f"{HC_IN}.1", Counter64(1 << 40)),
    (f"{HC_IN}.2", Counter64(5)),
    ("1.3.6.1.2.1.31.1.1.1.18.1", b"uplink"),
]


def make_agent(**kw: Any) -> Agent:
    store = OidStore(VALUES, [WriteRule((1, 3, 6, 1, 2, 1, 1)), WriteRule((1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18))])
    return Agent(store, **kw)


def ask(
    agent: Agent,
    kind: int,
    names: list[str],
    version: SnmpVersion = V2C,
    community: bytes = b"public",
    values: list[Any] | None = None,
    non_repeaters: int = 0,
    max_repetitions: int = 0,
) -> Pdu | None:
    """The response PDU the agent sends to one request (None when it stays silent)."""
    varbinds = list(zip(names, values or [None] * len(names)))
    pdu = Pdu(kind, 4242, non_repeaters, max_repetitions, varbinds)
    replies = agent.handle(encode_community_message(version, community, pdu))
    if not replies:
        return None
    assert len(replies) == 1
    got_version, got_community, response = decode_community_message(replies[0].data)
    assert (got_version, got_community) == (int(version), community)
    assert response.type == PduType.RESPONSE and response.request_id == 4242
    return response


# ------------------------------------------------------------ GET / GETNEXT


def test_get_answers_values_and_v2_exceptions() -> None:
    response = ask(make_agent(), PduType.GET, [DESCR, f"{SYS}.1.1", f"{SYS}.1", "1.3.6.1.2.1.99.1"])
    assert response is not None and response.error_status == 0
    assert [v for _, v in response.varbinds] == [b"test device", NO_SUCH_INSTANCE, NO_SUCH_INSTANCE, NO_SUCH_OBJECT]
    assert [n for n, _ in response.varbinds] == [DESCR, f"{SYS}.1.1", f"{SYS}.1", "1.3.6.1.2.1.99.1"]


def test_v1_get_of_a_missing_object_is_no_such_name_with_its_index() -> None:
    response = ask(make_agent(), PduType.GET, [DESCR, f"{SYS}.9.0", NAME], V1)
    assert response is not None
    assert (response.error_status, response.error_index) == (2, 2)
    assert [n for n, _ in response.varbinds] == [DESCR, f"{SYS}.9.0", NAME]


def test_v1_never_sees_counter64() -> None:
    agent = make_agent()
    get = ask(agent, PduType.GET, [f"{HC_IN}.1"], V1)
    assert get is not None and (get.error_status, get.error_index) == (2, 1)
    address = "1.3.6.1.2.1.4.20.1.1.10.0.0.1"
    following = ask(agent, PduType.GETNEXT, [address], V1)
    assert following is not None and following.varbinds == [("1.3.6.1.2.1.31.1.1.1.18.1", b"uplink")]
    v2 = ask(agent, PduType.GETNEXT, [address], V2C)
    assert v2 is not None and v2.varbinds == [(f"{HC_IN}.1", Counter64(1 << 40))]


def test_getnext_at_the_end_is_end_of_mib_view_or_v1_no_such_name() -> None:
    agent = make_agent()
    last = VALUES[-1][0]
    v2 = ask(agent, PduType.GETNEXT, [DESCR, last])
    assert v2 is not None and v2.varbinds == [(f"{SYS}.2.0", VALUES[1][1]), (last, END_OF_MIB_VIEW)]
    v1 = ask(agent, PduType.GETNEXT, [DESCR, last], V1)
    assert v1 is not None and (v1.error_status, v1.error_index) == (2, 2)


# ------------------------------------------------------------ GETBULK


def test_getbulk_non_repeaters_then_repetitions_in_rows() -> None:
    response = ask(make_agent(), PduType.GETBULK, [f"{SYS}.3", IF_DESCR, HC_IN], non_repeaters=1, max_repetitions=3)
    assert response is not None and response.error_status == 0
    names = [n for n, _ in response.varbinds]
    assert names == [
        f"{SYS}.3.0",
        f"{IF_DESCR}.1", f"{HC_IN}.1",
        f"{IF_DESCR}.2", f"{HC_IN}.2",
        "1.3.6.1.2.1.2.2.1.5.1", "1.3.6.1.2.1.31.1.1.1.18.1",
    ]  # fmt: skip


def test_getbulk_columns_that_end_repeat_end_of_mib_view_and_stop_when_all_end() -> None:
    last = VALUES[-1][0]
    response = ask(make_agent(), PduType.GETBULK, [VALUES[-3][0], last], max_repetitions=10)
    assert response is not None
    assert response.varbinds == [
        (VALUES[-2][0], VALUES[-2][1]), (last, END_OF_MIB_VIEW),
        (last, VALUES[-1][1]), (last, END_OF_MIB_VIEW),
        (last, END_OF_MIB_VIEW), (last, END_OF_MIB_VIEW),
    ]  # fmt: skip


def test_getbulk_is_cut_to_the_message_size_not_too_big() -> None:
    agent = make_agent(max_message_size=200)
    response = ask(agent, PduType.GETBULK, ["1.3"], max_repetitions=50)
    assert response is not None and response.error_status == 0
    assert 0 < len(response.varbinds) < len(VALUES)
    assert [n for n, _ in response.varbinds] == [n for n, _ in VALUES[: len(response.varbinds)]]
    datagram = agent.handle(encode_community_message(V2C, b"public", Pdu(PduType.GETBULK, 1, 0, 50, [("1.3", None)])))
    assert len(datagram[0].data) <= 200


def test_getbulk_in_a_v1_message_is_dropped() -> None:
    assert ask(make_agent(), PduType.GETBULK, ["1.3"], V1, max_repetitions=5) is None


# ------------------------------------------------------------ tooBig


def test_get_over_the_message_size_is_too_big() -> None:
    agent = make_agent(max_message_size=120)
    names = [DESCR] * 6
    v2 = ask(agent, PduType.GET, names)
    assert v2 is not None and (v2.error_status, v2.error_index, v2.varbinds) == (1, 0, [])
    v1 = ask(agent, PduType.GET, names, V1)
    assert v1 is not None and (v1.error_status, v1.error_index) == (1, 0)
    assert ask(agent, PduType.GET, names[:1]).error_status == 0  # type: ignore[union-attr]


# ------------------------------------------------------------ SET


def test_set_through_the_write_community_changes_the_value() -> None:
    agent = make_agent()
    response = ask(agent, PduType.SET, [CONTACT, "1.3.6.1.2.1.31.1.1.1.18.1"], community=b"private",
                   values=[b"ops team", b"to core"])  # fmt: skip
    assert response is not None and response.error_status == 0
    assert response.varbinds == [(CONTACT, b"ops team"), ("1.3.6.1.2.1.31.1.1.1.18.1", b"to core")]
    assert ask(agent, PduType.GET, [CONTACT]).varbinds == [(CONTACT, b"ops team")]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "value", "v2_status", "v1_status"),
    [
        (CONTACT, 5, 7, 3),  # wrongType / badValue
        (f"{IF_DESCR}.1", b"x", 17, 2),  # notWritable / noSuchName
        (f"{SYS}.4.1", b"x", 11, 2),  # noCreation (an instance of a known object)
        (f"{SYS}.77.0", b"x", 17, 2),  # notWritable (no such object)
    ],
)
def test_set_errors_name_the_varbind_and_change_nothing(name: str, value: Any, v2_status: int, v1_status: int) -> None:
    agent = make_agent()
    for version, status in ((V2C, v2_status), (V1, v1_status)):
        response = ask(agent, PduType.SET, [NAME, name], version, b"private", [b"changed", value])
        assert response is not None
        assert (response.error_status, response.error_index) == (status, 2)
        assert response.varbinds == [(NAME, b"changed"), (name, value)]
    assert agent.store.get(NAME) == b"dut"


def test_set_through_the_read_community_is_no_access() -> None:
    agent = make_agent()
    v2 = ask(agent, PduType.SET, [CONTACT], values=[b"x"])
    assert v2 is not None and (v2.error_status, v2.error_index) == (6, 1)
    v1 = ask(agent, PduType.SET, [CONTACT], V1, values=[b"x"])
    assert v1 is not None and (v1.error_status, v1.error_index) == (2, 1)
    assert agent.store.get(CONTACT) == b"noc"


# ------------------------------------------------------------ what is dropped


def test_unknown_community_malformed_and_unknown_version_are_dropped_and_counted() -> None:
    agent = make_agent()
    assert ask(agent, PduType.GET, [DESCR], community=b"guess") is None
    assert agent.handle(b"\x30\x03\x02\x01") == []
    assert agent.handle(encode_community_message(V2C, b"public", Pdu(PduType.GET, 1))[:-3]) == []
    two = bytearray(encode_community_message(V2C, b"public", Pdu(PduType.GET, 1, 0, 0, [(DESCR, None)])))
    two[4] = 2  # msgVersion 2 does not exist
    assert agent.handle(bytes(two)) == []
    assert ask(agent, PduType.RESPONSE, [DESCR]) is None
    stats = agent.stats
    assert (stats.bad_community, stats.malformed, stats.bad_version) == (1, 2, 1)
    assert stats.responses == 0


def test_no_write_community_means_no_v1_v2c_writes() -> None:
    agent = make_agent(write_community=None)
    assert ask(agent, PduType.SET, [CONTACT], community=b"private", values=[b"x"]) is None


# ------------------------------------------------------------ over the network


def test_session_over_ipv6_walks_and_sets() -> None:
    with start_background(make_agent().store, host="::1") as running:
        assert running.host == "::1"
        with SnmpSession("::1", running.port, timeout=1) as session:
            assert list(session.fetch(IF_DESCR)) == [(f"{IF_DESCR}.1", b"eth0"), (f"{IF_DESCR}.2", b"eth1")]
        with SnmpSession("::1", running.port, community="private", timeout=1) as session:
            assert session.set(NAME, b"renamed") == b"renamed"
            assert session.get(NAME) == b"renamed"


def test_net_snmp_reads_the_exception_values(tmp_path: Any) -> None:
    require_tools()
    with start_background(make_agent().store) as running:
        out = subprocess.run(
            ["snmpget", "-v2c", "-c", "public", "-On", f"127.0.0.1:{running.port}",
             f"{SYS}.1.1", "1.3.6.1.2.1.99.1", DESCR],
            capture_output=True, text=True, env=tool_env(tmp_path), check=True,
        ).stdout.splitlines()  # fmt: skip
    assert out == [
        f".{SYS}.1.1 = No Such Instance currently exists at this OID",
        ".1.3.6.1.2.1.99.1 = No Such Object available on this agent at this OID",
        f'.{DESCR} = STRING: "test device"',
    ]
