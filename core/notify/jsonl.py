"""Notifications as JSON Lines: one object a line, for files and pipes.

    {"time": "2026-12-01T21:04:36.123+00:00", "source": "127.0.0.1:49698", "version": "v2c",
     "type": "trap", "notification": "IF-MIB::linkDown", "uptime": 41736,
     "varbinds": [{"oid": "1.3.6.1.2.1.2.2.1.8.3", "name": "IF-MIB::ifOperStatus.3",
                   "type": "INTEGER", "value": "down(2)"}, ...]}

SNMPv3 notifications add ``user`` (the security name) and ``engine_id`` (hex).
Never a community or a key. ``uptime`` and ``notification`` are null when the
sender left sysUpTime.0 or snmpTrapOID.0 out.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import IO, Any

from core.oid import format_oid

from core.notify.notification import Notification
from core.notify.text import VarbindText, as_text

__all__ = ["notification_record", "notification_json", "JsonLinesWriter"]


def _source(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def notification_record(notification: Notification, names: VarbindText) -> dict[str, Any]:
    trap_oid = notification.trap_oid
    record: dict[str, Any] = {
        "time": datetime.fromtimestamp(notification.received, timezone.utc).isoformat(timespec="milliseconds"),
        "source": _source(*notification.source),
        "version": notification.version.label,
        "type": notification.kind.value,
        "notification": as_text(names.oid_text(trap_oid)) if trap_oid is not None else None,
        "uptime": notification.uptime,
        "varbinds": [
            {
                "oid": format_oid(oid),
                "name": as_text(names.oid_text(oid)),
                "type": names.type_label(oid, value),
                "value": as_text(names.value_text(oid, value)),
            }
            for oid, value in notification.varbinds
        ],
    }
    if notification.user is not None:
        record["user"] = notification.user
    if notification.engine_id is not None:
        record["engine_id"] = notification.engine_id.hex()
    return record


def notification_json(notification: Notification, names: VarbindText) -> str:
    return json.dumps(notification_record(notification, names), ensure_ascii=False)


class JsonLinesWriter:
    """Appends one line per notification to ``stream`` and flushes it (a crash loses nothing)."""

    def __init__(self, stream: IO[str], names: VarbindText) -> None:
        self._stream = stream
        self._names = names

    def __call__(self, notification: Notification) -> None:
        self._stream.write(notification_json(notification, names=self._names) + "\n")
        self._stream.flush()
