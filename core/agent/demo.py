"""The demo device: a live model of a 24-port switch/router written for snmptui.

``DemoDevice()`` is what ``snmptui --demo`` serves. It has the MIB-2 system
group (sysUpTime ticking; sysContact, sysName, sysLocation writable), 28
interfaces in ifTable and ifXTable (names, aliases, speeds, MACs, admin and
oper status, counters that grow with time at rates that suit each port's load,
one port flapping every 20 s, ports without link, ifAdminStatus and ifAlias
writable), IP addresses and ARP entries, host resources (storage, four
processors with a changing load), SNMP-TARGET-MIB's notification targets (RowStatus
tables: a manager creates and destroys rows, see ``core.agent.demo_targets``) and an
enterprise subtree under the RFC 5612
documentation enterprise number 32473 (sensors, fans, power supplies).

Every value is computed from the device clock at request time; pass ``clock``
(seconds, monotonic) and ``wall`` (Unix time) to make it deterministic.
"""

from __future__ import annotations

import math
import time
from typing import Any, Callable

from core.oid import OidTuple
from core.types import Counter32, Counter64, Gauge32, IpAddress, ObjectIdentifier, TimeTicks

from core.agent.demo_ports import IF_DOWN, IF_UP, Port
from core.agent.demo_targets import target_rows, target_tables
from core.agent.store import OidStore, SetStatus, WriteRule

__all__ = ["DemoDevice", "ENTERPRISE", "UPTIME_AT_START"]

ENTERPRISE: OidTuple = (1, 3, 6, 1, 4, 1, 32473)
UPTIME_AT_START = 9 * 86400 + 4 * 3600 + 31 * 60 + 7
"""Seconds the device has been up when the model starts."""

MIB2 = (1, 3, 6, 1, 2, 1)
SYSTEM = MIB2 + (1,)
IF_ENTRY = MIB2 + (2, 2, 1)
IFX_ENTRY = MIB2 + (31, 1, 1, 1)
HOST = MIB2 + (25,)
ZERO_DOT_ZERO = ObjectIdentifier("0.0")
_WRAP32 = 1 << 32
_MAX_DISPLAY = 255
_MAX_ALIAS = 64

_ALIASES = {
    1: "uplink: core-sw-1 Gi0/12",
    2: "server rack A / db-01",
    3: "server rack A / db-02",
    4: "server rack B / web-01",
    5: "server rack B / web-02 (CRC errors, ticket 4711)",
    8: "printer 2nd floor",
    12: "wifi ap-lobby",
    25: "uplink: isp-a",
    26: "uplink: isp-b (backup)",
}


def _mac(index: int) -> bytes:
    return bytes((0x02, 0x1A, 0x2B, 0x00, 0x00, index))


def _ports() -> list[Port]:
    ports = []
    for n in range(1, 25):
        ports.append(
            Port(
                index=n,
                name=f"Gi1/0/{n}",
                descr=f"GigabitEthernet1/0/{n}",
                if_type=6,
                speed=1_000_000_000,
                mac=_mac(n),
                alias=_ALIASES.get(n, ""),
                has_link=n <= 18,
                flapping=n == 7,
                load=0.02 + 0.03 * ((n * 7) % 11),
                error_rate=0.05 if n == 5 else 0.0,
                admin=IF_DOWN if n == 24 else IF_UP,
            )
        )
    for n, index in ((1, 25), (2, 26)):
        ports.append(
            Port(index, f"Te1/1/{n}", f"TenGigabitEthernet1/1/{n}", 6, 10_000_000_000,
                 _mac(index), _ALIASES.get(index, ""), load=0.35 if n == 1 else 0.01)
        )  # fmt: skip
    ports.append(Port(27, "Vl1", "Vlan1", 53, 1_000_000_000, _mac(27), "management", load=0.001))
    ports.append(Port(28, "Lo0", "Loopback0", 24, 0, b"", "router id"))
    return ports


# (address, ifIndex, mask) of the device's own IP addresses (documentation ranges).
_ADDRESSES = (
    ("10.255.255.1", 28, "255.255.255.255"),
    ("192.0.2.1", 27, "255.255.255.0"),
    ("198.51.100.2", 25, "255.255.255.252"),
    ("203.0.113.6", 26, "255.255.255.252"),
)
# (ifIndex, address, MAC) of ARP neighbours.
_NEIGHBOURS = (
    (25, "198.51.100.1", bytes.fromhex("0200c0ffee01")),
    (26, "203.0.113.5", bytes.fromhex("0200c0ffee02")),
    (27, "192.0.2.10", bytes.fromhex("0200000a0010")),
    (27, "192.0.2.11", bytes.fromhex("0200000a0011")),
    (27, "192.0.2.20", bytes.fromhex("0200000a0020")),
    (27, "192.0.2.254", bytes.fromhex("0200000a00fe")),
)


