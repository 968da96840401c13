"""The interfaces dashboard: ``top`` for a router, every port's traffic, errors and status live.

Opens on a ``ConnectionSpec``: finds the interfaces (``core.interfaces.discover``), reads
their names, aliases and speeds (again every minute), then polls status and counters
every interval (``+``/``-``: 1 s .. 5 min) in a :class:`snmptui.polling.PollLoop` with
its own session. One row per port: ifIndex, name, oper/admin status (with the number of
status changes seen, so a flapping port stands out), speed, in/out bit/s and
utilization, errors and discards per second, packets per second, alias. Sorted by any
column (``o`` cycles, ``O`` back, or a click on its header; default: busiest first),
filtered by text (``/``), the index and name columns frozen when scrolling right; at 80
columns every column but the alias shows. The ports show as soon as their names are read;
rates need the second poll. The rows are a :class:`snmptui.widgets.line_table.LineTable`:
a poll re-sorts 1,000 ports and formats only the rows on screen.
"""

from __future__ import annotations


from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.css.query import NoMatches
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from core.errors import SnmpError
from core.interfaces import SORT_KEYS, InterfaceRow, InterfacesModel, discover
from core.poller import Poller, PollResult
from snmptui.netsnmp_args import ConnectionSpec
from snmptui.polling import PollLoop, PollTarget
from snmptui.watch import next_interval
from snmptui.widgets.line_table import Cell, LineColumn, LineTable
from snmptui.keys import INTERFACES_BINDINGS

__all__ = ["InterfacesScreen", "compact", "COLUMNS", "SORT_ORDER", "row_cells"]

INFO_EVERY = 60.0
"""Seconds between two reads of names, aliases and speeds."""

COLUMNS: tuple[tuple[str, str], ...] = (
    ("index", "If"), ("name", "Name"), ("status", "St"), ("speed", "Speed"), ("in", "In b/s"),
    ("out", "Out b/s"), ("in_util", "In%"), ("out_util", "Out%"), ("errors", "Err/s"),
    ("discards", "Disc/s"), ("packets", "Pkt/s"), ("alias", "Alias"),
)  # fmt: skip
SORT_ORDER: tuple[str, ...] = tuple(SORT_KEYS)
# The widest value of each fixed column (compact numbers have 5 characters at most): with a
# name of 16 everything but the alias fits 80 columns; name and alias take their longest text.
_VALUE_WIDTHS = {"status": 5, "speed": 5, "in": 5, "out": 5, "in_util": 4, "out_util": 4, "errors": 5,
                 "discards": 5, "packets": 5}  # fmt: skip
_NAME_WIDTH = 16
_ALIAS_WIDTH = 64
_TEXT_COLUMNS = frozenset({"name", "alias"})
_SHORT_STATUS = {"up": "up", "down": "dn", "testing": "tst", "unknown": "?", "dormant": "drm",
                 "notPresent": "np", "lowerLayerDown": "lld"}  # fmt: skip


def compact(value: float | None) -> str:
    """``12.3M``, ``950k``, ``7``, ``0.05``, ``<0.01``: five characters at most, SI prefixes; ``-`` unknown."""
    if value is None:
        return "-"
    for scale, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            scaled = value / scale
            return f"{scaled:.3g}{prefix}" if scaled < 100 else f"{scaled:.0f}{prefix}"
    if 0 < value < 0.01:
        return "<0.01"  # a rare error still shows as one
    if value < 0.1:
        return f"{value:.2g}"
    return f"{value:.3g}" if value < 100 else f"{value:.0f}"


def _status(row: InterfaceRow) -> tuple[tuple[str, str], ...]:
    if row.admin == "down":
        status = ("adm", "dim")
    else:
        status = (_SHORT_STATUS.get(row.oper, row.oper[:3] or "?"), "green" if row.oper == "up" else "bold red")
    return (status, (f"*{row.oper_changes}", "bold yellow")) if row.oper_changes else (status,)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def row_cells(row: InterfaceRow) -> tuple[Cell, ...]:
    """The cells of one port, in COLUMNS order."""
    return (
        str(row.index), row.label, _status(row), compact(row.speed), compact(row.in_bps), compact(row.out_bps),
        _percent(row.utilization("in")), _percent(row.utilization("out")), compact(row.errors),
        compact(row.discards), compact(row.packets), row.alias,
    )  # fmt: skip


