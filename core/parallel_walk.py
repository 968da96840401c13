"""A walk of one subtree as several GETNEXT/GETBULK chains in flight at once.

``ParallelWalk`` cuts the subtree into ranges (``core.walk_plan``: a range
``(start, stop]`` is walked from ``start`` and ends at the first name past
``stop``), keeps up to ``window`` requests outstanding on the session's one
socket, each for a different range and matched by request-id, and yields the
pages in OID order: a range's pages wait in a reorder buffer until every range
before it has finished. The result is the serial walk's, OID for OID.

Each range checks its own names as the serial walk does (increasing, inside
the subtree, not endOfMibView; tooBig halves its repetitions; a malformed page
is asked again). An error in a range is raised when the walk reaches that range
in order, after every varbind before it; the ranges after it are abandoned.

The window adapts: a timeout halves it, a smoothed round trip over ``SLOW_FACTOR``
times the walk's lowest smoothed one (plus ``QUEUE_SLACK``) lowers it by one per round
down to half the ``parallel`` asked for, and a round of prompt replies raises it
by one, never above that ``parallel``.
The session's policer paces every request, so ``limit_rps`` bounds the total.
When a slot is free and no range is waiting, the range that has answered most
pages is cut again (``WalkPlan.split_point``). Ranges after the head hold at
most ``MAX_BUFFERED`` varbinds; past that, only the head range walks on.

Works for every version: over SNMPv3 the requests share the session's engine
and clock; a REPORT (an agent restart's notInTimeWindow) is handled for the
request it answers, which is re-encoded and resent.
"""

from __future__ import annotations

import time
from itertools import islice
from typing import TYPE_CHECKING, Any, Iterator

from core.errors import OidNotIncreasing, SnmpDecodeError, SnmpError, SnmpTimeoutError
from core.oid import OidTuple, format_oid, parse_walk_root, walk_request_arcs
from core.pdu import Pdu, PduType
from core.ber import decode_oid_arcs, decode_oid_with_arcs
from core.types import END_OF_MIB_VIEW, Tag
from core.version import SnmpVersion
from core.walk_plan import DEFAULT_PLAN, WalkPlan

if TYPE_CHECKING:
    from core.session import SnmpSession

__all__ = ["ParallelWalk", "QUEUE_SLACK", "SLOW_FACTOR", "MAX_BUFFERED", "Page"]

Page = tuple[list[tuple[str, Any]], list[OidTuple]]

QUEUE_SLACK = 0.01
"""Seconds of queueing a round trip may add before the window shrinks (noise on fast links)."""

SLOW_FACTOR = 3.0
"""Replies this many times slower than the walk's fastest (smoothed) mean the agent queues."""

MAX_BUFFERED = 200_000
"""Varbinds that ranges after the head may hold: beyond it only the head range walks on."""

_TOO_BIG = 1
_NO_SUCH_NAME = 2
_RTT_WEIGHT = 0.2


class _Undecoded:
    """A page kept as the agent sent it until the walk delivers it.

    Its last varbind (read without decoding the others) says where the range
    goes on and that the page stays inside the range, so ranges after the head
    hold one datagram per page instead of its objects, and every page is
    decoded in OID order, as the serial walk decodes it. Delivery checks what
    the hint promised (see ``ParallelWalk._deliver``).
    """

    __slots__ = ("response", "after", "after_key", "tail", "size")

    def __init__(
        self, response: Pdu, after: str | None, after_key: OidTuple, tail: bytes, size: int
    ) -> None:
        self.response = response
        self.after = after  # the name the page was asked after (None: the text of after_key)
        self.after_key = after_key
        self.tail = tail  # the last name's octets
        self.size = size  # varbinds it counts for in the reorder buffer (at most)


