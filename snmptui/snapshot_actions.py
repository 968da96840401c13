"""The browser's snapshot keys: save to a file (``S``) and diff with a file (``D``).

The browser hands over its walked data and cursor; the dialog (``screens.snapshot_file``)
does the work through the agent context; a diff's result opens ``screens.diff_view``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.oid import OidTuple
from snmptui.screens.diff_view import DiffScreen
from snmptui.screens.snapshot_file import DiffResult, SaveResult, SnapshotFileScreen, SnapshotScope
from snmptui.snapshot_jobs import default_file_name

__all__ = ["save_snapshot", "diff_snapshot", "scope_of"]

_LAST_FILE = "_snapshot_last_file"


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
        return value.decode("utf-8", "replace")
    return str(value or "")


def save_snapshot(browser: Any) -> None:
    host = browser.spec.host if browser.spec is not None else "snapshot"
    default = getattr(browser, _LAST_FILE, None) or default_file_name(_sys_name(browser), host)

    def saved(result: SaveResult | None) -> None:
        if result is None:
            browser.status_bar.show("Snapshot not saved.")
            return
        setattr(browser, _LAST_FILE, str(result.path))
        browser.status_bar.finish(f"Saved {result.count:,} objects to {result.path}.")

    screen = SnapshotFileScreen("save", scope_of(browser), browser.context, str(default))
    browser.app.push_screen(screen, saved)


def _newest_snapshot(folder: Path) -> str:
    names = [p for p in folder.glob("*") if p.is_file() and p.name.endswith((".snmprec", ".bz2", ".json", ".txt"))]
    return str(max(names, key=lambda p: p.stat().st_mtime).name) if names else ""


def diff_snapshot(browser: Any) -> None:
    default = getattr(browser, _LAST_FILE, None) or _newest_snapshot(Path.cwd())

    def compared(result: DiffResult | None) -> None:
        if result is None:
            return
        setattr(browser, _LAST_FILE, str(result.path))
        screen = DiffScreen(browser.mibs, result.outcome, result.marks, result.path, _agent_name(browser))
        browser.app.push_screen(screen)

    screen = SnapshotFileScreen("diff", scope_of(browser), browser.context, default)
    browser.app.push_screen(screen, compared)
