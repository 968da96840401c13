"""Row creation and deletion: index encoding, the columns a row needs, createAndGo on snmpd, the fallback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core import SnmpSession
from core.agent import start_background
from core.agent.demo import DemoDevice
from core.errors import status_error
from core.mib import load_mibs
from core.mib.store import MibStore
from core.rows import ACTIVE, CREATE_AND_GO, CREATE_AND_WAIT, DESTROY, create_row, destroy_row, encode_index, row_plan
from core.set_value import SetValueError, typed_value
from snmpd_fixture import SnmpdFactory

MIBS = Path(__file__).resolve().parents[3] / "shared" / "mibs" / "netsnmp"
TARGET_ADDR = "1.3.6.1.6.3.12.1.2.1"


@pytest.fixture(scope="module")
def store() -> MibStore:
    return load_mibs(dirs=str(MIBS))


def test_plan_of_the_target_address_table(store: MibStore) -> None:
    plan = row_plan(store, store.by_name("snmpTargetAddrTable"))
    assert plan is not None and plan.status.name == "snmpTargetAddrRowStatus"
    assert [n.name for n, implied in plan.index] == ["snmpTargetAddrName"] and plan.index[0][1]
    assert [n.name for n in plan.required] == ["snmpTargetAddrTDomain", "snmpTargetAddrTAddress",
                                               "snmpTargetAddrParams"]
    assert "snmpTargetAddrTimeout" in [n.name for n in plan.optional]
    assert row_plan(store, store.by_name("ifTable")) is None  # no RowStatus: no rows to create


def test_index_encoding(store: MibStore) -> None:
    plan = row_plan(store, store.by_name("snmpTargetAddrTable"))
    assert plan is not None
    assert encode_index(plan, ["t1"], store) == (116, 49)  # IMPLIED: no length arc
    with pytest.raises(SetValueError) as caught:
        encode_index(plan, ["a", "b"], store)
    assert "snmpTargetAddrName" in caught.value.rule
    notify = row_plan(store, store.by_name("snmpNotifyFilterTable"))  # INDEX { snmpNotifyFilterProfileName, IMPLIED subtree }
    assert notify is not None
    assert encode_index(notify, ["p", "1.3.6"], store) == (1, 112, 1, 3, 6)




def create_and_destroy(store: MibStore, port: int) -> None:
    plan = row_plan(store, store.by_name("snmpTargetAddrEntry"))
    assert plan is not None
    suffix = encode_index(plan, ["nms-1"], store)
    columns = {node.name: node for node in plan.required}
    values = {
        "snmpTargetAddrTDomain": typed_value(columns["snmpTargetAddrTDomain"], "1.3.6.1.6.1.1", store),
        "snmpTargetAddrTAddress": typed_value(columns["snmpTargetAddrTAddress"], "0x7f0000010fa2", store),
        "snmpTargetAddrParams": typed_value(columns["snmpTargetAddrParams"], "params-1", store),
    }
    with SnmpSession("127.0.0.1", port, community="private") as session:
        how, _ = create_row(session, plan, suffix, values)
        assert how == "createAndGo"
        status = f"{TARGET_ADDR}.9." + ".".join(map(str, suffix))
        assert session.get(status) == ACTIVE
        assert session.get(f"{TARGET_ADDR}.7." + ".".join(map(str, suffix))) == b"params-1"  # Params
        assert session.get(f"{TARGET_ADDR}.5." + ".".join(map(str, suffix))) == 3  # RetryCount's DEFVAL
        destroy_row(session, plan, suffix)
        assert session.get_many([status]) == {}
        with pytest.raises(SetValueError):
            create_row(session, plan, suffix, {"snmpTargetAddrParams": b"x"})  # required columns missing


def test_create_and_destroy_on_snmpd(store: MibStore, snmpd_factory: SnmpdFactory) -> None:
    create_and_destroy(store, snmpd_factory("view writeview included .1.3.6.1.6.3.12\n").port)


def test_create_and_destroy_on_the_embedded_agent(store: MibStore) -> None:
    with start_background(DemoDevice()) as running:
        create_and_destroy(store, running.port)


class WantsCreateAndWait:
    """An agent that refuses createAndGo with inconsistentValue, as RFC 2579 lets it."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def set_many(self, values: dict[str, Any]) -> dict[str, Any]:
        self.sent.append(dict(values))
        if CREATE_AND_GO in values.values():
            raise status_error(12, next(oid for oid, v in values.items() if v == CREATE_AND_GO), 1)
        return values


def test_create_and_wait_when_the_agent_wants_it(store: MibStore) -> None:
    plan = row_plan(store, store.by_name("snmpTargetAddrTable"))
    assert plan is not None
    agent = WantsCreateAndWait()
    values = {node.name: b"x" for node in plan.required}
    how, _ = create_row(agent, plan, (120,), values)  # type: ignore[arg-type]
    assert how == "createAndWait"
    statuses = [[v for oid, v in sent.items() if oid.startswith(f"{TARGET_ADDR}.9.")] for sent in agent.sent]
    assert statuses == [[CREATE_AND_GO], [CREATE_AND_WAIT], [ACTIVE]]
    assert DESTROY not in statuses[-1]
