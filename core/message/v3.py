"""SNMPv3 message processing (RFC 3412) with the User-based Security Model (RFC 3414).

SNMPv3Message ::= SEQUENCE {
    msgVersion            INTEGER (3),
    msgGlobalData         SEQUENCE { msgID INTEGER, msgMaxSize INTEGER,
                                     msgFlags OCTET STRING (SIZE(1)), msgSecurityModel INTEGER },
    msgSecurityParameters OCTET STRING,          -- UsmSecurityParameters (core.security.usm)
    msgData               CHOICE { plaintext ScopedPDU, encryptedPDU OCTET STRING } }
ScopedPDU ::= SEQUENCE { contextEngineID OCTET STRING, contextName OCTET STRING, data PDU }

The msgID of a request is its PDU's request-id, so the session's matching
works unchanged; a REPORT is returned with its request-id set to the msgID.

Engine discovery runs before the first request (RFC 3414 4): an empty-user,
noAuthNoPriv GET whose REPORT (usmStatsUnknownEngineIDs) gives the engine id,
boots and time. A notInTimeWindow REPORT (time drift, agent restart) resyncs
the clock and resends the request: once, and once more per retry the session
allows, because an agent that restarts while copies of a request are on their
way (retransmissions, duplicated datagrams) answers each of them with its own
report; an exact copy of a report already acted on is dropped like any other
duplicate. An unknownEngineID REPORT for a discovered engine (the agent's id
changed) re-discovers it once.

Every response is checked before it is believed: security level, user, engine
id, HMAC, time window, decryption, msgID and context. Anything that fails is a
``SnmpDecodeError``, which the session drops and counts. Unauthenticated
REPORTs are accepted (an agent cannot authenticate "who are you?") but only
turn into errors, never into data.
"""

from __future__ import annotations

from typing import NamedTuple

from core.ber import (
    encode_integer,
    encode_length,
    encode_octets,
    encode_tlv,
    read_header,
    read_integer,
    read_octets,
)
from core.errors import (
    DecryptionError,
    SnmpAuthError,
    SnmpDecodeError,
    SnmpTimeoutError,
    UnknownContext,
    WrongDigest,
)
from core.engine_id import check_engine_id, parse_engine_id
from core.message.base import Exchange
from core.pdu import Pdu, PduType, decode_pdu, encode_pdu
from core.security.auth import Authenticator
from core.security.priv import Privacy
from core.security.reports import (
    USM_STATS_NOT_IN_TIME_WINDOWS,
    USM_STATS_UNKNOWN_ENGINE_IDS,
    report_error,
)
from core.security.usm import (
    EngineClock,
    UsmParameters,
    UsmReader,
    decode_usm_parameters,
    usm_layout,
)
from core.security.user import SecurityLevel, User
from core.types import Tag
from core.version import SnmpVersion


__all__ = [
    "V3Processor",
    "MAX_MESSAGE_SIZE",
    "USM_SECURITY_MODEL",
    "FLAG_AUTH",
    "FLAG_PRIV",
    "FLAG_REPORTABLE",
    "LEVEL_FLAGS",
    "FLAG_LEVELS",
    "MIN_MAX_SIZE",
    "V3Envelope",
    "read_v3_envelope",
    "read_scoped_pdu",
]

