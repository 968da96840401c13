"""The agent store built from a snapshot: the fast path for a recording in OID order
serves exactly what the general constructor serves, and unsorted or repeated OIDs
still take the general path."""

from __future__ import annotations

import pytest

from core import Counter32
from core.agent import as_store
from core.agent.store import OidStore
from core.snapshot.model import Snapshot


def _served(store: OidStore) -> list[tuple[str, object, bytes]]:
    return [(oid, value, store.varbind_at(i)) for i, (oid, value) in enumerate(store)]


def test_sorted_recording_store_equals_the_general_one() -> None:
    pairs = [(f"1.3.6.1.2.1.2.2.1.{column}.{row}", Counter32(column * row))
             for column in (2, 10) for row in range(1, 40)]
    snapshot = Snapshot.from_pairs(pairs)
    fast = as_store(snapshot)
    general = OidStore([(oid, value) for oid, value in pairs])
    assert _served(fast) == _served(general)
    assert fast.tag_at(0) == general.tag_at(0) and fast.name_at(5) == general.name_at(5)


def test_unsorted_and_repeated_oids_keep_the_first_value_in_oid_order() -> None:
    snapshot = Snapshot.from_pairs([("1.3.6.1.9.2", b"b"), ("1.3.6.1.9.10", b"c"), ("1.3.6.1.9.2", b"again")])
    assert [(oid, value) for oid, value in as_store(snapshot)] == [("1.3.6.1.9.2", b"b"), ("1.3.6.1.9.10", b"c")]


def test_from_sorted_refuses_what_it_cannot_take() -> None:
    with pytest.raises(ValueError, match="strictly increasing"):
        OidStore.from_sorted([(1, 3, 2), (1, 3, 1)], [1, 2])
    with pytest.raises(ValueError, match="static value"):
        OidStore.from_sorted([(1, 3, 1)], [lambda: 1])
