"""``gc_paused``: the collector is off inside; with ``promote`` what was made leaves the
young generation unscanned (the first collection after a cold MIB load scanned it all),
and nothing frozen is thawed."""

from __future__ import annotations

import gc

from core.gc_pause import gc_paused


class _Node:
    def __init__(self) -> None:
        self.links: list[_Node] = []


def _build(count: int) -> list[_Node]:
    nodes = [_Node() for _ in range(count)]
    for node in nodes:
        node.links.append(node)
    return nodes


def test_promoted_objects_are_not_young_and_the_collector_is_back_on() -> None:
    assert gc.get_freeze_count() == 0
    with gc_paused(promote=True):
        assert not gc.isenabled()
        nodes = _build(20_000)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    young = {id(obj) for generation in (0, 1) for obj in gc.get_objects(generation)}
    assert not any(id(node) in young for node in nodes)
    assert any(node is nodes[0] for node in gc.get_objects(2))
    with gc_paused():  # without promote: left young, as before
        more = _build(100)
    assert any(obj is more[-1] for obj in gc.get_objects(0))


def test_nothing_frozen_is_thawed() -> None:
    kept = _build(10)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gc_paused(promote=True):
            made = _build(10)
        assert gc.get_freeze_count() == frozen and made
    finally:
        gc.unfreeze()
    assert kept
