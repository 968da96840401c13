"""RowStatus rows on the embedded agent: the same SETs on snmpd's and the demo's
snmpTargetAddrTable give the same answers; atomic PDUs; StorageType; undo on commit failure."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from core import SnmpSession
from core.agent import start_background
from core.agent.demo import DemoDevice
from core.agent.demo_targets import TARGET_ADDR_ENTRY
from core.agent.rows import Column, RowTable, integer_index
from core.agent.store import OidStore, SetStatus, WriteRule
from core.errors import SnmpStatusError
from core.oid import format_oid
from core.types import ObjectIdentifier
from snmpd_fixture import SnmpdFactory

ENTRY = format_oid(TARGET_ADDR_ENTRY)
UDP = ObjectIdentifier("1.3.6.1.6.1.1")
ADDRESS = bytes.fromhex("7f0000010fa2")
Varbinds = list[tuple[str, Any]]


def vb(column: int, name: str, value: Any) -> tuple[str, Any]:
    return f"{ENTRY}.{column}." + ".".join(str(b) for b in name.encode()), value


def full(name: str) -> Varbinds:
    return [vb(2, name, UDP), vb(3, name, ADDRESS), vb(7, name, b"params-1")]


# (what, varbinds, the answer: "ok" or (error-status, index)). The rows' RowStatus is read after each.
STEPS: list[tuple[str, Callable[[], Varbinds], Any]] = [
    ("createAndGo with every required column", lambda: [vb(9, "a", 4), *full("a")], "ok"),
    ("createAndGo of an existing row", lambda: [vb(9, "a", 4)], ("inconsistentValue", 1)),
    ("TDomain of an active row", lambda: [vb(2, "a", UDP)], ("inconsistentValue", 1)),
    ("Params of an active row", lambda: [vb(7, "a", b"p2")], ("inconsistentValue", 1)),
    ("a column that may change while active", lambda: [vb(5, "a", 7)], "ok"),
    ("notReady set by a manager", lambda: [vb(9, "a", 3)], ("wrongValue", 1)),
    ("RowStatus 7", lambda: [vb(9, "a", 7)], ("wrongValue", 1)),
    ("RowStatus as a string", lambda: [vb(9, "a", b"x")], ("wrongType", 1)),
    ("active -> notInService", lambda: [vb(9, "a", 2)], "ok"),
    ("TDomain of a row not in service", lambda: [vb(2, "a", UDP)], "ok"),
    ("notInService -> active", lambda: [vb(9, "a", 1)], "ok"),
    ("destroy", lambda: [vb(9, "a", 6)], "ok"),
    ("destroy of an absent row", lambda: [vb(9, "a", 6)], "ok"),
    ("createAndWait without columns", lambda: [vb(9, "c", 5)], "ok"),
    ("active on a notReady row", lambda: [vb(9, "c", 1)], ("inconsistentValue", 1)),
    ("notInService on a notReady row", lambda: [vb(9, "c", 2)], ("inconsistentValue", 1)),
    ("the missing columns", lambda: full("c"), "ok"),
    ("active once complete", lambda: [vb(9, "c", 1)], "ok"),
    ("destroy c", lambda: [vb(9, "c", 6)], "ok"),
    ("createAndWait and active in one PDU", lambda: [vb(9, "d", 5)], "ok"),
    ("active with the missing columns in the PDU", lambda: [vb(9, "d", 1), *full("d")], "ok"),
    ("destroy d", lambda: [vb(9, "d", 6)], "ok"),
    ("active on an absent row", lambda: [vb(9, "e", 1)], ("inconsistentValue", 1)),
    ("a column of an absent row", lambda: [vb(7, "e", b"p")], ("inconsistentName", 1)),
    ("the not-accessible index column", lambda: [vb(1, "e", b"p")], ("notWritable", 1)),
    ("a column the table does not have", lambda: [vb(99, "e", 1)], ("notWritable", 1)),
    ("one wrong type spoils the PDU", lambda: [vb(9, "e", 4), *full("e")[:2], vb(7, "e", 5)], ("wrongType", 4)),
    ("one wrong length spoils the PDU", lambda: [vb(9, "e", 4), *full("e")[:2], vb(7, "e", b"x" * 40)],
     ("wrongLength", 4)),
    ("a manager cannot make a row permanent", lambda: [vb(9, "e", 4), *full("e"), vb(8, "e", 4)], ("wrongValue", 5)),
    ("StorageType 9", lambda: [vb(9, "e", 4), *full("e"), vb(8, "e", 9)], ("wrongValue", 5)),
    ("an index of 40 octets", lambda: [vb(9, "x" * 40, 4), *full("x" * 40)], ("noCreation", 1)),
    ("createAndWait with every column", lambda: [vb(9, "h", 5), *full("h")], "ok"),
    ("destroy h", lambda: [vb(9, "h", 6)], "ok"),
]  # fmt: skip
ROWS = "acdeh"
CREATE_AND_GO_INCOMPLETE = [vb(9, "b", 4)]


def run_steps(port: int) -> list[tuple[str, Any, dict[str, Any]]]:
    """Each step's answer and the RowStatus of the rows it may have touched."""
    out = []
    statuses = {vb(9, name, 0)[0]: name for name in ROWS}
    with SnmpSession("127.0.0.1", port, community="private") as session:
        for what, varbinds, _ in STEPS:
            try:
                session.set_many(dict(varbinds()))
                answer: Any = "ok"
            except SnmpStatusError as exc:
                answer = (exc.status_name, exc.index)
            rows = {statuses[oid]: value for oid, value in session.get_many(list(statuses)).items()}
            out.append((what, answer, rows))
    return out


