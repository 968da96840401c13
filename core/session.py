"""SnmpSession: the synchronous client API (after gufo_snmp), for v1, v2c and v3.

A session owns one UDP socket and talks to one agent. It matches responses by
request-id and source address, retries on timeout, applies the policer before
every request, and turns error-status values into exceptions. Walks (``getnext``,
``getbulk``, ``fetch``) are lazy iterators so that callers can stream results.

A session is used by one thread at a time; sessions in separate threads run in
parallel because nothing is held while waiting on the socket.
"""

from __future__ import annotations

import operator
import random
import time
from itertools import chain
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from core.address import format_address
from core.ber import decode_oid_arcs, decode_oid_with_arcs
from core.errors import (
    NoSuchInstance,
    OidNotIncreasing,
    OidRepeated,
    SnmpDecodeError,
    SnmpError,
    SnmpTimeoutError,
    SnmpVersionError,
    status_error,
)
from core.message.base import MessageProcessor
from core.message.community import CommunityProcessor
from core.oid import (
    OidTuple,
    format_oid,
    normalize_oid,
    oid_keys,
    parse_oid,
    parse_walk_root,
    walk_request_arcs,
)
from core.pdu import Pdu, PduType
from core.policer import BasePolicer, RPSPolicer
from core.secret import Secret
from core.transport import UdpTransport
from core.types import END_OF_MIB_VIEW, MISSING_TYPES, Tag
from core.version import SnmpVersion

if TYPE_CHECKING:
    from core.walk_plan import WalkPlan

__all__ = ["SnmpSession", "SessionStats"]


_NO_SUCH_NAME = 2
_TOO_BIG = 1
# As plain ints: an enum member's lookup costs more than the comparison (every response).
_REPORT = int(PduType.REPORT)
_RESPONSE = int(PduType.RESPONSE)


def _walk_root(oid: str) -> str:
    """Canonical text of a walk root; one- and zero-arc roots (``1``, ``""``) are allowed."""
    return format_oid(parse_walk_root(oid))


def _names(pages: Iterable[tuple[list[tuple[str, Any]], list[OidTuple]]]) -> Iterator[tuple[str, Any]]:
    """The ``(oid, value)`` pairs of a walk's pages, one after the other."""
    return chain.from_iterable(varbinds for varbinds, _ in pages)


class SessionStats:
    """Counters of what the session sent and what it threw away."""

    __slots__ = _STAT_FIELDS = (
        "requests",
        "retransmissions",
        "responses",
        "dropped_foreign",
        "dropped_malformed",
        "dropped_stale",
        "reports",
    )

    def __init__(self) -> None:
        self.requests = self.retransmissions = self.responses = 0
        self.dropped_foreign = self.dropped_malformed = self.dropped_stale = 0
        self.reports = 0

    @property
    def dropped(self) -> int:
        return self.dropped_foreign + self.dropped_malformed + self.dropped_stale

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self._STAT_FIELDS}

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={value}" for name, value in self.as_dict().items())
        return f"SessionStats({counts})"