class _Range:
    """One range of the walk: where it is, what it holds for delivery, its request."""

    __slots__ = (
        "_last", "last_key", "last_octets", "anchor", "stop", "pages", "done", "error", "end", "repetitions",
        "malformed", "answered", "pdu", "data", "sent_at", "deadline", "attempt", "timed", "eager",
    )  # fmt: skip

    def __init__(
        self, start: OidTuple, stop: OidTuple | None, repetitions: int, last: str | None = None
    ) -> None:
        self._last = last  # text of last_key, made when asked for (None: not yet)
        self.last_key = start
        # The last name as the agent encoded it (None: encode last_key): the next request.
        self.last_octets: bytes | None = None
        self.anchor: OidTuple | None = None  # where the walk of the current column began
        self.stop = stop
        self.pages: list[Page | _Undecoded] = []
        self.done = False
        self.error: BaseException | None = None
        # The endOfMibView varbinds inside the subtree that ended the walk here.
        self.end: list[tuple[OidTuple, Any]] = []
        self.repetitions = repetitions
        self.malformed = 0
        self.answered = 0
        self.pdu: Pdu | None = None
        self.data = b""
        self.sent_at = self.deadline = 0.0
        self.attempt = 0
        # The round trip of the request says how the agent answers: not after a
        # retransmission (which reply is it?), nor after a wait on this side.
        self.timed = True
        self.eager = False  # decode every page on arrival (see ParallelWalk._restart)

    @property
    def last(self) -> str:
        """The last name as text (for messages): most pages never need it."""
        if self._last is None:
            self._last = format_oid(self.last_key)
        return self._last

    @last.setter
    def last(self, text: str | None) -> None:
        self._last = text

    def __repr__(self) -> str:
        stop = "end" if self.stop is None else format_oid(self.stop)
        return f"_Range(after {self.last}, to {stop}, done={self.done})"


