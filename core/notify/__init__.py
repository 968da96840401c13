"""core.notify: receiving SNMP notifications (traps and informs, SNMPv1/v2c/v3).

    from core.notify import NotificationDecoder, NotificationReceiver, load_engine_state

    state = load_engine_state()                       # our persistent v3 engine id
    decoder = NotificationDecoder(engine_id=state.engine_id, boots=state.boots)
    with NotificationReceiver(decoder, "127.0.0.1", 1162).start() as receiver:
        ...                                           # receiver.log, receiver.stats

Modules: ``notification`` (the data), ``v1`` (Trap-PDU and RFC 3584 translation),
``remote_usm`` (v3 traps from authoritative senders), ``decoder`` (datagrams to
notifications and replies), ``receiver`` (socket and thread), ``log`` (ring
buffer), ``stats`` (counters, drop reasons, rate), ``engine_state`` (engine id
across runs), ``snmptrapd_format`` and ``jsonl`` (output).
"""

from __future__ import annotations

from core.notify.decoder import ConfiguredUser, Decoded, NotificationDecoder
from core.notify.engine_state import EngineState, load_engine_state
from core.notify.log import DEFAULT_CAPACITY, NotificationLog
from core.notify.notification import Notification, NotificationKind, V1Trap
from core.notify.receiver import (
    DEFAULT_TRAP_PORT,
    NotificationReceiver,
    ReceiverBindError,
    explain_bind_error,
    is_loopback,
    parse_listen_address,
)
from core.notify.stats import DropReason, RateCounter, ReceiverStats

__all__ = [
    "ConfiguredUser",
    "Decoded",
    "DropReason",
    "EngineState",
    "Notification",
    "NotificationDecoder",
    "NotificationKind",
    "NotificationLog",
    "NotificationReceiver",
    "RateCounter",
    "ReceiverBindError",
    "ReceiverStats",
    "V1Trap",
    "DEFAULT_CAPACITY",
    "DEFAULT_TRAP_PORT",
    "explain_bind_error",
    "is_loopback",
    "load_engine_state",
    "parse_listen_address",
]
