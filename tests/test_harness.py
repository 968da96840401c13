"""The snmpd fixture itself, checked with the Net-SNMP command line tools.

If these fail, every test against the real agent is meaningless, so they pin down
what the rest of the suite relies on: both address families, v1/v2c with the ro and
rw communities and the limits of the rw view, every v3 user, and the factory's
extra config, restart (snmpEngineBoots) and start-up errors.
"""

from __future__ import annotations

import itertools
import socket
import subprocess

import pytest

from snmpd_fixture import V3_READ_ONLY_USERS, V3_USERS, SnmpdAgent, SnmpdFactory, SnmpdStartError

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
SYS_CONTACT = "1.3.6.1.2.1.1.4.0"
SYS_LOCATION = "1.3.6.1.2.1.1.6.0"
SNMP_SET_SERIAL_NO = "1.3.6.1.6.3.1.1.6.1.0"
SNMP_ENGINE_ID = "1.3.6.1.6.3.10.2.1.1.0"
SNMP_ENGINE_BOOTS = "1.3.6.1.6.3.10.2.1.2.0"

FAMILIES = ["ipv4", "ipv6"]
RW_USERS = [name for name in V3_USERS if name not in V3_READ_ONLY_USERS]
READ_ONLY_USERS = sorted(V3_READ_ONLY_USERS)
AUTH_USERS = [name for name, user in V3_USERS.items() if user.auth_proto is not None]

_unique = itertools.count()


def target(agent: SnmpdAgent, family: str) -> str:
    return agent.target4 if family == "ipv4" else agent.target6


def tool(
    agent: SnmpdAgent, name: str, *args: str, timeout: float = 1.0, retries: int = 1
) -> subprocess.CompletedProcess[str]:
    """Run a net-snmp tool with numeric output (-On -Oq: 'OID value' lines)."""
    cmd = [name, "-On", "-Oq", "-t", str(timeout), "-r", str(retries), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=agent.tool_env, check=False)


def value_of(result: subprocess.CompletedProcess[str], oid: str) -> str:
    """The value printed for ``oid``; fails the test with the tool's stderr otherwise."""
    assert result.returncode == 0, result.stderr
    for line in result.stdout.splitlines():
        printed_oid, _, value = line.partition(" ")
        if printed_oid == "." + oid:
            return value
    raise AssertionError(f"{oid} not in output: {result.stdout!r}")


def unique_text(prefix: str) -> str:
    return f"{prefix}-{next(_unique)}"


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("version", ["1", "2c"])
@pytest.mark.parametrize("community", ["public", "private"])
def test_communities_read(snmpd: SnmpdAgent, family: str, version: str, community: str) -> None:
    result = tool(snmpd, "snmpget", f"-v{version}", "-c", community, target(snmpd, family),
                  SYS_DESCR, SNMP_SET_SERIAL_NO)  # fmt: skip
    assert value_of(result, SYS_DESCR).startswith('"')
    assert int(value_of(result, SNMP_SET_SERIAL_NO)) >= 0


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("version", ["1", "2c"])
def test_rw_community_sets_contact_and_location(
    snmpd: SnmpdAgent, family: str, version: str
) -> None:
    contact, location = unique_text("contact"), unique_text("location")
    where = target(snmpd, family)
    tool_args = [f"-v{version}", "-c", snmpd.community_rw, where]
    result = tool(snmpd, "snmpset", *tool_args, SYS_CONTACT, "s", contact,
                  SYS_LOCATION, "s", location)  # fmt: skip
    assert value_of(result, SYS_CONTACT) == f'"{contact}"'
    read_back = tool(snmpd, "snmpget", "-v2c", "-c", snmpd.community_ro, where,
                     SYS_CONTACT, SYS_LOCATION)  # fmt: skip
    assert value_of(read_back, SYS_CONTACT) == f'"{contact}"'
    assert value_of(read_back, SYS_LOCATION) == f'"{location}"'


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(("version", "reason"), [("1", "noSuchName"), ("2c", "noAccess")])
def test_ro_community_set_is_rejected(
    snmpd: SnmpdAgent, family: str, version: str, reason: str
) -> None:
    result = tool(snmpd, "snmpset", f"-v{version}", "-c", snmpd.community_ro,
                  target(snmpd, family), SYS_CONTACT, "s", "not allowed")  # fmt: skip
    assert result.returncode != 0
    assert reason in result.stderr


def test_rw_community_writes_only_its_subtree(snmpd: SnmpdAgent) -> None:
    # snmpSetSerialNo accepts a SET of its current value, so only the view can refuse it.
    read = tool(snmpd, "snmpget", "-v2c", "-c", snmpd.community_rw, snmpd.target4,
                SNMP_SET_SERIAL_NO)  # fmt: skip
    current = value_of(read, SNMP_SET_SERIAL_NO)
    result = tool(snmpd, "snmpset", "-v2c", "-c", snmpd.community_rw, snmpd.target4,
                  SNMP_SET_SERIAL_NO, "i", current)  # fmt: skip
    assert result.returncode != 0
    assert "noAccess" in result.stderr


