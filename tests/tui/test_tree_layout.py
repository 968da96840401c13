"""The tree at 80x24: twelve levels deep an instance line still shows its whole name and at
least 40 characters of its value (measured on the rendered screen), and at 120x40 the panes
sit side by side."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from core.agent import start_background
from core.snapshot.model import Snapshot
from tui.tui_helpers import connected, idle_walk, make_app, screen_as_svg_renderers_show_it, spec_for, wait_for

SYSTEM = [
    ("1.3.6.1.2.1.1.1.0", b"deep test device"),
    ("1.3.6.1.2.1.1.3.0", 12345),
    ("1.3.6.1.2.1.1.5.0", b"deep-1"),
]
LONG = "FPC: MPC Type 2 3D @ 0/*/* — slot 7, PIC 1, port 0, lane 0 (rev 4.2)"
HR_SW_INSTALLED_NAME = (1, 3, 6, 1, 2, 1, 25, 6, 3, 1, 2)  # 11 arcs: its instances are 12 levels deep


@pytest.fixture(scope="module")
def deep_agent() -> Iterator[Any]:
    rows = [(f"1.3.6.1.2.1.25.6.3.1.2.{n}", f"{LONG} #{n}".encode()) for n in range(1, 6)]
    with start_background(Snapshot.from_pairs(SYSTEM + rows)) as running:
        yield running


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_a_deep_instance_shows_its_name_and_40_characters_of_value(
    mib_store: Any, deep_agent: Any, size: tuple[int, int]
) -> None:
    app = make_app(mib_store, spec_for(deep_agent.port))
    async with app.run_test(size=size) as pilot:
        browser = await connected(pilot)
        browser.start_walk(HR_SW_INSTALLED_NAME)
        target = HR_SW_INSTALLED_NAME + (3,)
        await idle_walk(pilot)
        node = browser.oid_tree.reveal(target, "instance")
        assert node is not None and len(target) == 12

        def value_shown() -> int:
            """Characters of the value on the instance's line, up to the detail pane's edge."""
            lines = [line for line in screen_as_svg_renderers_show_it(app) if "hrSWInstalledName.3 = " in line]
            if not lines:
                return -1
            return len(lines[0].split("hrSWInstalledName.3 = ", 1)[1].split("│")[0].rstrip())

        try:
            await wait_for(pilot, lambda: value_shown() >= 40, timeout=3)
        except AssertionError:
            tree = browser.oid_tree
            raise AssertionError(f"only {value_shown()} characters of the value show {tree.cursor_node} {tree.scroll_offset} {screen_as_svg_renderers_show_it(app)}") from None
        assert browser.stacked is (size[0] < 100)
