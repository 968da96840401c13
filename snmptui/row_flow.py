"""New row and delete row on a RowStatus table, for any screen (the browser's tree, the table view).

``RowFlow(screen, after)`` works for a screen with a status bar, the app's agent context
and its MIBs. ``new_row(oid)`` (any OID in the table: table, entry,
column or instance) opens ``NewRowDialog`` and sends the row with ``core.rows.create_row``
(createAndGo, or createAndWait + active); ``delete_row(oid, suffix)`` shows
``DeleteRowDialog`` with the equivalent ``snmpset`` command and sends ``destroy`` after
``y``. Both get the write community as a SET does (``snmptui.set_flow.with_write_community``)
and run the SET in a worker thread; errors are sentences with what to try. When a SET
worked, the app's agent context learns it — a new row is read back (``core.rows.read_row``)
and goes into the model, a destroyed one leaves it — so every view (the tree, any table
view) shows the change from the same event; ``after(done)`` returns the words the screen's
status bar adds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from core.errors import SnmpError
from core.oid import OidTuple, format_oid
from core.rows import DESTROY, RowPlan, create_row, destroy_row, read_row, row_plan

__all__ = ["RowFlow", "RowDone"]


@dataclass(frozen=True)
class RowDone:
    """A row SET that worked: the table's plan, the row's suffix, and what it did."""

    plan: RowPlan
    suffix: OidTuple
    deleted: bool
    how: str
    """createAndGo, createAndWait or destroy"""
    cells: list[tuple[OidTuple, Any]] = field(default_factory=list)
    """a created row as the agent answered when read back (empty: deleted, or not readable)"""


class RowFlow:
    """One screen's row creation and deletion; see the module docstring."""

    def __init__(self, screen: Any, after: Callable[[RowDone], str]) -> None:
        self.screen = screen
        self.after = after

    def plan(self, oid: OidTuple) -> RowPlan | None:
        """The row plan of the table ``oid`` lies in; None without MIBs, a table or a RowStatus column."""
        store = self.screen.mibs.store
        node = self.screen.mibs.lookup(oid)[0] if store is not None else None
        return row_plan(store, node) if node is not None else None

    def _table_name(self, plan: RowPlan) -> str:
        table = self.screen.mibs.node(plan.entry.oid[:-1])
        return table.name if table is not None else plan.entry.name

    def _no_plan(self, oid: OidTuple) -> None:
        node = self.screen.mibs.lookup(oid)[0] if self.screen.mibs.store is not None else None
        if node is None or node.row is None:
            self.screen.status_bar.show("Rows are made in a table: select a table, its entry, a column or an instance.")
            return
        table = self.screen.mibs.node(node.row.oid[:-1])
        name = table.name if table is not None else node.row.name
        self.screen.status_bar.show(f"{name} has no RowStatus column: the agent makes its rows.")

    # ------------------------------------------------------------ new row

    def new_row(self, oid: OidTuple) -> None:
        """Ask for a row of the table ``oid`` lies in and create it."""
        from snmptui.screens.row_dialog import NewRowDialog
        from snmptui.set_flow import with_write_community

        plan = self.plan(oid)
        if plan is None:
            self._no_plan(oid)
            return
        store = self.screen.mibs.store
        with_write_community(self.screen, lambda: self.screen.app.push_screen(
            NewRowDialog(plan, store), lambda row: self._create(plan, row)))  # fmt: skip

    def _create(self, plan: RowPlan, row: Any) -> None:
        if row is None:
            self.screen.status_bar.show("New row cancelled.")
            return

        def run(session: Any) -> RowDone:
            how, _answered = create_row(session, plan, row.suffix, row.values)
            try:
                cells = read_row(session, plan, row.suffix)
            except (SnmpError, OSError):
                cells = []  # the row was made; a walk of the table shows it
            return RowDone(plan, row.suffix, False, how, cells)

        self._job(f"Creating row {'.'.join(row.index_texts)} of {self._table_name(plan)}", run)

    # ------------------------------------------------------------ delete row

    def delete_row(self, oid: OidTuple, suffix: OidTuple | None) -> None:
        """Confirm, then destroy the row ``suffix`` of the table ``oid`` lies in."""
        from snmptui.set_flow import with_write_community

        plan = self.plan(oid)
        if plan is None:
            self._no_plan(oid)
            return
        if not suffix:
            self.screen.status_bar.show("Deleting a row needs one: select an instance of the row (or a row).")
            return
        with_write_community(self.screen, lambda: self._confirm_delete(plan, suffix))

    def _confirm_delete(self, plan: RowPlan, suffix: OidTuple) -> None:
        from snmptui.screens.row_dialog import DeleteRowDialog

        spec = self._write_spec()
        oid = format_oid(plan.status.oid + suffix)
        command = f"{spec.command_line('snmpset', oid)} i {DESTROY}" if spec is not None else f"snmpset AGENT {oid} i {DESTROY}"
        dialog = DeleteRowDialog(self._table_name(plan), self.index_text(plan, suffix), command)
        self.screen.app.push_screen(dialog, lambda yes: self._delete(plan, suffix) if yes else self.screen.status_bar.show("Row kept."))

    def index_text(self, plan: RowPlan, suffix: OidTuple) -> str:
        """The row's index as the MIB spells it (``nms-main``), else its arcs."""
        try:
            return self.screen.mibs.index_text(plan.status, suffix) or format_oid(suffix)
        except (ValueError, LookupError):
            return format_oid(suffix)

    def _delete(self, plan: RowPlan, suffix: OidTuple) -> None:
        def run(session: Any) -> RowDone:
            destroy_row(session, plan, suffix)
            return RowDone(plan, suffix, True, "destroy")

        self._job(f"Deleting row {self.index_text(plan, suffix)} of {self._table_name(plan)}", run)

    # ------------------------------------------------------------ the SET

    def _write_spec(self) -> Any:
        """The connection with the write credentials (None: not connected)."""
        from snmptui.set_flow import write_community
        from snmptui.setting import write_spec

        spec = self.screen.context.spec
        return write_spec(spec, write_community(self.screen)) if spec is not None else None

    def _job(self, what: str, job: Callable[[Any], RowDone]) -> None:
        """Run a row SET in a worker with the write credentials, then say how it went."""
        from snmptui.setting import explain_set_error

        write = self._write_spec()
        if write is None:
            self.screen.status_bar.finish("Not connected.", error=True)
            return
        agent = self.screen.context.spec
        self.screen.status_bar.start(what)

        def run() -> None:
            try:
                with write.session() as session:
                    done = job(session)
            except (SnmpError, OSError, ValueError) as exc:
                reason, hint = explain_set_error(exc, write.version)
                self.screen.app.call_from_thread(self._failed, what, reason, hint)
                return
            self.screen.app.call_from_thread(self._done, done, agent)

        self.screen.run_worker(run, thread=True, group="rows", name=what, exit_on_error=False)

    def _done(self, done: RowDone, agent: Any) -> None:
        context = self.screen.context
        if context.spec is agent:  # (not after a connect to another agent meanwhile)
            if done.deleted:
                context.forget_rows(done.plan.entry.oid, [done.suffix])
            else:
                context.add_rows(done.cells)
        more = self.after(done)
        what = "deleted" if done.deleted else "created"
        message = f"Row {self.index_text(done.plan, done.suffix)} {what} ({done.how})."
        self.screen.status_bar.finish(f"{message} {more}".rstrip())

    def _failed(self, what: str, reason: str, hint: str) -> None:
        self.screen.status_bar.finish(f"{what} failed: {reason} — {hint}", error=True)
