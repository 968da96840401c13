"""The interfaces dashboard's model against the demo device (its counters grow at known rates)."""

from __future__ import annotations

import pytest

from core import SnmpSession
from core.agent import start_background
from core.agent.demo import DemoDevice
from core.agent.demo_ports import FLAP_PERIOD
from core.interfaces import InterfacesModel, discover
from core.poller import Poller, PollResult


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rates_match_two_gets_and_a_flapping_port_shows() -> None:
    clock = Clock()
    device = DemoDevice(clock=clock, wall=lambda: 1_700_000_000.0)
    with start_background(device) as agent, SnmpSession("127.0.0.1", agent.port) as session:
        indexes, high_capacity = discover(session)
        assert len(indexes) == len(device.ports) and high_capacity
        model = InterfacesModel(indexes, high_capacity=high_capacity)
        poller = Poller(session, model.oids(), markers=model.markers())
        model.update_info(Poller(session, model.info_oids(), with_uptime=False).poll())
        first = session.get_many(["1.3.6.1.2.1.31.1.1.1.6.1", "1.3.6.1.2.1.1.3.0"])
        model.update(poller.poll())
        statuses = {row.index: row.oper for row in model.rows.values()}
        clock.now += FLAP_PERIOD / 2 + 1  # far enough for the flapping port to change
        second = session.get_many(["1.3.6.1.2.1.31.1.1.1.6.1", "1.3.6.1.2.1.1.3.0"])
        model.update(poller.poll())
    seconds = (second["1.3.6.1.2.1.1.3.0"] - first["1.3.6.1.2.1.1.3.0"]) / 100
    expected = (second["1.3.6.1.2.1.31.1.1.1.6.1"] - first["1.3.6.1.2.1.31.1.1.1.6.1"]) / seconds
    row = model.rows[1]
    assert row.name and row.oper == "up" and row.speed
    assert row.rate("in_octets") == pytest.approx(expected, rel=0.02)
    assert row.in_bps == pytest.approx(expected * 8, rel=0.02)
    assert row.utilization("in") == pytest.approx(100 * expected * 8 / row.speed, rel=0.02)
    flapped = [r for r in model.rows.values() if r.oper != statuses[r.index]]
    assert flapped and all(r.oper_changes == 1 for r in flapped)
    busiest = model.sorted_rows("busy")
    assert busiest[0].busy >= busiest[-1].busy
    assert [r.index for r in model.sorted_rows("index", text="core-sw-1")] == [1]


def test_names_are_text_when_utf8_and_hex_otherwise_never_replacement_characters() -> None:
    model = InterfacesModel([1, 2, 3], high_capacity=True)
    ifx = "1.3.6.1.2.1.31.1.1.1"
    result = PollResult(values={
        f"{ifx}.1.1": "Gi0/1".encode() + b"\x00\x00",  # NUL-padded, as some agents send
        f"{ifx}.18.1": "liaison vers Genève".encode(),
        f"{ifx}.1.2": b"\xff\xfe\x01",  # not text
        f"{ifx}.18.3": "上联-核心".encode(),
    })
    model.update_info(result)
    assert (model.rows[1].name, model.rows[1].alias) == ("Gi0/1", "liaison vers Genève")
    assert model.rows[2].name == "FF FE 01"
    assert model.rows[3].alias == "上联-核心"
    assert "\ufffd" not in "".join(r.name + r.alias for r in model.rows.values())