def layout(rows: list[InterfaceRow]) -> list[LineColumn]:
    """The columns, sized for these ports (names and aliases as long as their longest)."""
    longest = {
        "index": max((len(str(row.index)) for row in rows), default=1),
        "name": min(_NAME_WIDTH, max((cell_len(row.label) for row in rows), default=0)),
        "alias": min(_ALIAS_WIDTH, max((cell_len(row.alias) for row in rows), default=0)),
    } | _VALUE_WIDTHS
    return [LineColumn(key, title, max(len(title), longest[key]), right=key not in _TEXT_COLUMNS)
            for key, title in COLUMNS]  # fmt: skip


class InterfacesScreen(Screen[None]):
    """Every interface of the agent, polled live; see the module docstring."""

    BINDINGS = INTERFACES_BINDINGS

    DEFAULT_CSS = """
    InterfacesScreen #interfaces-title { height: 1; background: $panel; padding: 0 1; }
    InterfacesScreen #interfaces-status { height: 1; color: $text-muted; padding: 0 1; }
    InterfacesScreen #interfaces-filter { display: none; }
    InterfacesScreen #interfaces-filter.shown { display: block; }
    InterfacesScreen LineTable { height: 1fr; }
    """

    def __init__(self, spec: ConnectionSpec, interval: float = 5.0) -> None:
        super().__init__()
        self.spec = spec
        self.interval = float(interval)
        self.model: InterfacesModel | None = None
        self.sort_key = SORT_ORDER[0]
        self.filter_text = ""
        self.problem: str | None = None
        self._loops: list[PollLoop] = []
        self._lines: tuple[str, str, bool] | None = None  # the title and status shown
        self.updates = 0

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title(), id="interfaces-title")
            yield Input(placeholder="filter ports (name, alias, status) — enter to apply, escape to clear",
                        id="interfaces-filter")  # fmt: skip
            yield LineTable(layout([]), self._cells, frozen=2, id="interfaces-table")
            yield Static("finding the interfaces…", id="interfaces-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(LineTable).focus()
        self._discover()

    def on_unmount(self) -> None:
        for loop in self._loops:
            loop.stop()

    # ------------------------------------------------------------ polling

    @work(thread=True, exclusive=True, group="interfaces-discover")
    def _discover(self) -> None:
        try:
            with self.spec.session() as session:
                indexes, high_capacity = discover(session)
                model = InterfacesModel(indexes, high_capacity=high_capacity)
                info = Poller(session, model.info_oids(), with_uptime=False).poll()
        except (SnmpError, OSError) as exc:
            self.app.call_from_thread(self._failed, f"cannot read the interfaces: {exc}")
            return
        self.app.call_from_thread(self._discovered, model, info)

    def _failed(self, reason: str) -> None:
        if not self.is_attached:  # closed while the worker read the agent
            return
        self.problem = reason
        self._lines = None
        self.query_one("#interfaces-status", Static).update(Text(reason, style="bold red"))

    def _discovered(self, model: InterfacesModel, info: PollResult) -> None:
        if not self.is_attached:  # closed before the ports were read: start no poll loops
            return
        self.model = model
        model.update_info(info)
        if not model.indexes:
            self._failed("the agent has no ifTable entries")
            return
        self._layout()
        self._refresh_table()
        counters = PollTarget(tuple(model.oids()), tuple(model.markers().items()))
        names = PollTarget(tuple(model.info_oids()), with_uptime=False)
        self._loops = [
            PollLoop(self.spec.session, lambda: counters, lambda: self.interval,
                     lambda result: self._deliver(result, info=False), name="interfaces"),
            PollLoop(self.spec.session, lambda: names, lambda: INFO_EVERY,
                     lambda result: self._deliver(result, info=True), name="interfaces-info"),
        ]  # fmt: skip
        self._loops[0].start()
        self._loops[1].start(wait_first=True)  # names were just read

    def _deliver(self, result: PollResult | str, *, info: bool) -> None:
        try:
            self.app.call_from_thread(self._take, result, info)
        except RuntimeError:
            pass  # the app is closing

    def _take(self, result: PollResult | str, info: bool) -> None:
        model = self.model
        if model is None or not self.is_attached:
            return
        if isinstance(result, str):
            self.problem = result
        elif info:
            model.update_info(result)
            self._layout()
        else:
            model.update(result)
            self.problem = "no answer to the last poll (a gap in the rates)" if result.timed_out else None
        try:
            self._refresh_table()
        except NoMatches:
            pass  # the app is closing: the screen's widgets went before its poll loops stopped

    # ------------------------------------------------------------ drawing

    def _title(self) -> str:
        count = len(self.model.indexes) if self.model is not None else 0
        counters = "64-bit" if self.model is not None and self.model.high_capacity else "32-bit"
        return (f"Interfaces of {self.spec.agent} — {count} ports, {counters} counters, every {self.interval:g} s,"
                f" sorted by {self.sort_key}" + (f", filter “{self.filter_text}”" if self.filter_text else ""))

    def _cells(self, key: str) -> tuple[Cell, ...]:
        assert self.model is not None  # no rows before the model
        return row_cells(self.model.rows[int(key)])

    def _layout(self) -> None:
        """Size the columns for the ports' names and aliases (when they were read)."""
        if self.model is None:
            return
        table = self.query_one(LineTable)
        columns = tuple(layout(list(self.model.rows.values())))
        if columns != table.columns:
            table.set_columns(columns)

    def _refresh_table(self) -> None:
        """Order and filter the ports; the table formats only the rows it draws."""
        model = self.model
        if model is None:
            return
        rows = model.sorted_rows(self.sort_key, self.filter_text)
        self.query_one(LineTable).show([str(row.index) for row in rows])
        self.updates += 1
        waiting = f", rates after the next poll (every {self.interval:g} s)" if model.polls < 2 else ""
        status = self.problem or f"{len(rows)} shown{waiting} — o/O sort, / filter, +/- interval, escape back"
        lines = (self._title(), status, self.problem is not None)
        if lines != self._lines:  # an update lays the screen out again: only when they changed
            self._lines = lines
            self.query_one("#interfaces-title", Static).update(lines[0])
            self.query_one("#interfaces-status", Static).update(Text(status, style="bold red") if lines[2] else status)

    # ------------------------------------------------------------ actions

    def action_close(self) -> None:
        field = self.query_one("#interfaces-filter", Input)
        if field.has_class("shown"):
            field.remove_class("shown")
            self.query_one(LineTable).focus()
            return
        self.app.pop_screen()

    def action_sort(self, direction: int) -> None:
        position = SORT_ORDER.index(self.sort_key)
        self.sort_key = SORT_ORDER[(position + direction) % len(SORT_ORDER)]
        self._refresh_table()

    def on_line_table_header_clicked(self, event: LineTable.HeaderClicked) -> None:
        """A click on a column's header sorts by it."""
        self.sort_key = event.column if event.column in SORT_KEYS else SORT_ORDER[0]
        self._refresh_table()

    def action_filter(self) -> None:
        field = self.query_one("#interfaces-filter", Input)
        field.add_class("shown")
        field.value = self.filter_text
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.filter_text = event.value.strip()
        event.input.remove_class("shown")
        self.query_one(LineTable).focus()
        self._refresh_table()

    def action_interval(self, direction: int) -> None:
        self.interval = next_interval(self.interval, direction)
        if self._loops:
            self._loops[0].poke()
        self._refresh_table()

