"""SNMPv3 against the real Net-SNMP snmpd fixture: every auth and privacy protocol,
password/master/localized keys, the error diagnoses, and keys cross-checked with net-snmp."""

from __future__ import annotations

import subprocess
import time
import uuid
from typing import Any

import pytest

from core import (
    DecryptionError,
    KeyType,
    Md5Key,
    SnmpSession,
    SnmpStatusError,
    TimeTicks,
    UnknownEngineId,
    UnknownUserName,
    User,
    WrongDigest,
)
from core.security import (
    Aes192CKey,
    Aes192Key,
    Aes256CKey,
    Aes256Key,
    Sha1Key,
    UnknownContext,
    auth_key_class,
    priv_key_class,
)
from core.security.derive import localize_key, localized_password_key, password_to_key
from snmpd_fixture import V3User

SYSTEM = "1.3.6.1.2.1.1"
SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
SYS_LOCATION = "1.3.6.1.2.1.1.6.0"
MISSING = "1.3.6.1.2.1.1.99.0"
SNMP_ENGINE_ID = "1.3.6.1.6.3.10.2.1.1.0"
TIMEOUT = 0.5


@pytest.fixture(scope="module")
def engine_id(snmpd: Any) -> bytes:
    """The agent's snmpEngineID as net-snmp reads it over v2c (independent of our discovery)."""
    out = subprocess.run(
        ["snmpget", "-v2c", "-c", snmpd.community_ro, "-Oqv", "-Ox", snmpd.target4, SNMP_ENGINE_ID],
        capture_output=True, text=True, env=snmpd.tool_env, check=True,
    ).stdout
    return bytes.fromhex(out.replace(" ", "").replace('"', "").strip())


@pytest.fixture(scope="module")
def system_oids(snmpd: Any) -> list[str]:
    with SnmpSession(snmpd.host4, snmpd.port, community=snmpd.community_ro) as v2c:
        return [oid for oid, _ in v2c.fetch(SYSTEM)]


def make_key(cls: type, passphrase: str, key_type: KeyType, hash_name: str, engine: bytes) -> Any:
    if key_type == KeyType.Password:
        return cls(passphrase)
    if key_type == KeyType.Master:
        return cls(password_to_key(hash_name, passphrase.encode()), KeyType.Master)
    return cls(localized_password_key(hash_name, passphrase.encode(), engine), KeyType.Localized)


def make_user(name: str, spec: V3User, key_type: KeyType, engine: bytes) -> User:
    if spec.auth_proto is None:
        return User(name)
    auth_cls = auth_key_class(spec.auth_proto)
    hash_name = auth_cls.algorithm.hash_name
    assert spec.auth_pass is not None
    auth = make_key(auth_cls, spec.auth_pass, key_type, hash_name, engine)
    priv = None
    if spec.priv_proto is not None:
        assert spec.priv_pass is not None
        priv = make_key(priv_key_class(spec.priv_proto), spec.priv_pass, key_type, hash_name, engine)
    return User(name, auth_key=auth, priv_key=priv)


def v3_session(snmpd: Any, user: User, host: str | None = None, **kwargs: Any) -> SnmpSession:
    kwargs.setdefault("timeout", TIMEOUT)
    return SnmpSession(host or snmpd.host4, snmpd.port, user=user, **kwargs)


def fixture_users() -> list[str]:
    from snmpd_fixture import V3_USERS

    return sorted(V3_USERS)


USER_KEY_TYPES = [
    (name, key_type)
    for name in fixture_users()
    for key_type in (KeyType.Password, KeyType.Master, KeyType.Localized)
    if name != "noauth" or key_type == KeyType.Password
]


@pytest.mark.parametrize(("name", "key_type"), USER_KEY_TYPES, ids=[f"{n}-{k.name}" for n, k in USER_KEY_TYPES])
def test_get_get_many_walk_and_set(
    snmpd: Any, engine_id: bytes, system_oids: list[str], name: str, key_type: KeyType
) -> None:
    spec = snmpd.v3_users[name]
    user = make_user(name, spec, key_type, engine_id)
    assert user.level.name == spec.level
    with v3_session(snmpd, user) as session:
        assert isinstance(session.get(SYS_UPTIME), TimeTicks)
        assert session.get_engine_id() == engine_id
        many = session.get_many([SYS_DESCR, MISSING, SYS_UPTIME])
        assert sorted(many) == [SYS_DESCR, SYS_UPTIME]
        assert [oid for oid, _ in session.fetch(SYSTEM)] == system_oids
        assert [oid for oid, _ in session.getnext("1.3.6.1.2.1.1.9.1.2")][:2] == [
            oid for oid in system_oids if oid.startswith("1.3.6.1.2.1.1.9.1.2.")
        ][:2]
        value = f"v3 {name} {uuid.uuid4().hex[:8]}".encode()
        if name in snmpd.v3_read_only_users:
            with pytest.raises(SnmpStatusError):
                session.set(SYS_LOCATION, value)
        else:
            assert session.set(SYS_LOCATION, value) == value
            assert session.get(SYS_LOCATION) == value
        assert session.stats.dropped == 0