MAX_MESSAGE_SIZE = 65507
# msgSecurityModel and msgFlags (RFC 3412 6.4); the agent side shares them.
USM_SECURITY_MODEL = 3
FLAG_AUTH = 0x01
FLAG_PRIV = 0x02
FLAG_REPORTABLE = 0x04
LEVEL_FLAGS = {
    SecurityLevel.noAuthNoPriv: 0,
    SecurityLevel.authNoPriv: FLAG_AUTH,
    SecurityLevel.authPriv: FLAG_AUTH | FLAG_PRIV,
}
FLAG_LEVELS = {flags: level for level, flags in LEVEL_FLAGS.items()}
_CONFIRMED = frozenset((PduType.GET, PduType.GETNEXT, PduType.GETBULK, PduType.SET, PduType.INFORM))
_VERSION_TLV = encode_integer(3)
_EMPTY_TLV = encode_octets(b"")
_MODEL_TLV = encode_integer(USM_SECURITY_MODEL)
# msgGlobalData after the msgID, for each msgFlags value.
_GLOBAL_TAILS = {
    flags: encode_integer(MAX_MESSAGE_SIZE) + encode_octets(bytes((flags,))) + _MODEL_TLV
    for flags in range(8)
}
_GLOBAL_TAIL_SIZE = len(_GLOBAL_TAILS[0])
# RFC 3412 msgMaxSize (484..2^31-1): every engine accepts messages of this size.
MIN_MAX_SIZE = 484
# What the wrong-key probe asks for: every agent has it.
_SYS_UPTIME = "1.3.6.1.2.1.1.3.0"


class _Mode:
    """What the processor's exchanges are for. Plain strings, not an Enum: every message
    compares the mode, and an Enum member lookup costs CPython 3.11 ten times a global."""

    normal = "normal"
    discover = "discover"
    sync = "sync"
    probe = "probe"  # diagnosing a timeout: default context, maybe a lower level


# The levels and the PDU type that decoding compares every message with, as globals
# (each Enum member lookup would cost as much as the comparison several times over).
_NO_AUTH = SecurityLevel.noAuthNoPriv
_AUTH_PRIV = SecurityLevel.authPriv
_REPORT = PduType.REPORT


class _Report(NamedTuple):
    msg_id: int
    oid: str | None
    params: UsmParameters
    authenticated: bool
    datagram: bytes


class _Settled(Exception):
    """Ends a discovery or time-sync exchange at the REPORT that answers it."""

    def __init__(self, report: _Report) -> None:
        super().__init__("engine discovery report")
        self.report = report


class _Envelope(NamedTuple):
    """The octets of an accepted authenticated response that the next ones repeat.

    An agent's responses differ, message after message, in their length, msgID,
    MAC, salt and msgData; until its engine time ticks, the rest is the same:
    ``head`` (msgVersion to the msgID's length octet), ``middle`` (msgGlobalData's
    tail and the USM parameters up to the MAC) and ``after_mac`` (the privacy
    parameters' header). ``boots``, ``time`` and ``priv`` are what they say.
    """

    head: bytes
    id_length: int
    middle: bytes
    mac_length: int
    after_mac: bytes
    salt_length: int
    boots: int
    time: int
    priv: bool

    @classmethod
    def of(
        cls, data: bytes, at: int, auth_at: int, security_end: int, level: SecurityLevel, params: UsmParameters
    ) -> _Envelope | None:
        """The envelope of ``data`` (its content from ``at``), None when its msgID is not in
        the short form that ``_decode_known`` reads."""
        id_header = at + len(_VERSION_TLV) + 2
        if data[at + len(_VERSION_TLV) + 1] >= 0x80 or data[id_header] != Tag.INTEGER:
            return None
        id_length = data[id_header + 1]
        if not 0 < id_length < 5:
            return None
        id_end = id_header + 2 + id_length
        mac_end = auth_at + len(params.auth)
        salt_at = security_end - len(params.priv)
        return cls(
            data[at : id_header + 2], id_length, data[id_end:auth_at], len(params.auth),
            data[mac_end:salt_at], len(params.priv), params.boots, params.time, level == _AUTH_PRIV,
        )  # fmt: skip


class V3Envelope(NamedTuple):
    """What an incoming message says about itself before any key is used (RFC 3412 7.2 steps 1-3).

    ``auth_at`` is where the MAC sits in the message; ``data_start`` where msgData begins.
    """

    msg_id: int
    max_size: int
    level: SecurityLevel
    reportable: bool
    params: UsmParameters
    auth_at: int
    data_start: int