def missing(port: int, oid: str) -> str:
    """What a GET of an instance that does not exist answers."""
    with SnmpSession("127.0.0.1", port) as session:
        with pytest.raises(SnmpStatusError) as absent:
            session.get(oid)
    return absent.value.status_name


@pytest.fixture(scope="module")
def demo_steps() -> list[tuple[str, Any, dict[str, Any]]]:
    with start_background(DemoDevice()) as running:
        return run_steps(running.port)


def test_the_demo_answers_as_rfc_2579_says(demo_steps: list[tuple[str, Any, dict[str, Any]]]) -> None:
    assert [(what, answer) for what, answer, _ in demo_steps] == [(what, answer) for what, _, answer in STEPS]
    by_step = {what: rows for what, _, rows in demo_steps}
    assert by_step["createAndGo with every required column"] == {"a": 1}
    assert by_step["active -> notInService"] == {"a": 2}
    assert by_step["destroy"] == {}
    assert by_step["createAndWait without columns"] == {"c": 3}  # notReady
    assert by_step["the missing columns"] == {"c": 2}  # notInService once complete
    assert by_step["active with the missing columns in the PDU"] == {"d": 1}
    assert by_step["createAndWait with every column"] == {"h": 2}
    assert by_step["one wrong type spoils the PDU"] == {}  # nothing of the failed PDU was created


def test_snmpd_and_the_demo_answer_the_same(
    snmpd_factory: SnmpdFactory, demo_steps: list[tuple[str, Any, dict[str, Any]]]
) -> None:
    agent = snmpd_factory("view writeview included .1.3.6.1.6.3.12\n")
    assert run_steps(agent.port) == demo_steps
    with start_background(DemoDevice()) as running:
        absent = [missing(port, vb(9, "a", 0)[0]) for port in (agent.port, running.port)]
    assert absent == ["noSuchInstance", "noSuchInstance"]  # a destroyed row's column
    # One difference: createAndGo of an incomplete row is inconsistentValue by RFC 2579
    # (the demo); snmpd creates a notReady row instead.
    status = CREATE_AND_GO_INCOMPLETE[0][0]
    with start_background(DemoDevice()) as running, SnmpSession("127.0.0.1", running.port, community="private") as s:
        with pytest.raises(SnmpStatusError) as refused:
            s.set_many(dict(CREATE_AND_GO_INCOMPLETE))
        assert (refused.value.status_name, refused.value.index) == ("inconsistentValue", 1)
        assert s.get_many([status]) == {}
    with SnmpSession("127.0.0.1", agent.port, community="private") as s:
        s.set_many(dict(CREATE_AND_GO_INCOMPLETE))
        assert s.get(status) == 3


