"""The notifications screen: arrival while browsing, filter, detail, jump to the node, demo traps."""

from __future__ import annotations

import socket
from typing import Any

from textual.widgets import DataTable, Input, OptionList, Static

from core.agent.demo_ports import FLAP_PERIOD, IF_DOWN, IF_UP
from core.message.community import encode_community_message
from core.pdu import Pdu, PduType
from core.types import ObjectIdentifier, TimeTicks
from core.version import SnmpVersion
from snmptui.app import SnmpTuiApp
from snmptui.screens.notifications import NotificationsScreen, matches
from tui.tui_helpers import connected, wait_for

IF_OPER_STATUS = (1, 3, 6, 1, 2, 1, 2, 2, 1, 8)
LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"
COLD_START = "1.3.6.1.6.3.1.1.5.1"


def _trap(trap_oid: str, index: int = 3, request_id: int = 1) -> bytes:
    varbinds = [
        ("1.3.6.1.2.1.1.3.0", TimeTicks(4200)),
        ("1.3.6.1.6.3.1.1.4.1.0", ObjectIdentifier(trap_oid)),
        (f"1.3.6.1.2.1.2.2.1.1.{index}", index),
        (f"1.3.6.1.2.1.2.2.1.7.{index}", 1),
        (f"1.3.6.1.2.1.2.2.1.8.{index}", 2),
    ]
    return encode_community_message(SnmpVersion.v2c, b"public", Pdu(PduType.TRAP_V2, request_id, 0, 0, varbinds))


def _send(app: SnmpTuiApp, data: bytes, source: str = "127.0.0.1") -> None:
    receiver = app.notifications.receiver
    assert receiver is not None
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((source, 0))
        sock.sendto(data, (receiver.host, receiver.port))


def _rows(screen: NotificationsScreen) -> list[list[str]]:
    table = screen.query_one("#notify-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def _open(pilot: Any) -> NotificationsScreen:
    await pilot.press("N")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, NotificationsScreen))
    return pilot.app.screen


def test_filter_words() -> None:
    assert matches("name:linkdown source:10.0", "10.0.0.1:162", "IF-MIB::linkDown", "")
    assert not matches("name:linkup", "10.0.0.1:162", "IF-MIB::linkDown", "")
    assert matches("down(2)", "", "", "IF-MIB::linkDown ifOperStatus.3 = down(2)")
    assert not matches("source:10.0.0.2", "10.0.0.1:162", "", "")


async def test_arrival_while_browsing_counts_unseen_then_lists_newest_first(mib_store: Any, demo_spec: Any) -> None:
    app = SnmpTuiApp(demo_spec, store=mib_store, listen_traps="127.0.0.1:0")
    async with app.run_test(size=(120, 36)) as pilot:
        browser = await connected(pilot)
        _send(app, _trap(COLD_START, request_id=1))
        _send(app, _trap(LINK_DOWN, request_id=2))
        await wait_for(pilot, lambda: "2 new notifications" in str(browser.header_line.render()))
        screen = await _open(pilot)
        rows = _rows(screen)
        assert [row[3] for row in rows] == ["IF-MIB::linkDown", "SNMPv2-MIB::coldStart"]
        assert rows[0][1].startswith("127.0.0.1:") and rows[0][2] == "v2c"
        assert "ifOperStatus.3 = down(2)" in rows[0][4] and "ifAdminStatus.3 = up(1)" in rows[0][4]
        assert app.notifications.unseen == 0
        _send(app, _trap(LINK_DOWN, index=5, request_id=3))  # arrives while the screen shows
        await wait_for(pilot, lambda: len(_rows(screen)) == 3)
        assert "ifIndex.5 = 5" in _rows(screen)[0][4]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is browser)
        assert "new notification" not in str(browser.header_line.render())


async def test_filter_by_name_and_source(mib_store: Any) -> None:
    app = SnmpTuiApp(None, store=mib_store, listen_traps="127.0.0.1:0")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # the connection dialog
        _send(app, _trap(COLD_START, request_id=1), source="127.0.0.2")
        _send(app, _trap(LINK_DOWN, request_id=2))
        await wait_for(pilot, lambda: app.notifications.stats.notifications == 2)
        screen = await _open(pilot)
        await wait_for(pilot, lambda: len(_rows(screen)) == 2)
        await pilot.press("slash")
        await pilot.press(*"name:cold")
        await wait_for(pilot, lambda: [r[3] for r in _rows(screen)] == ["SNMPv2-MIB::coldStart"])
        screen.query_one("#notify-filter", Input).value = "source:127.0.0.1"
        await wait_for(pilot, lambda: [r[3] for r in _rows(screen)] == ["IF-MIB::linkDown"])
        screen.query_one("#notify-filter", Input).value = "down(2) nosuchword"
        await wait_for(pilot, lambda: _rows(screen) == [])
        assert "No notification matches" in str(screen.query_one("#notify-detail", Static).render())


async def test_detail_shows_description_objects_and_jumps_to_the_node(mib_store: Any, demo_spec: Any) -> None:
    app = SnmpTuiApp(demo_spec, store=mib_store, listen_traps="127.0.0.1:0")
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await connected(pilot)
        _send(app, _trap(LINK_DOWN))
        await wait_for(pilot, lambda: app.notifications.stats.notifications == 1)
        screen = await _open(pilot)
        detail = str(screen.query_one("#notify-detail", Static).render())
        assert "IF-MIB::linkDown" in detail and "OBJECTS: ifIndex, ifAdminStatus, ifOperStatus" in detail
        assert "A linkDown trap signifies" in detail
        varbinds = screen.query_one("#notify-varbinds", OptionList)
        assert str(varbinds.get_option_at_index(4).prompt) == "IF-MIB::ifOperStatus.3 = INTEGER: down(2)"
        await pilot.press("d")
        varbinds.highlighted = 4
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is browser)
        cursor = browser.oid_tree.cursor_node
        assert cursor is not None and cursor.data.oid == IF_OPER_STATUS