def _ip_index(address: str) -> OidTuple:
    return tuple(int(p) for p in address.split("."))


def _length_check(limit: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        return SetStatus.WRONG_LENGTH if len(value) > limit else SetStatus.NO_ERROR

    return check


def _admin_check(value: Any) -> int:
    return SetStatus.NO_ERROR if value in (1, 2, 3) else SetStatus.WRONG_VALUE


class DemoDevice:
    """The live demo model; ``as_store()`` gives the agent its (cached) store."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._clock = clock
        self._wall = wall
        self._boot = clock() - UPTIME_AT_START
        self.ports = _ports()
        for port in self.ports:
            port.reset()
            port._last_change = 20.0 + 1.5 * port.index  # came up one by one after boot
        self._store: OidStore | None = None

    def __repr__(self) -> str:
        return f"DemoDevice({len(self.ports)} interfaces)"

    # ------------------------------------------------------------ clock

    def now(self) -> float:
        """Seconds since the device booted."""
        return self._clock() - self._boot

    def uptime(self) -> TimeTicks:
        return TimeTicks(int(self.now() * 100) % _WRAP32)

    def restart(self) -> None:
        """Reboot: uptime and every counter start again from zero."""
        self._boot = self._clock()
        for port in self.ports:
            port.reset()

    # ------------------------------------------------------------ store

    def as_store(self) -> OidStore:
        if self._store is None:
            items: list[tuple[OidTuple, Any]] = []
            for part in (self._system, self._interfaces, self._ip, self._host, target_rows, self._enterprise):
                items.extend(part())
            self._store = OidStore(items, self._write_rules(), target_tables())
        return self._store

    def _write_rules(self) -> list[WriteRule]:
        def admin_written(oid: OidTuple, value: Any) -> None:
            port = next(p for p in self.ports if p.index == oid[-1])
            port.set_admin(value, self.now())

        display = _length_check(_MAX_DISPLAY)
        return [
            WriteRule(SYSTEM + (4, 0), display),
            WriteRule(SYSTEM + (5, 0), display),
            WriteRule(SYSTEM + (6, 0), display),
            WriteRule(IF_ENTRY + (7,), _admin_check, admin_written),
            WriteRule(IFX_ENTRY + (18,), _length_check(_MAX_ALIAS)),
        ]

    def _system(self) -> list[tuple[OidTuple, Any]]:
        items: list[tuple[OidTuple, Any]] = [
            (SYSTEM + (1, 0), b"snmptui demo router - DemoOS 4.2.1 (build 2024.06), 24x1G + 2x10G"),
            (SYSTEM + (2, 0), ObjectIdentifier(".".join(map(str, ENTERPRISE + (2, 1))))),
            (SYSTEM + (3, 0), self.uptime),
            (SYSTEM + (4, 0), b"NOC <noc@example.net>"),
            (SYSTEM + (5, 0), b"demo-rtr-1"),
            (SYSTEM + (6, 0), b"Lab rack 3, row B"),
            (SYSTEM + (7, 0), 78),
            (SYSTEM + (8, 0), TimeTicks(0)),
        ]
        capabilities = (
            ("1.3.6.1.6.3.1", b"The MIB module for SNMPv2 entities"),
            ("1.3.6.1.2.1.31", b"The MIB module to describe generic objects for network interface sub-layers"),
            ("1.3.6.1.2.1.25", b"The MIB module for managing host systems"),
        )  # fmt: skip
        for n, (oid, descr) in enumerate(capabilities, 1):
            items += [
                (SYSTEM + (9, 1, 2, n), ObjectIdentifier(oid)),
                (SYSTEM + (9, 1, 3, n), descr),
                (SYSTEM + (9, 1, 4, n), TimeTicks(0)),
            ]
        return items

    def _interfaces(self) -> list[tuple[OidTuple, Any]]:
        items: list[tuple[OidTuple, Any]] = [(MIB2 + (2, 1, 0), len(self.ports))]
        for p in self.ports:
            items += self._if_row(p)
            items += self._ifx_row(p)
        return items

    def _if_row(self, p: Port) -> list[tuple[OidTuple, Any]]:
        now = self.now
        i = p.index

        def c32(fn: Callable[[float], int], share: float = 1.0) -> Callable[[], Counter32]:
            return lambda: Counter32(int(fn(now()) * share) % _WRAP32)

        columns: dict[int, Any] = {
            1: i,
            2: p.descr.encode(),
            3: p.if_type,
            4: 1500 if p.if_type != 24 else 65535,
            5: Gauge32(min(p.speed, _WRAP32 - 1)),
            6: p.mac,
            7: p.admin,
            8: lambda: p.oper_status(now()),
            9: lambda: TimeTicks(int(p.last_change(now()) * 100) % _WRAP32),
            10: c32(p.in_octets),
            11: c32(p.in_packets, 0.95),
            12: c32(p.in_packets, 0.05),
            13: c32(p.in_discards),
            14: c32(p.in_errors),
            15: Counter32(0),
            16: c32(p.out_octets),
            17: c32(p.out_packets, 0.95),
            18: c32(p.out_packets, 0.05),
            19: c32(p.out_discards),
            20: Counter32(0),
            21: Gauge32(0),
            22: ZERO_DOT_ZERO,
        }
        return [(IF_ENTRY + (column, i), value) for column, value in columns.items()]

    def _ifx_row(self, p: Port) -> list[tuple[OidTuple, Any]]:
        now = self.now
        i = p.index

        def c32(fn: Callable[[float], int], share: float) -> Callable[[], Counter32]:
            return lambda: Counter32(int(fn(now()) * share) % _WRAP32)

        def c64(fn: Callable[[float], int], share: float = 1.0) -> Callable[[], Counter64]:
            return lambda: Counter64(int(fn(now()) * share))

        columns: dict[int, Any] = {
            1: p.name.encode(),
            2: c32(p.in_packets, 0.03),
            3: c32(p.in_packets, 0.02),
            4: c32(p.out_packets, 0.03),
            5: c32(p.out_packets, 0.02),
            6: c64(p.in_octets),
            7: c64(p.in_packets, 0.95),
            8: c64(p.in_packets, 0.03),
            9: c64(p.in_packets, 0.02),
            10: c64(p.out_octets),
            11: c64(p.out_packets, 0.95),
            12: c64(p.out_packets, 0.03),
            13: c64(p.out_packets, 0.02),
            14: 1,
            15: Gauge32(p.speed // 1_000_000),
            16: 2,
            17: 1 if p.if_type == 6 else 2,
            18: p.alias.encode(),
            19: TimeTicks(0),
        }
        return [(IFX_ENTRY + (column, i), value) for column, value in columns.items()]

    def _ip(self) -> list[tuple[OidTuple, Any]]:
        ip = MIB2 + (4,)
        receives = lambda: Counter32(sum(p.in_packets(self.now()) for p in self.ports) % _WRAP32)  # noqa: E731
        items: list[tuple[OidTuple, Any]] = [(ip + (1, 0), 1), (ip + (2, 0), 64), (ip + (3, 0), receives)]
        for address, if_index, mask in _ADDRESSES:
            index = _ip_index(address)
            items += [
                (ip + (20, 1, 1) + index, IpAddress(address)),
                (ip + (20, 1, 2) + index, if_index),
                (ip + (20, 1, 3) + index, IpAddress(mask)),
                (ip + (20, 1, 4) + index, 1),
                (ip + (20, 1, 5) + index, 65535),
            ]
        for if_index, address, mac in _NEIGHBOURS:
            index = (if_index,) + _ip_index(address)
            items += [
                (ip + (22, 1, 1) + index, if_index),
                (ip + (22, 1, 2) + index, mac),
                (ip + (22, 1, 3) + index, IpAddress(address)),
                (ip + (22, 1, 4) + index, 3),
            ]
        return items

    def _wave(self, period: float, phase: float = 0.0) -> float:
        """A slow oscillation in [-1, 1] with a little deterministic jitter."""
        t = self.now()
        jitter = math.sin(t * 12.9898 + phase * 78.233) * 0.15
        return max(-1.0, min(1.0, math.sin(2 * math.pi * t / period + phase) + jitter))

    def _host(self) -> list[tuple[OidTuple, Any]]:
        def date() -> bytes:
            t = time.gmtime(self._wall())
            return bytes((t.tm_year >> 8, t.tm_year & 0xFF, t.tm_mon, t.tm_mday,
                          t.tm_hour, t.tm_min, t.tm_sec, 0, ord("+"), 0, 0))  # fmt: skip

        items: list[tuple[OidTuple, Any]] = [
            (HOST + (1, 1, 0), self.uptime),
            (HOST + (1, 2, 0), date),
            (HOST + (1, 5, 0), Gauge32(2)),
            (HOST + (1, 6, 0), lambda: Gauge32(183 + int(6 * self._wave(90.0)))),
            (HOST + (1, 7, 0), 0),
            (HOST + (2, 2, 0), 4_194_304),
        ]
        storage = (
            (1, "1.3.6.1.2.1.25.2.1.2", b"Physical memory", 1024, 4_194_304, 0.41),
            (3, "1.3.6.1.2.1.25.2.1.3", b"Virtual memory", 1024, 6_291_456, 0.29),
            (31, "1.3.6.1.2.1.25.2.1.9", b"flash:", 4096, 262_144, 0.63),
            (32, "1.3.6.1.2.1.25.2.1.4", b"/var/log", 4096, 524_288, 0.22),
        )
        storage_entry = HOST + (2, 3, 1)
        for index, kind, descr, unit, size, used in storage:
            wobble = 0.04 if index == 1 else 0.0
            items += [
                (storage_entry + (1, index), index),
                (storage_entry + (2, index), ObjectIdentifier(kind)),
                (storage_entry + (3, index), descr),
                (storage_entry + (4, index), unit),
                (storage_entry + (5, index), size),
                (storage_entry + (6, index), self._used(size, used, wobble, index)),
                (storage_entry + (7, index), Counter32(0)),
            ]
        for n in range(4):
            device = 768 + n
            items += [
                (HOST + (3, 2, 1, 1, device), device),
                (HOST + (3, 2, 1, 2, device), ObjectIdentifier("1.3.6.1.2.1.25.3.1.3")),
                (HOST + (3, 2, 1, 3, device), f"DemoCPU core {n} @ 1.8 GHz".encode()),
                (HOST + (3, 2, 1, 4, device), ZERO_DOT_ZERO),
                (HOST + (3, 2, 1, 5, device), 2),
                (HOST + (3, 2, 1, 6, device), Counter32(0)),
                (HOST + (3, 3, 1, 1, device), ZERO_DOT_ZERO),
                (HOST + (3, 3, 1, 2, device), self._cpu_load(n)),
            ]
        return items

    def _used(self, size: int, share: float, wobble: float, phase: int) -> Any:
        if not wobble:
            return int(size * share)
        return lambda: int(size * (share + wobble * self._wave(120.0, phase)))

    def _cpu_load(self, core: int) -> Callable[[], int]:
        base = (31, 18, 12, 9)[core]
        return lambda: max(0, min(100, int(base + 10 * self._wave(45.0 + 7 * core, core))))

    def _enterprise(self) -> list[tuple[OidTuple, Any]]:
        product = ENTERPRISE + (1,)
        items: list[tuple[OidTuple, Any]] = [
            (product + (1, 0), b"snmptui demo router"),
            (product + (2, 0), b"DemoOS 4.2.1 (build 2024.06)"),
            (product + (3, 0), b"SNMPTUI-0001"),
        ]
        sensors = ((b"inlet", 24.0), (b"cpu", 52.0), (b"switch asic", 61.0), (b"outlet", 33.0))
        for n, (name, celsius) in enumerate(sensors, 1):
            items += [
                (product + (4, 1, 1, n), n),
                (product + (4, 1, 2, n), name),
                (product + (4, 1, 3, n), self._gauge(celsius, 3.0, 200.0, n)),
                (product + (4, 1, 4, n), 1),
            ]
        for n in range(1, 4):
            items += [
                (product + (5, 1, 1, n), n),
                (product + (5, 1, 2, n), f"fan {n}".encode()),
                (product + (5, 1, 3, n), self._gauge(7200.0 + 150 * n, 400.0, 75.0, n)),
            ]
        for n, (status, watts) in enumerate(((1, 148), (2, 0)), 1):
            items += [
                (product + (6, 1, 1, n), n),
                (product + (6, 1, 2, n), f"power supply {n}".encode()),
                (product + (6, 1, 3, n), status),
                (product + (6, 1, 4, n), self._gauge(watts, watts * 0.05, 60.0, n) if watts else Gauge32(0)),
            ]
        return items

    def _gauge(self, mean: float, swing: float, period: float, phase: int) -> Callable[[], Gauge32]:
        return lambda: Gauge32(max(0, int(mean + swing * self._wave(period, phase))))
