"""Shared helpers for the MIB tests: where the corpus is, how to run net-snmp tools."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "mibs"
REPO = Path(__file__).resolve().parents[2]


def corpus_dirs() -> list[str]:
    """Every folder of ../shared/mibs (net-snmp does not recurse, so list them all)."""
    return sorted(str(p) for p in [CORPUS, *CORPUS.rglob("*")] if p.is_dir())


def tool_env() -> dict[str, str]:
    """Environment for net-snmp tools: no user or system config, no default MIBs."""
    env = dict(os.environ)
    env.update(MIBS="", MIBDIRS="", SNMPCONFPATH="/nonexistent", HOME="/nonexistent")
    return env


def snmptranslate(*args: str) -> str:
    """stdout of snmptranslate over the whole corpus (warnings on stderr are dropped)."""
    command = ["snmptranslate", "-M", ":".join(corpus_dirs()), "-m", "ALL", *args]
    done = subprocess.run(command, capture_output=True, text=True, env=tool_env(), timeout=60)
    return done.stdout


def cache_entry_kinds(folder: Path) -> list[str]:
    """The kinds (``store``, ``texts``, ``parsed``, ``.tmp``) of the entries in a MIB cache folder."""
    return sorted(p.name.split("-")[0] for p in folder.iterdir()) if folder.is_dir() else []


def wait_for_cache_entries(folder: Path, kinds: tuple[str, ...] = ("store", "texts", "parsed"),
                           timeout: float = 60.0) -> list[str]:
    """The entry kinds of ``folder`` once ``kinds`` are all there and no write is half
    done: ``snmptui mib`` leaves its cache to a child that may finish after it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = cache_entry_kinds(folder)
        if set(kinds) <= set(found) and ".tmp" not in found:
            return found
        time.sleep(0.02)
    return cache_entry_kinds(folder)
