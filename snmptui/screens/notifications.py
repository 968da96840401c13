"""NotificationsScreen: traps and informs received while browsing, newest first.

Columns: time, source, version, notification (``IF-MIB::linkDown``) and the varbinds
in short form (``ifOperStatus.3 = down(2)``). The filter narrows by words: plain words
must appear somewhere in the row, ``source:TEXT`` in the sender, ``name:TEXT`` in the
notification name (all case-insensitive). The detail shows the NOTIFICATION-TYPE's
DESCRIPTION and OBJECTS and every varbind as net-snmp prints it; Enter on a varbind
jumps to its node in the tree. When the receiver is not listening, ``l`` asks where.
"""

from __future__ import annotations

import time
from typing import Any, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from core.notify import Notification, ReceiverBindError, parse_listen_address
from core.notify.snmptrapd_format import TRAP_DESCRIPTIONS, uptime_string
from core.notify.text import as_text
from core.oid import OidTuple
from snmptui.keys import NOTIFICATIONS_BINDINGS
from snmptui.notify_center import DEFAULT_BROWSER_LISTEN, NotificationCenter
from snmptui.palette import BindingCommands
from snmptui.notify_text import NetSnmpText

__all__ = ["NotificationsScreen", "matches", "SHOWN_ROWS"]

SHOWN_ROWS = 1000
"""Rows the table shows at most (the newest matching ones; the receiver keeps 10,000)."""

REFRESH_EVERY = 0.25
"""Seconds between two rebuilds of the table while notifications keep arriving (a flood
must not spend the UI thread on redrawing rows nobody can read that fast)."""


def matches(query: str, source: str, name: str, row_text: str) -> bool:
    """Whether a row passes the filter ``query`` (see the module docstring)."""
    for word in query.lower().split():
        key, sep, value = word.partition(":")
        if sep and key == "source":
            if value not in source.lower():
                return False
        elif sep and key == "name":
            if value not in name.lower():
                return False
        elif word not in row_text.lower():
            return False
    return True


