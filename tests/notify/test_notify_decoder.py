"""The receiver's message processing with messages we build: every version, acks, drops."""

from __future__ import annotations

from core.ber import decode_varbinds, read_header, read_integer, read_octets
from core.notify import ConfiguredUser, DropReason, NotificationDecoder, NotificationKind
from core.notify.notification import SNMP_TRAP_ADDRESS_0, SNMP_TRAP_ENTERPRISE_0, SNMP_TRAP_OID_0, SYS_UPTIME_0
from core.pdu import PduType
from core.types import IpAddress, ObjectIdentifier, TimeTicks
from core.version import SnmpVersion

from notify.notify_helpers import LOCAL, SENDER_ENGINE, SOURCE, make_user, v1_trap, v2c_message, v3_trap

OUR_ENGINE = bytes.fromhex("80007ed90500112233445566")


def decoder(**kwargs) -> NotificationDecoder:  # type: ignore[no-untyped-def]
    return NotificationDecoder(engine_id=OUR_ENGINE, **kwargs)


def test_v1_link_down_is_translated_to_the_v2_form() -> None:
    decoded = decoder().receive(v1_trap(generic=2, stamp=4321), SOURCE, LOCAL)
    n = decoded.notification
    assert n is not None and decoded.reply is None
    assert n.version == SnmpVersion.v1 and n.kind == NotificationKind.trap
    assert n.varbinds[0] == (SYS_UPTIME_0, TimeTicks(4321))
    assert n.varbinds[1] == (SNMP_TRAP_OID_0, ObjectIdentifier("1.3.6.1.6.3.1.1.5.3"))
    assert n.varbinds[2] == ((1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 3), 3)
    assert (SNMP_TRAP_ADDRESS_0, IpAddress("10.1.2.3")) in n.varbinds
    assert (SNMP_TRAP_ENTERPRISE_0, ObjectIdentifier("1.3.6.1.4.1.8072.2.3")) in n.varbinds
    assert n.uptime == 4321 and n.trap_oid == (1, 3, 6, 1, 6, 3, 1, 1, 5, 3)
    assert n.v1 is not None and n.v1.agent_addr == "10.1.2.3" and len(n.v1.varbinds) == 1


def test_v1_enterprise_specific_trap_oid_is_enterprise_zero_specific() -> None:
    n = decoder().receive(v1_trap(generic=6, specific=17), SOURCE, LOCAL).notification
    assert n is not None and n.trap_oid == (1, 3, 6, 1, 4, 1, 8072, 2, 3, 0, 17)


def test_v1_trap_with_a_bad_generic_trap_is_malformed() -> None:
    assert decoder().receive(v1_trap(generic=9), SOURCE, LOCAL).drop == DropReason.malformed


def test_v2c_trap_keeps_its_varbinds() -> None:
    n = decoder().receive(v2c_message(), SOURCE, LOCAL).notification
    assert n is not None and n.version == SnmpVersion.v2c and n.uptime == 4200
    assert n.trap_oid == (1, 3, 6, 1, 6, 3, 1, 1, 5, 3)
    assert [oid for oid, _ in n.objects] == [(1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 3), (1, 3, 6, 1, 2, 1, 2, 2, 1, 8, 3)]


def _response(reply: bytes) -> tuple[int, bytes, int, int, list]:  # type: ignore[type-arg]
    _, pos, end = read_header(reply, 0, len(reply))
    version, pos = read_integer(reply, pos, end)
    community, pos = read_octets(reply, pos, end)
    tag, pos, pdu_end = read_header(reply, pos, end)
    request_id, pos = read_integer(reply, pos, pdu_end)
    status, pos = read_integer(reply, pos, pdu_end)
    _, pos = read_integer(reply, pos, pdu_end)
    return tag, community, request_id, status, decode_varbinds(reply, pos, pdu_end)


def test_v2c_inform_is_acknowledged_with_its_request_id_and_varbinds() -> None:
    message = v2c_message(PduType.INFORM, request_id=4242)
    decoded = decoder().receive(message, SOURCE, LOCAL)
    assert decoded.notification is not None and decoded.notification.kind == NotificationKind.inform
    assert decoded.reply is not None
    tag, community, request_id, status, varbinds = _response(decoded.reply)
    assert (tag, community, request_id, status) == (PduType.RESPONSE, b"public", 4242, 0)
    assert [value for _, value in varbinds] == [value for _, value in decoded.notification.varbinds]


def test_a_retransmitted_inform_is_acknowledged_again_but_recorded_once() -> None:
    d = decoder()
    message = v2c_message(PduType.INFORM, request_id=5)
    first, second = d.receive(message, SOURCE, LOCAL), d.receive(message, SOURCE, LOCAL)
    assert first.notification is not None and not first.duplicate
    assert second.notification is None and second.duplicate and second.reply == first.reply
    other = d.receive(v2c_message(PduType.INFORM, request_id=6), SOURCE, LOCAL)
    assert other.notification is not None  # another request-id is another inform


