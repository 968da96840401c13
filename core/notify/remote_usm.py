"""SNMPv3 traps from authoritative senders (RFC 3414 3.2 as a non-authoritative receiver).

A trap's msgAuthoritativeEngineID is the sender's own engine id, so its users are
configured per sender engine, as snmptrapd's ``createUser -e ENGINEID``: their keys
are localized to that engine. ``RemoteUsm.open`` authenticates, checks timeliness
and decrypts; each failure is a ``DropReason``. Timeliness follows net-snmp's
rules for a remote engine: the latest boots/time seen is remembered per engine; a
message with lower boots, or the same boots and a time older than the latest by
more than the 150 s window, is a replay.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterable

from core.ber import read_octets
from core.errors import SnmpDecodeError
from core.message.v3 import V3Envelope, read_scoped_pdu
from core.pdu import Pdu
from core.security.auth import Authenticator
from core.security.priv import Privacy
from core.security.usm import MAX_ENGINE_BOOTS, TIME_WINDOW
from core.security.user import SecurityLevel, User

from core.notify.stats import DropReason

__all__ = ["RemoteUsm", "RemoteEngineTimes", "Opened"]


@dataclass(slots=True)
class _Keys:
    user: User
    auth: Authenticator | None
    priv: Privacy | None


@dataclass(slots=True)
class Opened:
    """An authenticated, decrypted v3 message."""

    user: User
    context_engine_id: bytes
    context_name: bytes
    pdu: Pdu


class RemoteEngineTimes:
    """The latest (boots, time) each remote engine sent, against our monotonic clock."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._latest: dict[bytes, tuple[int, int, float]] = {}

    def accept(self, engine_id: bytes, boots: int, engine_time: int) -> bool:
        """Whether a message is timely; remembers newer values (RFC 3414 3.2 step 7b)."""
        now = self._clock()
        known = self._latest.get(engine_id)
        if known is not None:
            their_boots, their_time, at = known
            if their_boots == MAX_ENGINE_BOOTS or boots < their_boots:
                return False
            if boots == their_boots and engine_time < their_time:
                estimated = their_time + int(now - at)
                return abs(estimated - engine_time) <= TIME_WINDOW
        if boots == MAX_ENGINE_BOOTS:
            return False
        self._latest[engine_id] = (boots, engine_time, now)
        return True


class RemoteUsm:
    """Users keyed by (sender engine id, user name)."""

    def __init__(self, users: Iterable[tuple[bytes, User]], clock: Callable[[], float] = time.monotonic) -> None:
        self._keys: dict[tuple[bytes, bytes], _Keys] = {}
        self._engines: set[bytes] = set()
        for engine_id, user in users:
            auth = user.auth_key.authenticator(engine_id) if user.auth_key else None
            priv = None
            if user.priv_key is not None and user.auth_key is not None:
                priv = user.priv_key.cipher(engine_id, user.auth_key.algorithm)
            self._keys[(engine_id, user.raw_name)] = _Keys(user, auth, priv)
            self._engines.add(engine_id)
        self.times = RemoteEngineTimes(clock)

    def __len__(self) -> int:
        return len(self._keys)

    def open(self, data: bytes, envelope: V3Envelope) -> Opened | DropReason:
        params = envelope.params
        if params.engine_id not in self._engines:
            return DropReason.unknown_engine
        keys = self._keys.get((params.engine_id, params.user_name))
        if keys is None:
            return DropReason.unknown_user
        level = envelope.level
        if level > keys.user.level:  # RFC 3414 3.2 step 5 (a lower level is the user's choice)
            return DropReason.unsupported_sec_level
        if keys.auth is not None:
            if not keys.auth.verify(data, envelope.auth_at, params.auth):
                return DropReason.wrong_digest
            if not self.times.accept(params.engine_id, params.boots, params.time):
                return DropReason.not_in_time_window
        pos, end = envelope.data_start, len(data)
        buf = data
        if level == SecurityLevel.authPriv:
            assert keys.priv is not None
            ciphertext, _ = read_octets(data, pos, end)
            try:
                buf = keys.priv.decrypt(ciphertext, params.priv, params.boots, params.time)
            except SnmpDecodeError:
                return DropReason.decryption_error
            pos, end = 0, len(buf)
        try:
            context_engine_id, context_name, pdu = read_scoped_pdu(buf, pos, end)
        except SnmpDecodeError:
            if level == SecurityLevel.authPriv:
                return DropReason.decryption_error  # a wrong privacy key
            raise
        return Opened(keys.user, context_engine_id, context_name, pdu)