def net_snmp_key_args(spec: V3User, engine: bytes, key_type: KeyType) -> list[str]:
    """snmpget flags passing our derived keys (-3m/-3M master, -3k/-3K localized)."""
    assert spec.auth_proto is not None and spec.auth_pass is not None
    hash_name = auth_key_class(spec.auth_proto).algorithm.hash_name
    ku = password_to_key(hash_name, spec.auth_pass.encode())
    if key_type == KeyType.Master:
        args = ["-3m", ku.hex()]
    else:
        args = ["-3k", localize_key(hash_name, ku, engine).hex()]
    if spec.priv_proto is not None and spec.priv_pass is not None:
        pku = password_to_key(hash_name, spec.priv_pass.encode())
        if key_type == KeyType.Master:
            args += ["-3M", pku.hex()]
        else:
            args += ["-3K", localize_key(hash_name, pku, engine).hex()]
    return args


CROSS_CHECK = [
    (name, key_type)
    for name in fixture_users()
    if name != "noauth"
    for key_type in (KeyType.Master, KeyType.Localized)
]


@pytest.mark.parametrize(("name", "key_type"), CROSS_CHECK, ids=[f"{n}-{k.name}" for n, k in CROSS_CHECK])
def test_net_snmp_accepts_the_keys_we_derive(snmpd: Any, engine_id: bytes, name: str, key_type: KeyType) -> None:
    spec = snmpd.v3_users[name]
    args = ["-v3", "-l", spec.level, "-u", name, "-a", spec.auth_proto]
    if spec.priv_proto:
        args += ["-x", spec.priv_proto]
    args += net_snmp_key_args(spec, engine_id, key_type)
    result = subprocess.run(
        ["snmpget", *args, "-t", "2", "-r", "0", "-Oqv", snmpd.target4, SYS_UPTIME],
        capture_output=True, text=True, env=snmpd.tool_env, check=False,
    )
    assert result.returncode == 0, result.stderr


def authpriv_user(snmpd: Any, name: str = "priv_aes", **override: Any) -> User:
    spec = snmpd.v3_users[name]._replace(**override)
    return make_user(name, spec, KeyType.Password, b"")


def test_authpriv_over_ipv6(snmpd: Any, system_oids: list[str]) -> None:
    with v3_session(snmpd, authpriv_user(snmpd, "priv_aes256c"), host=snmpd.host6) as session:
        assert [oid for oid, _ in session.fetch(SYSTEM)] == system_oids


def test_getbulk_pages_over_authpriv_match_v2c(snmpd: Any) -> None:
    interfaces = "1.3.6.1.2.1.2.2.1"
    with SnmpSession(snmpd.host4, snmpd.port, community=snmpd.community_ro) as v2c:
        expected = [oid for oid, _ in v2c.getbulk(interfaces, 3)]
    with v3_session(snmpd, authpriv_user(snmpd, "priv_des")) as session:
        assert [oid for oid, _ in session.getbulk(interfaces, 3)] == expected


def test_wrong_auth_passphrase_is_wrong_digest(snmpd: Any) -> None:
    user = authpriv_user(snmpd, auth_pass="not-the-auth-pass")
    with v3_session(snmpd, user) as session:
        started = time.monotonic()
        with pytest.raises(WrongDigest, match="wrong auth passphrase or protocol") as info:
            session.get(SYS_UPTIME)
        assert time.monotonic() - started < TIMEOUT
    assert "not-the-auth-pass" not in str(info.value)


def test_wrong_auth_protocol_is_wrong_digest(snmpd: Any) -> None:
    spec = snmpd.v3_users["auth_sha"]
    with v3_session(snmpd, User("auth_sha", auth_key=Md5Key(spec.auth_pass))) as session:
        with pytest.raises(WrongDigest):
            session.get(SYS_UPTIME)


