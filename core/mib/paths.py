"""MIB search path and module discovery, following net-snmp's rules.

Search path: ``-M`` (a colon list; a leading ``+`` prepends it to the default),
else ``MIBDIRS`` (same ``+`` rule), else the defaults ``~/.snmp/mibs``,
``/usr/share/snmp/mibs`` with its ``iana`` and ``ietf`` folders, and
``/usr/share/mibs/{ietf,iana,netsnmp}`` (Debian's snmp-mibs-downloader layout).

Modules are found by their ``NAME DEFINITIONS ::= BEGIN`` header, not by file name;
when two files define one module, the one found later in the path wins (as in
net-snmp).
"""

from __future__ import annotations

import os
import re

__all__ = ["DEFAULT_DIRS", "search_path", "module_selection", "list_files", "scan_header"]

DEFAULT_DIRS: tuple[str, ...] = (
    "~/.snmp/mibs",
    "/usr/share/snmp/mibs",
    "/usr/share/snmp/mibs/iana",
    "/usr/share/snmp/mibs/ietf",
    "/usr/share/mibs/ietf",
    "/usr/share/mibs/iana",
    "/usr/share/mibs/netsnmp",
)

_HEADER = re.compile(
    r"^[ \t]*([A-Za-z][\w-]*)\s+DEFINITIONS\s*(?:[A-Z]+\s+TAGS\s*)?::=\s*BEGIN", re.M
)


def _split(spec: str) -> list[str]:
    return [os.path.expanduser(part) for part in spec.split(":") if part]


def search_path(spec: str | list[str] | None = None, environ: dict[str, str] | None = None) -> list[str]:
    """Directories to search, in order, from a ``-M`` value (str or list) or the environment."""
    env = os.environ if environ is None else environ
    default = [os.path.expanduser(d) for d in DEFAULT_DIRS]
    mibdirs = env.get("MIBDIRS")
    if mibdirs:
        default = _split(mibdirs[1:]) + default if mibdirs.startswith("+") else _split(mibdirs)
    if spec is None:
        return default
    if isinstance(spec, list):
        return [os.path.expanduser(d) for d in spec]
    if spec.startswith("+"):
        return _split(spec[1:]) + default
    return _split(spec)


def module_selection(spec: str | list[str] | None = None, environ: dict[str, str] | None = None) -> list[str] | None:
    """Modules to load from a ``-m`` value or ``MIBS``; None means every module found.

    A browser loads everything by default, so an empty selection, ``ALL`` anywhere
    in it, or a leading ``+`` (adding to the default, which is already everything)
    all mean ALL.
    """
    env = os.environ if environ is None else environ
    if spec is None:
        spec = env.get("MIBS") or None
        if spec is None:
            return None
    parts: list[str]
    if isinstance(spec, list):
        parts = [p for item in spec for p in re.split(r"[:,]", item) if p]
    else:
        if spec.startswith("+"):
            return None
        parts = [p for p in re.split(r"[:,]", spec) if p]
    if not parts or "ALL" in parts:
        return None
    return parts


def list_files(directory: str) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of the regular files of one directory, sorted by name."""
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return []
    result = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if not entry.is_file():
                continue
            stat = entry.stat()
        except OSError:
            continue
        result.append((entry.path, stat.st_size, stat.st_mtime_ns))
    return result


def scan_header(text: str) -> list[str]:
    """Names of the modules a MIB text defines, from their headers (cheap, no parse)."""
    return _HEADER.findall(text)
