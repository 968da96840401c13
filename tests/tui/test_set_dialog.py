"""The SET dialog alone: inline rule errors, Enter refused while invalid, confirm with the command, BITS."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widgets import Input, SelectionList, Static

from snmptui.screens.set_dialog import SetDialog, SetRequest, snmpset_words, syntax_summary
from tui.tui_helpers import wait_for

COMMAND = "snmpset -v2c -c *** 127.0.0.1:1161"


class Host(App[None]):
    def __init__(self, dialog: SetDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.result: SetRequest | None | str = "open"

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self._done)

    def _done(self, result: SetRequest | None) -> None:
        self.result = result


def _text(dialog: SetDialog, selector: str) -> str:
    return str(dialog.query_one(selector, Static).render())


async def test_enum_dialog_refuses_bad_input_then_confirms_and_sends(mib_store: Any) -> None:
    node = mib_store.by_name("ifAdminStatus")
    oid = node.oid + (3,)
    dialog = SetDialog(node, oid, 1, "up(1)", "IF-MIB::ifAdminStatus.3", COMMAND, mib_store)
    app = Host(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        assert dialog.query_one(Input).value == "up"
        assert "up(1)" in syntax_summary(node) and "down(2)" in syntax_summary(node)
        await pilot.press("ctrl+a", *"sideways")
        await pilot.press("enter")
        assert not dialog.confirming
        assert "down(2)" in _text(dialog, "#set-error")
        dialog.query_one(Input).value = ""
        await pilot.press(*"down", "enter")
        assert dialog.confirming
        confirm = _text(dialog, "#set-confirm")
        assert "up(1)  →  down(2)" in confirm
        assert f"{COMMAND} 1.3.6.1.2.1.2.2.1.7.3 i 2" in confirm and "***" in confirm
        await pilot.press("escape")  # back to editing
        assert not dialog.confirming and app.result == "open"
        assert app.focused is dialog.query_one(Input)
        dialog.to_confirm()  # as enter does; before any layout hides the field:
        assert app.focused is None  # a "y" typed next reaches the dialog, not the hidden field
        await pilot.press("escape")
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.confirming)  # a "y" typed sooner would go into the field
        await pilot.press("y")
        await wait_for(pilot, lambda: app.result != "open")  # the dialog closes on the next turns
    assert isinstance(app.result, SetRequest)
    assert app.result.value == 2 and app.result.old == 1 and app.result.oid == oid


async def test_display_string_size_rule_is_named(mib_store: Any) -> None:
    node = mib_store.by_name("sysLocation")
    dialog = SetDialog(node, node.oid + (0,), b"rack 1", "rack 1", "SNMPv2-MIB::sysLocation.0", COMMAND, mib_store)
    app = Host(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        assert dialog.query_one(Input).value == "rack 1"
        dialog.query_one(Input).value = "x" * 300
        await pilot.press("enter")
        assert not dialog.confirming and "(0..255)" in _text(dialog, "#set-error")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.result != "open")  # the dialog closes on the next turns
    assert app.result is None


async def test_bits_are_a_checklist(mib_store: Any) -> None:
    node = mib_store.by_name("schedWeekDay")
    dialog = SetDialog(node, node.oid + (1,), bytes([0b01000000]), "monday(1)", "schedWeekDay.1", COMMAND, mib_store)
    app = Host(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        bits = dialog.query_one(SelectionList)
        assert bits.selected == [1]
        bits.select(6)
        await pilot.press("enter")
        assert dialog.confirming
        await pilot.press("y")
        await wait_for(pilot, lambda: app.result != "open")  # the dialog closes on the next turns
    assert isinstance(app.result, SetRequest) and app.result.value == bytes([0b01000010])
    assert snmpset_words(node, app.result.value) == ("b", "1 6")


async def test_new_row_dialog_checks_every_field_and_returns_the_row(mib_store: Any) -> None:
    from core.rows import row_plan
    from snmptui.screens.row_dialog import NewRow, NewRowDialog

    plan = row_plan(mib_store, mib_store.by_name("snmpTargetAddrTable"))
    assert plan is not None
    dialog = NewRowDialog(plan, mib_store)

    class RowHost(App[None]):
        result: Any = "open"

        def on_mount(self) -> None:
            self.push_screen(dialog, lambda row: setattr(self, "result", row))

    app = RowHost()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+s")
        assert app.result == "open"  # nothing filled in: refused
        assert "needed" in str(dialog.query_one("#index-0-error", Static).render())
        dialog.query_one("#index-0", Input).value = "nms-1"
        dialog.query_one("#col-snmpTargetAddrTDomain", Input).value = "1.3.6.1.6.1.1"
        dialog.query_one("#col-snmpTargetAddrTAddress", Input).value = "0x7f0000010fa2"
        dialog.query_one("#col-snmpTargetAddrParams", Input).value = "p" * 40  # SIZE (1..32)
        dialog.query_one("#col-snmpTargetAddrTimeout", Input).value = "-5"
        await pilot.press("ctrl+s")
        assert app.result == "open"
        assert "(1..32)" in str(dialog.query_one("#col-snmpTargetAddrParams-error", Static).render())
        assert "0..2147483647" in str(dialog.query_one("#col-snmpTargetAddrTimeout-error", Static).render())
        dialog.query_one("#col-snmpTargetAddrParams", Input).value = "params-1"
        dialog.query_one("#col-snmpTargetAddrTimeout", Input).value = ""
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.result != "open")  # the dialog closes on the next turns
    assert isinstance(app.result, NewRow)
    assert app.result.suffix == tuple(b"nms-1")
    assert set(app.result.values) == {"snmpTargetAddrTDomain", "snmpTargetAddrTAddress", "snmpTargetAddrParams"}


async def test_enter_and_y_in_one_read_send_the_set(mib_store: Any) -> None:
    """Over SSH "enter" and "y" can arrive in one read: both keys are queued before the
    dialog handles the first, and the "y" must confirm, not go into the field."""
    from textual import events

    node = mib_store.by_name("ifAdminStatus")
    oid = node.oid + (3,)
    dialog = SetDialog(node, oid, 1, "up(1)", "IF-MIB::ifAdminStatus.3", COMMAND, mib_store)
    app = Host(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        field = dialog.query_one(Input)
        field.value = "down"
        await pilot.pause()
        for key, character in (("enter", "\r"), ("y", "y")):
            app.post_message(events.Key(key, character))  # no turn of the loop between them
        await wait_for(pilot, lambda: app.result != "open")
        assert field.value == "down"  # nothing typed into the hidden field
    assert isinstance(app.result, SetRequest) and app.result.value == 2


async def test_keys_after_enter_on_a_bad_value_stay_in_the_field(mib_store: Any) -> None:
    """Enter on a value the syntax refuses keeps editing: the next keys are typed."""
    from textual import events

    node = mib_store.by_name("ifAdminStatus")
    dialog = SetDialog(node, node.oid + (3,), 1, "up(1)", "IF-MIB::ifAdminStatus.3", COMMAND, mib_store)
    app = Host(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog.query_one(Input).value = ""
        await pilot.press(*"dow")
        for key, character in (("enter", "\r"), ("n", "n")):
            app.post_message(events.Key(key, character))
        await wait_for(pilot, lambda: dialog.query_one(Input).value == "down")
        assert not dialog.confirming and app.result == "open"