class ParallelWalk:
    """The pages of a walk of ``root`` with up to ``parallel`` requests in flight."""

    def __init__(
        self,
        session: SnmpSession,
        root: str,
        pdu_type: int,
        repetitions: int,
        parallel: int,
        plan: WalkPlan | None = None,
        arcs: bool = True,
    ) -> None:
        """``arcs`` False: a page kept undecoded until delivered comes with its first
        name's arcs only (as the serial walk's ``arcs``), sparing a tuple per varbind
        to walks that hand on text."""
        if parallel < 1:
            raise ValueError(f"parallel must be 1 or more, got {parallel}")
        self._session = session
        self._root = root
        self._root_key = parse_walk_root(root)
        self._prefix = root + "." if root else ""
        self._pdu_type = pdu_type
        self._repetitions = repetitions if pdu_type == PduType.GETBULK else 0
        self._plan = plan or DEFAULT_PLAN
        self._every_key = arcs
        self._min_stride = 2 * max(1, self._repetitions)
        self.limit = parallel
        self.window = parallel
        self.narrowest = parallel  # the smallest window the walk came down to
        self.peak_in_flight = 0
        self.splits = 0
        self._ranges: list[_Range] = []
        self._outstanding: dict[int, _Range] = {}
        # Ranges neither done nor asked: with the outstanding ones, every live range.
        self._waiting: set[_Range] = set()
        self._base_rtt = float("inf")
        self._srtt = 0.0
        self._samples = 0
        self._since_change = 0
        self._buffered = 0  # varbinds waiting in ranges after the head

    # ------------------------------------------------------------ delivery

    def pages(self) -> Iterator[Page]:
        """The walk's pages in OID order (raises a range's error at its place)."""
        session = self._session
        session._ensure_prepared()
        session.walk_end = []
        root = self._root_key
        # A cut of one arc is asked after as net-snmp asks after a short root
        # (``2`` as ``2.0``): the same point for the ranges on both sides of it.
        cuts = sorted({walk_request_arcs(cut) for cut in self._plan.boundaries(root)})
        first = walk_request_arcs(root)
        cuts = [first, *(cut for cut in cuts if cut > first)]
        stops: list[OidTuple | None] = [*cuts[1:], None]
        self._ranges = [_Range(start, stop, self._repetitions) for start, stop in zip(cuts, stops)]
        ranges = self._ranges
        ranges[0].last = self._root
        self._waiting = set(ranges)
        head = 0
        while head < len(ranges):
            current = ranges[head]
            if current.pages:
                pages, current.pages = current.pages, []
                if len(pages) > 1:
                    # Replies that arrive while these are decoded and consumed
                    # wait on this side: their round trips would shrink the window.
                    for waiting in self._outstanding.values():
                        waiting.timed = False
                self._buffered -= sum(map(_size, pages)) if len(pages) > 1 else _size(pages[0])
                # Taken off the list as they go, so a page delivered is freed
                # when the caller is done with it, not after the whole batch.
                pages.reverse()
                while pages:
                    page = pages.pop()
                    if type(page) is _Undecoded:
                        decoded = self._deliver(head, page)
                        if decoded is None:
                            break  # the walk goes on from a fresh range (see _restart)
                        page = decoded
                    yield page
                continue
            if current.done:
                if current.error is not None:
                    raise current.error
                if current.end:
                    session.walk_end = current.end
                head += 1
                continue
            self._launch(head)
            self._receive()
            # Ask again at once: the agent works while this side decodes the
            # pages just taken and the caller consumes them.
            self._launch(head)

    # ------------------------------------------------------------ sending

    def _launch(self, head: int) -> None:
        """Fill the window: waiting ranges first, in order; then cut a big range."""
        outstanding = self._outstanding
        waiting = self._waiting
        first = self._ranges[head]
        while len(outstanding) < self.window:
            if waiting:
                earliest = min(waiting, key=_position) if len(waiting) > 1 else next(iter(waiting))
                if earliest is first or self._buffered <= MAX_BUFFERED:
                    self._send(earliest)
                    continue
            if self._buffered > MAX_BUFFERED:
                return  # ranges ahead wait until the head has delivered
            cut = self._split(head)
            if cut is None:
                return
            self._send(cut)

    def _split(self, head: int) -> _Range | None:
        """A new range cut from the running range that has answered most pages."""
        plan = self._plan
        depth = len(self._root_key)
        ranges = self._ranges
        live = [*self._outstanding.values(), *self._waiting]
        # Ties go to the earlier range: the same cuts in every run of the same answers.
        candidates = sorted((r for r in live if r.answered), key=lambda r: (-r.answered, r.last_key))
        for running in candidates:
            cut = plan.split_point(
                running.last_key, running.stop, depth, running.anchor, self._min_stride
            )
            if cut is None:
                continue
            cut = walk_request_arcs(cut)
            if cut <= running.last_key or (running.stop is not None and cut >= running.stop):
                continue
            fresh = _Range(cut, running.stop, self._repetitions)
            running.stop = cut
            ranges.insert(ranges.index(running, head) + 1, fresh)
            self.splits += 1
            return fresh
        return None

    def _send(self, walking: _Range) -> None:
        session = self._session
        after = walking.last_key if walking.last_octets is None else walking.last_octets
        pdu = Pdu(self._pdu_type, session.next_request_id(), 0, walking.repetitions,
                  [(after, None)])  # fmt: skip
        self._waiting.discard(walking)
        walking.pdu = pdu
        walking.data = session._mp.encode(pdu)
        walking.attempt = 0
        walking.timed = True
        self._transmit(walking)
        self.peak_in_flight = max(self.peak_in_flight, len(self._outstanding))

    def _transmit(self, walking: _Range) -> None:
        session = self._session
        if session.policer is not None:
            session.policer.wait_sync()
        session._transport.send(walking.data)
        session.stats.requests += 1
        if walking.attempt:
            session.stats.retransmissions += 1
            walking.timed = False
        walking.attempt += 1
        walking.sent_at = time.monotonic()
        walking.deadline = walking.sent_at + session.timeout
        # Last in the order of deadlines (see _receive): a retry or a resend
        # after a REPORT moves to the end.
        outstanding = self._outstanding
        request_id = walking.pdu.request_id  # type: ignore[union-attr]
        outstanding.pop(request_id, None)
        outstanding[request_id] = walking

    # ------------------------------------------------------------ receiving

    def _receive(self) -> None:
        """Handle one datagram, or the requests whose time ran out."""
        session = self._session
        outstanding = self._outstanding
        if not outstanding:
            return
        # Every try waits the session's timeout and is (re)inserted when sent:
        # the first outstanding request is the one whose time runs out first.
        deadline = next(iter(outstanding.values())).deadline
        received = session._transport.receive(deadline)
        stats = session.stats
        if received is None:
            self._expire()
            return
        datagram, from_agent = received
        if not from_agent:
            stats.dropped_foreign += 1
            return
        mp = session._mp
        try:
            response = mp.decode(datagram, True)
        except SnmpDecodeError:
            stats.dropped_malformed += 1
            return
        walking = outstanding.get(response.request_id)
        if walking is None:
            stats.dropped_stale += 1
            return
        if response.type == PduType.REPORT:
            stats.reports += 1
            try:
                mp.handle_report(response, session)
            except SnmpError as exc:
                self._fail(walking, exc)
                return
            walking.data = mp.encode(walking.pdu)
            walking.attempt = 0
            self._transmit(walking)
            return
        if response.type != PduType.RESPONSE:
            stats.dropped_malformed += 1
            return
        stats.responses += 1
        del outstanding[response.request_id]
        walking.pdu = None
        if walking.timed:
            self._adapt(time.monotonic() - walking.sent_at)
        if not walking.done:  # a range abandoned meanwhile takes nothing more
            self._page(walking, response)
            if not walking.done:
                self._waiting.add(walking)

    def _expire(self) -> None:
        now = time.monotonic()
        tries = self._session.retries + 1
        expired = [r for r in self._outstanding.values() if r.deadline <= now]
        if expired:
            self._shrink(self.window // 2)  # once for a burst of losses
        for walking in expired:
            if walking.done:
                continue  # abandoned by a failure handled in this loop
            if walking.attempt < tries:
                self._transmit(walking)
                continue
            session = self._session
            error = SnmpTimeoutError(
                f"timeout: no response from {session.agent} for {walking.last} "
                f"({tries} x {session.timeout:g} s, {session.version.label})"
            )
            diagnose = getattr(session._mp, "diagnose_timeout", None)
            if diagnose is not None:
                try:
                    diagnose(session, error)
                except SnmpError as precise:
                    self._fail(walking, precise)
                    continue
            self._fail(walking, error)

    def _fail(self, walking: _Range, error: BaseException) -> None:
        """End ``walking`` with ``error``; the ranges after it will never be delivered."""
        walking.error = error
        self._retire(walking)
        self._abandon_after(walking)

    def _retire(self, walking: _Range) -> None:
        """``walking`` is done: nothing more is sent for it, its request's answer is ignored."""
        walking.done = True
        self._waiting.discard(walking)
        if walking.pdu is not None:
            self._outstanding.pop(walking.pdu.request_id, None)
            walking.pdu = None

    def _abandon_after(self, walking: _Range) -> None:
        ranges = self._ranges
        for later in islice(ranges, ranges.index(walking) + 1, None):
            self._retire(later)
            self._buffered -= sum(map(_size, later.pages))
            later.pages = []
        del ranges[ranges.index(walking) + 1 :]

    # ------------------------------------------------------------ pages

    def _page(self, walking: _Range, response: Pdu) -> None:
        """Take a range's reply: keep its names in the range, or end the range."""
        session = self._session
        status = response.error_status
        if status == _TOO_BIG and walking.repetitions > 1:
            walking.repetitions = max(1, walking.repetitions // 2)
            return
        if status:
            if status == _NO_SUCH_NAME and session.version == SnmpVersion.v1:
                walking.done = True  # v1's end of the MIB view
                self._abandon_after(walking)
                return
            try:
                session._check_status(response, [(walking.last, None)])
            except SnmpError as exc:
                self._fail(walking, exc)
            return
        if self._keep_undecoded(walking, response):
            return
        try:
            response.materialize()
        except SnmpDecodeError as exc:
            session.stats.dropped_malformed += 1
            walking.malformed += 1
            if walking.malformed > session.retries:
                self._fail(walking, SnmpDecodeError(
                    f"malformed response from {session.agent} for {walking.last}: {exc}"
                ))  # fmt: skip
            return
        walking.malformed = 0
        walking.answered += 1
        walking.last_octets = None
        varbinds = response.varbinds
        keys = response.keys
        if not varbinds:
            walking.done = True
            return
        last_key = walking.last_key
        stop = walking.stop
        tail_key = keys[-1]
        depth = len(self._root_key)
        if (
            keys[0] > last_key
            and (stop is None or tail_key <= stop)
            and tail_key[:depth] == self._root_key
            and len(tail_key) > depth
            and varbinds[-1][1] is not END_OF_MIB_VIEW
            and response.ordered
        ):
            walking.pages.append((varbinds, keys))
            self._buffered += len(varbinds)
            walking.last, walking.last_key = varbinds[-1][0], tail_key
            _anchor(walking, keys[0], tail_key)
            return
        prefix = self._prefix
        last = walking.last
        accepted = 0
        for index, ((name, value), key) in enumerate(zip(varbinds, keys)):
            if not name.startswith(prefix) or value is END_OF_MIB_VIEW:
                # Past the subtree: no range after this one holds anything either.
                walking.done = True
                self._abandon_after(walking)
                if value is END_OF_MIB_VIEW:
                    root = self._root_key
                    walking.end = [(k, v) for (_, v), k in zip(varbinds[index:], keys[index:])
                                   if k[:depth] == root]  # fmt: skip
                break
            if key <= last_key:
                self._fail(walking, OidNotIncreasing(name, last))
                break
            if stop is not None and key > stop:
                walking.done = True
                break
            accepted += 1
            last, last_key = name, key
        if accepted:
            walking.pages.append((varbinds[:accepted], keys[:accepted]))
            self._buffered += accepted
            walking.last, walking.last_key = last, last_key
            _anchor(walking, keys[0], last_key)

    def _keep_undecoded(self, walking: _Range, response: Pdu) -> bool:
        """Keep ``response`` undecoded when its last varbind shows a page that
        stays inside the range and moves it on (the common case); else False."""
        if walking.eager:
            return False
        try:
            tail = response.tail()
            if tail is None:
                return False
            # Arcs only: the text is made if a message needs it, and the
            # name caches are kept for the names decoded in order.
            tail_key = decode_oid_arcs(tail[0])
        except SnmpDecodeError:
            return False
        stop = walking.stop
        depth = len(self._root_key)
        if (
            tail[1] == Tag.END_OF_MIB_VIEW
            or tail_key <= walking.last_key
            or (stop is not None and tail_key > stop)
            or tail_key[:depth] != self._root_key
            or len(tail_key) == depth
        ):
            return False
        size = max(1, walking.repetitions)
        walking.pages.append(_Undecoded(response, walking._last, walking.last_key, tail[0], size))
        self._buffered += size
        previous = walking.last_key
        walking.last, walking.last_key, walking.last_octets = None, tail_key, tail[0]
        walking.malformed = 0
        walking.answered += 1
        _anchor(walking, previous if previous[:-1] == tail_key[:-1] else tail_key, tail_key)
        return True

    def _deliver(self, head: int, page: _Undecoded) -> Page | None:
        """Decode a kept page at its turn and check what its last varbind promised.

        Anything else (a page that does not decode, names that do not increase,
        a misread last varbind: a value that ends like an encoded varbind)
        leaves the walk to a fresh range from where this page was asked, which
        asks it again and takes it varbind by varbind as the serial walk does
        (None). Ranges are boundaries only, so the result is the same.
        """
        response = page.response
        page.response = None
        every_key = self._every_key
        try:
            # The hint first, then the page, as the serial walk decodes them:
            # the name caches see the same names in the same order.
            tail_text, tail_key = decode_oid_with_arcs(page.tail)
            response.materialize(every_key)
        except SnmpDecodeError:
            self._session.stats.dropped_malformed += 1
            self._restart(head, page, self._ranges[head].malformed + 1)
            return None
        keys = response.keys
        varbinds = response.varbinds
        if (
            keys[0] > page.after_key
            and response.ordered
            and (keys[-1] == tail_key if every_key else varbinds[-1][0] == tail_text)
        ):
            return varbinds, keys
        self._restart(head, page, 0)
        return None

    def _restart(self, head: int, page: _Undecoded, malformed: int) -> None:
        """Forget the head range and every range after it; walk on from where
        ``page`` was asked to the end of the subtree as one new range that
        decodes every page as it comes (it is cut again as it goes)."""
        current = self._ranges[head]
        self._retire(current)
        self._abandon_after(current)
        self._buffered = 0  # nothing before the head is buffered, nothing after it is left
        fresh = _Range(page.after_key, None, self._repetitions, last=page.after)
        fresh.malformed = malformed
        fresh.eager = True
        self._ranges[head] = fresh
        self._waiting.add(fresh)

    # ------------------------------------------------------------ window

    def _adapt(self, rtt: float) -> None:
        """Delay-based window: replies much slower than the walk's fastest smoothed round
        trip (``SLOW_FACTOR`` times, plus the slack) mean the agent queues them: slow down.

        The base is the lowest smoothed round trip, taken once a round of replies
        has come in, so one lucky reply does not set it and a link or host that
        is slow all along (a far agent, a busy machine) does not count as slowing.
        """
        self._srtt = rtt if not self._srtt else self._srtt + _RTT_WEIGHT * (rtt - self._srtt)
        self._samples += 1
        if self._samples >= self.limit and self._srtt < self._base_rtt:
            self._base_rtt = self._srtt
        self._since_change += 1
        if self._since_change < self.window or self._samples < self.limit:
            return
        if self._srtt > SLOW_FACTOR * self._base_rtt + QUEUE_SLACK:
            # Slow replies are an ambiguous sign (the agent, the path or this
            # host): they take the window down to half; only losses go lower.
            if self.window > max(1, self.limit // 2):
                self._shrink(self.window - 1)
        elif self.window < self.limit:
            self.window += 1
            self._since_change = 0

    def _shrink(self, window: int) -> None:
        window = max(1, window)
        if window < self.window:
            self.window = window
            self.narrowest = min(self.narrowest, window)
        self._since_change = 0



def _size(page: Page | _Undecoded) -> int:
    """Varbinds a buffered page counts for."""
    return page.size if type(page) is _Undecoded else len(page[0])


def _position(walking: _Range) -> OidTuple:
    """Where a range stands: ranges are disjoint, so this orders them as the walk does."""
    return walking.last_key


def _anchor(walking: _Range, first: OidTuple, last: OidTuple) -> None:
    """Keep where the range's walk of its current column began (for cuts inside it)."""
    anchor = walking.anchor
    if anchor is None or anchor[:-1] != last[:-1]:
        walking.anchor = first if first[:-1] == last[:-1] else last
