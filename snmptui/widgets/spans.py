"""Rich ``Text`` built from styled parts so that screenshots read like the terminal.

Every differently styled span becomes its own ``<text>`` element in an SVG
screenshot, and SVG renderers such as librsvg drop an element's leading white
space: ``name`` + `` = value`` would read ``name= value`` there. So separators
always go at the end of the span before them, never at the start of the next.
"""

from __future__ import annotations

from rich.text import Text

__all__ = ["spans"]


def spans(*parts: tuple[str, str], sep: str = "  ") -> Text:
    """(text, style) parts joined by ``sep``, each separator ending the span before it.

    Empty parts are left out (with their separator).
    """
    text = Text()
    shown = [(part, style) for part, style in parts if part]
    for position, (part, style) in enumerate(shown):
        text.append(part + sep if position < len(shown) - 1 else part, style=style or None)
    return text
