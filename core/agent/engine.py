"""The agent without its socket: a datagram in, the datagrams to send back out.

``Agent`` ties together the data source, the message models (community for
v1/v2c; USM for v3 when users are configured), the responder and the fault
injector. ``server`` gives it a UDP socket and a thread.
"""

from __future__ import annotations

import logging
import operator
import time
from collections import deque
from itertools import islice
from typing import TYPE_CHECKING, Any, Iterable, Protocol, runtime_checkable

from core.ber import read_header, read_integer
from core.errors import SnmpDecodeError
from core.gc_pause import gc_paused
from core.oid import oid_keys
from core.pdu import Pdu
from core.secret import Secret, reveal
from core.types import Tag
from core.version import SnmpVersion

from core.agent.community import CommunityModel
from core.agent.faults import Delivery, FaultInjector, Faults, LoopingView
from core.agent.responder import Inbound, Response, respond
from core.agent.stats import AgentStats
from core.agent.store import OidStore, RowTable, WriteRule
from core.agent.usm import UsmModel
from core.snapshot.model import Snapshot

if TYPE_CHECKING:
    from core.mib.store import MibStore

__all__ = ["Agent", "DataSource", "MessageModel", "as_store", "DEFAULT_MAX_MESSAGE_SIZE"]

log = logging.getLogger("core.agent")

# The largest UDP payload over IPv4. net-snmp's snmpd, too, answers v1/v2c with
# datagrams well above the Ethernet MTU (measured: 7 KiB GET responses), so the
# agent does not cap at 1472 bytes; v3 requests carry their own msgMaxSize.
DEFAULT_MAX_MESSAGE_SIZE = 65507
HISTORY_LENGTH = 10000
"""How many served requests ``Agent.history`` keeps as (monotonic time, PDU)."""


@runtime_checkable
class DataSource(Protocol):
    """Anything that can give the agent an :class:`OidStore` (a snapshot, the demo)."""

    def as_store(self) -> OidStore: ...


class MessageModel(Protocol):
    """One message processing model on the agent side (v1/v2c community, v3 USM)."""

    versions: tuple[SnmpVersion, ...]

    def receive(self, data: bytes) -> Inbound | bytes | None:
        """The request to serve, an immediate reply (a v3 REPORT), or None to drop."""

    def wrap(self, request: Inbound, response: Response, request_id: int | None = None) -> bytes:
        """The datagram carrying ``response`` back to the request's sender."""


def as_store(
    source: OidStore | Snapshot | DataSource | Iterable[tuple[str, Any]], mibs: MibStore | None = None
) -> OidStore:
    """The store behind a data source (a store, a snapshot, anything with ``as_store()``, or
    pairs); a snapshot's objects under its ``writable`` prefixes accept SET, and with
    ``mibs`` the RowStatus tables there take row creation and destroy (``core.agent.mib_rows``)."""
    if isinstance(source, OidStore):
        return source
    if isinstance(source, Snapshot):
        return _snapshot_store(source, mibs)
    if isinstance(source, DataSource):
        return source.as_store()
    return OidStore(source)


def peek_version(data: bytes) -> int:
    """The msgVersion of a message, without decoding the rest."""
    tag, pos, end = read_header(data, 0, len(data))
    if tag != Tag.SEQUENCE:
        raise SnmpDecodeError("message is not a SEQUENCE")
    version, _ = read_integer(data, pos, end)
    return version


def _snapshot_store(snapshot: Snapshot, mibs: MibStore | None = None) -> OidStore:
    # Record OIDs were validated when read (or made), so the fast conversion is safe.
    rules = [WriteRule(prefix) for prefix in snapshot.writable]
    tables: list[RowTable] = []
    if mibs is not None and snapshot.writable:
        from core.agent.mib_rows import mib_row_tables

        tables = mib_row_tables(mibs, snapshot.writable)
    if snapshot.columns is not None:  # as read: no Record objects made
        return OidStore.of_columns(snapshot.columns, rules, tables)
    with gc_paused():
        keys = oid_keys([r.oid for r in snapshot.records])
        values = [r.value for r in snapshot.records]
        if all(map(operator.lt, keys, islice(keys, 1, None))):  # a recording in OID order
            return OidStore.from_sorted(keys, values, rules, tables)
        return OidStore(zip(keys, values), rules, tables)


class Agent:
    """An SNMP command responder for one data source.

    ``community`` may read, ``write_community`` may also SET (None: no SNMPv1/v2c
    writes). ``users`` are SNMPv3 USM users (see ``core.agent.usm``); with none,
    v3 requests get the REPORTs a real agent sends (discovery, unknown user). ``faults`` may be replaced or changed at any time.
    ``mibs``: a snapshot's RowStatus tables under its writable prefixes create and destroy rows.
    """

    def __init__(
        self,
        source: OidStore | DataSource | Iterable[tuple[str, Any]],
        *,
        community: str | Secret | None = "public",
        write_community: str | Secret | None = "private",
        users: Iterable[Any] = (),
        engine_id: bytes | None = None,
        max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
        faults: Faults | None = None,
        mibs: MibStore | None = None,
    ) -> None:
        self.source = source
        self.store = as_store(source, mibs)
        self.stats = AgentStats()
        self.history: deque[tuple[float, Pdu]] = deque(maxlen=HISTORY_LENGTH)
        self._injector = FaultInjector(self.stats)
        if faults is not None:
            self._injector.faults = faults
        communities: dict[str, bool] = {}
        if community is not None:
            communities[reveal(community)] = False
        if write_community is not None:
            communities[reveal(write_community)] = True
        self._models: dict[int, MessageModel] = {}
        community_model = CommunityModel(communities, self.stats, max_message_size)
        for version in community_model.versions:
            self._models[int(version)] = community_model
        # Like net-snmp, the agent speaks v3 even with no users: it answers
        # engine discovery and reports unknown user names.
        self.usm: UsmModel = UsmModel(list(users), self.stats, max_message_size, engine_id=engine_id)
        self._models[int(SnmpVersion.v3)] = self.usm

    def __repr__(self) -> str:
        return f"Agent({len(self.store)} OIDs, versions {sorted(self._models)})"

    @property
    def faults(self) -> Faults:
        return self._injector.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        self._injector.faults = faults

    @property
    def engine_id(self) -> bytes:
        return self.usm.engine_id

    def restart(self) -> None:
        """Behave as after a reboot: v3 engine boots + 1, clocks start again."""
        self.stats.restarts += 1
        self.usm.restart()
        restart = getattr(self.source, "restart", None)
        if callable(restart):
            restart()

    def handle(self, data: bytes) -> list[Delivery]:
        """The datagrams to send in answer to ``data`` (often one, none when dropped)."""
        try:
            model = self._models.get(peek_version(data))
        except SnmpDecodeError:
            self.stats.malformed += 1
            return []
        if model is None:
            self.stats.bad_version += 1
            return []
        self.stats.requests += 1
        injector = self._injector
        if injector.count_request():
            self.restart()
        received = model.receive(data)
        if received is None:
            return []
        if isinstance(received, bytes):
            self.stats.reports += 1
            return injector.deliveries(received)
        self.history.append((time.monotonic(), received.pdu))
        loop_after = injector.faults.loop_after
        store = LoopingView(self.store, loop_after) if loop_after else self.store
        response = respond(store, received)  # type: ignore[arg-type]
        if response is None:
            return []
        self.stats.responses += 1
        return injector.response(
            received, response, lambda answer, request_id: model.wrap(received, answer, request_id)
        )
