"""Every key of the browser, as Textual ``Binding`` objects with ids.

These lists are the one source of the keys: the footer shows the bindings marked
``show``, the help screen and the command palette are generated from the active
bindings (``snmptui.screens.help``, ``snmptui.palette``), and the user's
``[keymap]`` (``snmptui.settings``) rebinds them by id through ``App.set_keymap``.
``tooltip`` is the sentence the help and the palette show.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

__all__ = [
    "BROWSER_BINDINGS", "TREE_BINDINGS", "APP_BINDINGS", "NOTIFICATIONS_BINDINGS", "TABLE_COMPARE_BINDINGS",
    "DIALOG_CLOSE", "binding_ids",
]  # fmt: skip

APP_BINDINGS: list[BindingType] = [
    Binding("ctrl+p", "command_palette", "Palette", show=True, priority=True, id="palette",
            tooltip="command palette: actions and MIB names"),
]  # fmt: skip

BROWSER_BINDINGS: list[BindingType] = [
    Binding("w", "walk", "Walk", id="walk",
            tooltip="walk the selected subtree (the root: the whole device); opens a collapsed node; again refreshes"),
    Binding("W", "walk_device", "Walk all", show=False, key_display="W", id="walk_device",
            tooltip="walk the whole device"),
    Binding("escape", "cancel", "Cancel", show=False, id="cancel",
            tooltip="cancel the running walk (keeps what arrived)"),
    Binding("g", "get", "Get", id="get", tooltip="GET the selected instance (a scalar's .0)"),
    Binding("n", "getnext", "Next", id="getnext", tooltip="GETNEXT from the selected OID and jump to the answer"),
    Binding("r", "reread", "Re-read", show=False, id="reread", tooltip="re-read the selected instance"),
    Binding("slash", "search", "Search", key_display="/", id="search",
            tooltip="search MIB names, OIDs and descriptions (ctrl+t: only what the agent has)"),
    Binding("p", "watch", "Watch", show=False, id="watch",
            tooltip="watch the selected instance (a column: its instances; a scalar group: its scalars) in the watch pane"),
    Binding("P", "toggle_watch", "Watch pane", show=False, key_display="P", id="toggle_watch",
            tooltip="show or hide the watch pane (m maximizes it)"),
    Binding("I", "interfaces", "Interfaces", show=False, key_display="I", id="interfaces",
            tooltip="interfaces dashboard: every port's traffic, errors and status, live"),
    Binding("s", "set", "Set", show=False, id="set",
            tooltip="SET the selected writable instance (typed from the MIB, confirmed with the snmpset command)"),
    Binding("insert,plus_sign", "new_row", "New row", show=False, key_display="+", id="new_row",
            tooltip="new row of the RowStatus table under the cursor (asks for its index and columns; createAndGo)"),
    Binding("delete", "delete_row", "Delete row", show=False, key_display="del", id="delete_row",
            tooltip="delete the row of the selected instance (RowStatus destroy), after confirmation"),
    Binding("u", "undo_set", "Undo set", show=False, id="undo_set", tooltip="put back the value the last SET replaced"),
    Binding("y", "copy_oid", "Copy OID", show=False, id="copy_oid",
            tooltip="copy the selected OID (OSC 52 terminal clipboard, works over SSH)"),
    Binding("Y", "copy_value", "Copy value", show=False, key_display="Y", id="copy_value",
            tooltip="copy the selected value"),
    Binding("a", "agent_view", "Agent view", show=False, id="agent_view",
            tooltip="agent view: hide nodes the agent had nothing for after a walk"),
    Binding("t", "table", "Table", show=False, id="table",
            tooltip="table view of the table under the cursor (table, entry, column or instance)"),
    Binding("m", "toggle_maximize", "Maximize", show=False, id="maximize",
            tooltip="maximize the focused pane (tree or detail) to the whole screen; again restores"),
    Binding("greater_than_sign", "tree_width(5)", "Wider tree", show=False, key_display=">", id="widen_tree",
            tooltip="give the tree more of the width"),
    Binding("less_than_sign", "tree_width(-5)", "Narrower tree", show=False, key_display="<", id="narrow_tree",
            tooltip="give the detail pane more of the width"),
    Binding("tab", "app.focus_next", "Next pane", show=False, id="focus_next",
            tooltip="switch between the tree and the detail pane"),
    Binding("c", "app.connect", "Connect", show=False, id="connect", tooltip="connect to another agent"),
    Binding("S", "save_snapshot", "Save snapshot", show=False, key_display="S", id="save_snapshot",
            tooltip="save a snapshot (what was walked, a subtree or the whole device): snmprec, .bz2, snmpwalk text, JSON, CSV"),
    Binding("D", "diff_snapshot", "Diff with file", show=False, key_display="D", id="diff_snapshot",
            tooltip="diff with a snapshot file: the tree marks changed ~, removed -, added + (d: differences only)"),
    Binding("N", "app.notifications", "Notifications", show=False, key_display="N", id="notifications",
            tooltip="notifications: traps and informs received while browsing"),
    Binding("question_mark", "help", "Help", key_display="?", id="help", tooltip="all keys (this help)"),
    Binding("q", "app.quit", "Quit", id="quit", tooltip="quit"),
]  # fmt: skip

TREE_BINDINGS: list[BindingType] = [
    Binding("up,k", "cursor_up", "Up", show=False, id="up", tooltip="move up in the tree"),
    Binding("down,j", "cursor_down", "Down", show=False, id="down", tooltip="move down in the tree"),
    Binding("right,l", "expand_or_child", "Expand", show=False, id="expand",
            tooltip="expand (fetches the objects' instances when unknown), then go to the first child"),
    Binding("left,h", "collapse_or_parent", "Collapse", show=False, id="collapse",
            tooltip="collapse, then go to the parent"),
    Binding("enter,space", "select_cursor", "Open", show=False, id="toggle",
            tooltip="expand or collapse the node; show more instances on “… more”"),
    Binding("home", "scroll_home", "First", show=False, id="first", tooltip="first line"),
    Binding("end", "scroll_end", "Last", show=False, id="last", tooltip="last line"),
    Binding("pageup", "page_up", "Page up", show=False, id="page_up", tooltip="page up"),
    Binding("pagedown", "page_down", "Page down", show=False, id="page_down", tooltip="page down"),
    Binding("shift+up", "cursor_previous_sibling", "Previous sibling", show=False, id="previous_sibling",
            tooltip="previous sibling"),
    Binding("shift+down", "cursor_next_sibling", "Next sibling", show=False, id="next_sibling",
            tooltip="next sibling"),
]  # fmt: skip

NOTIFICATIONS_BINDINGS: list[BindingType] = [
    Binding("escape", "back", "Back", id="notifications_back", tooltip="back to the browser"),
    Binding("N", "back", "Back", show=False, key_display="N", id="notifications_close",
            tooltip="back to the browser"),
    Binding("slash", "filter", "Filter", key_display="/", id="notifications_filter",
            tooltip="filter notifications: words, source:HOST, name:NAME"),
    Binding("l", "listen", "Listen", id="notifications_listen", tooltip="listen for notifications at [HOST:]PORT"),
    Binding("d", "detail", "Varbinds", id="notifications_varbinds",
            tooltip="go to the selected notification's varbinds (enter jumps to the node in the tree)"),
    Binding("q", "app.quit", "Quit", id="notifications_quit", tooltip="quit"),
]  # fmt: skip

TABLE_COMPARE_BINDINGS: list[BindingType] = [
    Binding("D", "compare_snapshot", "Compare", key_display="D", id="table_compare",
            tooltip="compare this table with a snapshot file: cells that differ ~, rows only on the agent +, "
                    "only in the file - (greyed)"),
    Binding("a", "compare_by_column", "Align by column", show=False, id="table_compare_by",
            tooltip="compare rows by the cursor's column value (ifName, ifDescr) instead of the index number; "
                    "again: by number"),
    Binding("d", "differences_only", "Differences only", show=False, id="table_differences_only",
            tooltip="show only the rows that differ from the snapshot; again: all rows"),
    Binding("right_square_bracket", "next_difference(1)", "Next difference", show=False, key_display="]",
            id="table_next_difference", tooltip="go to the next row that differs from the snapshot"),
    Binding("left_square_bracket", "next_difference(-1)", "Previous difference", show=False, key_display="[",
            id="table_previous_difference", tooltip="go to the previous row that differs from the snapshot"),
]  # fmt: skip
"""The table view's comparison with a snapshot file (``snmptui.table_diff``)."""

DIALOG_CLOSE = "escape"


def binding_ids() -> set[str]:
    """Every id a ``[keymap]`` may rebind."""
    return {
        b.id
        for b in (*APP_BINDINGS, *BROWSER_BINDINGS, *TREE_BINDINGS, *NOTIFICATIONS_BINDINGS, *TABLE_COMPARE_BINDINGS)
        if isinstance(b, Binding) and b.id is not None
    }
