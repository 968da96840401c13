"""SMI lexer: MIB source text -> list of token strings, and token index -> line:column.

Speed matters (a corpus is ~1.2 million tokens), so the token list is produced by a
single ``re.findall`` that also swallows white space and comments; token positions are
only computed when a diagnostic needs a line and column, by the same pattern (repeated
to skip many tokens per match), so token indexes agree.

Lenient on purpose: ``--`` comments run to the end of the line (as net-snmp reads
them; many MIBs write ``-- a -- b``), identifiers may contain ``_`` and end in ``-``.
"""

from __future__ import annotations

import functools
import itertools
import re

__all__ = ["tokenize", "Locator", "read_source", "is_upper_ident", "is_ident"]

# Skip blanks and comments, then capture one token: an identifier (no "--" inside), a
# bracket or comma, a quoted string, "::=", a number, a binary or hex string, "..", one
# other char, or nothing at the end of the text.
# Alternatives are ordered by frequency and every repeat is possessive (nothing here
# ever needs to backtrack): this is the whole cost of reading a corpus's ~1.2M tokens.
# An identifier is read as word runs each after one "-" not followed by another (the
# form "-word" repeated, then an optional "-", read the same tokens ~13% slower).
_BLANKS = r"""\s*+(?:--[^\n]*+\s*+)*+"""
_TOKEN_BODY = r"""[A-Za-z_]\w*+(?:-(?!-)\w*+)*+|[{},()]|"[^"]*+"|::=|-?\d++|'[^']*+'[hHbB]?|\.\.|\S|\Z"""
_TOKEN = re.compile(f"{_BLANKS}({_TOKEN_BODY})")
# The same pattern for a text all ASCII (nearly every MIB file): there the classes
# spelled out below match what ``\w``, ``\s``, ``\S`` and ``\d`` match (``\s`` takes
# \x1c-\x1f too, which re.ASCII's does not), as bit maps instead of a Unicode database
# look-up per character: ~18% less lexing.
_ASCII_CLASSES = {r"\w": "[A-Za-z0-9_]", r"\s": r"[\t\n\x0b\x0c\r\x1c-\x1f ]",
                  r"\S": r"[^\t\n\x0b\x0c\r\x1c-\x1f ]", r"\d": "[0-9]"}


def _ascii_form(pattern: str) -> str:
    return re.sub(r"\\[wsSd]", lambda m: _ASCII_CLASSES[m.group()], pattern)


_TOKEN_ASCII = re.compile(_ascii_form(_TOKEN.pattern))


def _token_pattern(text: str) -> re.Pattern[str]:
    return _TOKEN_ASCII if text.isascii() else _TOKEN


# ``_SKIP_STEP`` tokens at once, as ``_TOKEN`` reads them one by one (each one atomic,
# as its possessive repeats are): a diagnostic deep in a large file is placed without
# a match object per token before it. A skip that reaches the end of the text may have
# read the empty end "token": the last stretch is read token by token.
_SKIP_STEP = 256


@functools.lru_cache(maxsize=2)
def _skip(ascii_text: bool) -> re.Pattern[str]:
    """Compiled when a diagnostic is first placed (~0.7 ms that a warm start need not pay)."""
    pattern = f"(?>{_BLANKS}(?:{_TOKEN_BODY})){{{_SKIP_STEP}}}"
    return re.compile(_ascii_form(pattern) if ascii_text else pattern)


def read_source(path: str) -> str:
    """The text of a MIB file; latin-1 never fails, and MIB syntax is ASCII."""
    with open(path, "rb") as handle:
        return handle.read().decode("latin-1")


def tokenize(text: str) -> list[str]:
    """All tokens of ``text`` in order (strings keep their quotes)."""
    tokens = _token_pattern(text).findall(text)
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

    The text is scanned only as far as the largest index asked for (a file's
    diagnostics are usually in its first part; the rest is not scanned again), in
    skips of ``_SKIP_STEP`` tokens whose ends are kept."""

    __slots__ = ("_text", "_marks")

    def __init__(self, text: str) -> None:
        self._text = text
        # Offsets after 0, _SKIP_STEP, 2 * _SKIP_STEP ... tokens (all before the end).
        self._marks: list[int] = [0]

    def _start(self, token_index: int) -> int | None:
        """The offset of token ``token_index`` (of the last one when there are fewer;
        the empty end "token" counts), None when the text has none."""
        text, marks = self._text, self._marks
        pattern = _token_pattern(text)
        skip = _skip(pattern is _TOKEN_ASCII)
        step = token_index // _SKIP_STEP
        while len(marks) <= step:
            skipped = skip.match(text, marks[-1])
            if skipped is None or skipped.end() >= len(text):
                break
            marks.append(skipped.end())
        here = min(step, len(marks) - 1)
        start = None
        wanted = token_index - here * _SKIP_STEP
        for start in itertools.islice((m.start(1) for m in pattern.finditer(text, marks[here])), wanted + 1):
            pass
        return start

    def position(self, token_index: int) -> tuple[int, int]:
        offset = self._start(max(token_index, 0))
        if offset is None:
            return (1, 1)
        # Counted in C for each of a file's few diagnostics: cheaper than a list of
        # its (up to ~100k) line starts.
        line_start = self._text.rfind("\n", 0, offset) + 1
        return (self._text.count("\n", 0, offset) + 1, offset - line_start + 1)
