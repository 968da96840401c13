"""The tree shows UTF-8 text as text, and a value cut by the panel's width ends in `…`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from snmptui.app import SnmpTuiApp
from tui.tui_helpers import connected, idle_walk, wait_for

SYSTEM = (1, 3, 6, 1, 2, 1, 1)
LONG = "rack 12, row B, building 4, campus north - ask the NOC before touching anything here"


async def test_utf8_text_shows_as_text_and_a_cut_label_ends_in_an_ellipsis(mib_store: Any, tmp_path: Path) -> None:
    snapshot = tmp_path / "device.snmprec"
    snapshot.write_text(
        "1.3.6.1.2.1.1.1.0|4|test device\n"
        "1.3.6.1.2.1.1.3.0|67|123\n"
        f"1.3.6.1.2.1.1.4.0|4x|{'马刚'.encode().hex()}\n"
        "1.3.6.1.2.1.1.5.0|4|lab-1\n"
        f"1.3.6.1.2.1.1.6.0|4|{LONG}\n"
    )
    app = SnmpTuiApp(store=mib_store, offline=str(snapshot))
    async with app.run_test(size=(80, 24)) as pilot:
        browser = await connected(pilot)
        browser.start_walk(SYSTEM)
        await idle_walk(pilot)
        contact = browser.oid_tree.reveal(SYSTEM + (4, 0), "instance")
        assert contact is not None and "马刚" in contact.label.plain and "Ã" not in contact.label.plain
        browser.oid_tree.reveal(SYSTEM + (6, 0), "instance")
        browser.oid_tree.reveal(SYSTEM + (5, 0), "instance")  # the cursor on the line above it
        await pilot.pause(0.2)
        browser.oid_tree.scroll_to(x=0, animate=False, immediate=True)
        await pilot.pause(0.1)
        location = next(line for line in _screen_lines(app) if "sysLocation" in line)
        assert location.rstrip().endswith("…") and LONG not in location
        browser.oid_tree.reveal(SYSTEM + (6, 0), "instance")
        await wait_for(pilot, lambda: LONG in browser.detail_pane.text)  # the detail pane has it whole


def _screen_lines(app: Any) -> list[str]:
    from tui.tui_helpers import screen_as_svg_renderers_show_it

    return screen_as_svg_renderers_show_it(app)
