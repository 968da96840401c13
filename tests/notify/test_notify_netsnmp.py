"""net-snmp's own senders against the receiver: snmptrap, snmpinform and snmpd's sinks."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.notify import ConfiguredUser, DropReason, Notification, NotificationDecoder, NotificationReceiver
from core.version import SnmpVersion
from snmpd_fixture import require_tools, tool_env

from notify.notify_helpers import SENDER_ENGINE, make_user

OUR_ENGINE = bytes.fromhex("80007ed905aabbccddeeff0011")
TRAP_USER = make_user("tuser")  # SHA/AES, authpass123/privpass123
INFORM_USER = make_user("iuser")
V3 = ["-l", "authPriv", "-a", "SHA", "-A", "authpass123", "-x", "AES", "-X", "privpass123"]


@pytest.fixture
def receiver() -> Iterator[NotificationReceiver]:
    require_tools()
    decoder = NotificationDecoder(
        engine_id=OUR_ENGINE,
        users=[ConfiguredUser(TRAP_USER, SENDER_ENGINE), ConfiguredUser(INFORM_USER)],
    )
    with NotificationReceiver(decoder, "127.0.0.1", 0).start() as running:
        yield running


def _send(tmp_path: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), capture_output=True, text=True, env=tool_env(tmp_path), timeout=30)


def _wait(receiver: NotificationReceiver, count: int, what: str = "notifications") -> list[Notification]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        stats = receiver.stats
        if (stats.notifications if what == "notifications" else stats.total_dropped) >= count:
            break
        time.sleep(0.01)
    return list(reversed(receiver.log.newest_first()))


def test_snmptrap_v1(receiver: NotificationReceiver, tmp_path: Path) -> None:
    done = _send(tmp_path, "snmptrap", "-v1", "-c", "public", receiver.address, "1.3.6.1.4.1.8072.2.3",
                 "10.9.8.7", "6", "17", "555", "1.3.6.1.2.1.1.5.0", "s", "hello")  # fmt: skip
    assert done.returncode == 0, done.stderr
    (n,) = _wait(receiver, 1)
    assert n.version == SnmpVersion.v1 and n.v1 is not None
    assert (n.v1.agent_addr, n.v1.generic, n.v1.specific, n.uptime) == ("10.9.8.7", 6, 17, 555)
    assert n.trap_oid == (1, 3, 6, 1, 4, 1, 8072, 2, 3, 0, 17)
    assert n.v1.varbinds == (((1, 3, 6, 1, 2, 1, 1, 5, 0), b"hello"),)


def test_snmptrap_v2c(receiver: NotificationReceiver, tmp_path: Path) -> None:
    done = _send(tmp_path, "snmptrap", "-v2c", "-c", "public", receiver.address, "123", "1.3.6.1.6.3.1.1.5.3",
                 "1.3.6.1.2.1.2.2.1.1.3", "i", "3", "1.3.6.1.2.1.2.2.1.8.3", "i", "2")  # fmt: skip
    assert done.returncode == 0, done.stderr
    (n,) = _wait(receiver, 1)
    assert n.version == SnmpVersion.v2c and n.uptime == 123 and n.trap_oid == (1, 3, 6, 1, 6, 3, 1, 1, 5, 3)
    assert n.objects == [((1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 3), 3), ((1, 3, 6, 1, 2, 1, 2, 2, 1, 8, 3), 2)]


def test_snmpinform_v2c_exits_0_only_when_acknowledged(tmp_path: Path) -> None:
    require_tools()
    decoder = NotificationDecoder(engine_id=OUR_ENGINE, communities=["traps"])
    with NotificationReceiver(decoder, "127.0.0.1", 0).start() as receiver:
        inform = ["snmpinform", "-v2c", "-r", "0", "-t", "0.5", receiver.address, "42", "1.3.6.1.6.3.1.1.5.4"]
        acked = _send(tmp_path, *inform[:2], "-c", "traps", *inform[2:])
        refused = _send(tmp_path, *inform[:2], "-c", "public", *inform[2:])
        assert acked.returncode == 0, acked.stderr
        assert refused.returncode != 0 and "Timeout" in refused.stdout + refused.stderr
        assert receiver.stats.informs == 1 and receiver.stats.acks == 1
        assert receiver.stats.dropped == {DropReason.bad_community: 1}


def test_snmptrap_v3_authpriv_with_the_senders_engine_id(receiver: NotificationReceiver, tmp_path: Path) -> None:
    done = _send(tmp_path, "snmptrap", "-v3", "-e", "0x" + SENDER_ENGINE.hex(), "-u", "tuser", *V3,
                 receiver.address, "", "1.3.6.1.6.3.1.1.5.1")  # fmt: skip
    assert done.returncode == 0, done.stderr
    (n,) = _wait(receiver, 1)
    assert n.version == SnmpVersion.v3 and n.user == "tuser" and n.engine_id == SENDER_ENGINE
    assert n.trap_oid == (1, 3, 6, 1, 6, 3, 1, 1, 5, 1)


def test_snmpinform_v3_authpriv_discovers_our_engine(receiver: NotificationReceiver, tmp_path: Path) -> None:
    done = _send(tmp_path, "snmpinform", "-v3", "-u", "iuser", *V3, receiver.address, "", "1.3.6.1.6.3.1.1.5.2")
    assert done.returncode == 0, done.stderr
    (n,) = _wait(receiver, 1)
    assert n.version == SnmpVersion.v3 and n.user == "iuser" and n.kind.value == "inform"
    assert receiver.stats.discoveries >= 1 and receiver.stats.acks == 1


def test_wrong_passphrases_are_dropped_and_counted(receiver: NotificationReceiver, tmp_path: Path) -> None:
    wrong_auth = [a if a != "authpass123" else "wrong-auth-pass" for a in V3]
    wrong_priv = [a if a != "privpass123" else "wrong-priv-pass" for a in V3]
    trap = ["-e", "0x" + SENDER_ENGINE.hex(), "-u", "tuser"]
    _send(tmp_path, "snmptrap", "-v3", *trap, *wrong_auth, receiver.address, "", "1.3.6.1.6.3.1.1.5.1")
    _send(tmp_path, "snmptrap", "-v3", *trap, *wrong_priv, receiver.address, "", "1.3.6.1.6.3.1.1.5.1")
    inform = _send(tmp_path, "snmpinform", "-v3", "-r", "0", "-u", "iuser", *wrong_auth, receiver.address, "",
                   "1.3.6.1.6.3.1.1.5.2")  # fmt: skip
    assert inform.returncode != 0  # told by a wrongDigest REPORT
    _wait(receiver, 3, "drops")
    assert receiver.stats.notifications == 0
    assert receiver.stats.dropped == {DropReason.wrong_digest: 2, DropReason.decryption_error: 1}


def test_snmpd_sends_its_notifications_to_trap2sink_and_informsink(snmpd_factory, receiver) -> None:  # type: ignore[no-untyped-def]
    snmpd_factory(extra_conf=f"trap2sink {receiver.address} public\ninformsink {receiver.address} public\n")
    notifications = _wait(receiver, 2)
    kinds = {(n.kind.value, n.trap_oid) for n in notifications}
    cold_start = (1, 3, 6, 1, 6, 3, 1, 1, 5, 1)
    assert ("trap", cold_start) in kinds and ("inform", cold_start) in kinds
    assert receiver.stats.acks >= 1


IF_OPER_STATUS = "1.3.6.1.2.1.2.2.1.8"
# snmpd.conf(5) "linkUpDownNotifications yes", spelled out with numeric OIDs (the agent
# loads no MIBs here) and sampled every second instead of every minute.
LINK_MONITORS = """iquerySecName noauth
notificationEvent linkUpTrap .1.3.6.1.6.3.1.1.5.4 .1.3.6.1.2.1.2.2.1.1 .1.3.6.1.2.1.2.2.1.7 .1.3.6.1.2.1.2.2.1.8
notificationEvent linkDownTrap .1.3.6.1.6.3.1.1.5.3 .1.3.6.1.2.1.2.2.1.1 .1.3.6.1.2.1.2.2.1.7 .1.3.6.1.2.1.2.2.1.8
monitor -r 1 -e linkUpTrap "Generate linkUp" .1.3.6.1.2.1.2.2.1.8 != 2
monitor -r 1 -e linkDownTrap "Generate linkDown" .1.3.6.1.2.1.2.2.1.8 == 2
"""


def test_snmpd_link_monitors_send_link_up_and_down_per_interface(snmpd_factory, receiver, tmp_path) -> None:  # type: ignore[no-untyped-def]
    agent = snmpd_factory(extra_conf=f"trap2sink {receiver.address} public\n{LINK_MONITORS}")
    walked = _send(tmp_path, "snmpwalk", "-v2c", "-c", "public", "-On", "-Oe", "-Oq", agent.target4, IF_OPER_STATUS)
    status = {int(line.split()[0].rsplit(".", 1)[1]): int(line.split()[1]) for line in walked.stdout.splitlines()}
    assert 1 in status  # lo: at least one interface is up
    expected = {(4 if value != 2 else 3, index) for index, value in status.items()}
    deadline = time.monotonic() + 15
    received: set[tuple[int, int]] = set()
    while time.monotonic() < deadline and not expected <= received:
        time.sleep(0.1)
        for n in receiver.log.newest_first():
            if n.trap_oid is not None and n.trap_oid[:-1] == (1, 3, 6, 1, 6, 3, 1, 1, 5) and n.trap_oid[-1] in (3, 4):
                index = next(v for oid, v in n.objects if oid[:-1] == (1, 3, 6, 1, 2, 1, 2, 2, 1, 1))
                received.add((n.trap_oid[-1], index))
    assert received == expected
