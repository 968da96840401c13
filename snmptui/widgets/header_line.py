"""HeaderLine: the agent at a glance — sysName, first line of sysDescr, uptime, protocol."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

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
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


class HeaderLine(Static):
    """One line at the top; ``show_agent`` after a successful probe."""

    DEFAULT_CSS = """
    HeaderLine { height: 1; width: 1fr; background: $primary-background; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("snmptui — not connected", style="bold"), id=id)

    def show_agent(self, agent: str, protocol: str, system: dict[str, Any]) -> None:
        """sysName, uptime and protocol first: they must fit at 80 columns; sysDescr gets the rest."""
        name = _text(system.get("sysName")) or agent
        descr = _text(system.get("sysDescr")).strip().splitlines()
        uptime = system.get("sysUpTime")
        self.update(
            spans(
                (name, "bold"),
                (f"up {format_uptime(uptime)}" if isinstance(uptime, (TimeTicks, int)) else "", "green"),
                (f"{protocol} {agent}", "cyan"),
                (descr[0].strip() if descr else "", "italic"),
            )
        )
