"""Which snapshot file the snapshot dialogs offer: the one last saved, diffed or compared
in this session (kept on the browser), else the newest snapshot in the current directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["last_snapshot_file", "remember_snapshot_file"]

_LAST_FILE = "_snapshot_last_file"
_SNAPSHOT_ENDINGS = (".snmprec", ".bz2", ".json", ".txt")


def _newest_snapshot(folder: Path) -> str:
    names = [p for p in folder.glob("*") if p.is_file() and p.name.endswith(_SNAPSHOT_ENDINGS)]
    return str(max(names, key=lambda p: p.stat().st_mtime).name) if names else ""


def last_snapshot_file(app: Any, newest: bool = True) -> str:
    """The file last used in this session; else (``newest``) the newest snapshot in the
    current directory; else ''."""
    remembered = getattr(getattr(app, "browser", None), _LAST_FILE, None)
    if remembered:
        return str(remembered)
    return _newest_snapshot(Path.cwd()) if newest else ""


def remember_snapshot_file(app: Any, path: Path) -> None:
    browser = getattr(app, "browser", None)
    if browser is not None:
        setattr(browser, _LAST_FILE, str(path))
