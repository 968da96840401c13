"""core.agent: a pure-Python SNMP agent serving a snapshot or a live model.

Used by ``snmptui --demo`` / ``--offline`` (in-process, background thread), by
``snmptui agent`` (foreground) and by tests (fault injection). Public API::

    from core.agent import start_background, Agent, Faults
    from core.agent.demo import DemoDevice
    from core.snapshot.files import load_snapshot

    with start_background(DemoDevice()) as running:   # 127.0.0.1, a free port
        SnmpSession("127.0.0.1", running.port).get("1.3.6.1.2.1.1.5.0")
"""

from __future__ import annotations

from typing import Any, Iterable

from core.agent.engine import DEFAULT_MAX_MESSAGE_SIZE, Agent, DataSource, as_store
from core.agent.faults import Faults
from core.agent.server import AgentServer, RunningAgent, parse_listen
from core.agent.stats import AgentStats
from core.agent.store import OidStore, WriteRule
from core.secret import Secret

__all__ = [
    "Agent",
    "AgentServer",
    "AgentStats",
    "DataSource",
    "Faults",
    "OidStore",
    "RunningAgent",
    "WriteRule",
    "as_store",
    "parse_listen",
    "start_background",
    "DEFAULT_MAX_MESSAGE_SIZE",
]


def start_background(
    source: OidStore | DataSource | Iterable[tuple[str, Any]],
    host: str = "127.0.0.1",
    port: int = 0,
    community: str | Secret | None = "public",
    users: Iterable[Any] = (),
    *,
    write_community: str | Secret | None = "private",
    engine_id: bytes | None = None,
    max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
    faults: Faults | None = None,
    mibs: Any = None,
) -> RunningAgent:
    """Serve ``source`` in a daemon thread; the handle has ``.host``, ``.port``,
    ``.faults``, ``.stats``, ``.restart()`` and ``.stop()`` (also a context manager).

    ``port=0`` picks a free port. ``users`` are SNMPv3 users: ``core.security.User``
    (may SET) or ``core.agent.usm.AgentUser(user, can_write=False)``; ``community``
    reads, ``write_community`` reads and writes (None: no such community). With ``mibs`` (a
    ``core.mib.MibStore``) a snapshot's RowStatus tables under its writable prefixes take
    row creation and destroy.
    """
    agent = Agent(
        source,
        community=community,
        write_community=write_community,
        users=users,
        engine_id=engine_id,
        max_message_size=max_message_size,
        faults=faults,
        mibs=mibs,
    )
    return RunningAgent(AgentServer(agent, host, port))
