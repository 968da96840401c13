"""Regenerate screenshots/*.svg from the demo device with the app's own ``save_screenshot``.

    python scripts/screenshots.py [--out screenshots]

Runs the browser headless (120x34) against the embedded demo agent and saves:
connect.svg (the connection dialog), tree.svg (interfaces with values),
detail.svg (an ifOperStatus instance: value, enums, DESCRIPTION), search.svg,
help.svg, table.svg (ifTable as a grid, ifXTable joined), interfaces.svg (the live
interfaces dashboard), watch.svg (the watch pane on counters, after a few polls),
set.svg (the SET dialog's confirmation step) and notifications.svg (the demo's
linkDown/linkUp traps, a flap cycle sent at once). The IETF MIBs of ../shared/mibs/netsnmp are added to the search path
when present (Debian ships none, and the built-in base has no DESCRIPTIONs).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SIZE = (120, 34)
SHARED_MIBS = REPO.parent / "shared" / "mibs" / "netsnmp"
IF_TABLE = (1, 3, 6, 1, 2, 1, 2, 2)
IF_DESCR = IF_TABLE + (1, 2)
IF_ADMIN_STATUS = IF_TABLE + (1, 7)
IF_OPER_STATUS = IF_TABLE + (1, 8)
IF_HC_IN_OCTETS = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6)


async def _until(pilot: Any, condition: Any, timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise SystemExit("screenshots: the app did not get ready in time")
        await pilot.pause(0.05)


async def shoot(out: Path) -> list[Path]:
    from snmptui.app import SnmpTuiApp
    from snmptui.screens.connect import ConnectScreen

    saved: list[Path] = []

    def save(app: Any, name: str) -> None:
        path = out / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(out))
        saved.append(path)

    app = SnmpTuiApp(demo=True, mib_dirs=f"+{SHARED_MIBS}" if SHARED_MIBS.is_dir() else None)
    async with app.run_test(size=SIZE) as pilot:
        browser = app.browser
        await _until(pilot, lambda: browser.spec is not None and app.mibs.store is not None)
        tree = browser.oid_tree
        for column in (IF_DESCR, IF_OPER_STATUS):
            node = tree.reveal(column)
            node.expand()
            await _until(pilot, lambda: app.context.walk is None and not app.context.walk_queue)
        tree.reveal(IF_DESCR)
        await pilot.pause(0.3)
        save(app, "tree")
        instance = IF_OPER_STATUS + (20,)  # a port without link: down(2)
        tree.reveal(instance, "instance")
        await pilot.pause(0.3)
        save(app, "detail")
        await pilot.press("slash")
        await pilot.press(*"octets")
        await pilot.pause(0.3)
        save(app, "search")
        await pilot.press("escape")
        await pilot.press("question_mark")
        await pilot.pause(0.3)
        save(app, "help")
        await pilot.press("escape")
        await _views(app, pilot, save)
        await _until(pilot, lambda: app.demo_notifier is not None)
        from core.agent.demo_ports import FLAP_PERIOD

        app.demo_notifier.device._boot -= 2 * FLAP_PERIOD  # two flap cycles pass at once
        app.demo_notifier.send_due()
        await _until(pilot, lambda: app.notifications.stats.notifications >= 4)
        await pilot.press("N")
        await pilot.pause(0.5)
        save(app, "notifications")
        await pilot.press("escape")
        app.push_screen(ConnectScreen(app.context.probe, initial={"host": "192.0.2.1"}))
        await pilot.pause(0.3)
        save(app, "connect")
    return saved


async def _views(app: Any, pilot: Any, save: Any) -> None:
    """The table view, the interfaces dashboard, the watch pane and the SET dialog."""
    browser = app.browser
    tree = browser.oid_tree
    tree.reveal(IF_TABLE)
    await pilot.press("t")
    await pilot.pause(2.0)
    save(app, "table")
    await pilot.press("escape")
    await pilot.pause(0.3)
    await pilot.press("I")
    await pilot.pause(7.0)  # two polls: rates need a second sample
    save(app, "interfaces")
    await pilot.press("escape")
    await pilot.pause(0.3)
    node = tree.reveal(IF_HC_IN_OCTETS)
    node.expand()
    await _until(pilot, lambda: app.context.walk is None and not app.context.walk_queue)
    await pilot.press("p")  # adding shows the pane
    await pilot.pause(11.0)  # a few 5 s polls for rates and sparklines
    save(app, "watch")
    await pilot.press("P")  # hides it again
    node = tree.reveal(IF_ADMIN_STATUS)
    node.expand()
    await _until(pilot, lambda: app.context.walk is None and not app.context.walk_queue)
    tree.reveal(IF_ADMIN_STATUS + (3,), "instance")
    await pilot.pause(0.3)
    await pilot.press("s")
    await pilot.pause(1.0)
    await pilot.press(*"down")
    await pilot.press("enter")
    await pilot.pause(0.5)
    save(app, "set")
    await pilot.press("escape", "escape")
    await pilot.pause(0.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(shoot(out)):
        print(path)


if __name__ == "__main__":
    main()
