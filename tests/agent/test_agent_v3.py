"""The agent as an SNMPv3 engine: every USM auth/priv pair, REPORTs, time window, restarts."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import (
    DecryptionError,
    NotInTimeWindow,
    SnmpSession,
    SnmpStatusError,
    UnknownEngineId,
    UnknownUserName,
    UnsupportedSecLevel,
    WrongDigest,
)
from core.agent import Faults, RunningAgent, start_background
from core.agent.demo import DemoDevice
from core.agent.usm import AgentUser
from core.pdu import PduType
from core.security import User, auth_key_class, priv_key_class
from core.errors import UnknownContext
from snmpd_fixture import V3_READ_ONLY_USERS, V3_USERS, V3User, require_tools, tool_env, user_args

SYS_NAME = "1.3.6.1.2.1.1.5.0"
SYS_DESCR = "1.3.6.1.2.1.1.1.0"


def core_user(name: str, spec: V3User, *, auth_pass: str | None = None, priv_pass: str | None = None) -> User:
    auth = auth_key_class(spec.auth_proto)(auth_pass or spec.auth_pass) if spec.auth_proto else None
    priv = priv_key_class(spec.priv_proto)(priv_pass or spec.priv_pass) if spec.priv_proto else None
    return User(name, auth_key=auth, priv_key=priv)


def agent_users() -> list[AgentUser]:
    return [AgentUser(core_user(n, u), can_write=n not in V3_READ_ONLY_USERS) for n, u in V3_USERS.items()]


@pytest.fixture(scope="module")
def running() -> Iterator[RunningAgent]:
    with start_background(DemoDevice(), users=agent_users()) as agent:
        yield agent


def session(agent: RunningAgent, name: str = "priv_aes", **kw: object) -> SnmpSession:
    user = kw.pop("user", None) or core_user(name, V3_USERS[name])
    return SnmpSession("127.0.0.1", agent.port, user=user, timeout=kw.pop("timeout", 1.0), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", list(V3_USERS))
def test_net_snmp_reads_with_every_user(running: RunningAgent, name: str, tmp_path: Path) -> None:
    require_tools()
    result = subprocess.run(
        ["snmpget", *user_args(name), "-On", "-t", "2", f"127.0.0.1:{running.port}", SYS_NAME],
        capture_output=True, text=True, env=tool_env(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f'.{SYS_NAME} = STRING: "demo-rtr-1"'


def test_core_session_discovers_the_engine_and_walks(running: RunningAgent) -> None:
    with session(running) as s:
        assert s.get_engine_id() == running.agent.engine_id
        rows = list(s.fetch("1.3.6.1.2.1.2.2.1.2"))
    assert len(rows) == 28 and rows[0] == ("1.3.6.1.2.1.2.2.1.2.1", b"GigabitEthernet1/0/1")


def test_set_is_allowed_to_writers_only(running: RunningAgent) -> None:
    with session(running, "auth_sha256") as s:
        assert s.set("1.3.6.1.2.1.1.6.0", b"moved over v3") == b"moved over v3"
    with session(running, "ro_authpriv") as s:
        with pytest.raises(SnmpStatusError, match="noAccess"):
            s.set("1.3.6.1.2.1.1.6.0", b"not allowed")
        assert s.get("1.3.6.1.2.1.1.6.0") == b"moved over v3"


def test_wrong_auth_passphrase_is_a_wrong_digest_report(running: RunningAgent) -> None:
    user = core_user("auth_sha", V3_USERS["auth_sha"], auth_pass="not-the-password")
    before = running.stats.wrong_digest
    with session(running, user=user) as s, pytest.raises(WrongDigest):
        s.get(SYS_NAME)
    assert running.stats.wrong_digest > before


def test_unknown_user_is_reported(running: RunningAgent) -> None:
    user = core_user("mallory", V3_USERS["auth_sha"])
    with session(running, user=user) as s, pytest.raises(UnknownUserName):
        s.get(SYS_NAME)


def test_an_agent_without_users_still_answers_discovery_and_reports_the_user() -> None:
    with start_background(DemoDevice()) as agent:
        user = core_user("alice", V3_USERS["priv_aes"])
        with session(agent, user=user) as s, pytest.raises(UnknownUserName):
            s.get(SYS_NAME)
        assert s.stats.reports >= 1


def test_a_level_the_user_does_not_have_is_unsupported(running: RunningAgent) -> None:
    spec = V3_USERS["auth_sha"]._replace(priv_proto="AES", priv_pass="some-priv-pass")
    with session(running, user=core_user("auth_sha", spec)) as s, pytest.raises(UnsupportedSecLevel):
        s.get(SYS_NAME)


def test_wrong_explicit_engine_id_is_reported(running: RunningAgent) -> None:
    with session(running, engine_id=bytes.fromhex("8000000001020304")) as s, pytest.raises(UnknownEngineId):
        s.get(SYS_NAME)


def test_wrong_privacy_passphrase_is_dropped_like_net_snmp_and_diagnosed(running: RunningAgent) -> None:
    user = core_user("priv_des", V3_USERS["priv_des"], priv_pass="not-the-privacy")
    before = running.stats.decryption_errors
    with session(running, user=user, timeout=0.3) as s, pytest.raises(DecryptionError):
        s.get(SYS_NAME)
    assert running.stats.decryption_errors > before
    assert running.stats.reports >= 1


def test_unknown_context_is_reported(running: RunningAgent) -> None:
    with session(running, context_name="vrf-blue") as s, pytest.raises(UnknownContext):
        s.get(SYS_NAME)


def test_restart_bumps_boots_and_the_session_resyncs_once(running: RunningAgent) -> None:
    with session(running) as s:
        assert s.get(SYS_NAME) == b"demo-rtr-1"
        boots = running.agent.usm.boots
        reports = running.stats.not_in_time_window
        running.restart()
        assert s.get(SYS_NAME) == b"demo-rtr-1"
    assert running.agent.usm.boots == boots + 1
    assert running.stats.not_in_time_window == reports + 1


def test_an_agent_restarting_on_every_request_fails_after_one_resync() -> None:
    with start_background(DemoDevice(), users=agent_users()) as agent:
        with session(agent) as s:
            s.get_engine_id()
            agent.faults = Faults(restart_every=1)
            with pytest.raises(NotInTimeWindow):
                s.get(SYS_NAME)


def test_responses_respect_a_small_agent_message_size() -> None:
    users = agent_users()
    with start_background(DemoDevice(), users=users, max_message_size=600) as agent:
        with session(agent) as s:
            big_get = s.request(PduType.GET, [(SYS_DESCR, None)] * 12)
            assert big_get.error_status == 1 and big_get.varbinds == []
            page = s.request(PduType.GETBULK, [("1.3.6.1.2.1.2.2.1.2", None)], 0, 50)
            assert page.error_status == 0 and 5 < len(page.varbinds) < 28


def test_a_walk_survives_restarts_whose_reports_arrive_twice() -> None:
    """Issue 11.3: every report duplicated; the copy of a report already acted on is dropped."""
    with start_background(DemoDevice(), users=agent_users()) as agent:
        with session(agent) as s:
            expected = [oid for oid, _ in s.fetch("1.3.6.1.2.1")]
            agent.faults = Faults(restart_every=5, duplicate=1.0)
            assert [oid for oid, _ in s.fetch("1.3.6.1.2.1")] == expected  # values move: restarts
            assert s.stats.reports > 3 and s.stats.dropped_malformed > 0


def test_a_reboot_behind_slow_replies_resyncs_once_per_retry() -> None:
    """Issue 11.3: replies slower than the timeout, then a reboot: each copy of the request
    draws its own notInTimeWindow report; the second is not fatal while retries remain."""
    with start_background(DemoDevice(), users=agent_users()) as agent:
        with session(agent, timeout=0.2, retries=1) as s:
            s.get_engine_id()
            agent.faults = Faults(delay=0.3)
            agent.restart()
            assert s.get(SYS_NAME) == b"demo-rtr-1"
            assert s.stats.reports >= 3