def row_names(session: SnmpSession, column: int) -> set[str]:
    """The names of the rows a GETNEXT walk of one column finds."""
    prefix = f"{ENTRY}.{column}."
    return {bytes(int(arc) for arc in oid[len(prefix):].split(".")).decode() for oid, _ in session.getnext(prefix[:-1])}


def test_destroyed_rows_leave_the_walk_and_permanent_rows_stay() -> None:
    with start_background(DemoDevice()) as running, SnmpSession("127.0.0.1", running.port, community="private") as s:
        assert row_names(s, 9) == {"nms-main", "factory-collector"}
        s.set(vb(9, "nms-main", 0)[0], 6)
        assert row_names(s, 9) == row_names(s, 3) == {"factory-collector"}
        with pytest.raises(SnmpStatusError) as refused:
            s.set(vb(9, "factory-collector", 0)[0], 6)  # StorageType permanent(4)
        assert refused.value.status_name == "inconsistentValue"
        s.set(vb(5, "factory-collector", 0)[0], 5)  # a permanent row may still change
        assert s.get(vb(5, "factory-collector", 0)[0]) == 5
        assert row_names(s, 9) == {"factory-collector"}


SYS_NAME = (1, 3, 6, 1, 2, 1, 1, 5, 0)
TABLE = (1, 3, 6, 1, 4, 1, 32473, 99, 1)


def small_store(max_rows: int = 2) -> OidStore:
    """A store with a writable scalar and a two-row table of integer index 1..10."""
    table = RowTable(TABLE, (Column(1, int, "read-only", from_index=lambda suffix: suffix[0]),
                             Column(2, int), Column(3, int, "read-write", default=0),
                             Column(4, int, default=5), Column(5, int, default=2), Column(6, int)),  # fmt: skip
                     status=6, storage=5, index=integer_index(1, 10), max_rows=max_rows)
    return OidStore([(SYS_NAME, b"r1"), (TABLE + (1, 1), 1), (TABLE + (2, 1), 9), (TABLE + (3, 1), 0),
                     (TABLE + (4, 1), 5), (TABLE + (5, 1), 5), (TABLE + (6, 1), 1)],  # fmt: skip
                    [WriteRule(SYS_NAME)], [table])


def test_a_failed_row_leaves_the_scalar_of_the_same_pdu_alone() -> None:
    store = small_store()
    assert store.set_many([(SYS_NAME, b"r2"), (TABLE + (6, 2), 4)]) == (SetStatus.INCONSISTENT_VALUE, 2)
    assert store.get(SYS_NAME) == b"r1" and store.row(store.table_for(TABLE + (6, 2)), (2,)) is None  # type: ignore[arg-type]
    assert store.set_many([(SYS_NAME, b"r2"), (TABLE + (6, 2), 4), (TABLE + (2, 2), 7)]) == (0, 0)
    assert store.get(SYS_NAME) == b"r2"
    assert [store.get(TABLE + (n, 2)) for n in range(1, 7)] == [2, 7, 0, 5, 2, 1]  # index, defaults, active


def test_storage_read_only_rows_and_columns_that_cannot_be_created() -> None:
    store = small_store(max_rows=2)
    assert store.set_many([(TABLE + (2, 1), 1)]) == (SetStatus.NOT_WRITABLE, 1)  # readOnly(5) row
    assert store.set_many([(TABLE + (6, 1), 6)]) == (SetStatus.NOT_WRITABLE, 1)
    assert store.set_many([(TABLE + (1, 3), 3), (TABLE + (6, 3), 4)]) == (SetStatus.NOT_WRITABLE, 1)  # read-only
    assert store.set_many([(TABLE + (6, 3), 4), (TABLE + (2, 3), 1), (TABLE + (3, 3), 1)]) == (SetStatus.NO_CREATION, 3)
    assert store.set_many([(TABLE + (6, 11), 4), (TABLE + (2, 11), 1)]) == (SetStatus.NO_CREATION, 1)  # index 1..10
    assert store.set_many([(TABLE + (6, 3), 4), (TABLE + (2, 3), 1)]) == (0, 0)
    assert store.set_many([(TABLE + (6, 4), 4), (TABLE + (2, 4), 1)]) == (SetStatus.RESOURCE_UNAVAILABLE, 1)
    assert store.set_many([(TABLE + (6, 3), 6), (TABLE + (6, 3), 1)]) == (SetStatus.INCONSISTENT_VALUE, 2)


