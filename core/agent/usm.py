"""The agent side of SNMPv3 (RFC 3412 7.2, RFC 3414 3.2): the authoritative engine.

``UsmModel`` checks an incoming v3 message in the order of RFC 3414 3.2 and
answers failures with the REPORT a real agent sends: usmStatsUnknownEngineIDs
(also the answer to engine discovery), usmStatsUnknownUserNames,
usmStatsUnsupportedSecLevels, usmStatsWrongDigests, usmStatsNotInTimeWindows
(authenticated, carrying the agent's boots and time) and usmStatsDecryptionErrors;
snmpUnknownContexts for a context other than the default one. Like net-snmp,
a request whose decrypted scoped PDU does not parse (a wrong privacy key) is
dropped without a report.

Keys, HMAC, ciphers and the USM parameter codec are the client's
(``core.security``); this module only plays the other role with them.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Iterable

from core.ber import encode_integer, encode_octets, encode_oid, encode_tlv, read_octets
from core.errors import SnmpDecodeError
from core.pdu import Pdu, PduType
# The msgFlags bits and the USM model number are the client's (one table of them).
from core.message.v3 import LEVEL_FLAGS, USM_SECURITY_MODEL, read_scoped_pdu, read_v3_envelope
from core.security.auth import Authenticator
from core.security.priv import Privacy
from core.security.reports import (
    USM_STATS_DECRYPTION_ERRORS,
    USM_STATS_NOT_IN_TIME_WINDOWS,
    USM_STATS_UNKNOWN_ENGINE_IDS,
    USM_STATS_UNKNOWN_USER_NAMES,
    USM_STATS_UNSUPPORTED_SEC_LEVELS,
    USM_STATS_WRONG_DIGESTS,
)
from core.security.usm import MAX_ENGINE_BOOTS, TIME_WINDOW, encode_usm_parameters
from core.security.user import SecurityLevel, User
from core.types import Counter32, Tag
from core.version import SnmpVersion

from core.agent.responder import Inbound, Response, encode_response_pdu
from core.agent.stats import AgentStats
from core.agent.store import encode_varbind

__all__ = ["AgentUser", "UsmModel", "make_engine_id", "SNMP_UNKNOWN_CONTEXTS"]

SNMP_UNKNOWN_CONTEXTS = "1.3.6.1.6.3.12.1.5.0"
# Enterprise 32473 (RFC 5612, documentation) with the 0x80000000 bit, format 5 (octets).
_ENGINE_ID_PREFIX = bytes.fromhex("80007ed905")
# Envelope bytes around the varbind list besides engine id, user, MAC and context
# (headers, msgID, sizes, flags, boots, time, salt, cipher padding, PDU fields).
_ENVELOPE = 112


def make_engine_id(seed: bytes | None = None) -> bytes:
    """An RFC 3411 snmpEngineID: the documentation enterprise and 8 octets (random by default)."""
    return _ENGINE_ID_PREFIX + (seed or os.urandom(8))[:27]


@dataclass(frozen=True)
class AgentUser:
    """A USM user the agent knows (``core.security.User``) and whether it may SET."""

    user: User
    can_write: bool = True


@dataclass(slots=True)
class _Keys:
    user: User
    can_write: bool
    auth: Authenticator | None
    priv: Privacy | None


@dataclass(slots=True)
class _Context:
    """What a response needs from its request."""

    msg_id: int
    keys: _Keys | None
    user_name: bytes
    level: SecurityLevel
    context_engine_id: bytes
    context_name: bytes


class UsmModel:
    """SNMPv3 with USM as an authoritative engine; see the module docstring."""

    versions = (SnmpVersion.v3,)

    def __init__(
        self,
        users: Iterable[User | AgentUser],
        stats: AgentStats,
        max_size: int,
        *,
        engine_id: bytes | None = None,
        boots: int = 1,
        clock: Any = time.monotonic,
        any_context: bool = False,
    ) -> None:
        """``any_context``: accept every contextEngineID and contextName (a notification
        receiver: an inform's context is its sender's, RFC 3413 3.2)."""
        self.any_context = any_context
        self.engine_id = engine_id if engine_id is not None else make_engine_id()
        if not 5 <= len(self.engine_id) <= 32:
            raise ValueError("an engine id has 5 to 32 octets")
        self.boots = boots
        self._clock = clock
        self._started = clock()
        self._stats = stats
        self.max_size = max_size
        self._users: dict[bytes, _Keys] = {}
        for entry in users:
            agent_user = entry if isinstance(entry, AgentUser) else AgentUser(entry)
            user = agent_user.user
            auth = user.auth_key.authenticator(self.engine_id) if user.auth_key else None
            priv = None
            if user.priv_key is not None and user.auth_key is not None:
                priv = user.priv_key.cipher(self.engine_id, user.auth_key.algorithm)
            self._users[user.raw_name] = _Keys(user, agent_user.can_write, auth, priv)

    def __repr__(self) -> str:
        return f"UsmModel(engine={self.engine_id.hex()}, {len(self._users)} users)"

    # ------------------------------------------------------------ clock

    def engine_time(self) -> int:
        return min(int(self._clock() - self._started), MAX_ENGINE_BOOTS)

    def restart(self) -> None:
        """A reboot: snmpEngineBoots + 1 and snmpEngineTime from 0."""
        self.boots = min(self.boots + 1, MAX_ENGINE_BOOTS)
        self._started = self._clock()

    # ------------------------------------------------------------ receiving

    def receive(self, data: bytes) -> Inbound | bytes | None:
        try:
            return self._receive(data)
        except SnmpDecodeError:
            self._stats.malformed += 1
            return None

    def _receive(self, data: bytes) -> Inbound | bytes | None:
        stats = self._stats
        envelope = read_v3_envelope(data)
        msg_id, max_size, level = envelope.msg_id, envelope.max_size, envelope.level
        reportable, params, auth_at = envelope.reportable, envelope.params, envelope.auth_at
        security_end, end = envelope.data_start, len(data)

        def report(oid: str, counter: int, keys: _Keys | None = None) -> bytes | None:
            if not reportable:
                return None
            context = _Context(msg_id, keys, params.user_name, SecurityLevel.authNoPriv if keys else
                               SecurityLevel.noAuthNoPriv, self.engine_id, b"")  # fmt: skip
            return self._report(context, oid, counter)

        if params.engine_id != self.engine_id:
            stats.unknown_engine += 1
            return report(USM_STATS_UNKNOWN_ENGINE_IDS, stats.unknown_engine)
        keys = self._users.get(params.user_name)
        if keys is None:
            stats.unknown_user += 1
            return report(USM_STATS_UNKNOWN_USER_NAMES, stats.unknown_user)
        if level > keys.user.level:
            stats.unsupported_sec_level += 1
            return report(USM_STATS_UNSUPPORTED_SEC_LEVELS, stats.unsupported_sec_level)
        if level >= SecurityLevel.authNoPriv:
            assert keys.auth is not None
            if not keys.auth.verify(data, auth_at, params.auth):
                stats.wrong_digest += 1
                return report(USM_STATS_WRONG_DIGESTS, stats.wrong_digest)
            if not self._in_time(params.boots, params.time):
                stats.not_in_time_window += 1
                return report(USM_STATS_NOT_IN_TIME_WINDOWS, stats.not_in_time_window, keys)
        if level == SecurityLevel.authPriv:
            assert keys.priv is not None
            ciphertext, pos = read_octets(data, security_end, end)
            try:
                buf = keys.priv.decrypt(ciphertext, params.priv, params.boots, params.time)
            except SnmpDecodeError:
                stats.decryption_errors += 1
                return report(USM_STATS_DECRYPTION_ERRORS, stats.decryption_errors)
            pos, end = 0, len(buf)
        else:
            buf, pos = data, security_end
        try:
            context_engine_id, context_name, pdu = read_scoped_pdu(buf, pos, end)
        except SnmpDecodeError:
            if level == SecurityLevel.authPriv:
                stats.decryption_errors += 1  # a wrong privacy key: net-snmp drops it silently
                return None
            raise
        context = _Context(msg_id, keys, params.user_name, level, context_engine_id, context_name)
        if not self.any_context and (context_engine_id != self.engine_id or context_name):
            stats.unknown_context += 1
            if not reportable:
                return None
            return self._report(context, SNMP_UNKNOWN_CONTEXTS, stats.unknown_context, pdu)
        return Inbound(
            pdu=pdu,
            version=SnmpVersion.v3,
            can_write=keys.can_write,
            max_size=min(max_size, self.max_size),
            overhead=self._overhead(context),
            context=context,
        )

    def _in_time(self, boots: int, engine_time: int) -> bool:
        """RFC 3414 3.2 step 7a: the authoritative engine's time window check."""
        if self.boots == MAX_ENGINE_BOOTS or boots != self.boots:
            return False
        return abs(engine_time - self.engine_time()) <= TIME_WINDOW

    def _overhead(self, context: _Context) -> int:
        mac = context.keys.auth.mac_length if context.keys and context.keys.auth else 0
        return (
            _ENVELOPE + len(self.engine_id) * 2 + len(context.user_name) + mac
            + len(context.context_name)
        )  # fmt: skip

    # ------------------------------------------------------------ sending

    def _report(self, context: _Context, oid: str, counter: int, pdu: Pdu | None = None) -> bytes:
        request_id = pdu.request_id if pdu is not None else context.msg_id
        varbind = encode_varbind(encode_oid(oid), Counter32(counter & 0xFFFFFFFF))
        report = Response(request_id, 0, 0, [varbind])
        return self._message(context, encode_response_pdu(report, pdu_type=PduType.REPORT), context.msg_id)

    def wrap(self, request: Inbound, response: Response, request_id: int | None = None) -> bytes:
        context: _Context = request.context
        msg_id = context.msg_id if request_id is None else request_id
        return self._message(context, encode_response_pdu(response, request_id), msg_id)

    def _message(self, context: _Context, pdu: bytes, msg_id: int) -> bytes:
        level = context.level
        keys = context.keys
        boots, engine_time = self.boots, self.engine_time()
        scoped = encode_tlv(
            Tag.SEQUENCE,
            encode_octets(context.context_engine_id) + encode_octets(context.context_name) + pdu,
        )
        salt = b""
        if level == SecurityLevel.authPriv:
            assert keys is not None and keys.priv is not None
            ciphertext, salt = keys.priv.encrypt(scoped, boots, engine_time)
            data = encode_octets(ciphertext)
        else:
            data = scoped
        auth = keys.auth if keys is not None and level != SecurityLevel.noAuthNoPriv else None
        global_data = encode_tlv(
            Tag.SEQUENCE,
            encode_integer(msg_id) + encode_integer(self.max_size)
            + encode_octets(bytes((LEVEL_FLAGS[level],))) + encode_integer(USM_SECURITY_MODEL),
        )  # fmt: skip
        security, auth_at = encode_usm_parameters(
            self.engine_id, boots, engine_time, context.user_name,
            auth.placeholder if auth else b"", salt,
        )  # fmt: skip
        version = encode_integer(3)
        body = version + global_data + security + data
        message = encode_tlv(Tag.SEQUENCE, body)
        if auth is None:
            return message
        offset = len(message) - len(body) + len(version) + len(global_data) + auth_at
        return message[:offset] + auth.sign(message) + message[offset + auth.mac_length :]