class SnmpSession:
    def __init__(
        self,
        addr: str,
        port: int = 161,
        community: str | bytes | Secret = "public",
        engine_id: bytes | None = None,
        user: Any = None,
        version: SnmpVersion | None = None,
        timeout: float = 10.0,
        tos: int = 0,
        send_buffer: int = 0,
        recv_buffer: int = 0,
        max_repetitions: int = 20,
        allow_bulk: bool = True,
        policer: BasePolicer | None = None,
        limit_rps: float | None = None,
        retries: int = 0,
        *,
        check_increasing: bool = True,
        context_name: str | bytes = b"",
        context_engine_id: bytes | None = None,
    ) -> None:
        if version is None:
            version = SnmpVersion.v3 if user is not None else SnmpVersion.v2c
        version = SnmpVersion(version)
        if timeout <= 0:
            raise ValueError(f"timeout must be positive, got {timeout}")
        if retries < 0:
            raise ValueError(f"retries must be 0 or more, got {retries}")
        if not 1 <= max_repetitions <= 65535:
            raise ValueError(f"max_repetitions must be 1-65535, got {max_repetitions}")
        self.addr = addr
        self.port = port
        self.version = version
        self.timeout = float(timeout)
        self.retries = retries
        self.max_repetitions = max_repetitions
        self.allow_bulk = allow_bulk
        self.check_increasing = check_increasing
        # As in gufo_snmp, an explicit policer overrides limit_rps.
        self.policer = policer if policer is not None else (
            RPSPolicer(limit_rps) if limit_rps is not None else None
        )
        self.stats = SessionStats()
        self.walk_end: list[tuple[OidTuple, Any]] = []
        """The end-of-MIB-view varbinds inside the subtree that ended the last walk."""
        self._mp = self._processor(community, user, engine_id, context_name, context_engine_id)
        self._prepared = False
        self._request_id = random.randrange(1, 1 << 30)
        self._transport = UdpTransport(
            addr, port, tos=tos, send_buffer=send_buffer, recv_buffer=recv_buffer
        )

    def _processor(
        self,
        community: str | bytes | Secret,
        user: Any,
        engine_id: bytes | None,
        context_name: str | bytes,
        context_engine_id: bytes | None,
    ) -> MessageProcessor:
        if self.version == SnmpVersion.v3:
            if user is None:
                raise ValueError("SNMPv3 needs a user")
            from core.message.v3 import V3Processor

            return V3Processor(
                user,
                engine_id=engine_id,
                context_name=context_name,
                context_engine_id=context_engine_id,
            )
        return CommunityProcessor(self.version, community)

    # ------------------------------------------------------------ lifecycle

    @property
    def agent(self) -> str:
        return format_address(self.addr, self.port)

    def __repr__(self) -> str:
        return f"SnmpSession({self.agent}, {self.version.label})"

    def __enter__(self) -> SnmpSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._transport.close()

    # ------------------------------------------------------------ exchange

    def next_request_id(self) -> int:
        """A fresh request-id (1 to 2^31-1, then round again)."""
        self._request_id = self._request_id % 0x7FFFFFFF + 1
        return self._request_id

    def _ensure_prepared(self) -> None:
        if not self._prepared:
            self._set_up(self._mp.prepare)

    def _set_up(self, step: Any) -> None:
        """Run a processor set-up step (v3 discovery), which itself calls ``exchange``."""
        self._prepared = True
        try:
            step(self)
        except BaseException:
            self._prepared = False
            raise

    def exchange(
        self,
        pdu: Pdu,
        what: str,
        *,
        retries: int | None = None,
        sent: bool = False,
        lazy: bool = False,
    ) -> Pdu:
        """Send ``pdu`` and return the matching response PDU.

        Retries on timeout with the same request-id (``retries`` overrides the
        session's); REPORTs go to the message processor, which either raises or
        asks for the request to be resent (re-encoded, e.g. with a fresh time
        window). After a timeout a processor with ``diagnose_timeout`` (v3) may
        raise a more precise error. ``what`` names the OID in errors. ``sent``:
        the first try already went out (see ``send``); ``lazy``: leave the
        response's varbinds undecoded (``Pdu.materialize``).
        """
        self._ensure_prepared()
        try:
            return self._exchange(
                pdu, what, self.retries if retries is None else retries, sent, lazy
            )
        except SnmpTimeoutError as timeout:
            diagnose = getattr(self._mp, "diagnose_timeout", None)
            if diagnose is not None:
                diagnose(self, timeout)
            raise

    def send(self, pdu: Pdu) -> None:
        """Send the first try of ``pdu`` now; ``exchange(pdu, ..., sent=True)`` awaits it.

        Walks use this to ask for the next page before decoding the current one.
        """
        self._ensure_prepared()
        if self.policer is not None:
            self.policer.wait_sync()
        self._transport.send(self._mp.encode(pdu))
        self.stats.requests += 1

    def _exchange(self, pdu: Pdu, what: str, retries: int, sent: bool, lazy: bool) -> Pdu:
        # A request sent ahead (see send) is encoded again only to be resent.
        data = b"" if sent else self._mp.encode(pdu)
        transport = self._transport
        stats = self.stats
        policer = self.policer
        tries = retries + 1
        attempt = 0
        while attempt < tries:
            if sent:
                sent = False
            else:
                if not data:
                    data = self._mp.encode(pdu)
                if policer is not None:
                    policer.wait_sync()
                transport.send(data)
                stats.requests += 1
                if attempt:
                    stats.retransmissions += 1
            attempt += 1
            deadline = time.monotonic() + self.timeout
            while True:
                received = transport.receive(deadline)
                if received is None:
                    break
                datagram, from_agent = received
                if not from_agent:
                    stats.dropped_foreign += 1
                    continue
                try:
                    response = self._mp.decode(datagram, lazy)
                except SnmpDecodeError:
                    stats.dropped_malformed += 1
                    continue
                if response.request_id != pdu.request_id:
                    stats.dropped_stale += 1
                    continue
                if response.type == _REPORT:
                    stats.reports += 1
                    self._mp.handle_report(response, self)
                    data = self._mp.encode(pdu)
                    attempt = 0
                    break
                if response.type != _RESPONSE:
                    stats.dropped_malformed += 1
                    continue
                stats.responses += 1
                return response
        raise SnmpTimeoutError(
            f"timeout: no response from {self.agent} for {what} "
            f"({tries} x {self.timeout:g} s, {self.version.label})"
        )

    def request(
        self,
        pdu_type: int,
        varbinds: list[tuple[str | OidTuple | bytes, Any]],
        non_repeaters: int = 0,
        max_repetitions: int = 0,
        what: str | None = None,
    ) -> Pdu:
        """One request/response round trip with a fresh request-id (no status check).

        OIDs may be validated text, tuples (walks pass tuples: no re-parsing) or BER
        content octets already encoded (a poller sends the same names every cycle).
        ``what`` names the request in errors (default: the first OID).
        """
        pdu = Pdu(pdu_type, self.next_request_id(), non_repeaters, max_repetitions, varbinds)
        if what is None:
            first = varbinds[0][0] if varbinds else "(no OID)"
            if isinstance(first, bytes):
                first = decode_oid_arcs(first)
            what = first if isinstance(first, str) else format_oid(first)
        return self.exchange(pdu, what)

    def _failed_oid(self, response: Pdu, sent: list[tuple[str, Any]]) -> str | None:
        index = response.error_index
        if 1 <= index <= len(sent):
            return sent[index - 1][0]
        return sent[0][0] if len(sent) == 1 else None

    def _check_status(self, response: Pdu, sent: list[tuple[str, Any]]) -> None:
        if response.error_status:
            raise status_error(
                response.error_status, self._failed_oid(response, sent), response.error_index
            )

    def _check_names(self, response: Pdu, names: list[str]) -> None:
        """A GET's answer names exactly the OIDs asked, in order (RFC 3416 4.2.1)."""
        got = [name for name, _ in response.varbinds]
        if got == names:
            return
        if len(got) != len(names):
            raise SnmpDecodeError(
                f"GET {names[0] if len(names) == 1 else f'of {len(names)} OIDs'}: {self.agent} "
                f"answered {len(got)} varbinds"
            )
        asked, answered = next((a, g) for a, g in zip(names, got) if a != g)
        raise SnmpDecodeError(f"GET {asked}: {self.agent} answered for another OID, {answered}")

    # ------------------------------------------------------------ GET

    def get(self, oid: str) -> Any:
        """The value of one instance; ``NoSuchInstance`` when the agent has none."""
        name = normalize_oid(oid)
        sent = [(name, None)]
        response = self.request(PduType.GET, sent)
        if response.error_status == _NO_SUCH_NAME:
            raise NoSuchInstance(name, "noSuchName")
        self._check_status(response, sent)
        self._check_names(response, [name])
        value = response.varbinds[0][1]
        if isinstance(value, MISSING_TYPES):
            raise NoSuchInstance(name, repr(value))
        return value

    def get_many(self, oids: Iterable[str]) -> dict[str, Any]:
        """Values of several instances; missing ones are absent from the result.

        A v1 noSuchName drops the offending OID and asks again for the rest; a
        tooBig splits the request in halves.
        """
        names = [normalize_oid(o) for o in oids]
        result: dict[str, Any] = {}
        self._get_many_into(names, result)
        return result

    def _get_many_into(self, names: list[str], result: dict[str, Any]) -> None:
        while names:
            sent = [(n, None) for n in names]
            response = self.request(PduType.GET, sent)
            status = response.error_status
            if status == _NO_SUCH_NAME and 1 <= response.error_index <= len(names):
                names = names[: response.error_index - 1] + names[response.error_index :]
                continue
            if status == _TOO_BIG and len(names) > 1:
                half = len(names) // 2
                self._get_many_into(names[:half], result)
                self._get_many_into(names[half:], result)
                return
            self._check_status(response, sent)
            self._check_names(response, names)
            for name, value in response.varbinds:
                if not isinstance(value, MISSING_TYPES):
                    result[name] = value
            return

    def next_one(self, oid: str) -> tuple[str, Any] | None:
        """One GETNEXT: the ``(oid, value)`` that follows ``oid``, or None at the end of the
        agent's MIB view (v1 noSuchName, v2c/v3 endOfMibView)."""
        name = normalize_oid(oid)
        sent = [(name, None)]
        response = self.request(PduType.GETNEXT, sent)
        if response.error_status == _NO_SUCH_NAME:
            return None
        self._check_status(response, sent)
        if len(response.varbinds) != 1:
            raise SnmpDecodeError(f"GETNEXT {name}: response has {len(response.varbinds)} varbinds")
        found, value = response.varbinds[0]
        if isinstance(value, MISSING_TYPES):
            return None
        return found, value

    # ------------------------------------------------------------ SET

    def set(self, oid: str, value: Any) -> Any:
        """Write one instance; return the value the agent answered."""
        name = normalize_oid(oid)
        return self.set_many({name: value})[name]

    def set_many(self, values: dict[str, Any]) -> dict[str, Any]:
        """Write several instances in one SET; return what the agent answered."""
        sent = [(normalize_oid(o), v) for o, v in values.items()]
        if not sent:
            return {}
        response = self.request(PduType.SET, sent)
        self._check_status(response, sent)
        return dict(response.varbinds)

    # ------------------------------------------------------------ walks

    def fetch(
        self, oid: str, *, parallel: int = 1, plan: WalkPlan | None = None
    ) -> Iterator[tuple[str, Any]]:
        """Walk the subtree of ``oid`` with GETBULK when allowed, else GETNEXT.

        ``parallel``: how many requests may be in flight at once, each for
        another range of the subtree (``core.parallel_walk``); the varbinds
        still come in OID order, exactly those of the serial walk. 1 (the
        default) is the serial walk. ``plan`` says where ranges may be cut
        (``core.walk_plan``; default: learnt from the agent's answers). A walk
        that does not check the order of OIDs (``check_increasing=False``)
        is always serial: ranges rely on that order.
        """
        return _names(self._fetch_pages(oid, parallel, plan, arcs=False))

    def fetch_arcs(
        self, oid: str, *, parallel: int = 1, plan: WalkPlan | None = None
    ) -> Iterator[tuple[OidTuple, Any]]:
        """``fetch``, with each OID as its tuple of arcs instead of dotted text.

        The walk decodes the arcs anyway (to check that OIDs increase): callers
        that key their data by arcs, like the browser's tree, need not parse
        the text back.
        """
        return chain.from_iterable(self.fetch_arc_pages(oid, parallel=parallel, plan=plan))

    def fetch_arc_pages(
        self, oid: str, *, parallel: int = 1, plan: WalkPlan | None = None
    ) -> Iterator[list[tuple[OidTuple, Any]]]:
        """``fetch_arcs`` a response at a time: each item is the varbinds of one response
        that belong to the walk, in order, so a caller that gathers them in batches (the
        browser's walk worker) runs no Python code per varbind."""
        values = operator.itemgetter(1)
        pages = self._fetch_pages(oid, parallel, plan)
        return (list(zip(keys, map(values, varbinds))) for varbinds, keys in pages)

    def _fetch_pages(
        self, oid: str, parallel: int = 1, plan: WalkPlan | None = None, arcs: bool = True
    ) -> Iterator[tuple[list[tuple[str, Any]], list[OidTuple]]]:
        if self.allow_bulk and self.version != SnmpVersion.v1:
            pdu_type, repetitions = PduType.GETBULK, self.max_repetitions
        else:
            pdu_type, repetitions = PduType.GETNEXT, 0
        root = _walk_root(oid)
        if parallel != 1:
            if parallel < 1:
                raise ValueError(f"parallel must be 1 or more, got {parallel}")
            if self.check_increasing:
                from core.parallel_walk import ParallelWalk

                return ParallelWalk(self, root, pdu_type, repetitions, parallel, plan, arcs).pages()
        return self._walk_pages(root, pdu_type, repetitions, arcs)

    def getnext(self, oid: str) -> Iterator[tuple[str, Any]]:
        """Walk the subtree of ``oid`` with GETNEXT, one varbind per request."""
        return _names(self._walk_pages(_walk_root(oid), PduType.GETNEXT, 0, arcs=False))

    def getbulk(self, oid: str, max_repetitions: int | None = None) -> Iterator[tuple[str, Any]]:
        """Walk the subtree of ``oid`` with GETBULK pages of ``max_repetitions``.

        A tooBig answer retries the page with half the repetitions, down to one.
        """
        if self.version == SnmpVersion.v1:
            raise SnmpVersionError("GETBULK needs SNMPv2c or v3")
        repetitions = max_repetitions or self.max_repetitions
        return _names(self._walk_pages(_walk_root(oid), PduType.GETBULK, repetitions, arcs=False))

    def _page_request(self, pdu_type: int, name: OidTuple | bytes, repetitions: int) -> Pdu:
        """The request for the page after ``name`` (arcs, or octets as the agent sent them)."""
        return Pdu(pdu_type, self.next_request_id(), 0, repetitions, [(name, None)])

    def _walk_pages(
        self, root: str, pdu_type: int, repetitions: int, arcs: bool = True
    ) -> Iterator[tuple[list[tuple[str, Any]], list[OidTuple]]]:
        """Yield each response's varbinds that belong to the walk, in order, with their arcs
        (``arcs`` False: a page accepted whole comes with its first name's arcs only,
        which spares a tuple per varbind to walks that hand on text).

        The request for the next page leaves as soon as the last name of the
        current one is known, before that page is decoded and handed on, so the
        agent works while this side decodes and the caller consumes. A page
        whose OIDs all increase (the decoder tells: ``Pdu.ordered``) and whose
        last varbind is still inside the subtree is accepted whole; any other
        page is checked varbind by varbind.
        """
        prefix = root + "." if root else ""
        last = root
        root_key = parse_walk_root(root)
        last_key = walk_request_arcs(root_key)
        self.walk_end = []
        depth = len(root_key)
        check = self.check_increasing
        seen: set[OidTuple] = set()
        malformed = 0
        # Only a page accepted whole can do without every name's arcs.
        every_key = arcs or not check
        request = self._page_request(pdu_type, last_key, repetitions)
        self.send(request)
        while True:
            response = self.exchange(request, last, sent=True, lazy=True)
            status = response.error_status
            if status == _TOO_BIG and repetitions > 1:
                repetitions = max(1, repetitions // 2)
                request = self._page_request(pdu_type, last_key, repetitions)
                self.send(request)
                continue
            if status:
                if status == _NO_SUCH_NAME and self.version == SnmpVersion.v1:
                    return
                self._check_status(response, [(last, None)])
            try:
                tail = response.tail()
            except SnmpDecodeError:
                tail = (b"", -1)  # no hint: materialize says what is wrong, and it is re-asked
            if tail is None:
                return
            try:
                tail_text, tail_key = decode_oid_with_arcs(tail[0])
            except SnmpDecodeError:
                tail_text, tail_key = "", ()  # a misread hint, or a malformed page (materialize says)
            prefetched = (
                tail[1] != Tag.END_OF_MIB_VIEW
                and tail_key[:depth] == root_key
                and len(tail_key) > depth
                and tail_key > last_key
            )
            if prefetched:
                request = self._page_request(pdu_type, tail[0], repetitions)
                self.send(request)
            try:
                response.materialize(every_key)
            except SnmpDecodeError as exc:
                # A reply that matched but does not decode counts as dropped;
                # ask for the same page again, as often as a timeout would.
                self.stats.dropped_malformed += 1
                malformed += 1
                if malformed > self.retries:
                    raise SnmpDecodeError(
                        f"malformed response from {self.agent} for {last}: {exc}"
                    ) from None
                request = self._page_request(pdu_type, last_key, repetitions)
                self.send(request)
                continue
            malformed = 0
            varbinds = response.varbinds
            keys = response.keys
            tail_name = varbinds[-1][0]
            if prefetched and (keys[-1] != tail_key if every_key else tail_name != tail_text):
                # The tail hint was misread (a value ending with an encoded
                # varbind): the request sent ahead named the wrong OID. Its
                # reply will be dropped as stale; the next page is asked below.
                prefetched = False
            if prefetched and check and keys[0] > last_key and response.ordered:
                yield varbinds, keys
                last, last_key = tail_name, tail_key
                continue
            if not every_key:
                keys = oid_keys(name for name, _ in varbinds)
            accepted = 0
            ended: SnmpError | bool = False
            for (name, value), key in zip(varbinds, keys):
                if not name.startswith(prefix) or value is END_OF_MIB_VIEW:
                    ended = True
                    break
                if check:
                    if key <= last_key:
                        ended = OidNotIncreasing(name, last)
                        break
                elif key in seen or key == last_key:
                    # Unchecked (snmpwalk -Cc): any repeat means a loop; stop and say so.
                    ended = OidRepeated(name)
                    break
                else:
                    seen.add(key)
                accepted += 1
                last, last_key = name, key
            if ended:
                if ended is True and accepted < len(varbinds) and varbinds[accepted][1] is END_OF_MIB_VIEW:
                    # What net-snmp prints after the walk: the exception varbinds still in the subtree.
                    self.walk_end = [(key, value) for (name, value), key in
                                     zip(varbinds[accepted:], keys[accepted:])
                                     if key[:depth] == root_key]  # fmt: skip
                yield varbinds[:accepted], keys[:accepted]
                if isinstance(ended, SnmpError):
                    raise ended
                return
            if not prefetched:
                request = self._page_request(pdu_type, last_key, repetitions)
                self.send(request)
            yield varbinds, keys

    # ------------------------------------------------------------ v3

    def get_engine_id(self) -> bytes:
        """The agent's snmpEngineID (v3; discovered on first use)."""
        self._require_v3("get_engine_id")
        self._ensure_prepared()
        return self._mp.engine_id  # type: ignore[attr-defined]

    def refresh(self) -> None:
        """Re-discover the agent's engine boots and time (v3)."""
        self._require_v3("refresh")
        self._set_up(self._mp.refresh)  # type: ignore[attr-defined]

    def _require_v3(self, what: str) -> None:
        if self.version != SnmpVersion.v3:
            raise SnmpVersionError(f"{what}() is for SNMPv3 sessions; this one is {self.version.label}")
