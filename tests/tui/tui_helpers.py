"""Helpers of the browser tests: specs for loopback agents, app factory, waiting on the app."""

from __future__ import annotations

from typing import Any

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


async def idle_walk(pilot: Any) -> None:
    """Wait until no walk runs."""
    browser = pilot.app.browser
    await wait_for(pilot, lambda: browser.walk_worker is None and not browser.walk_queue)