async def test_a_v1_trap_shows_its_trap_pdu_fields(mib_store: Any) -> None:
    from core.ber import encode_integer, encode_octets, encode_oid, encode_tlv, encode_varbinds
    from core.types import Tag

    body = (encode_oid("1.3.6.1.4.1.8072.2.3") + encode_tlv(Tag.IP_ADDRESS, bytes([10, 1, 2, 3]))
            + encode_integer(2) + encode_integer(0) + encode_tlv(Tag.TIMETICKS, b"\x10")
            + encode_varbinds([("1.3.6.1.2.1.2.2.1.1.3", 3)]))  # fmt: skip
    v1 = encode_tlv(Tag.SEQUENCE, encode_integer(0) + encode_octets(b"public") + encode_tlv(PduType.TRAP_V1, body))
    app = SnmpTuiApp(None, store=mib_store, listen_traps="127.0.0.1:0")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        _send(app, v1)
        await wait_for(pilot, lambda: app.notifications.stats.notifications == 1)
        screen = await _open(pilot)
        assert [row[2:4] for row in _rows(screen)] == [["v1", "IF-MIB::linkDown"]]
        detail = str(screen.query_one("#notify-detail", Static).render())
        assert "agent-addr 10.1.2.3, generic-trap 2 (Link Down), specific-trap 0" in detail


async def test_listening_is_started_from_the_screen(mib_store: Any) -> None:
    app = SnmpTuiApp(None, store=mib_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        screen = await _open(pilot)
        assert "Not listening" in str(screen.query_one("#notify-status", Static).render())
        await pilot.press("l")
        field = screen.query_one("#notify-listen", Input)
        assert field.has_focus and field.value == "127.0.0.1:1162"
        field.value = "127.0.0.1:99999"
        await pilot.press("enter")
        assert "invalid port" in str(screen.query_one("#notify-status", Static).render())
        field.value = "127.0.0.1:0"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.notifications.listening)
        _send(app, _trap(LINK_DOWN))
        await wait_for(pilot, lambda: len(_rows(screen)) == 1)
        assert "Listening on udp:127.0.0.1:" in str(screen.query_one("#notify-status", Static).render())


async def test_demo_device_sends_link_down_and_up_for_its_flapping_port(mib_store: Any) -> None:
    app = SnmpTuiApp(None, store=mib_store, demo=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await connected(pilot)
        await wait_for(pilot, lambda: app.demo_notifier is not None)
        notifier = app.demo_notifier
        device = notifier.device
        before = device.now()
        device._boot -= FLAP_PERIOD  # a whole flap cycle passes at once: one down, one up
        assert notifier.send_due() == 2
        await wait_for(pilot, lambda: app.notifications.stats.notifications == 2)
        screen = await _open(pilot)
        rows = _rows(screen)
        names = sorted(row[3] for row in rows)
        assert names == ["IF-MIB::linkDown", "IF-MIB::linkUp"]
        flapping = next(p for p in device.ports if p.flapping)
        for row in rows:
            status = "up(1)" if row[3].endswith("linkUp") else "down(2)"
            assert f"ifIndex.{flapping.index} = {flapping.index}" in row[4]
            assert f"ifOperStatus.{flapping.index} = {status}" in row[4]
        flips = notifier.transitions(before, before + FLAP_PERIOD)
        assert sorted(s for _, _, s in flips) == [IF_UP, IF_DOWN]


async def test_a_flood_while_the_screen_shows_keeps_the_ui_answering(mib_store: Any) -> None:
    app = SnmpTuiApp(None, store=mib_store, listen_traps="127.0.0.1:0")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        screen = await _open(pilot)
        for request_id in range(1, 1501):
            _send(app, _trap(LINK_DOWN, index=request_id % 48 + 1, request_id=request_id))
        await wait_for(pilot, lambda: app.notifications.stats.notifications >= 1000, timeout=20)
        await wait_for(pilot, lambda: len(_rows(screen)) >= 1000, timeout=20)
        assert len(_rows(screen)) <= 1000  # SHOWN_ROWS: the newest ones
        assert "showing the newest 1,000" in str(screen.query_one("#notify-status", Static).render())
        await pilot.press("slash")
        await pilot.press(*"ifindex.7 ")
        await wait_for(pilot, lambda: 0 < len(_rows(screen)) < 100)
        assert all("ifIndex.7 = 7" in row[4] for row in _rows(screen))


def test_listen_traps_flag_is_checked_on_the_command_line() -> None:
    import pytest

    from snmptui.command_line import UsageError, parse_browser_args

    assert parse_browser_args(["--demo", "--listen-traps", "1162"]).listen_traps == "1162"
    with pytest.raises(UsageError, match="--listen-traps"):
        parse_browser_args(["--demo", "--listen-traps", "127.0.0.1:70000"])


async def test_the_key_is_in_the_browsers_palette_and_the_screen_lists_its_own(mib_store: Any) -> None:
    from snmptui.palette import palette_entries

    app = SnmpTuiApp(None, store=mib_store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        entries = {binding.id: keys for _, keys, binding in palette_entries(app.browser)}
        assert entries.get("notifications") == "N"
        screen = await _open(pilot)
        ids = {binding.id for _, _, binding in palette_entries(screen)}
        assert {"notifications_filter", "notifications_listen", "notifications_varbinds"} <= ids
