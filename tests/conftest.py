"""Suite-wide pytest fixtures: the real snmpd agent (one per session) and a factory for more.

The agent logic lives in ``snmpd_fixture``; this file only ties its lifetime to pytest.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from snmpd_fixture import SnmpdAgent, SnmpdFactory, require_tools


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