def read_v3_envelope(data: bytes) -> V3Envelope:
    """Parse an incoming SNMPv3 message up to its msgData (``SnmpDecodeError`` when malformed).

    The receiving side of an exchange (an agent, a notification receiver) checks the
    fields an authoritative engine relies on: msgID and msgMaxSize in range, one
    msgFlags octet, the USM security model and no privacy without authentication.
    """
    tag, pos, end = read_header(data, 0, len(data))
    if tag != Tag.SEQUENCE or end != len(data):
        raise SnmpDecodeError("message is not one SEQUENCE")
    version, pos = read_integer(data, pos, end)
    if version != 3:
        raise SnmpDecodeError(f"not an SNMPv3 message (msgVersion {version})")
    tag, pos, global_end = read_header(data, pos, end)
    if tag != Tag.SEQUENCE:
        raise SnmpDecodeError("msgGlobalData is not a SEQUENCE")
    msg_id, pos = read_integer(data, pos, global_end)
    max_size, pos = read_integer(data, pos, global_end)
    flags_octets, pos = read_octets(data, pos, global_end)
    model, pos = read_integer(data, pos, global_end)
    if len(flags_octets) != 1 or max_size < MIN_MAX_SIZE or not 0 <= msg_id < 1 << 31:
        raise SnmpDecodeError("invalid msgGlobalData")
    if model != USM_SECURITY_MODEL:
        raise SnmpDecodeError(f"security model {model} is not USM")
    flags = flags_octets[0]
    level = FLAG_LEVELS.get(flags & (FLAG_AUTH | FLAG_PRIV))
    if level is None:
        raise SnmpDecodeError("privacy without authentication")
    tag, pos, security_end = read_header(data, global_end, end)
    if tag != Tag.OCTET_STRING:
        raise SnmpDecodeError("msgSecurityParameters is not an OCTET STRING")
    params, auth_at = decode_usm_parameters(data, pos, security_end)
    return V3Envelope(msg_id, max_size, level, bool(flags & FLAG_REPORTABLE), params, auth_at, security_end)


def read_scoped_pdu(buf: bytes, pos: int, end: int) -> tuple[bytes, bytes, Pdu]:
    """(contextEngineID, contextName, PDU) of the plaintext ScopedPDU at ``buf[pos:end]``."""
    tag, pos, scoped_end = read_header(buf, pos, end)
    if tag != Tag.SEQUENCE:
        raise SnmpDecodeError("scopedPDU is not a SEQUENCE")
    context_engine_id, pos = read_octets(buf, pos, scoped_end)
    context_name, pos = read_octets(buf, pos, scoped_end)
    return context_engine_id, context_name, decode_pdu(buf, pos, scoped_end)


