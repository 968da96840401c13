"""SnapshotFileScreen: the dialog that saves the agent's data to a snapshot file, or
compares it with one.

The user picks a file name (a default of ``<sysName>-<date>.snmprec.bz2`` for saving;
the name's ending chooses the format: ``.snmprec``, ``.snmprec.bz2``, ``.txt``
snmpwalk ``-On`` text, ``.json``, ``.csv``) and what to take: everything walked so
far, the selected subtree, or the whole device walked first. That walk is the agent
context's own (``AgentContext.start_walk``): its data goes into the one model every
view shows, and this dialog follows it through the context's walk events. Writing
and comparing run in a thread worker with a progress bar; escape cancels. The
dialog dismisses with a :class:`SaveResult` or :class:`DiffResult` (None when cancelled).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, ProgressBar, RadioButton, RadioSet, Static
from textual.worker import get_current_worker

from core.oid import OidTuple
from core.snapshot.export import ExportError, format_for
from core.snapshot.model import Record, SnapshotError
from snmptui.diff_marks import DiffMarks
from snmptui.context import AgentContext, WalkStart
from snmptui.messages import WalkEvent, WalkState
from snmptui.snapshot_jobs import DiffOutcome, diff_with_file, model_records, save_records
from snmptui.workers import walk_start

__all__ = ["SnapshotFileScreen", "SnapshotScope", "SaveResult", "DiffResult"]

FORMATS_HINT = "formats by name: .snmprec  .snmprec.bz2  .txt (snmpwalk -On)  .json  .csv"


@dataclass
class SnapshotScope:
    """What the browser has: its agent, the walked values and where walks completed."""

    values: dict[OidTuple, Any]
    walked_roots: set[OidTuple]
    owners: list[OidTuple]
    """objects that have values (what to compare when no walk completed)"""
    subtree: OidTuple | None = None
    subtree_name: str = ""


@dataclass
class SaveResult:
    path: Path
    count: int


@dataclass
class DiffResult:
    path: Path
    outcome: DiffOutcome
    marks: DiffMarks
    records: list[Record]


class SnapshotFileScreen(ModalScreen[Any]):
    """Save to, or compare with, a snapshot file (``mode`` "save" or "diff")."""

    DEFAULT_CSS = """
    SnapshotFileScreen { align: center middle; }
    #snapshot-dialog {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    #snapshot-title { text-style: bold; height: 1; }
    #snapshot-file { border: none; height: 1; background: $boost; margin-bottom: 1; }
    #snapshot-file:focus { background: $primary 30%; }
    #snapshot-hint { color: $text-muted; height: 1; }
    #snapshot-scope { border: none; height: auto; width: 100%; padding: 0; }
    #snapshot-progress { height: 1; margin-top: 1; }
    #snapshot-status { height: auto; color: $text-muted; }
    #snapshot-status.-error { color: $error; }
    #snapshot-buttons { height: 1; align-horizontal: right; margin-top: 1; }
    #snapshot-buttons Button { height: 1; min-width: 10; border: none; margin-left: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, mode: str, scope: SnapshotScope, context: AgentContext, default_path: str) -> None:
        super().__init__()
        self.mode = mode
        self.scope = scope
        self.context = context
        self.mibs = context.mibs
        self.default_path = default_path
        self._confirmed_overwrite: Path | None = None
        self._busy = False
        self._walking: Path | None = None
        """the file to write or compare with once the device walk this dialog started ends"""

    def compose(self) -> ComposeResult:
        scope = self.scope
        title = "Save a snapshot" if self.mode == "save" else "Compare with a snapshot file (before) "
        walked = f"What has been walked ({len(scope.values):,} objects)"
        with Vertical(id="snapshot-dialog"):
            yield Static(title, id="snapshot-title")
            yield Input(self.default_path, placeholder="file name", id="snapshot-file")
            if self.mode == "save":
                yield Static(FORMATS_HINT, id="snapshot-hint")
            with RadioSet(id="snapshot-scope"):
                yield RadioButton(walked, value=bool(scope.values), id="scope-walked")
                if scope.subtree:
                    yield RadioButton(f"Only {scope.subtree_name} (as walked)", id="scope-subtree")
                yield RadioButton("Walk the whole device first", value=not scope.values, id="scope-device")
            yield ProgressBar(total=None, show_eta=False, id="snapshot-progress")
            yield Static("", id="snapshot-status")
            with Horizontal(id="snapshot-buttons"):
                yield Button("Save" if self.mode == "save" else "Compare", variant="primary", id="snapshot-go")
                yield Button("Cancel", id="snapshot-cancel")

    def on_mount(self) -> None:
        self.query_one("#snapshot-progress").display = False
        self.query_one("#snapshot-file", Input).focus()

    # ------------------------------------------------------------ input

    def chosen_scope(self) -> str:
        pressed = self.query_one("#snapshot-scope", RadioSet).pressed_button
        return (pressed.id or "scope-walked").removeprefix("scope-") if pressed is not None else "walked"

    def status(self, text: str, error: bool = False) -> None:
        widget = self.query_one("#snapshot-status", Static)
        widget.update(text)
        widget.set_class(error, "-error")

    def _problem(self, path: Path, scope: str) -> str | None:
        """Why this cannot start, in a sentence (None when it can)."""
        if not str(path).strip() or path.name == "":
            return "Type a file name."
        if self.mode == "save":
            try:
                format_for(path)
            except ExportError as exc:
                return str(exc)
            if not path.parent.is_dir():
                return f"No such directory: {path.parent}"
        elif not path.is_file():
            return f"No such file: {path}"
        if scope == "device" and self.context.spec is None:
            return "Not connected: there is no device to walk."
        if scope != "device" and not self.scope.values:
            return "Nothing walked yet: choose \"Walk the whole device first\"."
        return None

    @on(Input.Submitted, "#snapshot-file")
    @on(Button.Pressed, "#snapshot-go")
    def start(self) -> None:
        if self._busy:
            return
        path = Path(self.query_one("#snapshot-file", Input).value.strip()).expanduser()
        scope = self.chosen_scope()
        problem = self._problem(path, scope)
        if problem:
            self.status(problem, error=True)
            return
        if self.mode == "save" and path.exists() and self._confirmed_overwrite != path:
            self._confirmed_overwrite = path
            self.status(f"{path} exists: press enter again to replace it.", error=True)
            return
        if scope == "device":
            self._walk_device(path)
            return
        self._busy = True
        self.query_one("#snapshot-progress").display = True
        self.status("Writing…" if self.mode == "save" else "Comparing…")
        subtree = self.scope.subtree if scope == "subtree" and self.scope.subtree else ()
        self.run_job(path, self.scope.values, subtree, self._roots(scope))

    def _roots(self, scope: str) -> list[OidTuple]:
        """What the records cover: the subtree, the completed walks, or what has values."""
        if scope == "device":
            return []
        if scope == "subtree" and self.scope.subtree:
            return [self.scope.subtree]
        return sorted(self.scope.walked_roots) or list(self.scope.owners)

    # ------------------------------------------------------------ the device walk (the context's)

    def _walk_device(self, path: Path) -> None:
        outcome = self.context.start_walk(())
        if outcome is WalkStart.BUSY:
            self.status("A walk is running: let it finish (or cancel it with escape in the browser) first.", True)
            return
        if outcome is not WalkStart.STARTED:
            self.status("Not connected: there is no device to walk.", error=True)
            return
        self._busy = True
        self._walking = path
        self.query_one("#snapshot-progress").display = True
        self.status("Walking the whole device…")
        self.context.subscribe(self, walk=self._walk_event)

    def _walk_event(self, event: WalkEvent) -> None:
        if self._walking is None or event.root != walk_start(()):
            return
        if event.state is WalkState.PROGRESS:
            self.status(f"Walking the whole device: {event.total:,} objects")
            return
        if event.state is WalkState.STARTED:
            return
        path, self._walking = self._walking, None
        self.context.unsubscribe(self)
        if event.state is WalkState.DONE:
            self.status(f"Walked {event.total:,} objects; " + ("writing…" if self.mode == "save" else "comparing…"))
            self.run_job(path, dict(self.context.model.values), (), [])
        elif event.state is WalkState.CANCELLED:
            self._failed("The walk was cancelled: nothing written.")
        else:
            self._failed(f"The walk failed: {event.reason}")

    @on(Button.Pressed, "#snapshot-cancel")
    def action_cancel(self) -> None:
        if self._walking is not None:
            self._walking = None
            self.context.unsubscribe(self)
            self.context.cancel_walk()
        if self._busy:
            self.workers.cancel_all()
        self.dismiss(None)

    # ------------------------------------------------------------ the job (thread)

    @work(thread=True, exclusive=True, group="snapshot")
    def run_job(self, path: Path, values: dict[OidTuple, Any], subtree: OidTuple, only: list[OidTuple]) -> None:
        """Write the values at or below ``subtree``, or compare them (within ``only``)."""
        worker = get_current_worker()
        try:
            result = self._job(path, model_records(values, subtree), only)
        except (OSError, SnapshotError, ExportError, ValueError) as exc:
            message = f"{exc.strerror}: {path}" if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.app.call_from_thread(self._failed, message)
            return
        except Exception as exc:  # said in the dialog, never a crash
            self.app.call_from_thread(self._failed, f"{type(exc).__name__}: {exc}")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.dismiss, result)

    def _job(self, path: Path, records: list[Record], only: list[OidTuple]) -> SaveResult | DiffResult:
        if self.mode == "save":
            self.app.call_from_thread(self._writing, len(records))
            return SaveResult(path, save_records(records, path, self.mibs.store, self._write_progress))
        outcome = diff_with_file(path, records, only, self.mibs.store)
        marks = DiffMarks(self.mibs, outcome.changes, records)  # here, not in the UI thread: big diffs
        return DiffResult(path, outcome, marks, records)

    # ------------------------------------------------------------ progress (UI thread)

    def _writing(self, total: int) -> None:
        self.query_one("#snapshot-progress", ProgressBar).update(total=max(total, 1), progress=0)
        self.status(f"Writing {total:,} objects…")

    def _write_progress(self, count: int) -> None:
        self.app.call_from_thread(self.query_one("#snapshot-progress", ProgressBar).update, progress=count)

    def _failed(self, message: str) -> None:
        self._busy = False
        self.query_one("#snapshot-progress").display = False
        self.status(message, error=True)
