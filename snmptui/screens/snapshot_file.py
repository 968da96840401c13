"""SnapshotFileScreen: the dialog that saves the agent's data to a snapshot file, or
compares it with one.

The user picks a file name (a default of ``<sysName>-<date>.snmprec.bz2`` for saving;
the name's ending chooses the format: ``.snmprec``, ``.snmprec.bz2``, ``.txt``
snmpwalk ``-On`` text, ``.json``, ``.csv``) and what to take: everything walked so
far, the selected subtree, or the whole device walked first. The walk and the
writing run in a thread worker with a progress bar; escape cancels. The dialog
dismisses with a :class:`SaveResult` or :class:`DiffResult` (None when cancelled).
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
from snmptui.model import MibFacade
from snmptui.netsnmp_args import ConnectionSpec
from snmptui.snapshot_jobs import Cancelled, DiffOutcome, diff_with_file, model_records, save_records, walk_device

__all__ = ["SnapshotFileScreen", "SnapshotScope", "SaveResult", "DiffResult"]

FORMATS_HINT = "formats by name: .snmprec  .snmprec.bz2  .txt (snmpwalk -On)  .json  .csv"


@dataclass
class SnapshotScope:
    """What the browser has: its agent, the walked values and where walks completed."""

    spec: ConnectionSpec | None
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
    walked: list[Record] | None
    """the whole-device walk's records, when one was made"""


@dataclass
class DiffResult:
    path: Path
    outcome: DiffOutcome
    marks: DiffMarks
    records: list[Record]
    walked: bool
    """True when the whole device was walked for it"""


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

    def __init__(self, mode: str, scope: SnapshotScope, mibs: MibFacade, default_path: str) -> None:
        super().__init__()
        self.mode = mode
        self.scope = scope
        self.mibs = mibs
        self.default_path = default_path
        self._confirmed_overwrite: Path | None = None
        self._busy = False

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
        if scope == "device" and self.scope.spec is None:
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
        self._busy = True
        self.query_one("#snapshot-progress").display = True
        self.status("Walking the device…" if scope == "device" else "Writing…" if self.mode == "save" else "Comparing…")
        self.run_job(path, scope)

    @on(Button.Pressed, "#snapshot-cancel")
    def action_cancel(self) -> None:
        if self._busy:
            self.workers.cancel_all()
        self.dismiss(None)

    # ------------------------------------------------------------ the job (thread)

    @work(thread=True, exclusive=True, group="snapshot")
    def run_job(self, path: Path, scope: str) -> None:
        worker = get_current_worker()
        try:
            result = self._job(path, scope, lambda: worker.is_cancelled)
        except Cancelled:
            return
        except (OSError, SnapshotError, ExportError, ValueError) as exc:
            message = f"{exc.strerror}: {path}" if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.app.call_from_thread(self._failed, message)
            return
        except Exception as exc:  # an SNMP error of the walk, or worse: said, never a crash
            self.app.call_from_thread(self._failed, f"{type(exc).__name__}: {exc}")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.dismiss, result)

    def _job(self, path: Path, scope: str, cancelled: Any) -> SaveResult | DiffResult:
        walked: list[Record] | None = None
        if scope == "device":
            assert self.scope.spec is not None
            walked = walk_device(self.scope.spec, self._walk_progress, cancelled)
            records = walked
        else:
            root = self.scope.subtree if scope == "subtree" and self.scope.subtree else ()
            records = model_records(self.scope.values, root)
        if cancelled():
            raise Cancelled()
        if self.mode == "save":
            self.app.call_from_thread(self._writing, len(records))
            count = save_records(records, path, self.mibs.store, self._write_progress)
            return SaveResult(path, count, walked)
        if scope == "device":
            only: list[OidTuple] = []
        elif scope == "subtree" and self.scope.subtree:
            only = [self.scope.subtree]
        else:
            only = sorted(self.scope.walked_roots) or list(self.scope.owners)
        outcome = diff_with_file(path, records, only, self.mibs.store)
        marks = DiffMarks(self.mibs, outcome.changes, records)  # here, not in the UI thread: big diffs
        return DiffResult(path, outcome, marks, records, walked is not None)

    # ------------------------------------------------------------ progress (UI thread)

    def _walk_progress(self, count: int, oid: str) -> None:
        if count % 200 == 0:
            self.app.call_from_thread(self.status, f"Walking the device: {count:,} objects, at {oid}")

    def _writing(self, total: int) -> None:
        self.query_one("#snapshot-progress", ProgressBar).update(total=max(total, 1), progress=0)
        self.status(f"Writing {total:,} objects…")

    def _write_progress(self, count: int) -> None:
        self.app.call_from_thread(self.query_one("#snapshot-progress", ProgressBar).update, progress=count)

    def _failed(self, message: str) -> None:
        self._busy = False
        self.query_one("#snapshot-progress").display = False
        self.status(message, error=True)
