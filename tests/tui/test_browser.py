"""Pilot tests of the main screen against the in-process demo agent."""

from __future__ import annotations

import gc
import re
from typing import Any

import pytest

from core.agent import Faults, start_background
from core.agent.demo import DemoDevice
from snmptui import workers
from snmptui.context import AgentContext
from snmptui.screens.browser import BrowserScreen
from snmptui.widgets.oid_tree import OidTree
from tui.tui_helpers import connected, idle_walk, make_app, screen_as_svg_renderers_show_it, spec_for, wait_for

MIB2 = (1, 3, 6, 1, 2, 1)
IF_TABLE = MIB2 + (2, 2)
IF_OPER_STATUS = MIB2 + (2, 2, 1, 8)
IP_NET_TO_MEDIA_TYPE = MIB2 + (4, 22, 1, 4)


async def test_lazy_expansion_creates_children_only_when_expanded(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        tree = browser.oid_tree
        assert tree.node_for(MIB2) is not None
        assert tree.node_for(IF_TABLE) is None and tree.node_for(IF_OPER_STATUS) is None
        interfaces = tree.node_for(MIB2 + (2,))
        assert interfaces is not None and not interfaces.children
        tree.move_cursor(interfaces)
        await wait_for(pilot, lambda: re.search(r"Below +ifNumber, ifTable", browser.detail_pane.text) is not None)
        await pilot.press("l")
        await wait_for(pilot, lambda: tree.node_for(IF_TABLE) is not None)
        assert tree.node_for(IF_OPER_STATUS) is None  # ifTable itself is still collapsed
        assert all(child.data.oid[:-1] == MIB2 + (2,) for child in interfaces.children)


async def test_expanding_a_column_fetches_and_shows_instances_with_values(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        tree = browser.oid_tree
        node = tree.reveal(IF_OPER_STATUS)
        assert node is not None
        await pilot.press("l")
        await idle_walk(pilot)
        await wait_for(pilot, lambda: len(node.children) == 28)
        labels = [child.label.plain for child in node.children]
        assert labels[0].startswith("ifOperStatus.1 = ") and "(1)" in labels[0]
        assert "(28)" in node.label.plain


async def test_detail_pane_of_a_column_instance(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await connected(pilot)
        browser.start_walk(MIB2 + (4, 22))
        await idle_walk(pilot)
        instance = next(iter(browser.model.instance_list(IP_NET_TO_MEDIA_TYPE)))
        node = browser.oid_tree.reveal(instance, "instance")
        assert node is not None and node.label.plain.startswith("ipNetToMediaType[")
        await wait_for(pilot, lambda: "IP-MIB::ipNetToMediaType." in browser.detail_pane.text)
        text = browser.detail_pane.text
        assert "dynamic(3)" in text  # enum rendered
        assert re.search(r"Index +ipNetToMediaIfIndex = \d+\s+ipNetToMediaNetAddress = ", text)
        address = ".".join(map(str, instance[-4:]))
        assert address in text  # IpAddress index decoded
        assert "INTEGER" in text and "snmpget -v 2c -c ****" in text
        assert "public" not in text


async def test_walk_of_the_whole_device_streams_batches(
    mib_store: Any, demo_spec: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[int] = []
    original = AgentContext._walk_batch

    async def count(self: AgentContext, batch: Any) -> None:
        batches.append(batch.total)
        await original(self, batch)

    monkeypatch.setattr(AgentContext, "_walk_batch", count)
    monkeypatch.setattr(workers, "BATCH_SIZE", 200)  # the demo device answers ~1,300 varbinds in no time
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        browser.oid_tree.move_cursor(browser.oid_tree.root)
        await pilot.press("w")
        await idle_walk(pilot)
        with demo_spec.session() as session:
            expected = sum(1 for _ in session.fetch("1.3"))
        assert abs(len(browser.model) - expected) <= 5  # counters do not add OIDs; tolerance for races
        assert "Walked" in browser.status_bar.message.plain
        assert len(batches) > 1 and batches == sorted(batches)  # streamed, running totals


async def test_escape_cancels_a_slow_walk_and_keeps_what_arrived(mib_store: Any) -> None:
    faults = Faults(delay=0.05)
    with start_background(DemoDevice(), faults=faults) as agent:
        app = make_app(mib_store, spec_for(agent.port, "-Cr", "5"))
        async with app.run_test(size=(100, 30)) as pilot:
            browser = await connected(pilot)
            thresholds = gc.get_threshold()
            browser.start_walk(())
            await wait_for(pilot, lambda: len(browser.model) >= 10)
            walking = gc.get_threshold()
            assert walking[2] > 10**6  # no full collection while values stream in
            assert walking[0] >= 10_000  # the young generation collected less often
            await pilot.press("escape")
            assert "cancelled" in browser.status_bar.message.plain
            await wait_for(pilot, lambda: gc.get_threshold() == thresholds)  # once the cursor rests
            assert app.context.walk is None
            await wait_for(pilot, lambda: not app.context.working)  # the worker stopped at its next varbind
            kept = len(browser.model)
            await pilot.pause(0.3)
            assert kept > 0 and len(browser.model) == kept < 600


async def test_search_and_jump(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        await pilot.press("slash")
        await pilot.press(*"ifOperStatus")
        await wait_for(pilot, lambda: getattr(app.screen, "hits", None))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is browser)
        cursor = browser.oid_tree.cursor_node
        assert cursor is not None and cursor.data.oid == IF_OPER_STATUS
        await wait_for(pilot, lambda: "IF-MIB::ifOperStatus" in browser.detail_pane.text)


async def test_search_after_a_walk_lists_what_the_agent_has(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        browser.start_walk(MIB2 + (2,))  # interfaces only
        await idle_walk(pilot)
        await pilot.press("slash", *"octets")
        await wait_for(pilot, lambda: getattr(app.screen, "hits", None))
        screen = app.screen
        agents = [oid for oid, _node in screen.hits]
        assert MIB2 + (2, 2, 1, 10) in agents  # ifInOctets
        assert all(oid in app.context.model.populated for oid in agents)
        assert "only what the agent has" in str(screen.query_one("#search-count").render())
        await pilot.press("ctrl+t")
        every = [oid for oid, _node in screen.hits]
        assert len(every) > len(agents) and any(oid not in app.context.model.populated for oid in every)


async def test_get_getnext_and_clipboard(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        browser.oid_tree.reveal(MIB2 + (1, 5))  # sysName (scalar)
        await pilot.press("g")
        await wait_for(pilot, lambda: MIB2 + (1, 5, 0) in browser.model.values)
        await pilot.press("n")
        await wait_for(pilot, lambda: browser.oid_tree.cursor_node.data.oid == MIB2 + (1, 6, 0))
        await pilot.press("y")
        assert app.clipboard == ".1.3.6.1.2.1.1.6.0"
        await pilot.press("Y")
        assert app.clipboard == browser.model.values[MIB2 + (1, 6, 0)].decode()


async def test_agent_view_hides_nodes_without_data(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        ip = MIB2 + (4,)
        browser.start_walk(ip)
        await idle_walk(pilot)
        node = browser.oid_tree.reveal(ip)
        node.expand()
        await pilot.pause()
        await idle_walk(pilot)

        def children() -> dict[str, Any]:
            parent = browser.oid_tree.node_for(ip)
            return {c.label.plain.split(" ")[0]: c for c in parent.children}

        empty = children()["ipAddressTable"]  # the demo serves ipAddrTable only
        assert any(span.style == "dim" and span.start == 0 for span in empty.label.spans)
        served = children()["ipAddrTable"]
        assert not any(span.style == "dim" for span in served.label.spans)
        await pilot.press("a")
        assert "ipAddressTable" not in children() and "ipAddrTable" in children()
        await pilot.press("a")
        assert "ipAddressTable" in children()


async def test_help_names_every_key_including_maximize_and_tree_width(mib_store: Any, demo_spec: Any) -> None:
    from snmptui.screens.help import HelpScreen

    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        await connected(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = dict(app.screen.rows)
        assert rows["w"].startswith("Walk the selected subtree")
        assert "Maximize" in rows["m"] and "tree more of the width" in rows[">"]
        assert "command palette" in rows["^p"].lower() and "Move down" in rows["↓ j"]
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_error_in_detail_pane_when_the_agent_stops_answering(mib_store: Any) -> None:
    agent = start_background(DemoDevice())
    app = make_app(mib_store, spec_for(agent.port, "-t", "0.2", "-r", "0"))
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        agent.stop()
        browser.oid_tree.reveal(MIB2 + (1, 5))
        await pilot.press("g")
        await wait_for(pilot, lambda: browser.status_bar.has_class("-error"))
        text = browser.detail_pane.text
        assert "timeout" in text and "community" in text and "What to try" in text


async def test_usable_at_80x24(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(80, 24)) as pilot:
        browser = await connected(pilot)
        tree, detail = browser.oid_tree, browser.detail_pane
        assert browser.stacked and tree.region.width == detail.region.width == 80  # detail under the tree
        assert tree.region.height >= 11 and detail.region.height >= 7
        assert browser.status_bar.region.y == 22 and browser.header_line.region.y == 0
        assert isinstance(app.focused, OidTree)
        footer = screen_as_svg_renderers_show_it(app)[23]
        assert footer.count("Palette") == 1 and "^p" in footer
        await pilot.press("home")
        await wait_for(pilot, lambda: "w walks the whole device" in detail.text)
        await pilot.press("y")
        assert "has no OID" in browser.status_bar.message.plain
        assert detail.text.startswith("demo-rtr-1\n") and re.search(r"sysUpTime +\(\d+\) \d+ days?, ", detail.text)
        await pilot.press("tab")
        assert app.focused is detail


async def test_labels_read_name_equals_value_in_the_screenshot(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await connected(pilot)
        browser.start_walk(MIB2 + (2,))
        await idle_walk(pilot)
        browser.oid_tree.reveal(MIB2 + (2, 2, 1, 2, 9), "instance")
        await pilot.pause()
        lines = "\n".join(screen_as_svg_renderers_show_it(app))
        assert "ifNumber = 28" in lines
        assert "ifDescr.9 = GigabitEthernet1/0/9" in lines
        assert "ifIndex (28)" in lines


async def test_header_keeps_name_uptime_and_protocol_at_80_columns(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(80, 24)) as pilot:
        await connected(pilot)
        await pilot.pause()
        header = screen_as_svg_renderers_show_it(app)[0]
        assert header.startswith(" demo-rtr-1  up ") and f"  v2c 127.0.0.1:{demo_spec.port}  snmptui demo" in header
        line = app.browser.header_line
        before = re.search(r"up (\d+)d (\d+):", str(line.render())).groups()
        line._probed_at -= 3600  # an hour since the probe
        line._show()
        after = re.search(r"up (\d+)d (\d+):", str(line.render())).groups()
        assert (int(after[0]) * 24 + int(after[1])) - (int(before[0]) * 24 + int(before[1])) == 1


async def test_search_results_show_name_kind_and_oid_in_aligned_columns(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(110, 32)) as pilot:
        await connected(pilot)
        await pilot.press("slash", *"octets")
        await wait_for(pilot, lambda: getattr(app.screen, "hits", None))
        await pilot.pause()
        lines = screen_as_svg_renderers_show_it(app)
        rows = {m.group(1): m for line in lines if (m := re.search(r"(IF-MIB::ifH?C?InOctets) +(column) +([\d.]+)", line))}
        assert set(rows) == {"IF-MIB::ifInOctets", "IF-MIB::ifHCInOctets"}
        assert rows["IF-MIB::ifInOctets"].group(3) == "1.3.6.1.2.1.2.2.1.10"
        assert len({m.start(2) for m in rows.values()}) == 1 and len({m.start(3) for m in rows.values()}) == 1
        assert all(m.start(2) - m.end(1) >= 2 for m in rows.values())
        assert any("The total number of octets received" in line for line in lines)  # DESCRIPTION of the first hit


async def test_instance_detail_says_what_the_mib_says_about_its_object(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await connected(pilot)
        browser.start_walk(IF_OPER_STATUS)
        await idle_walk(pilot)
        browser.oid_tree.reveal(IF_OPER_STATUS + (20,), "instance")  # port 20 has no link
        await wait_for(pilot, lambda: "ifOperStatus.20" in browser.detail_pane.text)
        text = browser.detail_pane.text
        value, about, description = text.index("down(2)"), text.index("IF-MIB::ifOperStatus column"), text.index(
            "DESCRIPTION"
        )
        assert value < about < description  # instance facts first, then the object's
        enums = " ".join(text[about:description].split())
        assert "up(1), ▸down(2), testing(3)," in enums and "lowerLayerDown(7)" in enums
        assert "Access read-only" in enums and "Status current" in enums
        assert "The current operational state of the interface." in text[description:]


async def test_nodes_that_can_show_nothing_have_no_expander(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        tree = browser.oid_tree
        zero = tree.reveal((0, 0))  # zeroDotZero: no MIB children; the agent may still have data there
        assert zero is not None and zero.allow_expand
        await pilot.press("l")
        await idle_walk(pilot)
        await pilot.pause()
        assert not zero.allow_expand and not zero.is_expanded
        assert "nothing there" in browser.status_bar.message.plain
        await pilot.press("l")
        assert "Nothing below SNMPv2-SMI::zeroDotZero on the agent" in browser.status_bar.message.plain

        link_down = tree.reveal((1, 3, 6, 1, 6, 3, 1, 1, 5, 3))
        assert link_down is not None and not link_down.allow_expand
        await pilot.press("l")
        assert "is a notification" in browser.status_bar.message.plain

        browser.start_walk(MIB2 + (4,))
        await idle_walk(pilot)
        await pilot.pause()
        served = tree.reveal(MIB2 + (4, 20, 1, 2))  # ipAdEntIfIndex
        absent = tree.reveal(MIB2 + (4, 34, 1, 3))  # ipAddressIfIndex: the demo has no ipAddressTable
        assert served is not None and served.allow_expand
        assert absent is not None and not absent.allow_expand

        browser.start_walk(MIB2 + (1,))
        await idle_walk(pilot)
        assert tree.reveal(MIB2 + (1, 5, 0), "instance") is not None  # sysName.0
        await pilot.press("l")
        assert "is an instance: nothing below it" in browser.status_bar.message.plain


async def test_enter_expands_and_collapses(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        node = browser.oid_tree.reveal(MIB2 + (2,))
        assert node is not None and not node.is_expanded
        await pilot.press("enter")
        assert node.is_expanded
        await idle_walk(pilot)
        await pilot.press("enter")
        assert not node.is_expanded


async def test_tree_opens_at_mib2_when_the_mibs_load_after_connecting(mib_store: Any, demo_spec: Any) -> None:
    from snmptui.app import SnmpTuiApp
    from snmptui.messages import MibsLoaded

    app = SnmpTuiApp(demo_spec, load_mibs=False)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        app.post_message(MibsLoaded(mib_store, 0.1, "test"))
        await wait_for(pilot, lambda: app.mibs.store is mib_store)
        await pilot.pause()
        cursor = browser.oid_tree.cursor_node
        assert cursor is not None and cursor.data.oid == MIB2 and cursor.is_expanded


async def test_a_key_pressed_while_connecting_is_kept(mib_store: Any, demo_spec: Any) -> None:
    """Home, then w, right after Connected (before the MIBs arrive) walks the whole device:
    the cursor does not jump back to mib-2 when the MIBs load."""
    from snmptui.app import SnmpTuiApp
    from snmptui.messages import MibsLoaded

    app = SnmpTuiApp(demo_spec, load_mibs=False)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        assert "Connected" in browser.status_bar.message.plain
        assert "Not connected" not in browser.detail_pane.text
        await pilot.press("home")
        app.post_message(MibsLoaded(mib_store, 0.1, "test"))
        await wait_for(pilot, lambda: app.mibs.store is mib_store)
        await pilot.pause(0.1)
        cursor = browser.oid_tree.cursor_node
        assert cursor is not None and cursor.data.oid == ()
        await pilot.press("w")
        await idle_walk(pilot)
        assert "Walked the whole device" in browser.status_bar.message.plain
        assert app.context.model.is_walked((1, 3))


async def test_the_status_bar_drops_a_get_result_when_the_cursor_moves(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        browser.oid_tree.reveal(MIB2 + (1, 5))
        await wait_for(pilot, lambda: app.context.model.is_walked(MIB2 + (1,)))  # its group's fetch ended
        await pilot.press("g")
        await wait_for(pilot, lambda: "sysName.0 = " in browser.status_bar.message.plain)
        await pilot.press("down")
        await wait_for(pilot, lambda: "sysName.0" not in browser.status_bar.message.plain)


async def test_batches_for_a_collapsed_column_touch_only_the_model(mib_store: Any, demo_spec: Any) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        tree = browser.oid_tree
        node = tree.reveal(IF_OPER_STATUS)
        node.expand()
        await idle_walk(pilot)
        await wait_for(pilot, lambda: len(node.children) == 28)
        node.collapse()
        tree.apply(browser.model.add([(IF_OPER_STATUS + (99,), 1)]))
        assert not node.children and not tree.is_loaded(node)
        assert tree.node_for(IF_OPER_STATUS + (1,), "instance") is None
        assert "(29)" in node.label.plain
        node.expand()
        await wait_for(pilot, lambda: len(node.children) == 29)
        assert node.children[-1].label.plain.startswith("ifOperStatus.99 = up(1)")


async def test_detail_pane_renders_once_the_cursor_rests(
    mib_store: Any, demo_spec: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from snmptui.widgets.detail_pane import DetailPane

    renders: list[Any] = []
    original = DetailPane._render_lines

    def counted(self: DetailPane) -> None:
        renders.append(self.key)
        original(self)

    monkeypatch.setattr(DetailPane, "_render_lines", counted)
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        browser.start_walk(IF_OPER_STATUS)
        await idle_walk(pilot)
        browser.oid_tree.reveal(IF_OPER_STATUS + (1,), "instance")
        await wait_for(pilot, lambda: "ifOperStatus.1" in browser.detail_pane.text)
        renders.clear()
        for _ in range(10):  # faster than anyone types: the cursor never rests
            browser.oid_tree.action_cursor_down()
        await wait_for(pilot, lambda: "ifOperStatus.11" in browser.detail_pane.text)
        await pilot.pause(0.2)
        assert len(renders) == 1  # not once per key
        browser.show_detail(browser.selected())  # same instance, same value: nothing to redo
        assert len(renders) == 1


async def test_revealing_a_column_fetches_its_outermost_group_once(
    mib_store: Any, demo_spec: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    walks: list[tuple[int, ...]] = []
    original = BrowserScreen.start_walk

    def counted(self: BrowserScreen, root: Any, **kwargs: Any) -> None:
        walks.append(root)
        original(self, root, **kwargs)

    monkeypatch.setattr(BrowserScreen, "start_walk", counted)
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        browser.oid_tree.reveal(IF_OPER_STATUS)  # interfaces, ifTable and ifEntry open on the way
        await pilot.pause()
        await idle_walk(pilot)
        assert walks == [MIB2 + (2,)]  # not ifEntry, then ifTable, then interfaces again


async def test_late_batches_of_a_previous_agent_are_dropped(mib_store: Any, demo_spec: Any) -> None:
    from snmptui.messages import WalkBatch

    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        context = app.context
        browser.start_walk(MIB2 + (1,))
        assert context.walk is not None
        old_op = context.walk.op
        await idle_walk(pilot)
        context.connect(demo_spec, context.system)  # connect again: a fresh model
        assert len(browser.model) == 0 and browser.model is context.model
        context.deliver(WalkBatch(old_op, MIB2 + (1,), [(MIB2 + (1, 5, 0), b"stale")], 1))
        await pilot.pause(0.1)
        assert len(browser.model) == 0
