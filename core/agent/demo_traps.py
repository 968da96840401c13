"""The demo device's notifications: linkDown/linkUp (IF-MIB, RFC 2863) when its flapping port flips.

``DemoNotifier(device, (host, port))`` sends an SNMPv2c trap to one receiver each
time the flapping port's link changes, with the varbinds IF-MIB's linkDown and
linkUp name (ifIndex, ifAdminStatus, ifOperStatus) after sysUpTime.0 and
snmpTrapOID.0. ``transitions(start, end)`` says which flips fall in a span of device
time, so the schedule is testable without waiting; ``start()`` runs the sending loop
in a daemon thread until ``stop()``.
"""

from __future__ import annotations

import math
import socket
import threading

from core.message.community import encode_community_message
from core.pdu import Pdu, PduType
from core.types import ObjectIdentifier, TimeTicks
from core.version import SnmpVersion

from core.agent.demo import DemoDevice
from core.agent.demo_ports import FLAP_PERIOD, IF_UP, Port

__all__ = ["DemoNotifier", "LINK_DOWN", "LINK_UP"]

LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"
LINK_UP = "1.3.6.1.6.3.1.1.5.4"
_HALF = FLAP_PERIOD / 2
_IF_ENTRY = "1.3.6.1.2.1.2.2.1"


class DemoNotifier:
    def __init__(self, device: DemoDevice, target: tuple[str, int], community: bytes = b"public") -> None:
        self.device = device
        self.target = target
        self.community = community
        self.sent = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last = device.now()

    def __repr__(self) -> str:
        return f"DemoNotifier(to {self.target[0]}:{self.target[1]})"

    def transitions(self, start: float, end: float) -> list[tuple[float, Port, int]]:
        """(device time, port, new ifOperStatus) of every flip in (start, end]."""
        out = []
        for port in self.device.ports:
            if not (port.flapping and port.has_link and port.admin == IF_UP):
                continue
            k = math.floor(start / _HALF) + 1
            while k * _HALF <= end:
                at = k * _HALF
                out.append((at, port, port.oper_status(at)))
                k += 1
        return sorted(out, key=lambda item: item[0])

    def datagram(self, at: float, port: Port, status: int) -> bytes:
        """The SNMPv2-Trap message for one flip (request-id: the count sent so far + 1)."""
        varbinds = [
            ("1.3.6.1.2.1.1.3.0", TimeTicks(int(at * 100) & 0xFFFFFFFF)),
            ("1.3.6.1.6.3.1.1.4.1.0", ObjectIdentifier(LINK_UP if status == IF_UP else LINK_DOWN)),
            (f"{_IF_ENTRY}.1.{port.index}", port.index),
            (f"{_IF_ENTRY}.7.{port.index}", port.admin),
            (f"{_IF_ENTRY}.8.{port.index}", status),
        ]
        pdu = Pdu(PduType.TRAP_V2, self.sent + 1, 0, 0, varbinds)
        return encode_community_message(SnmpVersion.v2c, self.community, pdu)

    def send_due(self) -> int:
        """Send the flips since the last call; how many were sent."""
        now = self.device.now()
        due = self.transitions(self._last, now)
        self._last = now
        if not due:
            return 0
        family = socket.AF_INET6 if ":" in self.target[0] else socket.AF_INET
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            for at, port, status in due:
                try:
                    sock.sendto(self.datagram(at, port, status), self.target)
                    self.sent += 1
                except OSError:
                    pass  # the receiver went away: the demo goes on
        return len(due)

    def _seconds_to_next(self) -> float:
        now = self.device.now()
        return max(0.05, (math.floor(now / _HALF) + 1) * _HALF - now + 0.01)

    def _run(self) -> None:
        while not self._stop.wait(self._seconds_to_next()):
            self.send_due()

    def start(self) -> DemoNotifier:
        self._last = self.device.now()
        self._thread = threading.Thread(target=self._run, name="demo-notifier", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
