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

    [profiles.core-router]   # a saved connection for the dialog; never a secret
    host = "192.0.2.1"
    version = "3"            # also: port, community-less v1/v2c, user, level, auth, priv, context
    user = "ops"
    level = "authPriv"
    auth = "SHA-256"
    priv = "AES"

A setting that is wrong (unknown key, wrong type, out of range, an unknown binding
id) is reported in one line naming the file, the key and the problem, and its
default is used; a file TOML cannot read gives one line and every default. The
file never holds a secret: it has no key for one, and a profile that tries
(``community``, ``auth_pass``...) is refused with the places secrets come from
(snmp.conf, the ``SNMPTUI_*`` environment, the dialog's masked fields).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from snmptui import config

__all__ = ["Settings", "Profile", "settings_path", "load_settings", "parse_settings"]


@dataclass(frozen=True)
class Profile:
    """A saved connection (no secret): what the dialog fills in when it is chosen."""

    name: str
    host: str
    port: int = 161
    version: str = "2c"
    user: str = ""
    level: str = "authPriv"
    auth: str = "SHA"
    priv: str = "AES"
    context: str = ""

    def fields(self) -> dict[str, str]:
        """The dialog's field values (``snmptui.screens.connect`` names)."""
        return {
            "host": self.host, "port": str(self.port), "version": self.version, "user": self.user,
            "level": self.level, "auth_proto": self.auth, "priv_proto": self.priv, "context": self.context,
        }  # fmt: skip


_PROFILE_TEXT = ("host", "user", "context")
_PROFILE_CHOICES: dict[str, tuple[str, ...]] = {
    "version": ("1", "2c", "3"),
    "level": ("noAuthNoPriv", "authNoPriv", "authPriv"),
    "auth": ("MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"),
    "priv": ("DES", "AES", "AES-192", "AES-256", "AES-192-C", "AES-256-C"),
}
_SECRET_KEYS = ("community", "auth_pass", "priv_pass", "passphrase", "auth_passphrase", "priv_passphrase")


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
    profiles: dict[str, Profile] = field(default_factory=dict)


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
        elif key == "profiles":
            settings = replace(settings, profiles=_profiles(value, where, problems))
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
    from snmptui.keys import binding_ids  # Textual's Binding: only when a [keymap] is read

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


def _profiles(value: Any, where: str, problems: list[str]) -> dict[str, Profile]:
    if not isinstance(value, dict):
        problems.append(f"{where}: profiles: expected tables like [profiles.NAME]")
        return {}
    profiles: dict[str, Profile] = {}
    for name, table in value.items():
        profile = _profile(name, table, where, problems)
        if profile is not None:
            profiles[name] = profile
    return profiles


def _profile(name: str, table: Any, where: str, problems: list[str]) -> Profile | None:
    key = f"profiles.{name}"
    if not isinstance(table, dict):
        problems.append(f"{where}: {key}: expected a table of host, version, user...")
        return None
    values: dict[str, Any] = {}
    for item, value in table.items():
        if item in _SECRET_KEYS:
            problems.append(
                f"{where}: {key}.{item}: secrets are never kept here; they come from snmp.conf,"
                " SNMPTUI_COMMUNITY/SNMPTUI_AUTH_PASS/SNMPTUI_PRIV_PASS or the dialog"
            )
        elif item == "port":
            if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 65536:
                values["port"] = value
            else:
                problems.append(f"{where}: {key}.port: expected 1-65535, got {value!r}")
        elif item in _PROFILE_CHOICES:
            choices = _PROFILE_CHOICES[item]
            if str(value) in choices:
                values[item] = str(value)
            else:
                problems.append(f"{where}: {key}.{item}: expected one of {', '.join(choices)}, got {value!r}")
        elif item in _PROFILE_TEXT and isinstance(value, str):
            values[item] = value
        else:
            problems.append(f"{where}: {key}.{item}: unknown or not text")
    if not values.get("host"):
        problems.append(f"{where}: {key}: needs a host")
        return None
    return Profile(name, **values)
