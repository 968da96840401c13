"""Recent agents, remembered in the user's config directory (XDG), never with secrets.

``$XDG_CONFIG_HOME/snmptui/recent.json`` (default ``~/.config/snmptui``) holds a list
of connection settings (host, port, version, v3 user and protocols, timeouts). The
keys in ``SECRET_KEYS`` are dropped before anything is written. A missing or corrupt
file reads as an empty list; writes go through a temporary file and a rename.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from snmptui.netsnmp_args import SECRET_DESTS

__all__ = ["config_dir", "recent_path", "load_recent", "remember", "SECRET_KEYS", "MAX_RECENT"]

SECRET_KEYS = frozenset(SECRET_DESTS)
MAX_RECENT = 10


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "snmptui"


def recent_path() -> Path:
    return config_dir() / "recent.json"


def _clean(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in SECRET_KEYS and isinstance(v, (str, int, float))}


def load_recent() -> list[dict[str, Any]]:
    """Recent agents, most recent first; ``[]`` when the file is missing or unreadable."""
    try:
        data = json.loads(recent_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [_clean(item) for item in data if isinstance(item, dict) and item.get("host")]


def _key(entry: dict[str, Any]) -> tuple[Any, ...]:
    return (entry.get("host"), str(entry.get("port")), entry.get("version"), entry.get("user", ""))


def remember(entry: dict[str, Any]) -> None:
    """Put ``entry`` (secrets removed) first in the recent list; I/O errors are ignored."""
    clean = _clean(entry)
    entries = [clean] + [e for e in load_recent() if _key(e) != _key(clean)]
    path = recent_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=path.parent, prefix=".recent-", suffix=".tmp", delete=False, encoding="utf-8"
        ) as handle:
            json.dump(entries[:MAX_RECENT], handle, indent=1)
        os.replace(handle.name, path)
    except OSError:
        return
