"""SMI lexer: MIB source text -> list of token strings, and token index -> line:column.

Speed matters (a corpus is ~1.2 million tokens), so the token list is produced by a
single ``re.findall`` that also swallows white space and comments; token positions are
only computed (by a second, ``finditer`` pass over the same pattern) when a diagnostic
needs a line and column. Both passes use the one pattern, so token indexes agree.

Lenient on purpose: ``--`` comments run to the end of the line (as net-snmp reads
them; many MIBs write ``-- a -- b``), identifiers may contain ``_`` and end in ``-``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

__all__ = ["tokenize", "Locator", "read_source", "is_upper_ident", "is_ident"]

# Skip blanks and comments, then capture one token: an identifier (no "--" inside), a
# bracket or comma, a quoted string, "::=", a number, a binary or hex string, "..", one
# other char, or nothing at the end of the text.
# Alternatives are ordered by frequency and every repeat is possessive (nothing here
# ever needs to backtrack): this is the whole cost of reading a corpus's ~1.2M tokens.
_TOKEN = re.compile(
    r"""\s*+(?:--[^\n]*+\s*+)*+"""
    r"""([A-Za-z_]\w*+(?:-\w++)*+(?:-(?!-))?|[{},()]|"[^"]*+"|::=|-?\d++|'[^']*+'[hHbB]?|\.\.|\S|\Z)"""
)


def read_source(path: str) -> str:
    """The text of a MIB file; latin-1 never fails, and MIB syntax is ASCII."""
    with open(path, "rb") as handle:
        return handle.read().decode("latin-1")


def tokenize(text: str) -> list[str]:
    """All tokens of ``text`` in order (strings keep their quotes)."""
    tokens = _TOKEN.findall(text)
    # The end of the text closes the pattern with an empty "token" (one or two): without
    # it, comments ending a file would be read again from their second character on.
    while tokens and not tokens[-1]:
        tokens.pop()
    return tokens


def is_ident(token: str) -> bool:
    first = token[:1]
    return first.isalpha() or first == "_"


def is_upper_ident(token: str) -> bool:
    return token[:1].isupper()


class Locator:
    """Maps token indexes of one text to 1-based (line, column).

    Token offsets are found only as far as the largest index asked for (a file's
    diagnostics are usually in its first part; the rest is not scanned again)."""

    __slots__ = ("_text", "_starts", "_tokens", "_newlines")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] = []
        self._tokens: Iterator[re.Match[str]] | None = None
        self._newlines: list[int] | None = None

    def position(self, token_index: int) -> tuple[int, int]:
        if self._newlines is None:
            self._tokens = _TOKEN.finditer(self._text)
            self._newlines = [m.start() for m in re.finditer("\n", self._text)]
        starts = self._starts
        wanted = max(token_index, 0)
        if len(starts) <= wanted and self._tokens is not None:
            starts.extend(m.start(1) for m in itertools.islice(self._tokens, wanted + 1 - len(starts)))
            if len(starts) <= wanted:
                self._tokens = None  # the text has fewer tokens: all are known
        if not starts:
            return (1, 1)
        offset = starts[min(wanted, len(starts) - 1)]
        line = bisect.bisect_right(self._newlines, offset - 1)
        line_start = self._newlines[line - 1] + 1 if line else 0
        return (line + 1, offset - line_start + 1)
