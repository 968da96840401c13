"""``gc_paused``: building many long-lived objects at once (a MIB corpus, a snapshot of
100k records) without the cycle collector scanning them, and everything else the
process holds, again and again while they are made. Nothing made there is garbage."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
