"""The user's settings: ``$XDG_CONFIG_HOME/snmptui/config.toml`` (default ``~/.config``).

::

    theme = "textual-dark"
    timeout = 2.0            # seconds per try when -t is not given (before snmp.conf's)
    retries = 1              # when -r is not given (before snmp.conf's)
    max_repetitions = 25     # GETBULK walks, when -Cr is not given
    poll_interval = 5.0      # seconds between polls of a watched value
    tree_width = 60          # percent of the width the tree gets

    [keymap]                 # binding id = keys (comma separated), as in snmptui.keys
    walk = "W"

A setting that is wrong (unknown key, wrong type, out of range, an unknown binding
id) is reported in one line naming the file, the key and the problem, and its
default is used; a file TOML cannot read gives one line and every default. The
file never holds a secret: it has no key for one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from snmptui import config
from snmptui.keys import binding_ids

__all__ = ["Settings", "settings_path", "load_settings", "parse_settings"]


@dataclass(frozen=True)
class Settings:
    """What the user configured, defaults where they did not."""

    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    timeout: float | None = None
    """None: snmp.conf's, else netsnmp_args.DEFAULT_TIMEOUT (the same for the next two)"""
    retries: int | None = None
    max_repetitions: int | None = None
    poll_interval: float = 5.0
    tree_width: int = 60


_RANGES: dict[str, tuple[type, float, float]] = {
    "timeout": (float, 0.01, 3600.0),
    "retries": (int, 0, 20),
    "max_repetitions": (int, 1, 65535),
    "poll_interval": (float, 0.1, 86400.0),
    "tree_width": (int, 20, 85),
}


def settings_path() -> Path:
    return config.config_dir() / "config.toml"


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The settings in ``path`` (default: the user's file) and one line per problem found."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), [f"{path}: cannot read it ({exc}); using the defaults"]
    return parse_settings(text, str(path))


def parse_settings(text: str, where: str) -> tuple[Settings, list[str]]:
    """Settings from TOML ``text``; ``where`` names the file in problems."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Settings(), [f"{where}: not valid TOML ({exc}); using the defaults"]
    problems: list[str] = []
    settings = Settings()
    known = {f.name for f in fields(Settings)}
    for key, value in data.items():
        if key not in known:
            problems.append(f"{where}: unknown key {key!r} (known: {', '.join(sorted(known))})")
        elif key == "keymap":
            settings = replace(settings, keymap=_keymap(value, where, problems))
        elif key == "theme":
            if isinstance(value, str) and value:
                settings = replace(settings, theme=value)
            else:
                problems.append(f"{where}: theme: expected a theme name, got {value!r}")
        else:
            checked = _number(key, value, where, problems)
            if checked is not None:
                settings = replace(settings, **{key: checked})
    return settings, problems


def _number(key: str, value: Any, where: str, problems: list[str]) -> float | int | None:
    kind, low, high = _RANGES[key]
    default = getattr(Settings(), key)
    default = "the default" if default is None else default
    wanted = "a whole number" if kind is int else "a number"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and isinstance(value, float)):
        problems.append(f"{where}: {key}: expected {wanted}, got {value!r}; using {default}")
        return None
    if not low <= value <= high:
        problems.append(f"{where}: {key}: {value} is outside {low:g}-{high:g}; using {default}")
        return None
    return kind(value)


def _keymap(value: Any, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, dict):
        problems.append(f"{where}: keymap: expected a table ([keymap]) of binding id = \"keys\"")
        return {}
    ids = binding_ids()
    keymap: dict[str, str] = {}
    for binding_id, keys in value.items():
        if binding_id not in ids:
            problems.append(f"{where}: keymap.{binding_id}: no such binding (ids: {', '.join(sorted(ids))})")
        elif not isinstance(keys, str) or not keys.strip() or any(not k.strip() for k in keys.split(",")):
            problems.append(f"{where}: keymap.{binding_id}: expected keys like \"W\" or \"ctrl+w,f5\", got {keys!r}")
        else:
            keymap[binding_id] = ",".join(k.strip() for k in keys.split(","))
    return keymap
