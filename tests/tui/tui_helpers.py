"""Helpers of the browser tests: specs for loopback agents, app factory, waiting on the app."""

from __future__ import annotations

import html
import re
from typing import Any

from rich.cells import cell_len

from snmptui.app import SnmpTuiApp
from snmptui.netsnmp_args import parse_connection


def spec_for(port: int, *flags: str, host: str = "127.0.0.1") -> Any:
    agent = f"udp6:[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return parse_connection(["-v", "2c", "-c", "public", "-t", "1", "-r", "1", *flags, agent])


def make_app(store: Any, spec: Any = None) -> SnmpTuiApp:
    return SnmpTuiApp(spec, store=store)


async def wait_for(pilot: Any, condition: Any, timeout: float = 10.0, step: float = 0.02) -> None:
    """Let the app run until ``condition()`` holds; fail the test after ``timeout`` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await pilot.pause(step)


async def connected(pilot: Any) -> Any:
    """The browser screen once the probe of the app's spec succeeded."""
    app = pilot.app
    await wait_for(pilot, lambda: app.browser.spec is not None)
    return app.browser


def fill_new_row(dialog: Any, index: str, address_hex: str, params: str) -> None:
    """Type an snmpTargetAddrTable row into the new-row dialog (UDP domain)."""
    from textual.widgets import Input

    for field, text in (("#index-0", index), ("#col-snmpTargetAddrTDomain", "1.3.6.1.6.1.1"),
                        ("#col-snmpTargetAddrTAddress", address_hex), ("#col-snmpTargetAddrParams", params)):  # fmt: skip
        dialog.query_one(field, Input).value = text


async def idle_walk(pilot: Any) -> None:
    """Wait until no walk runs."""
    context = pilot.app.context
    await wait_for(pilot, lambda: context.walk is None and not context.walk_queue)


_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)"'
    r' clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>'
)


def screen_as_svg_renderers_show_it(app: Any) -> list[str]:
    """The screen's lines read back from ``app.export_screenshot()`` the way librsvg draws it.

    librsvg (``rsvg-convert``, used to turn the screenshots into images) drops the
    leading white space of every ``<text>`` element, so a styled span that starts
    with a space loses it in the picture: ``ifDescr.9`` + `` = `` reads ``ifDescr.9=``.
    """
    rows: dict[int, list[str]] = {}
    for x, length, line, content in _SVG_TEXT.findall(app.export_screenshot()):
        text = html.unescape(content).replace("\xa0", " ")
        cell = float(length) / cell_len(text)
        row = rows.setdefault(int(line), [])
        column = round(float(x) / cell)
        shown = text.lstrip(" ")
        row.extend(" " * (column + len(text) - len(row)))
        row[column : column + len(shown)] = shown
    return ["".join(rows.get(line, [])).rstrip() for line in range(max(rows, default=-1) + 1)]
