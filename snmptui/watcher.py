"""The watcher: polls a screen's watch list and keeps it saved, for the watch pane.

:class:`Watcher` ties a :class:`snmptui.watch.WatchList` to the agent: a
:class:`snmptui.polling.PollLoop` (its own session, so a walk in the tree never waits
for a poll and the other way round) polls the list's instances every interval, with
``sysUpTime.0`` in every PDU and ``ifCounterDiscontinuityTime`` for interface counters;
each result is rendered with the MIB and handed to ``on_update`` on the UI thread. The
list is saved for the agent (``snmptui.watch.save_watch``) whenever it changes, and
loaded again when the same agent is opened.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App

from core.interfaces import IF_ENTRY, IFX_ENTRY
from core.oid import format_oid, parse_oid
from core.poller import PollResult
from snmptui.netsnmp_args import ConnectionSpec
from snmptui.polling import PollLoop, PollTarget
from snmptui.watch import WatchList, load_watch, save_watch

__all__ = ["Watcher", "agent_key", "discontinuity_marker"]

_IF_COUNTER_COLUMNS = frozenset({10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
_IFX_COUNTER_COLUMNS = frozenset(range(2, 14))
_DISCONTINUITY_COLUMN = 19


def agent_key(spec: ConnectionSpec) -> str:
    """What names an agent's saved watch list: where it is and who asks (never a secret)."""
    who = spec.user_name or ""
    return f"{spec.host}:{spec.port}-{spec.version.label}-{who}"


def discontinuity_marker(oid: str) -> str | None:
    """``ifCounterDiscontinuityTime.N`` for an interface counter instance, else None."""
    arcs = parse_oid(oid)
    for entry, columns in ((IF_ENTRY, _IF_COUNTER_COLUMNS), (IFX_ENTRY, _IFX_COUNTER_COLUMNS)):
        if len(arcs) == len(entry) + 2 and arcs[: len(entry)] == entry and arcs[len(entry)] in columns:
            return format_oid(IFX_ENTRY + (_DISCONTINUITY_COLUMN, arcs[-1]))
    return None


class Watcher:
    """Polls a watch list for the UI; see the module docstring."""

    def __init__(
        self,
        app: App[Any],
        spec: ConnectionSpec,
        render: Callable[[str, object], str],
        on_update: Callable[[], None],
        *,
        interval: float = 5.0,
    ) -> None:
        self.app = app
        self.spec = spec
        self.key = agent_key(spec)
        self.watch: WatchList = load_watch(self.key, interval)
        self._render = render
        self._on_update = on_update
        self._loop: PollLoop | None = None
        self.last_problem: str | None = None

    def _target(self) -> PollTarget:
        oids = tuple(self.watch.oids())
        markers = tuple((oid, marker) for oid in oids if (marker := discontinuity_marker(oid)) is not None)
        return PollTarget(oids, markers)

    def _deliver(self, result: PollResult | str) -> None:
        try:
            self.app.call_from_thread(self._take, result)
        except RuntimeError:
            pass  # the app is closing

    def _take(self, result: PollResult | str) -> None:
        if isinstance(result, str):
            self.last_problem = result
            self.watch.missed(result)
        else:
            self.last_problem = "no answer to the last poll" if result.timed_out else None
            self.watch.update(result, self._render)
        self._on_update()

    def start(self) -> None:
        if self._loop is None:
            self._loop = PollLoop(self.spec.session, self._target, lambda: self.watch.interval, self._deliver,
                                  name="watch")  # fmt: skip
            self._loop.start()

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.stop()
            self._loop = None

    def changed(self) -> None:
        """The list or interval changed: save it and poll now."""
        save_watch(self.key, self.watch)
        if self._loop is not None:
            self._loop.poke()

    def add(self, oid: str, name: str, units: str | None = None) -> bool:
        added = self.watch.add(oid, name, units)
        if added:
            self.changed()
            self.start()
        return added

    def export(self, directory: Path) -> Path:
        """Write the samples as CSV under ``directory``; the path written."""
        safe = self.key.replace(":", "_").replace("/", "_")
        path = directory / f"watch-{safe}.csv"
        path.write_text(self.watch.to_csv(), encoding="utf-8")
        return path
