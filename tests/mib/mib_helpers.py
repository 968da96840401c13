"""Shared helpers for the MIB tests: where the corpus is, how to run net-snmp tools."""

from __future__ import annotations

import os
import subprocess
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