class NotificationsScreen(Screen[None]):
    BINDINGS = NOTIFICATIONS_BINDINGS
    COMMANDS = {BindingCommands}

    DEFAULT_CSS = """
    NotificationsScreen #notify-status { height: 1; background: $primary-background; padding: 0 1; }
    NotificationsScreen #notify-inputs { height: auto; }
    NotificationsScreen #notify-filter { width: 1fr; }
    NotificationsScreen #notify-listen { width: 30; display: none; }
    NotificationsScreen #notify-listen.asking { display: block; }
    NotificationsScreen #notify-table { height: 1fr; }
    NotificationsScreen #notify-detail-pane { height: 45%; border-top: solid $primary; }
    NotificationsScreen #notify-detail { height: auto; max-height: 50%; padding: 0 1; }
    NotificationsScreen #notify-varbinds { height: 1fr; }
    """

    def __init__(
        self,
        center: NotificationCenter,
        mibs: Any,
        default_listen: str = DEFAULT_BROWSER_LISTEN,
        on_seen: Callable[[], None] = lambda: None,
    ) -> None:
        """``on_seen`` runs whenever the screen has shown every notification (the app
        updates the header's unseen count with it)."""
        super().__init__()
        self.center = center
        self._on_seen = on_seen
        self.mibs = mibs
        self.default_listen = default_listen
        self._names: NetSnmpText | None = None
        self._names_store: Any = None
        self._rows: dict[str, Notification] = {}
        self.shown: list[Notification] = []
        self.selected: Notification | None = None
        self._varbind_oids: list[OidTuple] = []
        self._refresh_pending = False
        self._refreshed_at = 0.0

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static(id="notify-status")
        with Horizontal(id="notify-inputs"):
            yield Input(placeholder="filter: words, source:HOST, name:linkDown  (/)", id="notify-filter")
            yield Input(value=self.default_listen, placeholder="[HOST:]PORT", id="notify-listen")
        table: DataTable[Any] = DataTable(id="notify-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("Time", "Source", "Ver", "Notification", "Varbinds")
        yield table
        with Vertical(id="notify-detail-pane"):
            yield Static(id="notify-detail")
            yield OptionList(id="notify-varbinds")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_rows()
        self.query_one("#notify-table", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    # ------------------------------------------------------------ rendering

    @property
    def names(self) -> NetSnmpText:
        store = getattr(self.mibs, "store", None)
        if self._names is None or store is not self._names_store:
            self._names, self._names_store = NetSnmpText(store), store
        return self._names

    def _title(self, n: Notification) -> str:
        trap_oid = n.trap_oid
        return as_text(self.names.oid_text(trap_oid)) if trap_oid is not None else "(no snmpTrapOID.0)"

    def _sender(self, n: Notification) -> str:
        host, port = n.source
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def _summary(self, n: Notification) -> str:
        return as_text(", ".join(self.names.short_line(oid, value) for oid, value in n.objects))

    def _status(self) -> str:
        center = self.center
        if not center.listening:
            return f"Not listening for notifications: press l to listen (default {self.default_listen})."
        stats = center.stats
        text = (
            f"Listening on udp:{center.address} · {stats.notifications:,} received · "
            f"{stats.total_dropped:,} dropped · {center.receiver.rate.rate():.1f}/s"  # type: ignore[union-attr]
        )
        if len(self.shown) >= SHOWN_ROWS:
            text += f" · showing the newest {SHOWN_ROWS:,} matching"
        if center.warning:
            text += f" · warning: {center.warning}"
        return text

    def arrived(self) -> None:
        """New notifications: rebuild now, or once REFRESH_EVERY has passed since the last time."""
        if self._refresh_pending:
            return
        wait = self._refreshed_at + REFRESH_EVERY - time.monotonic()
        if wait <= 0:
            self.refresh_rows()
            return
        self._refresh_pending = True
        self.set_timer(wait, self._deferred_refresh)

    def _deferred_refresh(self) -> None:
        self._refresh_pending = False
        if self.is_current:
            self.refresh_rows()

    def refresh_rows(self) -> None:
        """Rebuild the table from the receiver's log (newest first), keeping the cursor's row."""
        self._refreshed_at = time.monotonic()
        table = self.query_one("#notify-table", DataTable)
        query = self.query_one("#notify-filter", Input).value
        keep = self.selected.seq if self.selected is not None else None
        shown: list[Notification] = []
        for n in self.center.log.newest_first():
            source, name, varbinds = self._sender(n), self._title(n), self._summary(n)
            if matches(query, source, name, f"{source} {name} {varbinds} {n.version.label} {n.kind.value}"):
                shown.append(n)
                if len(shown) >= SHOWN_ROWS:
                    break
        table.clear()
        self._rows = {}
        for n in shown:
            key = str(n.seq)
            self._rows[key] = n
            stamp = time.strftime("%H:%M:%S", time.localtime(n.received))
            kind = "" if n.kind.value == "trap" else " (inform)"
            table.add_row(stamp, self._sender(n), n.version.label, self._title(n) + kind, self._summary(n), key=key)
        self.shown = shown
        if keep is not None and str(keep) in self._rows:
            table.move_cursor(row=table.get_row_index(str(keep)))
        elif shown:
            self._select(shown[0])
        else:
            self._select(None)
        self.center.mark_seen()
        self._on_seen()
        self.query_one("#notify-status", Static).update(self._status())

    def _select(self, n: Notification | None) -> None:
        self.selected = n
        detail = self.query_one("#notify-detail", Static)
        options = self.query_one("#notify-varbinds", OptionList)
        options.clear_options()
        self._varbind_oids = []
        if n is None:
            detail.update("No notifications yet." if not self.query_one("#notify-filter", Input).value
                          else "No notification matches the filter.")  # fmt: skip
            return
        detail.update(self._detail_text(n))
        for oid, value in n.varbinds:
            self._varbind_oids.append(oid)
            options.add_option(Option(Text(as_text(self.names.varbind_line(oid, value)))))

    def _detail_text(self, n: Notification) -> Text:
        text = Text()
        text.append(self._title(n), style="bold")
        who = f" from {self._sender(n)}" + (f", user {n.user}" if n.user else "")
        uptime = n.uptime
        text.append(f"  {n.kind.value}, {n.version.label}{who}, at "
                    f"{time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(n.received))}")  # fmt: skip
        if uptime is not None:
            text.append(f", agent up {uptime_string(uptime)}")
        if n.v1 is not None:
            trap = n.v1
            text.append("\nSNMPv1 Trap-PDU: ", style="bold")
            text.append(
                f"enterprise {as_text(self.names.oid_text(trap.enterprise))}, agent-addr {trap.agent_addr}, "
                f"generic-trap {trap.generic} ({TRAP_DESCRIPTIONS[trap.generic]}), specific-trap {trap.specific}"
            )
        node = self.mibs.node(n.trap_oid) if n.trap_oid is not None else None
        if node is not None:
            if node.objects:
                text.append("\nOBJECTS: ", style="bold")
                text.append(", ".join(node.objects))
            description = " ".join(node.description.split())
            if description:
                text.append("\n" + description, style="italic")
        elif n.trap_oid is not None:
            text.append("\n(no loaded MIB defines this notification)", style="dim")
        return text

    # ------------------------------------------------------------ events

    @on(DataTable.RowHighlighted, "#notify-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key is not None else None
        n = self._rows.get(key) if key is not None else None
        if n is not self.selected:
            self._select(n)

    @on(Input.Changed, "#notify-filter")
    def _filter_changed(self) -> None:
        self.selected = None
        self.refresh_rows()

    @on(Input.Submitted, "#notify-filter")
    def _filter_done(self) -> None:
        self.query_one("#notify-table", DataTable).focus()

    @on(Input.Submitted, "#notify-listen")
    def _listen_submitted(self, event: Input.Submitted) -> None:
        self.start_listening(event.value.strip() or self.default_listen)

    @on(OptionList.OptionSelected, "#notify-varbinds")
    def _varbind_chosen(self, event: OptionList.OptionSelected) -> None:
        self.jump_to_varbind(event.option_index)

    # ------------------------------------------------------------ actions

    def start_listening(self, text: str) -> bool:
        status = self.query_one("#notify-status", Static)
        try:
            host, port = parse_listen_address(text)
            self.center.listen(host, port)
        except ValueError as exc:
            status.update(Text(f"Cannot listen: {exc}", style="bold red"))
            return False
        except ReceiverBindError as exc:
            status.update(Text(str(exc), style="bold red"))
            return False
        self.query_one("#notify-listen", Input).remove_class("asking")
        self.query_one("#notify-table", DataTable).focus()
        self.refresh_rows()
        return True

    def jump_to_varbind(self, index: int) -> None:
        """Show the varbind's object in the browser's tree (its instance when it was walked)."""
        if not 0 <= index < len(self._varbind_oids):
            return
        oid = self._varbind_oids[index]
        browser = getattr(self.app, "browser", None)
        if browser is None:
            return
        if oid not in browser.model.values:
            owner = self.mibs.lookup(oid)[0]
            if owner is not None:
                oid = tuple(owner.oid)
        self.app.pop_screen()
        browser.jump_to(oid)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_filter(self) -> None:
        self.query_one("#notify-filter", Input).focus()

    def action_listen(self) -> None:
        field = self.query_one("#notify-listen", Input)
        field.add_class("asking")
        field.focus()

    def action_detail(self) -> None:
        self.query_one("#notify-varbinds", OptionList).focus()