def test_a_value_that_cannot_be_stored_undoes_the_whole_pdu() -> None:
    store = small_store()
    rows = len(store)
    assert store.set_many([(SYS_NAME, b"r2"), (TABLE + (6, 2), 4), (TABLE + (2, 2), 1 << 80)]) == (
        SetStatus.COMMIT_FAILED, 0)  # fmt: skip
    assert store.get(SYS_NAME) == b"r1" and len(store) == rows


def test_a_table_without_row_status_cannot_get_rows() -> None:
    store = DemoDevice().as_store()
    if_admin_99 = (1, 3, 6, 1, 2, 1, 2, 2, 1, 7, 99)
    assert store.set_many([(if_admin_99, 2)]) == (SetStatus.NO_CREATION, 1)


LOCKED_BY_SNMPD = {"TDomain of an active row", "Params of an active row"}


def test_a_snapshot_served_with_the_mibs_takes_rows_as_the_demo_does(
    demo_steps: list[tuple[str, Any, dict[str, Any]]],
) -> None:
    """The RowTable comes from SNMP-TARGET-MIB (types, sizes, DEFVALs, INDEX); only snmpd's
    freezing of TDomain/TAddress/Params in active rows is not in the MIB."""
    from pathlib import Path

    from core.mib import load_mibs
    from core.snapshot.model import Snapshot

    mibs = load_mibs(dirs=str(Path(__file__).resolve().parents[3] / "shared" / "mibs" / "netsnmp"))
    snapshot = Snapshot.from_pairs([("1.3.6.1.2.1.1.5.0", b"lab")])
    snapshot.writable = ((1, 3, 6, 1, 6, 3, 12), (1, 3, 6, 1, 6, 3, 13))
    with start_background(snapshot, mibs=mibs) as running:
        steps = run_steps(running.port)
        with SnmpSession("127.0.0.1", running.port, community="private") as s:
            s.set_many(dict([vb(9, "m", 4), *full("m")]))
            assert [s.get(vb(n, "m", 0)[0]) for n in (4, 5, 6, 8)] == [1500, 3, b"", 3]  # the DEFVALs
            # snmpNotifyFilterTable: INDEX { snmpNotifyFilterProfileName, IMPLIED snmpNotifyFilterSubtree },
            # every column but RowStatus has a DEFVAL, so createAndGo alone makes an active row.
            status = "1.3.6.1.6.3.13.1.3.1.5"
            s.set(f"{status}.1.112.1.3.6", 4)
            assert s.get(f"{status}.1.112.1.3.6") == 1 and s.get("1.3.6.1.6.3.13.1.3.1.3.1.112.1.3.6") == 1  # included
            with pytest.raises(SnmpStatusError) as refused:
                s.set(f"{status}.5.112", 4)  # a name of 5 octets with 1 arc: not an index of this table
            assert refused.value.status_name == "noCreation"
    expected = [(what, "ok" if what in LOCKED_BY_SNMPD else answer, rows) for what, answer, rows in demo_steps]
    assert steps == expected


def test_one_pdu_creating_several_rows_cannot_pass_the_row_limit() -> None:
    store = small_store(max_rows=3)  # one row now: room for two more
    table = store.table_for(TABLE + (6, 1))
    assert table is not None
    rows = len(store)
    three = [(TABLE + (6, n), 4) for n in (2, 3, 4)] + [(TABLE + (2, n), 1) for n in (2, 3, 4)]
    assert store.set_many(three) == (SetStatus.RESOURCE_UNAVAILABLE, 3)  # the third new row is one too many
    assert len(store) == rows and store.row_count(table) == 1  # all or nothing: no row made
    assert store.set_many([(TABLE + (6, 2), 5), (TABLE + (6, 3), 5)]) == (0, 0)  # two fit (createAndWait)
    assert store.row_count(table) == 3
    assert store.set_many([(TABLE + (6, 3), 6), (TABLE + (6, 4), 5)]) == (SetStatus.RESOURCE_UNAVAILABLE, 2)
    assert store.row_count(table) == 3  # the destroy of the same PDU was not applied either
