"""Issue 11.1: an unhandled exception after a dialog connect prints or logs no secret.

Textual's default crash output is a traceback with the local variables of every
frame: the connect dialog's fields, the parsed flags. The app prints tracebacks
without locals, and communities and passphrases are ``Secret`` from the moment
they are read, so neither the traceback nor any message shows them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.widgets import Select

from core.agent import start_background
from core.agent.demo import DemoDevice
from core.security import User, auth_key_class, priv_key_class
from snmptui import netsnmp_args
from snmptui.screens.browser import BrowserScreen
from snmptui.screens.connect import ConnectScreen
from tui.tui_helpers import make_app, wait_for

COMMUNITY = "c0mmunity-s3cret"
AUTH_PASS = "auth-pass-s3cret"
PRIV_PASS = "priv-pass-s3cret"
SECRETS = (COMMUNITY, AUTH_PASS, PRIV_PASS)


class CrashOnPurpose(RuntimeError):
    """What the test makes the app raise."""


@pytest.fixture(scope="module")
def agent() -> Iterator[Any]:
    user = User("crash", auth_key=auth_key_class("SHA-256")(AUTH_PASS), priv_key=priv_key_class("AES")(PRIV_PASS))
    with start_background(DemoDevice(), community=COMMUNITY, users=[user]) as running:
        yield running


async def _connect_through_the_dialog(pilot: Any, agent: Any, version: str) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConnectScreen))
    await pilot.pause(0.05)
    screen = pilot.app.screen
    screen.query_one("#version", Select).value = version
    await pilot.pause()
    values = {"host": "127.0.0.1", "port": str(agent.port), "timeout": "2"}
    if version == "3":
        values.update(user="crash", auth_pass=AUTH_PASS, priv_pass=PRIV_PASS)
        screen.query_one("#level", Select).value = "authPriv"
        screen.query_one("#auth_proto", Select).value = "SHA-256"
        screen.query_one("#priv_proto", Select).value = "AES"
    else:
        values["community"] = COMMUNITY
    for name, value in values.items():
        screen.query_one(f"#{name}").value = value
    await pilot.pause()
    await pilot.click("#connect")


def _crash_while_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    original = netsnmp_args.spec_from_args

    def spec_from_args(args: Any, agent: str) -> Any:
        original(args, agent)  # the flags parsed, secrets and all, then a bug
        raise CrashOnPurpose("crash on purpose while building the connection")

    monkeypatch.setattr(netsnmp_args, "spec_from_args", spec_from_args)


@pytest.mark.parametrize("version", ["2c", "3"])
async def test_a_crash_while_connecting_from_the_dialog_prints_no_secret(
    mib_store: Any, agent: Any, version: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _crash_while_parsing(monkeypatch)
    app = make_app(mib_store)
    with pytest.raises(CrashOnPurpose):
        async with app.run_test(size=(100, 30)) as pilot:
            await _connect_through_the_dialog(pilot, agent, version)
            await wait_for(pilot, lambda: app._exception is not None)
    printed = capsys.readouterr()
    output = printed.out + printed.err
    assert "CrashOnPurpose" in output and "crash on purpose" in output  # the traceback was printed
    for secret in SECRETS:
        assert secret not in output


@pytest.mark.parametrize("version", ["2c", "3"])
async def test_a_view_crashing_after_a_dialog_connect_logs_no_secret_and_the_app_lives(
    mib_store: Any, agent: Any, version: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    def agent_changed(self: BrowserScreen, event: Any) -> None:
        raise CrashOnPurpose("crash on purpose after connecting")

    monkeypatch.setattr(BrowserScreen, "_agent_changed", agent_changed)
    app = make_app(mib_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _connect_through_the_dialog(pilot, agent, version)
        await wait_for(pilot, lambda: "CrashOnPurpose" in app.browser.status_bar.message.plain)
        assert app._exception is None and app.is_running
    log = (tmp_path / "state" / "snmptui" / "errors.log").read_text()
    assert "CrashOnPurpose" in log and "crash on purpose after connecting" in log
    for secret in SECRETS:
        assert secret not in log
