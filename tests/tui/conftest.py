"""Fixtures of the browser tests: a loaded MIB store, the demo agent, and app factories.

The MIB store is loaded once per session through the session's private MIB cache;
recent agents, settings and the error log live in temporary XDG directories, never the user's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import textual._wait

from core.agent import start_background
from core.agent.demo import DemoDevice
from core.mib import load_mibs
from tui.tui_helpers import spec_for


SHARED_MIBS = Path(__file__).resolve().parents[3] / "shared" / "mibs"


@pytest.fixture(scope="session", autouse=True)
def quick_idle_detection() -> Iterator[None]:
    """Textual's pilot waits for the app to go idle after every key and pause: it sleeps
    slices of 20 ms until one passes with under 1 ms of CPU used. Slices of 5 ms with the
    same 5 % ratio tell idle just as well and save at least 15 ms per wait, several hundred
    times per run (textual 8.x names; a rename fails here loudly instead of going slow)."""
    slice_seconds = 1 / 200
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textual._wait, "SLEEP_GRANULARITY", slice_seconds)
        patch.setattr(textual._wait, "SLEEP_IDLE", slice_seconds / 20)
        yield


@pytest.fixture(scope="session")
def mib_store(mib_cache_dir: Path) -> Any:
    """The IETF and Net-SNMP MIBs of the shared corpus (IF-MIB, IP-MIB, HOST-RESOURCES-MIB, ...)."""
    return load_mibs(dirs=[str(SHARED_MIBS / "netsnmp")], cache_dir=mib_cache_dir)


@pytest.fixture(autouse=True)
def private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config (XDG_CONFIG_HOME), error log (XDG_STATE_HOME) and snmp.conf
    directories, all in a temporary directory."""
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return config


@pytest.fixture(scope="session")
def demo_agent() -> Iterator[Any]:
    with start_background(DemoDevice()) as running:
        yield running


@pytest.fixture
def demo_spec(demo_agent: Any) -> Any:
    return spec_for(demo_agent.port)


