"""StatusBar: the running operation with varbinds so far, rate per second and elapsed time,
or the outcome of the last one (errors in red with what to try)."""

from __future__ import annotations

import time

from rich.text import Text
from textual.dom import NoScreen
from textual.timer import Timer
from textual.widgets import Static

from snmptui.widgets.spans import spans

__all__ = ["StatusBar"]


class StatusBar(Static):
    """One line at the bottom of the browser; refreshes itself 4x per second while busy."""

    DEFAULT_CSS = """
    StatusBar { height: 1; width: 1fr; background: $panel; color: $text; padding: 0 1; }
    StatusBar.-error { background: $error 30%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.operation = ""
        self.count = 0
        self.began = 0.0
        self.busy = False
        self.message = Text("")
        self._ticker: Timer | None = None

    def on_mount(self) -> None:
        self._ticker = self.set_interval(0.25, self._tick, pause=not self.busy)

    def start(self, operation: str) -> None:
        """Show ``operation`` as running from now."""
        self.operation = operation
        self.count = 0
        self.began = time.monotonic()
        self.busy = True
        self.remove_class("-error")
        if self._ticker is not None:
            self._ticker.resume()
        self._tick()

    def progress(self, count: int) -> None:
        """Varbinds received so far by the running operation (shown on the next tick)."""
        self.count = count

    def finish(self, text: str, *, error: bool = False) -> None:
        """The operation ended: show ``text`` (red when ``error``)."""
        self.busy = False
        if self._ticker is not None:
            self._ticker.pause()
        self.set_class(error, "-error")
        self.show(Text(text, style="bold red" if error else ""))

    def show(self, text: Text | str) -> None:
        self.message = text if isinstance(text, Text) else Text(text)
        # One line of fixed size: a layout pass per tick re-rendered the whole screen 4x a
        # second during a walk (bench_tui: the longest stalls a key waited behind).
        self.update(self.message, layout=False)

    @property
    def failed(self) -> bool:
        """Whether the bar shows the error an operation ended with."""
        return self.has_class("-error")

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.began

    def _covered(self) -> bool:
        """True when an opaque screen is above this bar's screen: nobody sees the bar, and
        Textual repaints the top screen whole for every region a screen under it redraws
        (the browser's bar under the table view: ~10 full renders a second during a walk)."""
        try:
            stack = self.app.screen_stack
            mine = stack.index(self.screen)
        except (ValueError, NoScreen):  # not on a screen of the stack (yet / any more)
            return False
        return any(screen.styles.background.a == 1 for screen in stack[mine + 1 :])

    def _tick(self) -> None:
        if not self.busy or self._covered():
            return  # the next tick once uncovered shows the latest count
        elapsed = self.elapsed
        rate = self.count / elapsed if elapsed > 0 else 0.0
        self.show(
            spans(
                ("⟳", "bold yellow"),
                (self.operation, "bold"),
                (f"{self.count:,} varbinds  {rate:,.0f}/s  {elapsed:.1f} s", "cyan"),
                ("(esc cancels)", "dim"),
            )
        )
