"""The connection dialog and the snmpd fixture: validation, probe, precise errors, recent agents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select

from snmptui.context import AgentContext
from snmptui.screens.connect import ConnectScreen, validate
from tui.tui_helpers import connected, idle_walk, make_app, spec_for, wait_for


async def _dialog(pilot: Any) -> ConnectScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConnectScreen))
    await pilot.pause(0.05)  # let the dialog's widgets finish mounting
    return pilot.app.screen


def _fill(screen: ConnectScreen, **values: str) -> None:
    for name, value in values.items():
        widget = screen.query_one(f"#{name}")
        widget.value = value


def test_validation_rules() -> None:
    good = {"host": "h", "port": "161", "version": "2c", "community": "c", "timeout": "1",
            "retries": "1", "max_repetitions": "25"}
    assert validate(good) == {}
    assert set(validate({**good, "host": "", "port": "70000", "timeout": "0"})) == {"host", "port", "timeout"}
    v3 = {**good, "version": "3", "user": "", "level": "authPriv", "auth_pass": "short", "priv_pass": ""}
    assert set(validate(v3)) == {"user", "auth_pass", "priv_pass"}


async def test_dialog_validates_inline_and_shows_v3_fields_only_for_v3(mib_store: Any) -> None:
    app = make_app(mib_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _dialog(pilot)
        user_row = screen.query_one("#user").parent
        assert not user_row.display and screen.query_one("#community").parent.display
        assert screen.query_one("#community", Input).password
        _fill(screen, port="99999")
        await pilot.pause()
        assert screen.query_one("#port").has_class("-invalid")
        assert "port must be 1-65535" in str(screen.query_one("#connect-problems").render())
        screen.query_one("#version", Select).value = "3"
        await pilot.pause()
        assert user_row.display and not screen.query_one("#community").parent.display
        assert screen.query_one("#auth_pass", Input).password
        await pilot.click("#connect")
        await pilot.pause()
        assert isinstance(app.screen, ConnectScreen)
        status = str(screen.query_one("#connect-status").render())
        assert "Fix" in status
        button = screen.query_one("#connect")
        assert button.region.bottom <= 24  # the whole v3 form fits in 80x24


async def test_connect_probes_and_remembers_without_secrets(
    mib_store: Any, snmpd: Any, private_config: Path
) -> None:
    app = make_app(mib_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _dialog(pilot)
        _fill(screen, host=snmpd.host4, port=str(snmpd.port), community="public")
        await pilot.click("#connect")
        browser = await connected(pilot)
        assert browser.spec.port == snmpd.port
        header = str(browser.header_line.render())
        assert "v2c" in header and "up " in header
    saved = json.loads((private_config / "snmptui" / "recent.json").read_text())
    assert saved[0]["host"] == snmpd.host4 and saved[0]["port"] == str(snmpd.port)
    assert "community" not in saved[0] and "public" not in json.dumps(saved)


async def test_wrong_community_is_explained_as_a_timeout(mib_store: Any, snmpd: Any) -> None:
    app = make_app(mib_store, spec_for(snmpd.port, "-c", "not-the-community", "-t", "0.3", "-r", "0"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _dialog(pilot)
        status = str(screen.query_one("#connect-status").render())
        assert "timeout" in status and "community is wrong" in status
        assert "not-the-community" not in status
        assert app.browser.spec is None


async def test_wrong_v3_passphrase_names_the_reason(mib_store: Any, snmpd: Any) -> None:
    app = make_app(mib_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _dialog(pilot)
        screen.query_one("#version", Select).value = "3"
        await pilot.pause()
        _fill(screen, host=snmpd.host4, port=str(snmpd.port), user="auth_sha", auth_pass="definitely-wrong",
              timeout="1", retries="0")
        screen.query_one("#level", Select).value = "authNoPriv"
        screen.query_one("#auth_proto", Select).value = "SHA"
        await pilot.pause()
        await pilot.click("#connect")
        await wait_for(pilot, lambda: not screen.probing)
        status = str(screen.query_one("#connect-status").render())
        assert "wrong auth passphrase" in status and "What to try" in status
        assert "definitely-wrong" not in status
        assert isinstance(app.screen, ConnectScreen)


async def test_streaming_walk_against_snmpd_ipv6(
    mib_store: Any, snmpd: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[int] = []
    original = AgentContext._walk_batch

    async def count(self: AgentContext, batch: Any) -> None:
        batches.append(len(batch.varbinds))
        await original(self, batch)

    monkeypatch.setattr(AgentContext, "_walk_batch", count)
    app = make_app(mib_store, spec_for(snmpd.port, "-Cr", "10", host=snmpd.host6))
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        interfaces = (1, 3, 6, 1, 2, 1, 2)
        browser.oid_tree.reveal(interfaces)
        await idle_walk(pilot)
        batches.clear()
        await pilot.press("w")
        await idle_walk(pilot)
        with browser.spec.session() as session:
            expected = {name for name, _ in session.fetch("1.3.6.1.2.1.2")}
        walked = {".".join(map(str, oid)) for oid in browser.model.values}
        assert walked == expected
        assert sum(batches) == len(expected) and batches
        descr = browser.oid_tree.reveal(interfaces + (2, 1, 2))
        await pilot.press("l")
        await wait_for(pilot, lambda: len(descr.children) > 0)
        assert descr.children[0].label.plain.startswith("ifDescr.1 = lo")


async def test_failed_command_line_connect_opens_the_dialog_with_what_was_typed(mib_store: Any) -> None:
    app = make_app(mib_store, spec_for(9, "-t", "0.2", "-r", "0", "-Cr", "40"))  # nothing listens on port 9
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConnectScreen))
        await pilot.pause()
        fields = ("host", "port", "timeout", "retries", "max_repetitions")
        value = {name: app.screen.query_one(f"#{name}", Input).value for name in fields}
        assert value == {"host": "127.0.0.1", "port": "9", "timeout": "0.2", "retries": "0", "max_repetitions": "40"}
        assert app.screen.query_one("#version", Select).value == "2c"
        assert "timeout" in str(app.screen.query_one("#connect-status").render())


async def test_a_profile_fills_the_dialog_and_its_secrets_come_from_snmp_conf(
    mib_store: Any, private_config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from snmptui.app import SnmpTuiApp

    (private_config / "snmptui").mkdir(parents=True)
    (private_config / "snmptui" / "config.toml").write_text(
        '[profiles.core]\nhost = "192.0.2.7"\nport = 1161\nversion = "3"\nuser = "ops"\n'
        'level = "authNoPriv"\nauth = "SHA-256"\nauth_pass = "not-here"\n'
    )
    conf = tmp_path / "netsnmp"
    conf.mkdir()
    (conf / "snmp.conf").write_text("defAuthPassphrase from-snmp-conf\n")
    monkeypatch.setenv("SNMPCONFPATH", str(conf))
    app = SnmpTuiApp(store=mib_store)
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConnectScreen))
        assert any("profiles.core.auth_pass: secrets are never kept here" in p for p in app.config_problems)
        screen = app.screen
        screen.query_one("#profile", Select).value = "core"
        await pilot.pause(0.1)
        fields = screen.fields()
        assert fields["host"] == "192.0.2.7" and fields["port"] == "1161" and fields["version"] == "3"
        assert fields["user"] == "ops" and fields["level"] == "authNoPriv" and fields["auth_proto"] == "SHA-256"
        assert fields["auth_pass"].reveal() == "from-snmp-conf" and screen.query_one("#auth_pass", Input).password
        assert "from-snmp-conf" not in str(screen.query_one("#connect-status").render())
