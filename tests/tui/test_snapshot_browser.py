"""Pilot tests of the browser's snapshot keys: S saves (read back equal), D diffs (tree marks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, RadioButton

from core.oid import format_oid, oid_key
from core.snapshot.export import export_records
from core.snapshot.files import load_snapshot
from core.snapshot.model import Record
from snmptui.screens.diff_view import DiffScreen
from snmptui.screens.snapshot_file import SnapshotFileScreen
from snmptui.snapshot_jobs import model_records
from tui.tui_helpers import connected, idle_walk, make_app, wait_for

MIB2 = (1, 3, 6, 1, 2, 1)
SYSTEM = MIB2 + (1,)
IF_TABLE = MIB2 + (2, 2)
IF_DESCR = MIB2 + (2, 2, 1, 2)


def typed(records: list[Record]) -> dict[tuple[int, ...], tuple[type, Any]]:
    return {oid_key(r.oid): (type(r.value), r.value) for r in records}


async def open_dialog(pilot: Any, key: str, path: Path) -> SnapshotFileScreen:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SnapshotFileScreen))
    dialog = pilot.app.screen
    dialog.query_one("#snapshot-file", Input).value = str(path)
    return dialog


async def test_saving_what_was_walked_writes_a_file_that_reads_back_equal(
    mib_store: Any, demo_spec: Any, tmp_path: Path
) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        for root in (SYSTEM, IF_TABLE):
            browser.start_walk(root)
            await idle_walk(pilot)
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SnapshotFileScreen))
        default = app.screen.query_one("#snapshot-file", Input).value
        assert default.startswith("demo-rtr-1-") and default.endswith(".snmprec.bz2"), default
        await pilot.press("escape")
        target = tmp_path / "walked.snmprec.bz2"
        await open_dialog(pilot, "S", target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is browser and target.exists())
        assert typed(load_snapshot(target).records) == {k: (type(v), v) for k, v in browser.model.values.items()}
        assert "Saved" in browser.status_bar.message.plain and str(target) in browser.status_bar.message.plain


async def test_saving_the_whole_device_walks_it_first_with_progress(
    mib_store: Any, demo_spec: Any, demo_agent: Any, tmp_path: Path
) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        assert not browser.model.values
        target = tmp_path / "device.json"
        dialog = await open_dialog(pilot, "S", target)
        assert dialog.query_one("#scope-device", RadioButton).value  # nothing walked: the default
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is browser and target.exists())
        saved = load_snapshot(target).records
        assert len(saved) == len(demo_agent.agent.source.as_store())
        assert set(typed(saved)) == set(browser.model.values)  # the walk is in the tree too
        assert browser.model.is_walked((1, 3, 6, 1, 2, 1))  # the context's own walk: the tree has it


async def test_a_diff_marks_changed_removed_and_added_nodes_and_filters_them(
    mib_store: Any, demo_spec: Any, tmp_path: Path
) -> None:
    app = make_app(mib_store, demo_spec)
    async with app.run_test(size=(120, 40)) as pilot:
        browser = await connected(pilot)
        browser.start_walk(IF_DESCR)
        await idle_walk(pilot)
        records = model_records(browser.model.values)
        changed, gone, new = IF_DESCR + (1,), IF_DESCR + (999,), IF_DESCR + (2,)
        before = [Record(r.oid, b"old-name") if oid_key(r.oid) == changed else r for r in records
                  if oid_key(r.oid) != new] + [Record(format_oid(gone), b"gone-port")]  # fmt: skip
        snapshot = tmp_path / "before.snmprec"
        export_records(sorted(before, key=lambda r: oid_key(r.oid)), snapshot)
        await open_dialog(pilot, "D", snapshot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DiffScreen))
        screen = app.screen
        assert {oid: c.kind for oid, c in screen.marks.changes.items()} == {
            changed: "changed", gone: "removed", new: "added"}  # fmt: skip
        tree = screen.diff_tree
        for oid in (changed, gone, new):
            assert tree.reveal(oid, "instance") is not None
        now = browser.model.values[changed].decode()
        assert screen.label_of(changed).startswith(f"~ ifDescr.1 = {now}")
        assert screen.label_of(changed).endswith("(was old-name)")
        assert screen.label_of(gone) == "- ifDescr.999 = gone-port"
        assert screen.label_of(new).startswith("+ ifDescr.2 = ")
        assert screen.label_of(IF_DESCR + (3,)).startswith("  ifDescr.3 = ")  # unchanged
        assert screen.label_of(IF_DESCR, "node").endswith(" ~1 -1 +1")
        styles = {str(span.style) for span in tree.node_for(gone, "instance").label.spans}
        assert any("red" in style for style in styles)
        tree.reveal(changed, "instance")
        await pilot.pause()
        detail = str(screen.detail_text(screen.selected()))
        assert "before old-name" in " ".join(detail.split()) and f"now {now}" in " ".join(detail.split())
        await pilot.press("right_square_bracket")
        assert screen.selected().oid == new  # ifDescr.1 -> ifDescr.2, the next difference
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.selected().oid == changed  # after ifDescr.999 it wraps to the first
        await pilot.press("d")
        assert screen.labeler.model is screen.marks.differences
        assert set(screen.marks.differences.values) == {changed, gone, new}
        assert tree.node_for(IF_DESCR + (3,), "instance") is None
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is browser)
