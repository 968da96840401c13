"""Suite-wide pytest fixtures: the real snmpd agent (one per session) and a factory for more.

The agent logic lives in ``snmpd_fixture``; this file only ties its lifetime to pytest,
keeps the machine's snmp.conf out of every test, and gives the whole session one private
MIB cache (so the corpus is compiled once, not once per fixture or subprocess).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from snmpd_fixture import SnmpdAgent, SnmpdFactory, require_tools


@pytest.fixture(scope="session", autouse=True)
def session_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """XDG_CACHE_HOME for the whole session, set before any other fixture: every
    ``load_mibs`` without a ``cache_dir`` and every ``python -m snmptui`` the tests start
    share one private MIB cache (entries are keyed by file path, size and mtime), and
    nothing reads or writes the user's real cache. Tests about the cache itself use
    their own directories."""
    home = tmp_path_factory.getbasetemp() / "xdg-cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(home))
        yield home


@pytest.fixture(scope="session")
def mib_cache_dir(session_cache_home: Path) -> Path:
    """The session's MIB cache folder (the one ``core.mib.cache.default_cache_dir`` names)."""
    from core.mib.cache import default_cache_dir

    return default_cache_dir()


@pytest.fixture(scope="session")
def snmpd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnmpdAgent]:
    """The shared agent on 127.0.0.1 and ::1 (see ``snmpd_fixture``).

    Tests may SET only inside its writable subtree and must not stop or restart it;
    ``snmpd_factory`` gives a private agent for that.
    """
    require_tools()
    with SnmpdAgent(tmp_path_factory.mktemp("snmpd")) as agent:
        yield agent


@pytest.fixture
def snmpd_factory(tmp_path: Path) -> Iterator[SnmpdFactory]:
    """Start extra agents: ``snmpd_factory(extra_conf="...")``; all are stopped after the test."""
    require_tools()
    agents: list[SnmpdAgent] = []

    def start(extra_conf: str = "", port: int | None = None) -> SnmpdAgent:
        agent = SnmpdAgent(tmp_path / f"snmpd{len(agents)}", extra_conf=extra_conf, port=port)
        agents.append(agent)
        agent.start()
        return agent

    yield start
    for agent in agents:
        agent.stop()


REPO = Path(__file__).resolve().parents[1]
NETSNMP_MIBS = REPO.parent / "shared" / "mibs" / "netsnmp"


@pytest.fixture(scope="session")
def cli_env(tmp_path_factory: pytest.TempPathFactory, session_cache_home: Path) -> dict[str, str]:
    """The environment for ``python -m snmptui`` in tests: a private HOME, config, state and
    snmp.conf path (nothing of the user's is read or written), and one MIB cache for the
    session, warmed once for the net-snmp MIBs so each command does not parse them again."""
    home = tmp_path_factory.mktemp("cli-home")
    env = dict(os.environ)
    for name in ("MIBS", "MIBDIRS"):
        env.pop(name, None)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(session_cache_home),
        SNMPCONFPATH=str(home / "snmpconf"),
    )
    subprocess.run([sys.executable, "-m", "snmptui", "mib", "list", "-M", str(NETSNMP_MIBS)], cwd=REPO, env=env,
                   capture_output=True, timeout=300, check=True)  # fmt: skip
    from mib.mib_helpers import wait_for_cache_entries

    wait_for_cache_entries(session_cache_home / "snmptui" / "mib")  # its writer may outlive it
    return env


@pytest.fixture(autouse=True)
def no_user_snmp_conf(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test reads net-snmp's snmp.conf from an empty directory, never /etc/snmp or ~/.snmp
    (a test that needs one writes it and points SNMPCONFPATH there)."""
    monkeypatch.setenv("SNMPCONFPATH", str(tmp_path_factory.getbasetemp() / "no-snmp-conf"))