def test_unknown_community_gets_no_answer(snmpd: SnmpdAgent) -> None:
    result = tool(snmpd, "snmpget", "-v2c", "-c", "not-a-community", snmpd.target4, SYS_UPTIME,
                  timeout=0.3, retries=0)  # fmt: skip
    assert result.returncode != 0
    assert "Timeout" in result.stderr


def test_users_cover_every_protocol_and_level() -> None:
    assert {u.auth_proto for u in V3_USERS.values()} >= {
        "MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"
    }  # fmt: skip
    assert {u.priv_proto for u in V3_USERS.values()} >= {
        "DES", "AES", "AES-192", "AES-256", "AES-192-C", "AES-256-C"
    }  # fmt: skip
    assert {u.level for u in V3_USERS.values()} == {"noAuthNoPriv", "authNoPriv", "authPriv"}
    secrets = [s for u in V3_USERS.values() for s in (u.auth_pass, u.priv_pass) if s]
    assert all(len(s) >= 8 for s in secrets)


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("user", list(V3_USERS))
def test_v3_user_reads(snmpd: SnmpdAgent, user: str, family: str) -> None:
    result = tool(snmpd, "snmpget", *snmpd.user_args(user), target(snmpd, family), SYS_DESCR)
    assert value_of(result, SYS_DESCR).startswith('"')


@pytest.mark.parametrize("user", RW_USERS)
def test_v3_rw_user_sets_location(snmpd: SnmpdAgent, user: str) -> None:
    location = unique_text(user)
    result = tool(snmpd, "snmpset", *snmpd.user_args(user), snmpd.target6,
                  SYS_LOCATION, "s", location)  # fmt: skip
    assert value_of(result, SYS_LOCATION) == f'"{location}"'


@pytest.mark.parametrize("user", READ_ONLY_USERS)
def test_v3_read_only_user_set_is_rejected(snmpd: SnmpdAgent, user: str) -> None:
    result = tool(snmpd, "snmpset", *snmpd.user_args(user), snmpd.target4,
                  SYS_LOCATION, "s", "not allowed")  # fmt: skip
    assert result.returncode != 0
    assert "noAccess" in result.stderr


@pytest.mark.parametrize("user", AUTH_USERS)
def test_v3_wrong_auth_passphrase_is_refused(snmpd: SnmpdAgent, user: str) -> None:
    args = snmpd.user_args(user)
    args[args.index("-A") + 1] = "wrong-auth-passphrase"
    result = tool(snmpd, "snmpget", *args, snmpd.target4, SYS_UPTIME)
    assert result.returncode != 0
    assert "Authentication failure" in result.stderr


def test_v3_wrong_priv_passphrase_is_dropped_silently(snmpd: SnmpdAgent) -> None:
    args = snmpd.user_args("priv_aes")
    args[args.index("-X") + 1] = "wrong-priv-passphrase"
    result = tool(snmpd, "snmpget", *args, snmpd.target4, SYS_UPTIME, timeout=0.3, retries=0)
    assert result.returncode != 0
    assert "Timeout" in result.stderr


def test_factory_applies_extra_config(snmpd_factory: SnmpdFactory) -> None:
    agent = snmpd_factory("sysLocation factory room")
    read = tool(agent, "snmpget", "-v2c", "-c", agent.community_ro, agent.target6, SYS_LOCATION)
    assert value_of(read, SYS_LOCATION) == '"factory room"'
    # Set in the config, sysLocation becomes read-only even for the rw community.
    write = tool(agent, "snmpset", "-v2c", "-c", agent.community_rw, agent.target4,
                 SYS_LOCATION, "s", "elsewhere")  # fmt: skip
    assert write.returncode != 0


def test_factory_restart_keeps_engine_and_counts_boots(snmpd_factory: SnmpdFactory) -> None:
    agent = snmpd_factory()
    args = [*agent.user_args("priv_aes"), agent.target4, SNMP_ENGINE_ID, SNMP_ENGINE_BOOTS]
    before = tool(agent, "snmpget", *args)
    port = agent.port
    agent.restart()
    after = tool(agent, "snmpget", *args)
    assert agent.port == port
    assert value_of(after, SNMP_ENGINE_ID) == value_of(before, SNMP_ENGINE_ID)
    boots_before = int(value_of(before, SNMP_ENGINE_BOOTS))
    assert int(value_of(after, SNMP_ENGINE_BOOTS)) == boots_before + 1


def test_factory_stop_silences_agent_and_saves_state(snmpd_factory: SnmpdFactory) -> None:
    agent = snmpd_factory()
    agent.stop()
    assert not agent.running
    result = tool(agent, "snmpget", "-v2c", "-c", agent.community_ro, agent.target4, SYS_UPTIME,
                  timeout=0.3, retries=0)  # fmt: skip
    assert result.returncode != 0
    saved = (agent.persistent_dir / "snmpd.conf").read_text()
    assert "oldEngineID" in saved
    assert saved.count("usmUser ") == len(V3_USERS)


def test_start_failure_raises_with_snmpd_log(snmpd_factory: SnmpdFactory) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        taken = squatter.getsockname()[1]
        with pytest.raises(SnmpdStartError, match="Error opening specified endpoint"):
            snmpd_factory(port=taken)
