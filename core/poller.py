"""Polling a fixed set of instances: batched GETs stamped with the agent's own clock.

:class:`Poller` asks for a list of instances with as many varbinds per GET as the agent
takes (``per_pdu``, shrunk on tooBig as net-snmp does: to the failing index, else by a
few), putting ``sysUpTime.0`` first in every PDU so each value comes with the agent time
it was read at (see core.counters: rates use agent time when it is there). Instances the
agent lacks (noSuchInstance/noSuchObject, or v1 noSuchName, which is dropped and the rest
asked again) come back as missing with the reason; a timeout makes every instance of that
batch missing, so the watchers draw a gap instead of stopping. Discontinuity markers
(``ifCounterDiscontinuityTime.N`` for interface counters) are polled in the same PDUs.

The poller holds one session for its whole life (v3 discovery happens once) and keeps
the session's policer: it never sends more than the session allows.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from core.counters import Sample, kind_of
from core.errors import SnmpError, SnmpTimeoutError, status_error
from core.ber import encode_oid_arcs
from core.oid import normalize_oid, parse_oid
from core.pdu import PduType
from core.session import SnmpSession
from core.snapshot.netsnmp_format import EXCEPTION_TEXTS
from core.types import MISSING_TYPES

__all__ = ["Poller", "PollResult", "SYS_UPTIME", "DEFAULT_PER_PDU", "shrink_per_pdu"]

SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
DEFAULT_PER_PDU = 60
_TOO_BIG = 1
_NO_SUCH_NAME = 2


def shrink_per_pdu(per_pdu: int, error_index: int) -> int:
    """The next varbinds-per-PDU after a tooBig, as snmpdelta shrinks it."""
    if 0 < error_index <= per_pdu:
        return error_index - 1
    return per_pdu - 5 if per_pdu > 30 else per_pdu - 1


@dataclass
class PollResult:
    """One poll: a sample per instance (value None when missing) and what went wrong."""

    samples: dict[str, Sample] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)  # OID -> typed value as answered
    problems: dict[str, str] = field(default_factory=dict)  # OID -> reason it is missing
    timed_out: bool = False
    requests: int = 0


class Poller:
    """Polls ``oids`` (normalized text) with ``session``; see the module docstring."""

    def __init__(
        self,
        session: SnmpSession,
        oids: Iterable[str],
        *,
        markers: Mapping[str, str] | None = None,
        with_uptime: bool = True,
        per_pdu: int = DEFAULT_PER_PDU,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self.oids = list(dict.fromkeys(normalize_oid(o) for o in oids))
        self.markers = {normalize_oid(k): normalize_oid(v) for k, v in (markers or {}).items()}
        self.with_uptime = with_uptime
        self.per_pdu = max(1, per_pdu)
        self._clock = clock
        # Each name encoded once (BER content octets): the same names go out every cycle,
        # and encoding them again was a third of a cycle's CPU.
        self._encoded: dict[str, bytes] = {}

    def _wanted(self) -> list[str]:
        polled = set(self.oids)
        marker_oids = [m for m in dict.fromkeys(self.markers.values()) if m not in polled]
        return self.oids + marker_oids

    def _name(self, oid: str) -> bytes:
        encoded = self._encoded.get(oid)
        if encoded is None:
            encoded = self._encoded[oid] = encode_oid_arcs(parse_oid(oid))
        return encoded

    def poll(self) -> PollResult:
        """Ask for every instance once; never raises for a timeout or a missing instance."""
        result = PollResult()
        values: dict[str, object] = {}
        uptimes: dict[str, int | None] = {}
        walls: dict[str, float] = {}
        pending = self._wanted()
        while pending:
            room = self.per_pdu - (1 if self.with_uptime else 0)
            if room < 1:
                room = 1
            batch, pending = pending[:room], pending[room:]
            leftover = self._poll_batch(batch, values, uptimes, walls, result)
            pending = leftover + pending
        result.values = values
        now = self._clock()  # the time of a missing instance's sample
        markers, samples = self.markers, result.samples
        for oid in self.oids:
            value = values.get(oid)
            marker = markers.get(oid)
            marker_value = values.get(marker) if marker else None
            samples[oid] = Sample(
                int(value) if isinstance(value, int) else None,
                walls.get(oid, now),
                uptimes.get(oid),
                int(marker_value) if isinstance(marker_value, int) else None,
                kind_of(value),
            )
        return result

    def _poll_batch(
        self,
        batch: list[str],
        values: dict[str, object],
        uptimes: dict[str, int | None],
        walls: dict[str, float],
        result: PollResult,
    ) -> list[str]:
        """Poll one batch; returns OIDs to ask again (after a tooBig or a dropped name)."""
        names = ([SYS_UPTIME] if self.with_uptime else []) + batch
        try:
            response = self.session.request(PduType.GET, [(self._name(n), None) for n in names], what=names[0])
        except SnmpTimeoutError as exc:
            result.timed_out = True
            for oid in batch:
                result.problems[oid] = str(exc)
            return []
        result.requests += 1
        wall = self._clock()
        status, index = response.error_status, response.error_index
        if status == _TOO_BIG and len(names) > 1:
            smaller = shrink_per_pdu(self.per_pdu, index)
            if smaller < 1 + (1 if self.with_uptime else 0):
                if self.with_uptime:
                    self.with_uptime = False  # keep polling on the wall clock
                    return batch
                raise status_error(status, batch[0], index)
            self.per_pdu = smaller
            return batch
        if status == _NO_SUCH_NAME and 1 <= index <= len(names):
            failed = names[index - 1]
            if failed == SYS_UPTIME:
                self.with_uptime = False
                return batch
            result.problems[failed] = "noSuchName"
            self._forget(failed)
            return [n for n in batch if n != failed]
        if status:
            raise status_error(status, names[index - 1] if 1 <= index <= len(names) else None, index)
        got = list(response.varbinds)
        uptime: int | None = None
        if self.with_uptime and got:
            first_name, first_value = got[0]
            if first_name == SYS_UPTIME and isinstance(first_value, int):
                uptime = int(first_value)
            got = got[1:]
        if len(got) != len(batch):
            raise SnmpError(
                f"GET of {len(batch)} instances from {self.session.agent}: the response has {len(got)}"
            )
        for oid, (name, value) in zip(batch, got):
            if name != oid:
                raise SnmpError(f"GET {oid} from {self.session.agent}: the response names {name} instead")
            if isinstance(value, MISSING_TYPES):
                result.problems[oid] = EXCEPTION_TEXTS[value.tag]
                continue
            values[oid] = value
            uptimes[oid] = uptime
            walls[oid] = wall
        return []

    def _forget(self, oid: str) -> None:
        """Stop asking for an instance the agent refuses by name (v1 noSuchName)."""
        if oid in self.oids:
            self.oids.remove(oid)
        self.markers = {k: v for k, v in self.markers.items() if v != oid and k != oid}
