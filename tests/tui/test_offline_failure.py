"""Issue 11.8: ``--offline`` with a bad file: why the agent could not start stays on
screen, in full, whatever arrives later (the MIBs finishing to load)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from snmptui.app import SnmpTuiApp
from snmptui.messages import MibsLoaded
from tui.tui_helpers import wait_for


async def test_the_reason_the_embedded_agent_did_not_start_wins_over_mibs_loaded(
    mib_store: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.snmprec"
    bad.write_text("1.3.6.1.2.1.1.1.0|4|ok\n1.3.6.1.2.1.1.2.0|6|not-an-oid\n")
    app = SnmpTuiApp(offline=str(bad), store=mib_store)
    async with app.run_test(size=(100, 30)) as pilot:
        status = app.browser.status_bar
        await wait_for(pilot, lambda: "cannot start" in str(status.message))
        app.post_message(MibsLoaded(mib_store, 0.4, "12 modules, 3,456 nodes"))
        await pilot.pause(0.2)
        shown = str(status.message)
        assert "MIBs loaded" not in shown and f"{bad}:2" in shown
        # The status line is one line; the detail pane holds the whole reason, wrapped.
        detail = str(app.browser.detail_pane.renderable)
        assert "Cannot connect" in detail and f"{bad}:2" in detail and "is not a number" in detail
