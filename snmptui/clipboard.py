"""Copying through the terminal: OSC 52, so ``y``/``Y`` work over SSH too.

Textual's ``App.copy_to_clipboard`` writes the OSC 52 sequence to the terminal and
keeps the text in ``App.clipboard``; this module only picks what to copy.
"""

from __future__ import annotations

from typing import Any

from core.oid import OidTuple, format_oid

__all__ = ["copy_oid", "copy_text"]


def copy_text(app: Any, text: str) -> str:
    """Send ``text`` to the terminal clipboard; return it (for the status line)."""
    app.copy_to_clipboard(text)
    return text


def copy_oid(app: Any, oid: OidTuple) -> str:
    """Copy an OID in net-snmp's numeric form (leading dot, as ``-On`` prints it)."""
    return copy_text(app, "." + format_oid(oid))
