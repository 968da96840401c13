"""SNMPv3 sessions against a scripted agent: forged replies are dropped, reports become
errors, the clock resyncs once, and timeouts are diagnosed as wrong keys when they are."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from core import (
    Aes128Key,
    DecryptionError,
    NotInTimeWindow,
    SnmpDecodeError,
    SnmpAuthError,
    SnmpSession,
    SnmpTimeoutError,
    TimeTicks,
    UnknownEngineId,
    UnknownUserName,
    User,
    WrongDigest,
)
from core.ber import read_header, read_integer, read_octets
from core.message.v3 import V3Processor
from core.pdu import Pdu, PduType, decode_pdu
from core.security import Sha256Key
from core.security.keys import AuthKey, PrivKey
from core.security.reports import (
    REPORTS,
    USM_STATS_NOT_IN_TIME_WINDOWS,
    USM_STATS_UNKNOWN_ENGINE_IDS,
    USM_STATS_UNKNOWN_USER_NAMES,
)
from core.errors import UnknownContext
from core.security.usm import UsmParameters, decode_usm_parameters
from core.types import Counter32

# ------------------------------------------------------------ a scripted agent
#
# It answers engine discovery, checks the time window like net-snmp (an
# authenticated notInTimeWindow REPORT when boots/time are off) and answers GETs
# from a small table. A test replaces ``reply`` to send broken, foreign or
# forged messages; ``encoder`` builds messages as any (possibly wrong) user,
# key or engine would.

ENGINE_ID = bytes.fromhex("80001f8804") + b"fake-agent"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
SYS_DESCR = "1.3.6.1.2.1.1.1.0"


@dataclass
class Request:
    msg_id: int
    flags: int
    params: UsmParameters
    pdu: Pdu | None  # None when encrypted with a key the agent does not have
    context_name: bytes = b""


@dataclass
class FakeV3Agent:
    user_name: str
    auth_key: AuthKey | None = None
    priv_key: PrivKey | None = None
    engine_id: bytes = ENGINE_ID
    boots: int = 3
    uptime_base: int = 5000
    values: dict[str, object] = field(
        default_factory=lambda: {SYS_DESCR: b"fake agent", SYS_UPTIME: TimeTicks(42)}
    )
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._started = time.monotonic()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.reply: Callable[[Request], list[bytes]] = self.default_reply
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    # ------------------------------------------------------------ life

    def close(self) -> None:
        self._stop = True
        self._thread.join()
        self.sock.close()

    def __enter__(self) -> FakeV3Agent:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> int:
        return self.uptime_base + int(time.monotonic() - self._started)

    def _run(self) -> None:
        self.sock.settimeout(0.02)
        while not self._stop:
            try:
                data, peer = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            request = self.parse(data)
            self.requests.append(request)
            for datagram in self.reply(request):
                self.sock.sendto(datagram, peer)

    # ------------------------------------------------------------ messages

    def encoder(
        self,
        *,
        user_name: str | None = None,
        auth_key: AuthKey | None | bool = True,
        priv_key: PrivKey | None | bool = True,
        engine_id: bytes | None = None,
        boots: int | None = None,
        engine_time: int | None = None,
        context_name: bytes = b"",
    ) -> V3Processor:
        """A processor that encodes messages as this agent (or a forger) would."""
        auth = self.auth_key if auth_key is True else auth_key
        priv = self.priv_key if priv_key is True else priv_key
        user = User(user_name or self.user_name, auth_key=auth or None, priv_key=priv if auth else None)
        processor = V3Processor(user, engine_id=engine_id or self.engine_id, context_name=context_name)
        processor.clock.reset(self.boots if boots is None else boots, self.now() if engine_time is None else engine_time)
        return processor

    def response(self, request: Request, varbinds: list | None = None, **forge: object) -> bytes:
        assert request.pdu is not None
        if varbinds is None:
            varbinds = [(oid, self.values.get(oid)) for oid, _ in request.pdu.varbinds]
        if not request.flags & 2:  # answer at the level asked
            forge.setdefault("priv_key", None)
        if not request.flags & 1:
            forge.setdefault("auth_key", None)
        return self.encoder(**forge).encode(Pdu(PduType.RESPONSE, request.msg_id, 0, 0, varbinds))  # type: ignore[arg-type]

    def report(self, request: Request, oid: str, *, authenticated: bool = False, **forge: object) -> bytes:
        if not authenticated:
            forge.setdefault("auth_key", None)
        forge.setdefault("priv_key", None)
        report = Pdu(PduType.REPORT, request.msg_id, 0, 0, [(oid, Counter32(1))])
        return self.encoder(**forge).encode(report)  # type: ignore[arg-type]

    def default_reply(self, request: Request) -> list[bytes]:
        if request.params.engine_id != self.engine_id:
            return [self.report(request, USM_STATS_UNKNOWN_ENGINE_IDS)]
        if request.flags & 1 and (
            request.params.boots != self.boots or abs(request.params.time - self.now()) > 150
        ):
            return [self.report(request, USM_STATS_NOT_IN_TIME_WINDOWS, authenticated=True)]
        return [self.response(request)]

    def parse(self, data: bytes) -> Request:
        _, pos, end = read_header(data, 0, len(data))
        _, pos = read_integer(data, pos, end)
        _, gpos, gend = read_header(data, pos, end)
        msg_id, gpos = read_integer(data, gpos, gend)
        _, gpos = read_integer(data, gpos, gend)
        flags, gpos = read_octets(data, gpos, gend)
        _, spos, send = read_header(data, gend, end)
        params, _ = decode_usm_parameters(data, spos, send)
        try:
            if flags[0] & 2:
                assert self.priv_key is not None and self.auth_key is not None
                ciphertext, _ = read_octets(data, send, end)
                cipher = self.priv_key.cipher(self.engine_id, self.auth_key.algorithm)
                data = cipher.decrypt(ciphertext, params.priv, params.boots, params.time)
                send, end = 0, len(data)
            _, pos, scoped_end = read_header(data, send, end)
            _, pos = read_octets(data, pos, scoped_end)
            context_name, pos = read_octets(data, pos, scoped_end)
            pdu: Pdu | None = decode_pdu(data, pos, scoped_end)
        except (AssertionError, SnmpDecodeError):
            pdu, context_name = None, b""  # encrypted for another engine or with a key the agent lacks
        return Request(msg_id, flags[0], params, pdu, context_name)


# ------------------------------------------------------------ tests

AUTH_PASS = "fake-auth-passphrase"
PRIV_PASS = "fake-priv-passphrase"
TIMEOUT = 0.2


def auth_key() -> Sha256Key:
    return Sha256Key(AUTH_PASS)


def priv_key() -> Aes128Key:
    return Aes128Key(PRIV_PASS)


@pytest.fixture
def agent() -> Iterator[FakeV3Agent]:
    with FakeV3Agent("alice", auth_key(), priv_key()) as fake:
        yield fake


def session(agent: FakeV3Agent, user: User | None = None, **kwargs: object) -> SnmpSession:
    user = user or User("alice", auth_key=auth_key(), priv_key=priv_key())
    return SnmpSession("127.0.0.1", agent.port, user=user, timeout=TIMEOUT, **kwargs)  # type: ignore[arg-type]


def flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 0x01])


def test_authpriv_get_with_discovery(agent: FakeV3Agent) -> None:
    with session(agent) as s:
        assert s.get(SYS_UPTIME) == TimeTicks(42)
        assert s.get_engine_id() == ENGINE_ID
        assert (s.stats.requests, s.stats.reports, s.stats.dropped) == (2, 1, 0)
    discovery, get = agent.requests
    assert discovery.params.engine_id == b"" and discovery.params.user_name == b"" and discovery.flags == 4
    assert get.flags == 7 and get.params.user_name == b"alice"
    assert get.params.boots == agent.boots and abs(get.params.time - agent.now()) <= 1


FORGERIES = {
    "bad HMAC": lambda a, r: flip_last_byte(a.response(r)),
    "zeroed MAC": lambda a, r: _zero_mac(a.response(r)),
    "another user": lambda a, r: a.response(r, user_name="mallory"),
    "another engine id": lambda a, r: a.response(r, engine_id=b"\x80\x00\x1f\x88\x04other"),
    "no authentication": lambda a, r: a.response(r, auth_key=None),
    "authenticated but not encrypted": lambda a, r: a.response(r, priv_key=None),
    "wrong auth key": lambda a, r: a.response(r, auth_key=Sha256Key("forged-passphrase")),
    "undecryptable": lambda a, r: a.response(r, priv_key=Aes128Key("forged-passphrase")),
    "another context": lambda a, r: a.response(r, context_name=b"other"),
    "outside the time window": lambda a, r: a.response(r, engine_time=a.now() - 1000),
    "an older boot": lambda a, r: a.response(r, boots=a.boots - 1),
}


def _zero_mac(message: bytes) -> bytes:
    _, pos, end = read_header(message, 0, len(message))
    _, pos = read_integer(message, pos, end)  # msgVersion
    _, pos, global_end = read_header(message, pos, end)
    _, pos, security_end = read_header(message, global_end, end)
    params, at = decode_usm_parameters(message, pos, security_end)
    return message[:at] + bytes(len(params.auth)) + message[at + len(params.auth) :]


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
def test_forged_or_broken_replies_are_never_accepted(agent: FakeV3Agent, forgery: str) -> None:
    forge = FORGERIES[forgery]

    def reply(request: Request) -> list[bytes]:
        if not request.params.engine_id:
            return agent.default_reply(request)
        # Only the authPriv request is answered (forged); the wrong-key probe is not.
        return [forge(agent, request)] if request.flags & 3 == 3 else []

    agent.reply = reply
    with session(agent) as s:
        with pytest.raises(SnmpTimeoutError):
            s.get(SYS_UPTIME)
        assert s.stats.dropped_malformed >= 1
        assert s.stats.responses == 0


def test_a_forged_reply_before_the_real_one_is_dropped_and_the_real_one_used(agent: FakeV3Agent) -> None:
    def reply(request: Request) -> list[bytes]:
        if not request.params.engine_id:
            return agent.default_reply(request)
        return [flip_last_byte(agent.response(request, [(SYS_DESCR, b"forged")])), agent.response(request)]

    agent.reply = reply
    with session(agent) as s:
        assert s.get(SYS_DESCR) == b"fake agent"
        assert s.stats.dropped_malformed == 1


def test_agent_restart_resyncs_once_and_retries(agent: FakeV3Agent) -> None:
    with session(agent) as s:
        s.get(SYS_UPTIME)
        agent.boots += 1  # the agent restarted: new boot, time from zero
        agent.uptime_base = -int(time.monotonic() - agent._started)
        assert s.get(SYS_UPTIME) == TimeTicks(42)
        assert s.stats.reports == 2  # discovery + one notInTimeWindow
        assert agent.requests[-1].params.boots == agent.boots


def test_persistent_not_in_time_window_raises_after_one_resync(agent: FakeV3Agent) -> None:
    def reply(request: Request) -> list[bytes]:
        if not request.params.engine_id:
            return agent.default_reply(request)
        return [agent.report(request, USM_STATS_NOT_IN_TIME_WINDOWS, authenticated=True)]

    agent.reply = reply
    with session(agent) as s:
        with pytest.raises(NotInTimeWindow, match="usmStatsNotInTimeWindows"):
            s.get(SYS_UPTIME)
        assert s.stats.requests == 3  # discovery, request, one resent request


def test_an_unauthenticated_time_report_does_not_move_the_clock(agent: FakeV3Agent) -> None:
    def reply(request: Request) -> list[bytes]:
        if not request.params.engine_id:
            return agent.default_reply(request)
        return [agent.report(request, USM_STATS_NOT_IN_TIME_WINDOWS, boots=999)]

    agent.reply = reply
    with session(agent) as s:
        with pytest.raises(NotInTimeWindow):
            s.get(SYS_UPTIME)
    assert [r.params.boots for r in agent.requests[1:]] == [agent.boots, agent.boots]


def test_discovery_without_time_values_syncs_with_an_authenticated_request(agent: FakeV3Agent) -> None:
    def reply(request: Request) -> list[bytes]:
        if not request.params.engine_id:
            return [agent.report(request, USM_STATS_UNKNOWN_ENGINE_IDS, boots=0, engine_time=0)]
        return agent.default_reply(request)

    agent.reply = reply
    with session(agent) as s:
        assert s.get(SYS_UPTIME) == TimeTicks(42)
        assert s.stats.requests == 3
    sync = agent.requests[1]
    assert sync.flags & 3 == 1 and (sync.params.boots, sync.params.time) == (0, 0)
    assert sync.pdu is not None and sync.pdu.varbinds == []


def test_a_changed_engine_id_is_rediscovered_once(agent: FakeV3Agent) -> None:
    with session(agent) as s:
        s.get(SYS_UPTIME)
        agent.engine_id = b"\x80\x00\x1f\x88\x04new-engine"
        assert s.get(SYS_UPTIME) == TimeTicks(42)
        assert s.get_engine_id() == agent.engine_id


def test_an_explicit_engine_id_skips_discovery(agent: FakeV3Agent) -> None:
    with session(agent, engine_id=ENGINE_ID) as s:
        assert s.get(SYS_UPTIME) == TimeTicks(42)
        # No discovery: the first request draws notInTimeWindow, the resent one succeeds.
        assert s.stats.requests == 2 and s.stats.reports == 1
    assert all(r.params.engine_id == ENGINE_ID for r in agent.requests)


def test_a_wrong_explicit_engine_id_is_an_error(agent: FakeV3Agent) -> None:
    with session(agent, engine_id=b"\x80\x00\x1f\x88\x04wrong") as s:
        with pytest.raises(UnknownEngineId, match="usmStatsUnknownEngineIDs"):
            s.get(SYS_UPTIME)


def test_noauth_user_with_explicit_engine_id_needs_one_request() -> None:
    with FakeV3Agent("guest") as fake:
        with session(fake, User("guest"), engine_id=ENGINE_ID) as s:
            assert s.get(SYS_DESCR) == b"fake agent"
            assert s.stats.requests == 1
        assert fake.requests[0].flags == 4


def test_refresh_rediscovers_and_resyncs(agent: FakeV3Agent) -> None:
    with session(agent) as s:
        s.get(SYS_UPTIME)
        before = len(agent.requests)
        s.refresh()
        discovery, sync = agent.requests[before:]
        assert discovery.params.engine_id == b""
        assert (sync.params.boots, sync.params.time) == (0, 0) and sync.flags & 1
        assert s.get(SYS_UPTIME) == TimeTicks(42)


SECRET_FREE_REPORTS = sorted(set(REPORTS) - {USM_STATS_NOT_IN_TIME_WINDOWS, USM_STATS_UNKNOWN_ENGINE_IDS})


@pytest.mark.parametrize("oid", SECRET_FREE_REPORTS)
def test_reports_become_their_errors(agent: FakeV3Agent, oid: str) -> None:
    name, error = REPORTS[oid]

    def reply(request: Request) -> list[bytes]:
        if not request.params.engine_id:
            return agent.default_reply(request)
        return [agent.report(request, oid)]

    agent.reply = reply
    with session(agent) as s:
        with pytest.raises(error) as info:
            s.get(SYS_UPTIME)
    text = str(info.value)
    assert isinstance(info.value, SnmpAuthError)
    assert name in text and f"127.0.0.1:{agent.port}" in text and "'alice'" in text
    assert error.advice in text
    assert AUTH_PASS not in text and PRIV_PASS not in text


def test_silently_dropped_authpriv_is_diagnosed_as_a_wrong_privacy_key(agent: FakeV3Agent) -> None:
    def reply(request: Request) -> list[bytes]:
        if request.flags & 2:
            return []  # like net-snmp when it cannot decrypt
        return agent.default_reply(request)

    agent.reply = reply
    with session(agent) as s:
        started = time.monotonic()
        with pytest.raises(DecryptionError, match="wrong privacy passphrase or protocol") as info:
            s.get(SYS_UPTIME)
        elapsed = time.monotonic() - started
    assert elapsed < 2 * TIMEOUT  # one timeout plus an answered probe
    assert isinstance(info.value.__cause__, SnmpTimeoutError)
    probe = agent.requests[-1]
    assert probe.flags & 3 == 1 and probe.pdu is not None and probe.pdu.varbinds[0][0] == SYS_UPTIME
    assert PRIV_PASS not in str(info.value)


def test_a_context_the_agent_drops_is_diagnosed_as_unknown(agent: FakeV3Agent) -> None:
    def reply(request: Request) -> list[bytes]:
        return [] if request.context_name else agent.default_reply(request)

    agent.reply = reply
    with session(agent, context_name="vlan7") as s:
        with pytest.raises(UnknownContext, match="in the default context but not in context 'vlan7'"):
            s.get(SYS_UPTIME)
    request, probe = agent.requests[1:]
    assert (request.context_name, probe.context_name) == (b"vlan7", b"")
    assert probe.flags & 3 == 3  # same level: only the context differs


def test_a_dead_agent_still_times_out_after_the_probe(agent: FakeV3Agent) -> None:
    def reply(request: Request) -> list[bytes]:
        return agent.default_reply(request) if not request.params.engine_id else []

    agent.reply = reply
    with session(agent) as s:
        with pytest.raises(SnmpTimeoutError, match=f"127.0.0.1:{agent.port}"):
            s.get(SYS_UPTIME)
    assert [r.flags & 3 for r in agent.requests[1:]] == [3, 1]  # the request, then the probe


def test_silently_dropped_authnopriv_is_diagnosed_as_a_wrong_auth_key() -> None:
    with FakeV3Agent("bob", auth_key()) as fake:

        def reply(request: Request) -> list[bytes]:
            return [] if request.flags & 1 else fake.default_reply(request)

        fake.reply = reply
        with session(fake, User("bob", auth_key=auth_key())) as s:
            with pytest.raises(WrongDigest, match="answers user 'bob' at noAuthNoPriv"):
                s.get(SYS_UPTIME)


def test_a_probe_answered_by_unknown_user_names_the_user(agent: FakeV3Agent) -> None:
    def reply(request: Request) -> list[bytes]:
        if not request.params.engine_id:
            return agent.default_reply(request)
        return [] if request.flags & 2 else [agent.report(request, USM_STATS_UNKNOWN_USER_NAMES)]

    agent.reply = reply
    with session(agent) as s:
        with pytest.raises(UnknownUserName):
            s.get(SYS_UPTIME)


def test_session_and_processor_reprs_hide_secrets(agent: FakeV3Agent) -> None:
    with session(agent) as s:
        s.get(SYS_UPTIME)
        for text in (repr(s), repr(s._mp), repr(s._mp.user), str(s.stats)):
            assert AUTH_PASS not in text and PRIV_PASS not in text
        assert "alice" in repr(s._mp) and ENGINE_ID.hex() in repr(s._mp)


def test_a_huge_request_id_during_discovery_is_dropped_before_authentication(agent: FakeV3Agent) -> None:
    """Issue 11.2: an unauthenticated answer to discovery whose PDU request-id has 2000
    octets once raised ValueError (the id did not fit in an error message)."""
    from core.ber import encode_integer, encode_octets, encode_tlv

    def hostile(request: Request) -> bytes:
        pdu = encode_tlv(0xA2, encode_tlv(0x02, b"\x01" * 2000) + encode_integer(0) * 2 + encode_tlv(0x30, b""))
        usm = encode_tlv(0x30, encode_octets(ENGINE_ID) + encode_integer(3) + encode_integer(9)
                         + encode_octets(b"") * 3)  # fmt: skip
        header = encode_tlv(0x30, encode_integer(request.msg_id) + encode_integer(65507)
                            + encode_octets(b"\x00") + encode_integer(3))  # fmt: skip
        scoped = encode_tlv(0x30, encode_octets(ENGINE_ID) + encode_octets(b"") + pdu)
        return encode_tlv(0x30, encode_integer(3) + header + encode_octets(usm) + scoped)

    def reply(request: Request) -> list[bytes]:
        if not request.params.engine_id:
            return [hostile(request), *agent.default_reply(request)]
        return agent.default_reply(request)

    agent.reply = reply
    with session(agent) as s:
        assert s.get_engine_id() == ENGINE_ID
        assert s.stats.dropped_malformed == 1


def test_a_timeout_says_that_diagnostic_probes_ran_beyond_the_budget(agent: FakeV3Agent) -> None:
    """Issue 11.8: the wrong-key probe takes one timeout beyond timeout x (retries + 1); the
    error says so instead of the wait being unexplained."""

    def reply(request: Request) -> list[bytes]:
        return agent.default_reply(request) if not request.params.engine_id else []

    agent.reply = reply
    with session(agent, retries=1) as s:
        with pytest.raises(SnmpTimeoutError, match=r"\(2 x 0.2 s, v3\); then 1 diagnostic probe\(s\) of 0.2 s "
                                                   r"\(authNoPriv, default context\) got no answer either"):
            s.get(SYS_UPTIME)
    assert len(agent.requests) == 1 + 2 + 1  # discovery, two tries, one probe
