"""The browser's snapshot keys: save to a file (``S``) and diff with a file (``D``).

The browser hands over its walked data and cursor; the dialog (``screens.snapshot_file``)
does the work through the agent context; a diff's result opens ``screens.diff_view``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.oid import OidTuple
from core.snapshot.netsnmp_format import utf8_text
from snmptui.screens.diff_view import DiffScreen
from snmptui.screens.snapshot_file import DiffResult, SaveResult, SnapshotFileScreen, SnapshotScope
from snmptui.snapshot_jobs import default_file_name
from snmptui.snapshot_memory import last_snapshot_file, remember_snapshot_file

__all__ = ["save_snapshot", "diff_snapshot", "scope_of", "open_compared_table"]


def scope_of(browser: Any) -> SnapshotScope:
    """What the browser can save or compare: its agent, values, walks and cursor subtree."""
    model = browser.model
    ref = browser.selected()
    subtree: OidTuple | None = None
    if ref is not None and ref.kind in ("node", "instance") and ref.oid:
        subtree = model.owner_of(ref.oid) if ref.kind == "instance" else ref.oid
    return SnapshotScope(
        values=dict(model.values),
        walked_roots=set(model.walked_roots),
        owners=sorted(model.instances),
        subtree=subtree,
        subtree_name=browser.mibs.oid_text(subtree) if subtree else "",
    )


def _agent_name(browser: Any) -> str:
    spec = browser.spec
    return spec.agent if spec is not None else "agent"


def _sys_name(browser: Any) -> str:
    value = browser.context.system.get("sysName")
    if isinstance(value, bytes):
        return utf8_text(value) or ""  # a name that is not text gives the host's default
    return str(value or "")


def save_snapshot(browser: Any) -> None:
    host = browser.spec.host if browser.spec is not None else "snapshot"
    default = last_snapshot_file(browser.app, newest=False) or default_file_name(_sys_name(browser), host)

    def saved(result: SaveResult | None) -> None:
        if result is None:
            browser.status_bar.show("Snapshot not saved.")
            return
        remember_snapshot_file(browser.app, result.path)
        browser.status_bar.finish(f"Saved {result.count:,} objects to {result.path}.")

    screen = SnapshotFileScreen("save", scope_of(browser), browser.context, str(default))
    browser.app.push_screen(screen, saved)


def open_compared_table(browser: Any, oid: OidTuple, path: Path) -> str | None:
    """Open the table view of the table at ``oid`` compared with ``path``; why not, if not."""
    from core.table import TableSpec, TableSpecError
    from snmptui.screens.table import TableScreen

    if browser.mibs.store is None:
        return "no MIBs are loaded: tables are unknown"
    try:
        spec = TableSpec.containing(browser.mibs.store, oid)
    except TableSpecError as exc:
        return f"no table view here: {exc}"
    browser.app.push_screen(TableScreen(browser.context, spec, command_for=browser.command_for, compare_with=path))
    return None


def diff_snapshot(browser: Any) -> None:
    default = last_snapshot_file(browser.app)

    def compared(result: DiffResult | None) -> None:
        if result is None:
            return
        remember_snapshot_file(browser.app, result.path)
        screen = DiffScreen(browser.mibs, result.outcome, result.marks, result.path, _agent_name(browser),
                            open_table=lambda oid: open_compared_table(browser, oid, result.path))  # fmt: skip
        browser.app.push_screen(screen)

    screen = SnapshotFileScreen("diff", scope_of(browser), browser.context, default)
    browser.app.push_screen(screen, compared)
