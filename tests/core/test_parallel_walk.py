"""Parallel walks (``fetch(oid, parallel=N)``): the serial walk's varbinds, OID for OID.

Against the embedded agent, with and without faults (loss, duplicates,
reordering, stale and foreign copies, tooBig, OIDs going backwards inside one
range, an agent that loops, agent restarts over v3), for 1, 2, 4 and 16 in
flight; with ranges cut at given boundaries (ending inside a table, empty,
holding one OID, a boundary that is itself an instance); the window, the
policer and the walk plan's cuts. ``test_parallel_snmpd.py`` compares against
a real snmpd.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

from core import OidNotIncreasing, RPSPolicer, SnmpSession, SnmpTimeoutError, SnmpVersion
from core.agent import Faults, RunningAgent, start_background
from core.agent.store import OidStore
from core.oid import OidTuple, oid_key
from core.parallel_walk import ParallelWalk
from core.pdu import PduType
from core.security import User, auth_key_class, priv_key_class
from core.walk_plan import WalkPlan

IF_ENTRY = "1.3.6.1.2.1.2.2.1"
ENTERPRISE = "1.3.6.1.4.1.99999"  # a vendor subtree no MIB knows


def _device() -> list[tuple[str, Any]]:
    """A small device: scalars, a table with indexes past 127, a multi-arc index, vendor OIDs."""
    values: list[tuple[str, Any]] = [
        ("1.3.6.1.2.1.1.1.0", b"parallel test device"),
        ("1.3.6.1.2.1.1.3.0", 12345),
        ("1.3.6.1.2.1.1.5.0", b"rtr"),
        ("1.3.6.1.2.1.2.1.0", 150),
    ]
    for column in (1, 2, 3, 5, 7, 8, 10):
        values += [(f"{IF_ENTRY}.{column}.{i}", column * 1000 + i) for i in range(1, 151)]
    for a in (1, 2, 200):
        values += [(f"1.3.6.1.2.1.4.20.1.1.10.0.{a}.{b}", b) for b in (1, 7, 130)]
    values += [(f"{ENTERPRISE}.1.{i}.0", i) for i in range(1, 40)]
    values += [(f"{ENTERPRISE}.5.0", b"lone")]
    values += [(f"1.3.6.1.6.3.1.1.6.{i}.0", i) for i in range(1, 4)]
    return sorted(values, key=lambda v: oid_key(v[0]))


DEVICE = _device()
IN_FLIGHT = [1, 2, 4, 16]


class Agent:
    def __init__(self, values: list[tuple[str, Any]], faults: Faults, users: Sequence[User]) -> None:
        self.running: RunningAgent = start_background(values, faults=faults, users=users)
        self.port = self.running.port

    def session(self, **kw: Any) -> SnmpSession:
        kw.setdefault("timeout", 0.3)
        kw.setdefault("retries", 3)
        kw.setdefault("max_repetitions", 10)
        return SnmpSession("127.0.0.1", self.port, **kw)

    def requests(self) -> list[tuple[float, Any]]:
        return list(self.running.agent.history)


@pytest.fixture
def agent() -> Iterator[Callable[..., Agent]]:
    made: list[Agent] = []

    def make(
        faults: Faults | None = None,
        values: list[tuple[str, Any]] = DEVICE,
        users: Sequence[User] = (),
    ) -> Agent:
        made.append(Agent(values, faults or Faults(), users))
        return made[-1]

    yield make
    for a in made:
        a.running.stop()


def walk(session: SnmpSession, root: str, parallel: int, plan: WalkPlan | None = None) -> list:
    return list(session.fetch(root, parallel=parallel, plan=plan))


def in_subtree(root: str) -> list[tuple[str, Any]]:
    return [(name, value) for name, value in DEVICE if name.startswith(root + ".")]


# ---------------------------------------------------------------- same result


@pytest.mark.parametrize("parallel", IN_FLIGHT)
@pytest.mark.parametrize("root", ["1.3.6.1", "1.3.6.1.2.1.2", IF_ENTRY + ".3", ENTERPRISE, "1.3.6.1.2.1.9"])
def test_parallel_walk_equals_serial(agent, parallel: int, root: str) -> None:
    a = agent()
    with a.session() as s:
        serial = list(s.fetch(root))
        assert serial == in_subtree(root)
        assert walk(s, root, parallel) == serial


@pytest.mark.parametrize("parallel", IN_FLIGHT)
def test_fetch_arcs_in_parallel_yields_arcs_in_order(agent, parallel: int) -> None:
    a = agent()
    with a.session() as s:
        got = list(s.fetch_arcs("1.3.6.1", parallel=parallel))
    assert got == [(oid_key(name), value) for name, value in DEVICE]


def test_getnext_walks_in_parallel_over_v1(agent) -> None:
    a = agent()
    with a.session(version=SnmpVersion.v1) as s:
        assert walk(s, "1.3.6.1.2.1", 4) == in_subtree("1.3.6.1.2.1")
    assert {pdu.type for _, pdu in a.requests()} == {PduType.GETNEXT}


def test_several_requests_are_in_flight_and_pages_are_not_asked_twice(agent) -> None:
    a = agent(Faults(delay=0.02))
    with a.session() as s:
        pages = ParallelWalk(s, "1.3.6.1", PduType.GETBULK, 10, 4)
        got = [v for varbinds, _ in pages.pages() for v in varbinds]
        assert got == DEVICE
    assert pages.peak_in_flight == 4
    assert pages.splits >= 3
    # Serially the walk takes len(DEVICE) / 10 pages and one more for the end;
    # each cut costs at most a probe and a truncated page.
    assert len(a.requests()) <= len(DEVICE) // 10 + 1 + 2 * pages.splits


# ---------------------------------------------------------------- fixed ranges


def _cut_walk(a: Agent, root: str, cuts: list[str], parallel: int) -> list:
    plan = WalkPlan(cuts=[oid_key(c) for c in cuts], split=False)
    with a.session() as s:
        return walk(s, root, parallel, plan)


@pytest.mark.parametrize("parallel", [2, 4, 16])
def test_ranges_ending_inside_a_table(agent, parallel: int) -> None:
    a = agent()
    cuts = [f"{IF_ENTRY}.2.77", f"{IF_ENTRY}.2.130", f"{IF_ENTRY}.5.1", f"{IF_ENTRY}.7.149"]
    assert _cut_walk(a, "1.3.6.1.2.1.2", cuts, parallel) == in_subtree("1.3.6.1.2.1.2")
    starts = {pdu.varbinds[0][0] for _, pdu in a.requests()}
    assert set(cuts) <= starts  # each range started at its cut


@pytest.mark.parametrize("parallel", [2, 16])
def test_empty_ranges_and_a_range_of_one_oid(agent, parallel: int) -> None:
    a = agent()
    cuts = [
        f"{IF_ENTRY}.4",  # (.4, .4.5]: empty, inside the table
        f"{IF_ENTRY}.4.5",
        f"{ENTERPRISE}.2",  # (.2, .3]: empty, between vendor branches
        f"{ENTERPRISE}.3",
        f"{ENTERPRISE}.5",  # (.5, .5.0]: exactly the one OID .5.0
        f"{ENTERPRISE}.5.0",
        "1.3.6.1.4.2",  # to the end: empty
    ]
    assert _cut_walk(a, "1.3.6.1", cuts, parallel) == DEVICE


def test_a_boundary_that_is_itself_an_instance_is_walked_once(agent) -> None:
    a = agent()
    cuts = [f"{IF_ENTRY}.1.150", f"{IF_ENTRY}.2.1", "1.3.6.1.2.1.1.5.0"]
    assert _cut_walk(a, "1.3.6.1.2.1", cuts, 4) == in_subtree("1.3.6.1.2.1")


# ---------------------------------------------------------------- faults


FAULTS = {
    "loss": Faults(seed=3, drop=0.05),
    "duplicates": Faults(seed=4, duplicate=0.5),
    "reordering": Faults(seed=5, reorder=0.2, reorder_hold=0.02),
    "stale, foreign, truncated and garbage copies": Faults(
        seed=6, stale=0.3, foreign=0.3, truncated=0.3, garbage=0.3
    ),
    "malformed values": Faults(seed=7, bad_value=0.1),
    "tooBig": Faults(max_response_size=250),
}


@pytest.mark.parametrize("parallel", IN_FLIGHT)
@pytest.mark.parametrize("fault", list(FAULTS))
def test_parallel_walk_survives_faults(agent, fault: str, parallel: int) -> None:
    faults = FAULTS[fault]
    faults.reseed()
    a = agent(faults)
    with a.session(timeout=0.1, retries=4) as s:
        assert walk(s, "1.3.6.1", parallel) == DEVICE
        if fault == "loss":
            assert s.stats.retransmissions > 0


def test_the_first_outstanding_request_is_the_one_whose_time_runs_out_first(agent, monkeypatch) -> None:
    # _receive waits until the first outstanding request's deadline: retries and
    # resends must move a request to the end, or a lost request would be waited
    # for past its time while another one's ran out.
    checked = {"calls": 0, "after_retry": 0}
    receive = ParallelWalk._receive

    def checking(self: ParallelWalk) -> None:
        outstanding = list(self._outstanding.values())
        if len(outstanding) > 1:
            checked["calls"] += 1
            if any(r.attempt > 1 for r in outstanding):
                checked["after_retry"] += 1
            assert outstanding[0].deadline == min(r.deadline for r in outstanding)
        receive(self)

    monkeypatch.setattr(ParallelWalk, "_receive", checking)
    # Replies that take a while keep several requests outstanding when one is retried.
    faults = Faults(seed=11, drop=0.15, delay=0.01, delay_jitter=0.02)
    faults.reseed()
    a = agent(faults)
    with a.session(timeout=0.05, retries=6) as s:
        assert walk(s, "1.3.6.1", 4) == DEVICE
        assert s.stats.retransmissions > 0
    assert checked["calls"] > 0 and checked["after_retry"] > 0


class BackwardsAt:
    """The store, except that the varbind at ``index`` is the one ``back`` places before."""

    def __init__(self, store: OidStore, index: int, back: int) -> None:
        self._store, self._index, self._back = store, index, back

    def __len__(self) -> int:
        return len(self._store)

    def varbind_at(self, i: int) -> bytes:
        return self._store.varbind_at(i - self._back if i == self._index else i)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


@pytest.mark.parametrize("parallel", IN_FLIGHT)
def test_oids_going_backwards_in_one_range_fail_as_the_serial_walk(agent, parallel: int) -> None:
    a = agent()
    poison = DEVICE.index((f"{IF_ENTRY}.3.90", 3090))
    a.running.agent.store = BackwardsAt(a.running.agent.store, poison, 5)
    outcomes = []
    for p in (1, parallel):
        got: list = []
        with a.session() as s, pytest.raises(OidNotIncreasing) as info:
            for varbind in s.fetch("1.3.6.1", parallel=p):
                got.append(varbind)
        outcomes.append((got, str(info.value)))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == DEVICE[:poison]
    assert outcomes[0][1] == f"OID not increasing: {IF_ENTRY}.3.85 after {IF_ENTRY}.3.89"


@pytest.mark.parametrize("parallel", [2, 16])
def test_a_looping_agent_fails_as_the_serial_walk(agent, parallel: int) -> None:
    a = agent(Faults(loop_after=200))
    outcomes = []
    for p in (1, parallel):
        got: list = []
        with a.session() as s, pytest.raises(OidNotIncreasing) as info:
            got.extend(s.fetch("1.3.6.1", parallel=p))
        outcomes.append((got, str(info.value)))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == DEVICE[:200]


def test_an_agent_that_never_answers_fails_with_a_timeout_naming_the_oid(agent) -> None:
    a = agent(Faults(drop=1.0))
    with a.session(timeout=0.1, retries=1) as s, pytest.raises(SnmpTimeoutError, match="1.3.6.1.2.1"):
        walk(s, "1.3.6.1.2.1", 4)


def test_varbinds_before_a_timeout_are_delivered_first(agent) -> None:
    a = agent()
    got: list = []
    with a.session(timeout=0.1, retries=0) as s:
        walking = s.fetch("1.3.6.1", parallel=4)
        got.append(next(walking))
        a.running.faults = Faults(drop=1.0)
        with pytest.raises(SnmpTimeoutError):
            got.extend(walking)
    assert got == DEVICE[: len(got)]


def _v3_user() -> User:
    return User("walker", auth_key=auth_key_class("SHA-256")(b"walker-auth-pass"),
                priv_key=priv_key_class("AES")(b"walker-priv-pass"))  # fmt: skip


@pytest.mark.parametrize("parallel", IN_FLIGHT)
def test_v3_walk_in_parallel_through_agent_restarts(agent, parallel: int) -> None:
    user = _v3_user()
    a = agent(users=[user])
    with a.session(user=user) as s:
        assert walk(s, "1.3.6.1", parallel) == DEVICE
        # Every request in flight when the agent restarts draws a report and is
        # resent once; a second restart before the resend is served is an error.
        a.running.faults = Faults(restart_every=60)
        assert walk(s, "1.3.6.1", parallel) == DEVICE
        assert s.stats.reports >= 1
    assert a.running.stats.restarts >= 2


# ---------------------------------------------------------------- window, policer


def test_timeouts_shrink_the_window(agent) -> None:
    a = agent(Faults(seed=1, drop=0.15))
    with a.session(timeout=0.1, retries=5) as s:
        pages = ParallelWalk(s, "1.3.6.1", PduType.GETBULK, 10, 8)
        assert [v for varbinds, _ in pages.pages() for v in varbinds] == DEVICE
    assert s.stats.retransmissions > 0
    assert pages.window < 8


def test_slower_replies_shrink_the_window(agent) -> None:
    a = agent()
    with a.session() as s:
        pages = ParallelWalk(s, "1.3.6.1", PduType.GETBULK, 5, 8)
        walking = pages.pages()
        got = [v for _ in range(30) for v in next(walking)[0]]  # a few rounds at full speed
        fast = pages.window
        a.running.faults = Faults(delay=0.03)
        for varbinds, _ in walking:
            got += varbinds
    assert got == DEVICE
    assert fast == 8
    # Down to half on slow replies alone (only losses go lower).
    assert pages.narrowest == 4


def test_the_policer_bounds_all_requests_in_flight(agent) -> None:
    a = agent()
    with a.session(max_repetitions=40, policer=RPSPolicer(100)) as s:
        assert walk(s, "1.3.6.1.2.1.2", 8) == in_subtree("1.3.6.1.2.1.2")
    times = [t for t, _ in a.requests()]
    rate = (len(times) - 1) / (times[-1] - times[0])
    assert len(times) > 10 and rate < 100 * 1.2


def test_parallel_must_be_positive(agent) -> None:
    a = agent()
    with a.session() as s, pytest.raises(ValueError, match="parallel"):
        walk(s, "1.3.6.1", 0)


def test_an_unchecked_walk_stays_serial(agent) -> None:
    a = agent(Faults(delay=0.01))
    with a.session(check_increasing=False, max_repetitions=50) as s:
        assert walk(s, "1.3.6.1.2.1.2", 4) == in_subtree("1.3.6.1.2.1.2")
    stamps = [t for t, _ in a.requests()]
    # One request at a time: each waits for the reply before it (>= the delay).
    assert min(b - a for a, b in zip(stamps, stamps[1:])) >= 0.009


# ---------------------------------------------------------------- plan


def _children(tree: dict[OidTuple, list[int]]) -> Callable[[OidTuple], list[int]]:
    return lambda oid: tree.get(tuple(oid), [])


def test_plan_without_a_mib_cuts_at_the_next_sibling_of_the_shallowest_ancestor() -> None:
    plan = WalkPlan()
    assert plan.boundaries((1, 3, 6, 1)) == []
    position = (1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 7)
    assert plan.split_point(position, None, 4) == (1, 3, 6, 1, 3)
    assert plan.split_point(position, (1, 3, 6, 1, 3), 4) == (1, 3, 6, 1, 2, 2)
    assert plan.split_point(position, (1, 3, 6, 1, 2, 1, 2, 2, 1, 3), 4) is None  # not the index arc
    assert WalkPlan(split=False).split_point(position, None, 4) is None


def test_plan_cuts_inside_a_column_as_far_again_as_the_range_walked_it() -> None:
    plan = WalkPlan()
    column = (1, 3, 6, 1, 2, 1, 2, 2, 1, 2)
    next_column = (1, 3, 6, 1, 2, 1, 2, 2, 1, 3)
    assert plan.split_point(column + (40,), next_column, 4, anchor=column + (10,)) == column + (70,)
    assert plan.split_point(column + (12,), next_column, 4, column + (10,), min_stride=20) == column + (32,)
    # Not when the anchor is in another column (the range just entered this one).
    assert plan.split_point(column + (40,), next_column, 4, anchor=(1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 5)) is None


def test_plan_with_a_mib_cuts_at_known_branches_and_probes_unknown_ones() -> None:
    tree = {
        (1, 3, 6, 1, 2): [1],
        (1, 3, 6, 1, 2, 1): [1, 2, 4, 31],
        (1, 3, 6, 1, 2, 1, 1): [1, 3, 5],  # system: scalars only
        (1, 3, 6, 1, 2, 1, 2): [1, 2],  # interfaces: ifNumber, ifTable
        (1, 3, 6, 1, 2, 1, 2, 2): [1],
        (1, 3, 6, 1, 2, 1, 2, 2, 1): [1, 2, 3, 5, 7],
        (1, 3, 6, 1, 2, 1, 4): [20],
        (1, 3, 6, 1, 2, 1, 4, 20): [1],
        (1, 3, 6, 1, 2, 1, 4, 20, 1): [1, 2],
    }
    rows = {(1, 3, 6, 1, 2, 1, 2, 2, 1), (1, 3, 6, 1, 2, 1, 4, 20, 1)}
    plan = WalkPlan(_children(tree), rows=rows.__contains__)
    mib2 = (1, 3, 6, 1, 2, 1)
    cuts = plan.boundaries((1, 3, 6, 1, 2))
    # Branches, then rows at their columns (ip -> ipAddrTable -> ipAddrEntry is one
    # chain); never system's scalars one by one, nor ifNumber.
    assert cuts == sorted([mib2 + (1,), mib2 + (2,), mib2 + (4,), mib2 + (2, 2),
                           *(mib2 + (2, 2, 1, c) for c in (1, 2, 3, 5, 7)),
                           mib2 + (4, 20, 1, 1), mib2 + (4, 20, 1, 2)])  # fmt: skip
    assert plan.boundaries((1, 3, 6, 1, 2), limit=3) == [mib2 + (1,), mib2 + (2,)]
    assert plan.boundaries(mib2 + (1,)) == []
    column = (1, 3, 6, 1, 2, 1, 2, 2, 1, 3, 9)
    stop = (1, 3, 6, 1, 2, 1, 4)
    # interfaces has no later sibling below 4 but the MIB's next column is 5.
    assert plan.split_point(column, stop, 5) == (1, 3, 6, 1, 2, 1, 2, 2, 1, 5)
    # A vendor subtree the MIB does not know is cut by probing arc + 1.
    assert plan.split_point((1, 3, 6, 1, 4, 1, 99, 3, 1), None, 4) == (1, 3, 6, 1, 5)
    assert plan.split_point((1, 3, 6, 1, 4, 1, 99, 3, 1), (1, 3, 6, 1, 5), 4) == (1, 3, 6, 1, 4, 2)


@pytest.mark.parametrize("parallel", [4, 16])
def test_walk_with_a_mib_plan_equals_serial(agent, parallel: int) -> None:
    tree = {
        (1, 3, 6, 1): [2, 4, 6],
        (1, 3, 6, 1, 2): [1],
        (1, 3, 6, 1, 2, 1): [1, 2, 3, 4, 5, 6, 7, 8],
        (1, 3, 6, 1, 2, 1, 1): [1, 3, 5],
        (1, 3, 6, 1, 2, 1, 2): [1, 2],
        (1, 3, 6, 1, 2, 1, 2, 2): [1],
        (1, 3, 6, 1, 2, 1, 2, 2, 1): [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    }
    row = (1, 3, 6, 1, 2, 1, 2, 2, 1)
    a = agent()
    with a.session() as s:
        plan = WalkPlan(_children(tree), rows=row.__eq__)
        assert len(plan.boundaries((1, 3, 6, 1))) > 10
        assert walk(s, "1.3.6.1", parallel, plan) == DEVICE


def test_a_walk_is_serial_by_default(agent) -> None:
    a = agent(Faults(delay=0.01))
    with a.session(max_repetitions=50) as s:
        assert list(s.fetch("1.3.6.1.2.1.2")) == in_subtree("1.3.6.1.2.1.2")
    stamps = [t for t, _ in a.requests()]
    assert min(b - a for a, b in zip(stamps, stamps[1:])) >= 0.009


def test_ranges_ahead_wait_when_the_reorder_buffer_is_full(agent, monkeypatch) -> None:
    import core.parallel_walk as parallel_walk

    monkeypatch.setattr(parallel_walk, "MAX_BUFFERED", 15)
    a = agent(Faults(delay=0.005))
    held: list[int] = []
    with a.session() as s:
        pages = ParallelWalk(s, "1.3.6.1", PduType.GETBULK, 10, 8)
        got = []
        for varbinds, _ in pages.pages():
            got += varbinds
            held.append(pages._buffered)
    assert got == DEVICE
    # A range ahead may finish the page it had asked for: one page past the limit.
    assert max(held) <= 15 + 8 * 10


@pytest.mark.parametrize("root", ["", ".1", "1", "1.3"])
def test_short_roots_walk_in_parallel_as_serially(agent, root: str) -> None:
    a = agent()
    with a.session() as s:
        serial = list(s.fetch(root))
        assert serial == DEVICE
        assert walk(s, root, 4) == serial


def test_the_end_of_mib_view_is_kept_as_the_serial_walk_keeps_it(agent) -> None:
    a = agent()
    ends = []
    with a.session() as s:
        for parallel in (1, 4):
            assert walk(s, "1.3.6.1.6", parallel) == in_subtree("1.3.6.1.6")
            ends.append(list(s.walk_end))
    assert ends[0] == ends[1] and ends[0]


def test_one_arc_cuts_of_the_whole_oid_space(agent) -> None:
    # The MIB's roots 0, 1 and 2 are cuts of one arc: asked after as 1.0 and 2.0.
    tree = {(): [0, 1, 2], (1,): [3], (1, 3): [6]}
    a = agent()
    with a.session() as s:
        assert walk(s, "", 4, WalkPlan(_children(tree))) == DEVICE
    assert {"1.0", "2.0"} <= {pdu.varbinds[0][0] for _, pdu in a.requests()}


@pytest.mark.parametrize("parallel", [2, 4, 16])
@pytest.mark.parametrize("decoy", ["1.3.6.1.4.1.99999.1.35", "1.3.6.1.4.1.99999.1.2", "1.3.6.1.4.1.99999.2.7"])
def test_pages_kept_undecoded_whose_last_value_looks_like_a_varbind(agent, parallel: int, decoy: str) -> None:
    """Ranges after the head keep their pages undecoded, going on from each
    page's last varbind as found from the end of the list; a value that ends
    with an encoded varbind (naming a later, an earlier, or another range's
    OID) misleads that search, which delivery finds out: the walk goes on from
    the page's true start and yields exactly the serial walk's varbinds."""
    from core.ber import encode_varbinds

    base = "1.3.6.1.4.1.99999"
    tail = encode_varbinds([(decoy, b"decoy")])[2:]
    values = [(f"{base}.1.{i}", b"v" + tail if i % 7 == 0 else b"plain") for i in range(1, 31)]
    values += [(f"{base}.2.{i}", i) for i in range(1, 41)] + [(f"{base}.3.{i}", i) for i in range(1, 21)]
    a = agent(values=values)
    cuts = WalkPlan(cuts=[(1, 3, 6, 1, 4, 1, 99999, 2), (1, 3, 6, 1, 4, 1, 99999, 3)])
    with a.session(max_repetitions=4) as s:
        assert walk(s, base, parallel, cuts) == values
        assert walk(s, base, parallel) == values
