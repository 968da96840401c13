"""Every key of the browser, its views and dialogs, as Textual ``Binding`` objects with ids.

These lists are the one source of the keys: the footer shows the bindings marked
``show``, the help screen and the command palette are generated from the active
bindings (``snmptui.screens.help``, ``snmptui.palette``), and the user's
``[keymap]`` (``snmptui.settings``) rebinds them by id through ``App.set_keymap``.
``tooltip`` is the sentence the help and the palette show.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

__all__ = [
    "DELETE_ROW_BINDINGS", "DIFF_BINDINGS", "INTERFACES_BINDINGS", "NEW_ROW_BINDINGS", "SEARCH_BINDINGS", "SECRET_PROMPT_BINDINGS", "SET_DIALOG_BINDINGS", "WATCH_PANE_BINDINGS",
    "BROWSER_BINDINGS", "TREE_BINDINGS", "APP_BINDINGS", "NOTIFICATIONS_BINDINGS", "TABLE_BINDINGS",
    "TABLE_COMPARE_BINDINGS", "TABLE_GRID_BINDINGS", "PROMPT_BINDINGS", "TABLE_PICKER_BINDINGS", "DIALOG_CLOSE",
    "binding_ids",
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

PROMPT_BINDINGS: list[BindingType] = [
    Binding(DIALOG_CLOSE, "cancel", "Cancel", id="prompt_cancel",
            tooltip="close the one-line prompt (filter, file name) without applying it"),
]  # fmt: skip

TABLE_PICKER_BINDINGS: list[BindingType] = [
    Binding(DIALOG_CLOSE, "cancel", "Cancel", id="table_picker_cancel",
            tooltip="close the column or join picker without applying it"),
    Binding("enter", "accept", "Accept", priority=True, id="table_picker_accept",
            tooltip="apply the columns or joins chosen"),
]  # fmt: skip

TABLE_BINDINGS: list[BindingType] = [
    Binding("escape", "back", "Back/cancel", id="table_back",
            tooltip="cancel the table's walk (keeps what arrived); else close the detail; else back to the tree"),
    Binding("t", "close", "Tree", show=False, id="table_close", tooltip="back to the tree"),
    Binding("r", "refresh", "Refresh", id="table_refresh", tooltip="walk the table again"),
    Binding("s", "sort", "Sort", id="table_sort",
            tooltip="sort by the cursor's column (again: descending, again: off)"),
    Binding("slash,f", "filter", "Filter", key_display="/", id="table_filter",
            tooltip="filter rows: text, or COLUMN OP VALUE (ifOperStatus = down, ifInErrors > 0)"),
    Binding("c", "columns", "Columns", id="table_columns", tooltip="pick the columns shown"),
    Binding("J", "joins", "Join", key_display="J", id="table_joins",
            tooltip="join tables with the same rows (AUGMENTS, or the same kind of INDEX)"),
    Binding("less_than_sign", "move_column(-1)", "Move left", show=False, key_display="<", id="table_move_left",
            tooltip="move the cursor's column left"),
    Binding("greater_than_sign", "move_column(1)", "Move right", show=False, key_display=">", id="table_move_right",
            tooltip="move the cursor's column right"),
    Binding("y", "copy_cell", "Copy", show=False, id="table_copy_cell", tooltip="copy the cell (OSC 52)"),
    Binding("Y", "copy_row", "Copy row", show=False, key_display="Y", id="table_copy_row",
            tooltip="copy the row, tab-separated"),
    Binding("ctrl+y", "copy_table", "Copy table", show=False, id="table_copy_table",
            tooltip="copy the table as CSV"),
    Binding("e", "export", "Export", id="table_export", tooltip="export the table to a CSV or JSON file"),
    Binding("n", "new_row", "New row", show=False, id="table_new_row",
            tooltip="create a row (RowStatus tables: createAndGo, or createAndWait + active)"),
    Binding("delete", "delete_row", "Delete row", show=False, id="table_delete_row",
            tooltip="delete the cursor's row (RowStatus destroy), after confirmation"),
    Binding("p", "watch_row", "Watch row", show=False, id="table_watch_row",
            tooltip="watch the cursor's row (its numeric cells) in the browser's watch pane"),
    *TABLE_COMPARE_BINDINGS,
]  # fmt: skip

TABLE_GRID_BINDINGS: list[BindingType] = [
    Binding("up,k", "move(-1, 0)", "Up", show=False, id="table_up", tooltip="previous row"),
    Binding("down,j", "move(1, 0)", "Down", show=False, id="table_down", tooltip="next row"),
    Binding("left,h", "move(0, -1)", "Left", show=False, id="table_left", tooltip="previous column"),
    Binding("right,l", "move(0, 1)", "Right", show=False, id="table_right", tooltip="next column"),
    Binding("pageup", "page(-1)", "Page up", show=False, id="table_page_up", tooltip="a page of rows up"),
    Binding("pagedown", "page(1)", "Page down", show=False, id="table_page_down", tooltip="a page of rows down"),
    Binding("home", "edge(-1)", "First row", show=False, id="table_first", tooltip="first row"),
    Binding("end", "edge(1)", "Last row", show=False, id="table_last", tooltip="last row"),
    Binding("enter", "choose", "Detail", show=False, id="table_detail",
            tooltip="the cell's instance in the detail pane (value, raw, type, index, net-snmp command)"),
]  # fmt: skip



# The delete-row confirmation.
DELETE_ROW_BINDINGS: list[BindingType] = [
    Binding("y", "answer(True)", "Delete", id="row_delete_yes", tooltip="delete the row"),
    Binding("escape,n", "answer(False)", "Keep", id="row_delete_no", tooltip="keep the row"),
]  # fmt: skip

# The diff screen.
DIFF_BINDINGS: list[BindingType] = [
    Binding("d", "toggle_filter", "Differences only", id="diff_filter"),
    Binding("right_square_bracket", "next_difference", "Next diff", key_display="]", id="diff_next"),
    Binding("left_square_bracket", "previous_difference", "Prev diff", key_display="[", id="diff_previous"),
    Binding("t", "table", "Table", id="diff_table",
            tooltip="table view of the table under the cursor, its cells compared with the file"),
    Binding("escape,q", "close", "Back", id="diff_close"),
]  # fmt: skip

# The interfaces dashboard.
INTERFACES_BINDINGS: list[BindingType] = [
    Binding("escape", "close", "Back", id="interfaces_close", tooltip="back to the tree"),
    Binding("o", "sort(1)", "Sort", id="interfaces_sort", tooltip="sort by the next column"),
    Binding("O", "sort(-1)", "Sort back", show=False, key_display="O", id="interfaces_sort_back",
            tooltip="sort by the previous column"),
    Binding("slash", "filter", "Filter", key_display="/", id="interfaces_filter",
            tooltip="show only ports whose name, alias or status contain a text"),
    Binding("plus", "interval(1)", "Slower", key_display="+", id="interfaces_slower",
            tooltip="poll less often"),
    Binding("minus", "interval(-1)", "Faster", key_display="-", id="interfaces_faster",
            tooltip="poll more often"),
]  # fmt: skip

# The new-row dialog.
NEW_ROW_BINDINGS: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="row_cancel", tooltip="close without creating"),
    Binding("ctrl+s", "create", "Create", id="row_create", tooltip="create the row (createAndGo)"),
]  # fmt: skip

# The search dialog.
SEARCH_BINDINGS: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="search.cancel"),
    Binding("down", "focus_results", "Results", show=False, id="search.results"),
    Binding("ctrl+t", "toggle_agent_only", "Agent only", id="search.agent_only",
            tooltip="only objects the agent has (after a walk), or every loaded MIB"),
]  # fmt: skip

# The secret prompt.
SECRET_PROMPT_BINDINGS: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="secret_cancel", tooltip="close without a value"),
]  # fmt: skip

# The SET dialog.
SET_DIALOG_BINDINGS: list[BindingType] = [
    Binding("escape", "back", "Back", id="set_back", tooltip="back to editing, or close the dialog"),
    Binding("y", "confirm", "Send", show=False, id="set_confirm", tooltip="send the SET (in the confirm step)"),
]  # fmt: skip

# The watch pane.
WATCH_PANE_BINDINGS: list[BindingType] = [
    Binding("delete,backspace", "remove", "Unwatch", id="watch_remove", tooltip="stop watching the entry"),
    Binding("left_square_bracket", "move(-1)", "Up", key_display="[", id="watch_up",
            tooltip="move the entry up"),
    Binding("right_square_bracket", "move(1)", "Down", key_display="]", id="watch_down",
            tooltip="move the entry down"),
    Binding("space", "pause", "Pause", id="watch_pause", tooltip="pause or resume polling the entry"),
    Binding("plus", "interval(1)", "Slower", key_display="+", id="watch_slower", tooltip="poll less often"),
    Binding("minus", "interval(-1)", "Faster", key_display="-", id="watch_faster", tooltip="poll more often"),
    Binding("e", "export", "Export CSV", id="watch_export", tooltip="write the samples to a CSV file"),
]  # fmt: skip


def binding_ids() -> set[str]:
    """Every id a ``[keymap]`` may rebind."""
    return {
        b.id
        for b in (*APP_BINDINGS, *BROWSER_BINDINGS, *TREE_BINDINGS, *NOTIFICATIONS_BINDINGS, *TABLE_BINDINGS,
                  *TABLE_GRID_BINDINGS, *PROMPT_BINDINGS, *TABLE_PICKER_BINDINGS,
                  *DELETE_ROW_BINDINGS, *DIFF_BINDINGS, *INTERFACES_BINDINGS, *NEW_ROW_BINDINGS, *SEARCH_BINDINGS, *SECRET_PROMPT_BINDINGS, *SET_DIALOG_BINDINGS, *WATCH_PANE_BINDINGS)
        if isinstance(b, Binding) and b.id is not None
    }
