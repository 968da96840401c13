"""How the browser keeps Python's cycle collector from pausing the UI.

A full (generation 2) collection scans every tracked object and runs whenever the
long-lived objects grew by a quarter since the last one. Two kinds of objects
make those scans long:

- the MIB store (tens of thousands of nodes) lives as long as the app: it is
  frozen once loaded (``gc.freeze``), so no collection scans it again;
- a walk adds a value object per varbind (a 100k-varbind walk crosses the 25%
  mark again and again, each full scan stalling the event loop for 30-60 ms):
  full collections wait while a walk streams (``walking(True)``) and until the
  user rests after it (the browser decides when); young generations are still
  collected, and the next full collection catches what was left;
- the young generations are collected less often while a walk streams
  (``WALKING_YOUNG``): every collection traverses the walk's batches in flight
  (lists of thousands of varbinds) and the cells being filed, so at Python's
  700 allocations a 1M-varbind table walk spent ~0.9 s of CPU in ~3000 young
  collections, at 10000 ~0.17-0.33 s in ~50-80; at 30000 most of a batch is filed
  and freed before a collection sees it: ~0.07-0.09 s in ~10, each at most ~16 ms
  (a key waits that long at worst; ``tests/bench/bench_table.py``).
"""

from __future__ import annotations

import gc

__all__ = ["freeze_long_lived", "thaw", "walking"]

_PAUSED = 1 << 30
"""Generation-2 threshold while walking: never reached."""
WALKING_YOUNG = 30_000
"""Generation-0 threshold (allocations less deallocations) while walking (Python's: 700)."""

_saved: tuple[int, int, int] | None = None


def freeze_long_lived() -> None:
    """Keep every object alive now (the loaded MIB store) out of all future collections."""
    gc.freeze()


def thaw() -> None:
    """Undo ``freeze_long_lived`` and end any walk pause (the app is closing)."""
    walking(False)
    gc.unfreeze()


def walking(active: bool) -> None:
    """Pause full collections and collect the young less often while a walk runs (``True``);
    restore them (``False``). Idempotent."""
    global _saved
    if active and _saved is None:
        _saved = gc.get_threshold()
        gc.set_threshold(max(_saved[0], WALKING_YOUNG), _saved[1], _PAUSED)
    elif not active and _saved is not None:
        gc.set_threshold(*_saved)
        _saved = None