def test_wrong_privacy_passphrase_is_diagnosed_within_a_timeout_and_a_probe(snmpd: Any) -> None:
    user = authpriv_user(snmpd, priv_pass="not-the-priv-pass")
    with v3_session(snmpd, user) as session:
        started = time.monotonic()
        with pytest.raises(DecryptionError, match="wrong privacy passphrase or protocol") as info:
            session.get(SYS_UPTIME)
        elapsed = time.monotonic() - started
    assert TIMEOUT <= elapsed < 2 * TIMEOUT
    assert "not-the-priv-pass" not in str(info.value)


def test_unknown_user(snmpd: Any) -> None:
    user = User("nobody-here", auth_key=Sha1Key("some-auth-pass"))
    with v3_session(snmpd, user) as session:
        with pytest.raises(UnknownUserName, match="'nobody-here'"):
            session.get(SYS_UPTIME)


def test_unknown_context(snmpd: Any) -> None:
    with v3_session(snmpd, authpriv_user(snmpd), context_name="no-such-context") as session:
        with pytest.raises(UnknownContext, match="'no-such-context'"):
            session.get(SYS_UPTIME)


def test_explicit_engine_id_skips_discovery(snmpd: Any, engine_id: bytes) -> None:
    with v3_session(snmpd, User("noauth"), engine_id=engine_id) as session:
        assert isinstance(session.get(SYS_UPTIME), TimeTicks)
        assert (session.stats.requests, session.stats.reports) == (1, 0)
    with v3_session(snmpd, authpriv_user(snmpd), engine_id=engine_id) as session:
        assert isinstance(session.get(SYS_UPTIME), TimeTicks)
        # No discovery: the first request learns the time from a notInTimeWindow report.
        assert (session.stats.requests, session.stats.reports) == (2, 1)
        assert isinstance(session.get(SYS_UPTIME), TimeTicks)
        assert session.stats.requests == 3


def test_wrong_explicit_engine_id(snmpd: Any) -> None:
    with v3_session(snmpd, authpriv_user(snmpd), engine_id=b"\x80\x00\x1f\x88\x04nope") as session:
        with pytest.raises(UnknownEngineId):
            session.get(SYS_UPTIME)


def test_refresh(snmpd: Any) -> None:
    with v3_session(snmpd, authpriv_user(snmpd, "priv_aes192")) as session:
        session.refresh()
        assert session.stats.requests == 2  # discovery + authenticated time sync
        assert isinstance(session.get(SYS_UPTIME), TimeTicks)
        assert session.stats.requests == 3


def test_agent_restart_is_followed(snmpd_factory: Any) -> None:
    agent = snmpd_factory()
    spec = agent.v3_users["priv_aes"]
    with v3_session(agent, make_user("priv_aes", spec, KeyType.Password, b"")) as session:
        session.get(SYS_UPTIME)
        engine = session.get_engine_id()
        agent.restart()
        assert isinstance(session.get(SYS_UPTIME), TimeTicks)
        assert session.get_engine_id() == engine
        assert session.stats.reports == 2  # discovery, then one notInTimeWindow after the restart


# Users whose auth hash is shorter than the AES key, so the key must be extended:
# the Blumenthal and the Reeder (Cisco) ways give different keys.
EXTENSION_USERS = {
    "ext_md5_aes256": ("MD5", Md5Key, "AES-256", Aes256Key, Aes256CKey),
    "ext_md5_aes256c": ("MD5", Md5Key, "AES-256-C", Aes256CKey, Aes256Key),
    "ext_sha_aes192": ("SHA", Sha1Key, "AES-192", Aes192Key, Aes192CKey),
    "ext_sha_aes192c": ("SHA", Sha1Key, "AES-192-C", Aes192CKey, Aes192Key),
}


def test_aes_key_extensions_blumenthal_and_reeder(snmpd_factory: Any) -> None:
    lines = []
    for name, (auth, _, priv, _, _) in EXTENSION_USERS.items():
        lines += [f'createUser {name} {auth} "{name}-auth" {priv} "{name}-priv"', f"group rwgroup usm {name}"]
    agent = snmpd_factory(extra_conf="\n".join(lines))
    for name, (_, auth_cls, _, right, wrong) in EXTENSION_USERS.items():
        good = User(name, auth_key=auth_cls(f"{name}-auth"), priv_key=right(f"{name}-priv"))
        with v3_session(agent, good) as session:
            assert isinstance(session.get(SYS_UPTIME), TimeTicks)
        bad = User(name, auth_key=auth_cls(f"{name}-auth"), priv_key=wrong(f"{name}-priv"))
        with v3_session(agent, bad, timeout=0.3) as session:
            with pytest.raises(DecryptionError):
                session.get(SYS_UPTIME)
