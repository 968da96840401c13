"""HeaderLine: the agent at a glance — sysName, first line of sysDescr, uptime, protocol."""

from __future__ import annotations

import time
from typing import Any, Callable, ClassVar

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from core.snapshot.netsnmp_format import hex_octets, utf8_text
from core.types import TimeTicks
from snmptui.widgets.spans import spans

__all__ = ["HeaderLine", "format_uptime"]


def format_uptime(ticks: int) -> str:
    """TimeTicks (hundredths of a second) as ``3d 04:05:06``."""
    seconds = int(ticks) // 100
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{days}d {clock}" if days else clock


def _text(value: Any) -> str:
    if isinstance(value, bytes):  # text as text, other bytes in hex (never U+FFFD)
        text = utf8_text(value)
        return text if text is not None else hex_octets(value)
    return "" if value is None else str(value)


class HeaderLine(Static):
    """One line at the top; ``show_agent`` after a successful probe."""

    DEFAULT_CSS = """
    HeaderLine { height: 1; width: 1fr; background: $primary-background; padding: 0 1; }
    """

    clock: ClassVar[Callable[[], float]] = staticmethod(time.monotonic)
    """Where the local uptime count comes from (snapshot tests freeze it)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("snmptui — not connected", style="bold"), id=id)
        self._parts: tuple[str, str, str] = ("", "", "")
        self._uptime: int | None = None
        self._probed_at = 0.0
        self._ticker: Timer | None = None
        self._unseen = 0

    def show_agent(self, agent: str, protocol: str, system: dict[str, Any]) -> None:
        """sysName, uptime and protocol first: they must fit at 80 columns; sysDescr gets the rest.

        The uptime keeps counting from the probe's sysUpTime, once a second."""
        name = _text(system.get("sysName")) or agent
        descr = _text(system.get("sysDescr")).strip().splitlines()
        uptime = system.get("sysUpTime")
        self._parts = (name, f"{protocol} {agent}", descr[0].strip() if descr else "")
        self._uptime = int(uptime) if isinstance(uptime, (TimeTicks, int)) else None
        self._probed_at = self.clock()
        self._show()
        if self._ticker is None and self._uptime is not None:
            self._ticker = self.set_interval(1.0, self._show)

    def set_unseen(self, count: int) -> None:
        """Notifications received but not yet looked at (shown first when there are any)."""
        if count != self._unseen:
            self._unseen = count
            self._show()

    def _show(self) -> None:
        name, connection, descr = self._parts
        unseen = f"{self._unseen:,} new notification{'s' if self._unseen != 1 else ''} (N)" if self._unseen else ""
        if not name and not unseen:
            return  # not connected yet: keep the initial text
        uptime = ""
        if self._uptime is not None:
            uptime = f"up {format_uptime(self._uptime + int((self.clock() - self._probed_at) * 100))}"
        # one line of fixed size: the uptime ticking each second needs no layout pass
        self.update(spans((unseen, "bold yellow"), (name or "snmptui — not connected", "bold"), (uptime, "green"),
                          (connection, "cyan"), (descr, "italic")), layout=False)  # fmt: skip