def test_community_filter_drops_others_and_counts_why() -> None:
    d = decoder(communities=["traps"])
    assert d.receive(v2c_message(community=b"public"), SOURCE, LOCAL).drop == DropReason.bad_community
    assert d.receive(v2c_message(community=b"traps"), SOURCE, LOCAL).notification is not None
    refused = d.receive(v2c_message(PduType.INFORM, community=b"public"), SOURCE, LOCAL)
    assert refused.reply is None  # an inform with another community is not acknowledged


def test_requests_are_not_notifications() -> None:
    assert decoder().receive(v2c_message(PduType.GET), SOURCE, LOCAL).drop == DropReason.not_notification


def test_v3_trap_from_a_configured_sender_engine() -> None:
    user = make_user()
    d = decoder(users=[ConfiguredUser(user, SENDER_ENGINE)])
    n = d.receive(v3_trap(user), SOURCE, LOCAL).notification
    assert n is not None and n.version == SnmpVersion.v3 and n.user == "tuser"
    assert n.engine_id == SENDER_ENGINE and n.trap_oid == (1, 3, 6, 1, 6, 3, 1, 1, 5, 3)


def test_v3_trap_failures_are_dropped_with_their_reason() -> None:
    user = make_user()
    d = decoder(users=[ConfiguredUser(user, SENDER_ENGINE)])
    wrong_auth = make_user(auth_pass="not-the-pass")
    wrong_priv = make_user(priv_pass="not-the-pass")
    assert d.receive(v3_trap(wrong_auth), SOURCE, LOCAL).drop == DropReason.wrong_digest
    assert d.receive(v3_trap(wrong_priv), SOURCE, LOCAL).drop == DropReason.decryption_error
    assert d.receive(v3_trap(make_user("nobody")), SOURCE, LOCAL).drop == DropReason.unknown_user
    other_engine = bytes.fromhex("8000000001020399")
    assert d.receive(v3_trap(user, engine_id=other_engine), SOURCE, LOCAL).drop == DropReason.unknown_engine
    auth_only = make_user("auser", priv=None)
    d2 = decoder(users=[ConfiguredUser(auth_only, SENDER_ENGINE)])
    with_priv = make_user("auser")
    assert d2.receive(v3_trap(with_priv), SOURCE, LOCAL).drop == DropReason.unsupported_sec_level
    assert d.receive(v3_trap(make_user(priv=None)), SOURCE, LOCAL).notification is not None  # a lower level


def test_v3_trap_replayed_from_an_earlier_boot_is_outside_the_time_window() -> None:
    user = make_user()
    d = decoder(users=[ConfiguredUser(user, SENDER_ENGINE)])
    assert d.receive(v3_trap(user, boots=5, engine_time=1000), SOURCE, LOCAL).notification is not None
    late = d.receive(v3_trap(user, boots=4, engine_time=2000), SOURCE, LOCAL)
    assert late.drop == DropReason.not_in_time_window
    old = d.receive(v3_trap(user, boots=5, engine_time=1000 - 151), SOURCE, LOCAL)
    assert old.drop == DropReason.not_in_time_window
    assert d.receive(v3_trap(user, boots=5, engine_time=1000 - 100), SOURCE, LOCAL).notification is not None


def test_v3_inform_to_our_engine_is_acknowledged_and_discovery_answered() -> None:
    user = make_user("iuser")
    d = NotificationDecoder(engine_id=OUR_ENGINE, boots=3, users=[ConfiguredUser(user)])
    probe = v3_trap(make_user("x"), engine_id=OUR_ENGINE)  # any message works as a first probe
    assert d.receive(probe, SOURCE, LOCAL).drop == DropReason.unknown_user
    inform = v3_trap(user, engine_id=OUR_ENGINE, boots=3, engine_time=0, pdu_type=PduType.INFORM)
    decoded = d.receive(inform, SOURCE, LOCAL)
    assert decoded.notification is not None and decoded.notification.kind == NotificationKind.inform
    assert decoded.reply is not None
    stale = v3_trap(user, engine_id=OUR_ENGINE, boots=2, engine_time=0, pdu_type=PduType.INFORM)
    late = d.receive(stale, SOURCE, LOCAL)
    assert late.drop == DropReason.not_in_time_window and late.reply is not None  # a REPORT


def test_garbage_is_malformed_not_an_exception() -> None:
    d = decoder()
    for data in (b"", b"\x30", b"\x30\x03\x02\x01\x07", b"\xff" * 40, v2c_message()[:-3]):
        assert d.receive(data, SOURCE, LOCAL).drop in (DropReason.malformed, DropReason.bad_version)


def test_a_retransmitted_v3_inform_is_acknowledged_again_but_recorded_once() -> None:
    user = make_user("iuser")
    d = NotificationDecoder(engine_id=OUR_ENGINE, boots=3, users=[ConfiguredUser(user)])
    inform = v3_trap(user, engine_id=OUR_ENGINE, boots=3, engine_time=0, pdu_type=PduType.INFORM, request_id=7)
    first, again = d.receive(inform, SOURCE, LOCAL), d.receive(inform, SOURCE, LOCAL)
    assert first.notification is not None and first.reply is not None
    assert again.notification is None and again.duplicate and again.reply is not None
    other_sender = d.receive(inform, ("127.0.0.1", 40001), LOCAL)
    assert other_sender.notification is not None  # another sender's inform is its own