class V3Processor:
    """SNMPv3 messages for one agent and one USM user."""

    version = SnmpVersion.v3

    def __init__(
        self,
        user: User,
        *,
        engine_id: bytes | None = None,
        context_name: str | bytes = b"",
        context_engine_id: bytes | None = None,
    ) -> None:
        if not isinstance(user, User):
            raise TypeError(f"SNMPv3 needs a core.User, not {type(user).__name__}")
        self.user = user
        self.level = user.level
        self.context_name = _octets(context_name, "context name")
        self.context_engine_id = (
            None if context_engine_id is None else _engine_id(context_engine_id, "context engine id")
        )
        self.clock = EngineClock()
        self._explicit_engine = engine_id is not None
        self._engine_id: bytes | None = None
        self._engine_tlv = self._scoped_head = b""
        # What reading _scoped_head gives: the context of our requests.
        self._scoped_context = (b"", b"")
        self._usm = UsmReader()
        # The envelope of the last response accepted (see _decode_known).
        self._known: _Envelope | None = None
        # The msgSecurityParameters layout of the last message sent, and what it was for.
        self._layout_key: tuple[int, int, int, bytes, bytes] | None = None
        self._layout = (b"", b"")
        # msgGlobalData after the msgID in the last message, and the level its flags gave.
        self._global_tail: bytes | None = None
        self._global_level = SecurityLevel.noAuthNoPriv
        self._user_tlv = encode_octets(user.raw_name)
        self._auth: Authenticator | None = None
        self._priv: Privacy | None = None
        self._mode = _Mode.normal
        self._wire_level = self.level
        self._report: _Report | None = None
        self._recovered_msg_id = 0
        # Time resyncs done for the request _recovered_msg_id, and the report
        # datagram last acted on (its duplicates are dropped, not acted on again).
        self._resyncs = 0
        self._acted_report = b""
        # The counter of a duplicate report dropped since the last answer: when
        # the request then times out, that report is the better error.
        self._dropped_report: str | None = None
        if engine_id is not None:
            self._use_engine(_engine_id(engine_id, "engine id"))

    def __repr__(self) -> str:
        engine = self._engine_id.hex() if self._engine_id else "undiscovered"
        return f"V3Processor({self.user!r}, {self.level.name}, engine={engine})"

    @property
    def engine_id(self) -> bytes | None:
        """The agent's snmpEngineID (None until discovered)."""
        return self._engine_id

    def _use_engine(self, engine_id: bytes) -> None:
        """Bind the user's keys to ``engine_id`` (derivations are cached, see derive.py)."""
        user = self.user
        self._engine_id = engine_id
        self._known = None
        self._engine_tlv = encode_octets(engine_id)
        context_engine_id = self.context_engine_id or engine_id
        self._scoped_head = encode_octets(context_engine_id) + encode_octets(self.context_name)
        self._scoped_context = (context_engine_id, self.context_name)
        self._auth = user.auth_key.authenticator(engine_id) if user.auth_key else None
        if user.priv_key is not None and user.auth_key is not None:
            self._priv = user.priv_key.cipher(engine_id, user.auth_key.algorithm)

    # ------------------------------------------------------------ discovery

    def prepare(self, session: Exchange) -> None:
        if self._engine_id is None:
            self._discover(session)

    def refresh(self, session: Exchange) -> None:
        """Learn the engine id (unless given) and, for authenticated users, its time again."""
        if not self._explicit_engine:
            self._discover(session)
        if self.level != SecurityLevel.noAuthNoPriv:
            self._sync_time(session)

    def _discover(self, session: Exchange) -> None:
        report = self._settle(session, _Mode.discover, "engine discovery")
        if report is None or not report.params.engine_id:
            raise SnmpAuthError(f"engine discovery: {session.agent} reported no engine id")
        self._use_engine(report.params.engine_id)
        self.clock.reset(report.params.boots, report.params.time)
        if self.level != SecurityLevel.noAuthNoPriv and not (report.params.boots or report.params.time):
            self._sync_time(session)

    def _sync_time(self, session: Exchange) -> None:
        """An authenticated request with zero boots/time draws an authenticated notInTimeWindow."""
        self.clock.reset(0, 0)
        self._settle(session, _Mode.sync, "engine time synchronisation")

    def _settle(self, session: Exchange, mode: str, what: str) -> _Report | None:
        """Exchange one empty GET in ``mode``; the report that ends it, or None on a response."""
        self._mode = mode
        self._wire_level = SecurityLevel.authNoPriv if mode is _Mode.sync else SecurityLevel.noAuthNoPriv
        self._report = None
        try:
            session.exchange(Pdu(PduType.GET, session.next_request_id()), what)
        except _Settled as settled:
            return settled.report
        finally:
            self._mode = _Mode.normal
            self._wire_level = self.level
        return self._report

    # ------------------------------------------------------------ encoding

    def encode(self, pdu: Pdu) -> bytes:
        mode = self._mode
        if mode is _Mode.normal:
            boots, engine_time = self.clock.now()
            return self._message(
                pdu, self.level, self._engine_tlv, self._user_tlv, boots, engine_time, self._scoped_head
            )
        if mode is _Mode.discover:
            empty = _EMPTY_TLV
            return self._message(pdu, SecurityLevel.noAuthNoPriv, empty, empty, 0, 0, empty + empty)
        boots, engine_time = (0, 0) if mode is _Mode.sync else self.clock.now()
        scoped_head = self._scoped_head if mode is _Mode.sync else self._engine_tlv + _EMPTY_TLV
        return self._message(
            pdu, self._wire_level, self._engine_tlv, self._user_tlv, boots, engine_time, scoped_head
        )

    def _context(self) -> tuple[bytes, bytes]:
        """(contextEngineID, contextName) of requests now: a probe uses the default context."""
        assert self._engine_id is not None
        if self._mode is _Mode.probe:
            return self._engine_id, b""
        return self._scoped_context

    def _message(
        self,
        pdu: Pdu,
        level: SecurityLevel,
        engine_tlv: bytes,
        user_tlv: bytes,
        boots: int,
        engine_time: int,
        scoped_head: bytes,
    ) -> bytes:
        """One message; the engine id, user name and context arrive already encoded."""
        scoped = encode_tlv(Tag.SEQUENCE, scoped_head + encode_pdu(pdu))
        flags = LEVEL_FLAGS[level] | (FLAG_REPORTABLE if pdu.type in _CONFIRMED else 0)
        return self._seal(scoped, pdu.request_id, flags, engine_tlv, user_tlv, boots, engine_time)

    def _seal(
        self, scoped: bytes, msg_id: int, flags: int, engine_tlv: bytes, user_tlv: bytes, boots: int, engine_time: int
    ) -> bytes:
        """The message around the scopedPDU octets ``scoped``: encrypted and signed as ``flags`` ask."""
        auth = self._auth if flags & FLAG_AUTH else None
        salt = b""
        if flags & FLAG_PRIV:
            assert self._priv is not None
            ciphertext, salt = self._priv.encrypt(scoped, boots, engine_time)
            scoped = encode_octets(ciphertext)
        mac_length = auth.mac_length if auth else 0
        layout_key = (boots, engine_time, flags, engine_tlv, user_tlv)
        if layout_key != self._layout_key:
            security_head, priv_header = usm_layout(
                engine_tlv, boots, engine_time, user_tlv, mac_length, len(salt)
            )
            self._layout = (_GLOBAL_TAILS[flags] + security_head, priv_header)
            self._layout_key = layout_key
        after_id, priv_header = self._layout
        id_tlv = encode_integer(msg_id)  # msgGlobalData stays < 128 octets
        head = b"".join((_VERSION_TLV, b"\x30", bytes((len(id_tlv) + _GLOBAL_TAIL_SIZE,)), id_tlv, after_id))
        tail = b"".join((priv_header, salt, scoped))
        before = b"\x30" + encode_length(len(head) + mac_length + len(tail)) + head
        if auth is None:
            return before + tail
        return b"".join((before, auth.mac(before, tail), tail))

    # ------------------------------------------------------------ decoding

    def decode(self, data: bytes, lazy: bool = False) -> Pdu:
        known = self._known
        if known is not None and self._mode is _Mode.normal:
            try:
                pdu = self._decode_known(data, lazy, known)
            except SnmpDecodeError:
                pdu = None  # the general decoder says what is wrong
            if pdu is not None:
                return pdu
        return self._decode(data, lazy)

    def _decode_known(self, data: bytes, lazy: bool, known: _Envelope) -> Pdu | None:
        """A response in the envelope of the last one (see ``_Envelope``), or None for the
        general decoder to decide. Only octets equal to those of a message ``_decode``
        accepted are taken as read; the msgID, MAC, salt and msgData are new and checked
        as ``_decode`` checks them (MAC, decryption, msgID, context, time window). Nothing
        changes before the message is accepted (the engine clock only as it would then)."""
        end = len(data)
        tag, pos, stop = read_header(data, 0, end)
        head = known.head
        if tag != Tag.SEQUENCE or stop != end or not data.startswith(head, pos):
            return None
        id_at = pos + len(head)
        id_end = id_at + known.id_length
        middle = known.middle
        if not data.startswith(middle, id_end):
            return None
        auth_at = id_end + len(middle)
        mac_end = auth_at + known.mac_length
        after_mac = known.after_mac
        salt_at = mac_end + len(after_mac)
        data_at = salt_at + known.salt_length
        if data_at > end or not data.startswith(after_mac, mac_end):
            return None
        auth = self._auth
        assert auth is not None
        if not auth.verify(data, auth_at, data[auth_at:mac_end]):
            return None
        boots, engine_time = known.boots, known.time
        if known.priv:
            assert self._priv is not None
            tag, start, stop = read_header(data, data_at, end)
            if tag != Tag.OCTET_STRING or stop != end:
                return None
            buf, pos, end = self._priv.decrypt_span(
                memoryview(data)[start:stop], data[salt_at:data_at], boots, engine_time
            )
        else:
            buf, pos = data, data_at
        tag, pos, scoped_end = read_header(buf, pos, end)
        if tag != Tag.SEQUENCE or (buf is data and scoped_end != end):
            return None
        head = self._scoped_head
        if not buf.startswith(head, pos, scoped_end):
            return None
        pdu = decode_pdu(buf, pos + len(head), scoped_end, lazy)
        if (
            pdu.type == _REPORT
            or pdu.request_id != int.from_bytes(data[id_at:id_end], "big", signed=True)
            or not self.clock.accept(boots, engine_time)
        ):
            return None
        self._dropped_report = None
        return pdu

    def _decode(self, data: bytes, lazy: bool = False) -> Pdu:
        """The general decoder: every field read and checked."""
        tag, pos, end = read_header(data, 0, len(data))
        if tag != Tag.SEQUENCE or end != len(data):
            raise SnmpDecodeError("message is not one SEQUENCE")
        outer_at = pos
        if data[pos : pos + 3] != _VERSION_TLV:
            raise SnmpDecodeError("not an SNMPv3 message (msgVersion is not 3)")
        tag, pos, global_end = read_header(data, pos + 3, end)
        if tag != Tag.SEQUENCE:
            raise SnmpDecodeError("msgGlobalData is not a SEQUENCE")
        msg_id, pos = read_integer(data, pos, global_end)
        tail = data[pos:global_end]
        level = self._global_level if tail == self._global_tail else self._read_global_tail(data, pos, global_end)
        tag, pos, security_end = read_header(data, global_end, end)
        if tag != Tag.OCTET_STRING:
            raise SnmpDecodeError("msgSecurityParameters is not an OCTET STRING")
        params, auth_at = self._usm.decode(data, pos, security_end)
        if level != _NO_AUTH:
            self._authenticate(data, params, auth_at)
        if level == _AUTH_PRIV:
            buf, pos, end = self._decrypt(data, security_end, end, params)
        else:
            buf, pos = data, security_end
        tag, pos, scoped_end = read_header(buf, pos, end)
        if tag != Tag.SEQUENCE:
            raise SnmpDecodeError("scopedPDU is not a SEQUENCE")
        if buf is data and scoped_end != end:
            raise SnmpDecodeError("trailing bytes after the scopedPDU")
        head = self._scoped_head
        if head and buf.startswith(head, pos, scoped_end):
            # Our context, encoded as we send it (what reading it would give).
            context = self._scoped_context
            pos += len(head)
        else:
            context_engine_id, pos = read_octets(buf, pos, scoped_end)
            context_name, pos = read_octets(buf, pos, scoped_end)
            context = (context_engine_id, context_name)
        pdu = decode_pdu(buf, pos, scoped_end, lazy)
        if pdu.type == _REPORT:
            if data == self._acted_report:
                self._dropped_report = pdu.varbinds[0][0] if pdu.varbinds else None
                raise SnmpDecodeError("a duplicate of a report already acted on")
            return self._accept_report(msg_id, params, level, pdu, data)
        self._check_response(msg_id, level, params, context, pdu)
        if level != _NO_AUTH and self._mode is _Mode.normal and context is self._scoped_context:
            self._known = _Envelope.of(data, outer_at, auth_at, security_end, level, params)
        return pdu

    def _read_global_tail(self, data: bytes, pos: int, end: int) -> SecurityLevel:
        """Check msgMaxSize, msgFlags and msgSecurityModel at ``data[pos:end]``; the level the
        flags ask for. Remembered: the same octets in the next message need no checks."""
        tag, _, stop = read_header(data, pos, end)
        # msgFlags (one octet) and msgSecurityModel (USM) close msgGlobalData.
        tail = data[stop:end]
        if tag != Tag.INTEGER or len(tail) != 6 or tail[:2] != b"\x04\x01" or tail[3:] != _MODEL_TLV:
            raise SnmpDecodeError("msgGlobalData needs one msgFlags octet and the USM security model (3)")
        level = FLAG_LEVELS.get(tail[2] & (FLAG_AUTH | FLAG_PRIV))
        if level is None:
            raise SnmpDecodeError("msgFlags ask for privacy without authentication")
        self._global_tail, self._global_level = data[pos:end], level
        return level

    def _authenticate(self, data: bytes, params: UsmParameters, auth_at: int) -> None:
        auth = self._auth
        if auth is None:
            raise SnmpDecodeError("authenticated message, but the user has no auth key")
        if params.engine_id != self._engine_id:
            raise SnmpDecodeError("authenticated message from another engine id")
        if params.user_name != self.user.raw_name:
            raise SnmpDecodeError("authenticated message for another user")
        if not auth.verify(data, auth_at, params.auth):
            raise SnmpDecodeError("message failed authentication (wrong HMAC)")

    def _decrypt(self, data: bytes, pos: int, end: int, params: UsmParameters) -> tuple[bytes, int, int]:
        if self._priv is None:
            raise SnmpDecodeError("encrypted message, but the user has no privacy key")
        ciphertext, pos = read_octets(data, pos, end)
        if pos != end:
            raise SnmpDecodeError("trailing bytes after the encrypted scopedPDU")
        plaintext = self._priv.decrypt(ciphertext, params.priv, params.boots, params.time)
        return plaintext, 0, len(plaintext)

    def _accept_report(
        self, msg_id: int, params: UsmParameters, level: SecurityLevel, pdu: Pdu, datagram: bytes
    ) -> Pdu:
        oid = pdu.varbinds[0][0] if pdu.varbinds else None
        authenticated = level != SecurityLevel.noAuthNoPriv
        if authenticated:
            if oid == USM_STATS_NOT_IN_TIME_WINDOWS:
                self.clock.reset(params.boots, params.time)
            else:
                self.clock.accept(params.boots, params.time)
        self._report = _Report(msg_id, oid, params, authenticated, datagram)
        return Pdu(PduType.REPORT, msg_id, pdu.error_status, pdu.error_index, pdu.varbinds)

    def _check_response(
        self,
        msg_id: int,
        level: SecurityLevel,
        params: UsmParameters,
        context: tuple[bytes, bytes],
        pdu: Pdu,
    ) -> None:
        if pdu.request_id != msg_id:
            raise SnmpDecodeError(f"request-id {pdu.request_id} differs from msgID {msg_id}")
        if self._mode is _Mode.discover:
            # An agent that answers the discovery GET instead of reporting.
            self._report = _Report(msg_id, None, params, False, b"")
            return
        if level != self._wire_level:
            raise SnmpDecodeError(f"response at {level.name}, the request was {self._wire_level.name}")
        if level == _NO_AUTH:
            if params.user_name != self.user.raw_name or params.engine_id != self._engine_id:
                raise SnmpDecodeError("response for another user or engine id")
        elif not self.clock.accept(params.boots, params.time):
            raise SnmpDecodeError("response outside the time window (replayed or delayed)")
        if self._mode is not _Mode.sync and context != self._context():
            raise SnmpDecodeError("response for another context")
        self._dropped_report = None

    # ------------------------------------------------------------ reports

    def handle_report(self, pdu: Pdu, session: Exchange) -> None:
        report, self._report = self._report, None
        if report is None or report.msg_id != pdu.request_id:
            raise SnmpAuthError(f"{session.agent} sent a report that does not match the request")
        oid = report.oid
        if self._mode is _Mode.discover and report.params.engine_id:
            raise _Settled(report)
        if self._mode is _Mode.sync and oid == USM_STATS_NOT_IN_TIME_WINDOWS and report.authenticated:
            raise _Settled(report)
        if self._mode in (_Mode.normal, _Mode.probe) and oid == USM_STATS_NOT_IN_TIME_WINDOWS:
            if report.msg_id != self._recovered_msg_id:
                self._recovered_msg_id, self._resyncs = report.msg_id, 0
            if self._resyncs <= session.retries:
                self._resyncs += 1
                self._acted_report = report.datagram
                return
        if self._mode in (_Mode.normal, _Mode.probe) and report.msg_id != self._recovered_msg_id:
            if oid == USM_STATS_UNKNOWN_ENGINE_IDS and not self._explicit_engine and report.params.engine_id:
                self._recovered_msg_id = report.msg_id
                self._use_engine(report.params.engine_id)
                self.clock.reset(report.params.boots, report.params.time)
                return
        raise report_error(oid, self._who(session))

    def _who(self, session: Exchange) -> str:
        return f"{session.agent}, user {self.user.name!r} at {self._wire_level.name}"

    # ------------------------------------------------------------ diagnosis

    def diagnose_timeout(self, session: Exchange, timeout: SnmpTimeoutError) -> None:
        """After a timeout, probe to tell a wrong key or context from a dead agent.

        net-snmp drops, without a report, a request it cannot decrypt (and, for
        some agents, one it cannot authenticate) or one for an unknown context.
        Each probe is one GET of sysUpTime.0 in the default context, without
        retries: if it is answered at the same level, the context is wrong; if
        it is answered one level lower, that level's keys are right and the key
        of the failing level is wrong. Either raises the precise error instead
        of the timeout. When no probe is answered the timeout stands, and its
        message says that the probes ran too: they take one timeout each beyond
        timeout x (retries + 1).
        """
        if self._mode is not _Mode.normal:
            return
        dropped, self._dropped_report = self._dropped_report, None
        if dropped is not None:
            # The agent repeated, word for word, a report already acted on.
            raise report_error(dropped, self._who(session)) from timeout
        assert self._engine_id is not None
        who = f"{session.agent} answers user {self.user.name!r}"
        custom_context = self._context() != (self._engine_id, b"")
        self._mode = _Mode.probe
        probed: list[str] = []
        try:
            if custom_context and self._answers(session, self.level, probed):
                raise UnknownContext(
                    f"{who} in the default context but not in context "
                    f"{self.context_name.decode('utf-8', 'backslashreplace')!r}"
                ) from timeout
            if self.level == SecurityLevel.authPriv:
                lower, error = SecurityLevel.authNoPriv, DecryptionError
            elif self.level == SecurityLevel.authNoPriv:
                lower, error = SecurityLevel.noAuthNoPriv, WrongDigest
            else:
                lower = None
            if lower is not None and self._answers(session, lower, probed):
                raise error(f"{who} at {lower.name} but not at {self.level.name}") from timeout
        finally:
            self._mode = _Mode.normal
            self._wire_level = self.level
        if probed:
            raise SnmpTimeoutError(
                f"{timeout}; then {len(probed)} diagnostic probe(s) of {session.timeout:g} s "
                f"({', '.join(probed)}) got no answer either"
            ) from None

    def _answers(self, session: Exchange, level: SecurityLevel, probed: list[str]) -> bool:
        """Whether a probe at ``level`` draws any answer (a report raises its error);
        ``probed`` gets a word for each probe sent."""
        probed.append(f"{level.name}, default context")
        self._wire_level = level
        probe = Pdu(PduType.GET, session.next_request_id(), 0, 0, [(_SYS_UPTIME, None)])
        try:
            session.exchange(probe, f"a {level.name} probe", retries=0)
        except SnmpTimeoutError:
            return False
        return True


def _octets(value: str | bytes, what: str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"the {what} must be str or bytes, not {type(value).__name__}")


def _engine_id(value: bytes | str, what: str) -> bytes:
    """An snmpEngineID given as bytes or hex text (``80001f88...``, ``0x...``)."""
    try:
        return parse_engine_id(value) if isinstance(value, str) else check_engine_id(_octets(value, what))
    except ValueError as exc:
        raise ValueError(f"invalid {what}: {exc}") from None
