"""snmptrapd's default output for a notification (net-snmp 5.9 ``snmptrapd -f -Lo``).

SNMPv2c/v3 (``PRINT_V23_NOTIFICATION_FORMAT``, ``%.4y-%.2m-%.2l %.2h:%.2j:%.2k %B [%b]:\\n%v\\n``)::

    2026-12-01 21:04:36 localhost [UDP: [127.0.0.1]:49698->[127.0.0.1]:16299]:
    SNMPv2-MIB::sysUpTime.0 = Timeticks: (41736) 0:06:57.36<TAB>SNMPv2-MIB::snmpTrapOID.0 = ...

SNMPv1 (the built-in plain format)::

    2026-12-01 21:04:36 127.0.0.1 [127.0.0.1] (via UDP: [127.0.0.1]:44246->[127.0.0.1]:16299) TRAP, SNMP v1, community ****
    <TAB>NET-SNMP-EXAMPLES-MIB::netSnmpExampleNotifications Link Down Trap (0) Uptime: 0:06:57.34
    <TAB>IF-MIB::ifIndex.3 = INTEGER: 3

The one deliberate difference: snmptrapd prints a v1 trap's community; we print
``****`` (communities are secrets here). Host names follow net-snmp's rules:
``%B`` (the sender of a v2c/v3 notification) is looked up unless ``numeric``
(``<UNKNOWN>`` when it has no name);
the v1 agent-addr is printed numerically unless ``numeric`` — net-snmp 5.9 has
this test inverted (``convert_agent_addr``), and we print what it prints.
"""

from __future__ import annotations

import socket
import time
from typing import Callable

from core.oid import OidTuple
from core.pdu import PduType
from core.secret import MASK

from core.notify.notification import Notification
from core.notify.text import VarbindText
from core.notify.v1 import ENTERPRISE_SPECIFIC

__all__ = ["format_snmptrapd", "uptime_string", "transport_text", "TRAP_DESCRIPTIONS"]

TRAP_DESCRIPTIONS = (
    "Cold Start",
    "Warm Start",
    "Link Down",
    "Link Up",
    "Authentication Failure",
    "EGP Neighbor Loss",
    "Enterprise Specific",
)
_WRAP_NAMES = {PduType.TRAP_V1: "TRAP", PduType.TRAP_V2: "TRAP2", PduType.INFORM: "INFORM"}

HostLookup = Callable[[str], str]


def uptime_string(ticks: int, numeric: bool = False) -> str:
    """net-snmp's uptimeString: ``0:06:57.34``, ``1 day, 2:03:04.05``, ``3 days, ...``."""
    if numeric:
        return str(ticks)
    centis = ticks % 100
    seconds = ticks // 100
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    clock = f"{hours}:{minutes:02d}:{seconds:02d}.{centis:02d}"
    if days == 0:
        return clock
    return f"{days} day{'s' if days != 1 else ''}, {clock}"


def _endpoint(host: str, port: int) -> str:
    return f"[{host}]:{port}"


def transport_text(notification: Notification) -> str:
    """``UDP: [127.0.0.1]:44246->[127.0.0.1]:162``; over IPv6 net-snmp shows only the
    sender: ``UDP/IPv6: [::1]:44246``."""
    source, local = notification.source, notification.local
    if ":" in source[0]:
        return f"UDP/IPv6: {_endpoint(*source)}"
    return f"UDP: {_endpoint(*source)}->{_endpoint(*local)}"


_UNKNOWN = "<UNKNOWN>"
_NAME_SECONDS = 300.0
_names: dict[str, tuple[str, float]] = {}


def lookup_host(address: str) -> str:
    """``%B``: the sender's name by reverse lookup (gethostbyaddr), ``<UNKNOWN>`` when it has
    none, as net-snmp prints it. Answers are kept five minutes (a flood from one sender
    asks once)."""
    now = time.monotonic()
    known = _names.get(address)
    if known is not None and known[1] > now:
        return known[0]
    try:
        name = socket.gethostbyaddr(address)[0]
    except (OSError, UnicodeError):
        name = _UNKNOWN
    if len(_names) >= 1024:
        _names.clear()
    _names[address] = (name, now + _NAME_SECONDS)
    return name


def agent_host(address: str) -> str:
    """A v1 agent-addr by getnameinfo (numeric when it has no name), as convert_agent_addr."""
    try:
        return socket.getnameinfo((address, 0), 0)[0]
    except (OSError, UnicodeError):
        return address


def _date(received: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(received))


def format_snmptrapd(
    notification: Notification,
    names: VarbindText,
    *,
    numeric: bool = False,
    numeric_timeticks: bool = False,
    lookup: HostLookup = lookup_host,
    agent_lookup: HostLookup = agent_host,
) -> str:
    """The text snmptrapd logs for ``notification`` (ends with a newline)."""
    trap = notification.v1
    if trap is None:
        host = notification.source[0] if numeric else lookup(notification.source[0])
        lines = "\t".join(names.varbind_line(oid, value) for oid, value in notification.varbinds)
        return f"{_date(notification.received)} {host} [{transport_text(notification)}]:\n{lines}\n"
    agent_name = agent_lookup(trap.agent_addr) if numeric else trap.agent_addr
    head = (
        f"{_date(notification.received)} {agent_name} [{trap.agent_addr}] "
        f"(via {transport_text(notification)}) "
        f"{_WRAP_NAMES[notification.pdu_type]}, SNMP v1, community {MASK}\n"
    )
    if trap.generic == ENTERPRISE_SPECIFIC:
        enterprise: OidTuple = trap.enterprise if trap.enterprise[-1:] == (0,) else (*trap.enterprise, 0)
        code = names.oid_text((*enterprise, trap.specific & 0xFFFFFFFF)).rpartition(".")[2]
    else:
        code = str(trap.specific)
    description = TRAP_DESCRIPTIONS[trap.generic]
    line = (
        f"\t{names.oid_text(trap.enterprise)} {description} Trap ({code}) "
        f"Uptime: {uptime_string(trap.timestamp, numeric_timeticks)}\n"
    )
    varbinds = "".join("\t" + names.varbind_line(oid, value) for oid, value in trap.varbinds)
    return head + line + varbinds + "\n"
