"""The demo device: a plausible, living router/switch driven by a clock the test controls."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from core import Counter32, Counter64, SnmpSession
from core.agent import start_background
from core.agent.demo import UPTIME_AT_START, DemoDevice
from core.agent.demo_ports import FLAP_PERIOD
from core.agent.store import OidStore
from core.oid import parse_oid
from snmpd_fixture import require_tools, tool_env

IF = "1.3.6.1.2.1.2.2.1"
IFX = "1.3.6.1.2.1.31.1.1.1"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def demo(clock: Clock) -> tuple[DemoDevice, OidStore]:
    device = DemoDevice(clock=clock, wall=lambda: 1_700_000_000.0)
    return device, device.as_store()


def column(store: OidStore, oid: str) -> dict[int, object]:
    prefix = parse_oid(oid)
    return {key[-1]: store.value_at(i) for i, key in enumerate(store.keys) if key[: len(prefix)] == prefix}


def test_it_looks_like_a_24_port_switch(demo: tuple[DemoDevice, OidStore]) -> None:
    _, store = demo
    names = column(store, f"{IFX}.1")
    assert len(names) >= 26 and len(column(store, f"{IF}.2")) == len(names)
    assert names[1] == b"Gi1/0/1" and names[25] == b"Te1/1/1"
    assert store.get("1.3.6.1.2.1.2.1.0") == len(names)
    macs = column(store, f"{IF}.6")
    assert len({m for m in macs.values() if m}) == len(names) - 1  # the loopback has none
    assert sum(1 for a in column(store, f"{IFX}.18").values() if a) >= 5
    assert len(column(store, "1.3.6.1.2.1.25.3.3.1.2")) == 4  # processors
    assert len(column(store, "1.3.6.1.2.1.4.20.1.1")) >= 3  # IP addresses
    assert any(key[:7] == (1, 3, 6, 1, 4, 1, 32473) for key in store.keys)


def test_uptime_ticks_and_counters_grow_at_plausible_rates(clock: Clock, demo: tuple[DemoDevice, OidStore]) -> None:
    _, store = demo
    assert store.get("1.3.6.1.2.1.1.3.0") == UPTIME_AT_START * 100
    before_in = column(store, f"{IFX}.6")
    before_32 = column(store, f"{IF}.10")
    clock.now += 10.0
    assert store.get("1.3.6.1.2.1.1.3.0") == (UPTIME_AT_START + 10) * 100
    after_in = column(store, f"{IFX}.6")
    speeds = column(store, f"{IFX}.15")  # Mbit/s
    opers = column(store, f"{IF}.8")
    for index, octets in after_in.items():
        assert isinstance(octets, Counter64)
        grown = octets - before_in[index]
        assert grown >= 0
        if opers[index] == 1 and index != 7 and speeds[index]:  # 7 flaps; the loopback has no speed
            bits_per_second = grown * 8 / 10.0
            assert 0 < bits_per_second <= speeds[index] * 1_000_000, index
        assert column(store, f"{IF}.10")[index] == Counter32(octets % 2**32)
    assert before_32 != column(store, f"{IF}.10")


def test_one_port_flaps_and_its_last_change_follows(clock: Clock, demo: tuple[DemoDevice, OidStore]) -> None:
    _, store = demo
    seen = set()
    changes = set()
    for _ in range(8):
        clock.now += FLAP_PERIOD / 4
        seen.add(store.get(f"{IF}.8.7"))
        changes.add(store.get(f"{IF}.9.7"))
        assert store.get(f"{IF}.8.1") == 1
    assert seen == {1, 2}
    assert len(changes) >= 3


def test_processor_load_and_sensors_change(clock: Clock, demo: tuple[DemoDevice, OidStore]) -> None:
    _, store = demo
    loads = set()
    for _ in range(20):
        clock.now += 7.0
        load = store.get("1.3.6.1.2.1.25.3.3.1.2.768")
        assert 0 <= load <= 100
        loads.add(load)
    assert len(loads) > 3


def test_admin_down_stops_the_port_and_its_counters(clock: Clock, demo: tuple[DemoDevice, OidStore]) -> None:
    device, store = demo
    assert store.set_many([((1, 3, 6, 1, 2, 1, 2, 2, 1, 7, 3), 2)]) == (0, 0)
    assert store.get(f"{IF}.8.3") == 2
    frozen = store.get(f"{IFX}.6.3")
    clock.now += 30
    assert store.get(f"{IFX}.6.3") == frozen
    assert store.get(f"{IF}.9.3") == int((clock.now - 30 - device._boot) * 100)
    store.set_many([((1, 3, 6, 1, 2, 1, 2, 2, 1, 7, 3), 1)])
    clock.now += 30
    assert store.get(f"{IF}.8.3") == 1 and store.get(f"{IFX}.6.3") > frozen


def test_writable_objects_and_their_checks(demo: tuple[DemoDevice, OidStore]) -> None:
    _, store = demo
    admin = (1, 3, 6, 1, 2, 1, 2, 2, 1, 7, 1)
    alias = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18, 1)
    name = (1, 3, 6, 1, 2, 1, 1, 5, 0)
    assert store.set_many([(admin, 7)]) == (10, 1)  # wrongValue
    assert store.set_many([(alias, b"x" * 65)]) == (8, 1)  # wrongLength
    assert store.set_many([(name, b"n" * 256)]) == (8, 1)
    assert store.set_many([((1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 1), b"x")]) == (17, 1)  # ifDescr: notWritable
    assert store.set_many([((1, 3, 6, 1, 2, 1, 1, 3, 0), 5)]) == (17, 1)  # sysUpTime
    assert store.set_many([(alias, b"to the lab"), (name, b"lab-rtr")]) == (0, 0)
    assert store.get(alias) == b"to the lab" and store.get(name) == b"lab-rtr"


def test_restart_starts_uptime_and_counters_again(clock: Clock, demo: tuple[DemoDevice, OidStore]) -> None:
    device, store = demo
    assert store.get(f"{IFX}.6.1") > 0
    device.restart()
    assert store.get("1.3.6.1.2.1.1.3.0") == 0
    assert store.get(f"{IFX}.6.1") == 0
    clock.now += 5
    assert store.get("1.3.6.1.2.1.1.3.0") == 500


def test_net_snmp_walks_the_whole_demo(tmp_path: Path) -> None:
    require_tools()
    device = DemoDevice()
    with start_background(device) as running:
        result = subprocess.run(
            ["snmpbulkwalk", "-v2c", "-c", "public", "-On", "-Cr50", f"127.0.0.1:{running.port}", "1"],
            capture_output=True, text=True, env=tool_env(tmp_path), check=True,
        )  # fmt: skip
        with SnmpSession("127.0.0.1", running.port, community="private", timeout=1) as session:
            session.set(f"{IF}.7.5", 2)
            assert session.get(f"{IF}.8.5") == 2
    lines = [line for line in result.stdout.splitlines() if "No more variables" not in line]
    assert len(lines) == len(device.as_store())
    assert lines[0].startswith(".1.3.6.1.2.1.1.1.0 = STRING:")
