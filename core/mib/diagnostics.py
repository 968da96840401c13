"""Diagnostics: one problem found while loading MIBs, with where it is and a hint.

Parser and resolver record problems as plain tuples carrying a token index (cheap,
cacheable); ``finalize`` turns them into ``Diagnostic`` objects with line and column,
tokenizing a file a second time only when it has something to report.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.mib.lexer import Locator, read_source

__all__ = ["ERROR", "WARNING", "Diagnostic", "RawDiag", "finalize"]

ERROR = "error"
WARNING = "warning"

# (severity, module, file, token_index, message, hint)
RawDiag = tuple[str, str, str, int, str, str]


class Diagnostic:
    """A problem in a MIB file; ``str()`` gives ``file:line:col: severity: message``."""

    __slots__ = ("severity", "module", "file", "line", "column", "message", "hint")

    def __init__(
        self, severity: str, module: str, file: str, line: int, column: int,
        message: str, hint: str = "",
    ) -> None:
        self.severity = severity
        self.module = module
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint

    def as_tuple(self) -> tuple[str, str, str, int, int, str, str]:
        return (self.severity, self.module, self.file, self.line, self.column,
                self.message, self.hint)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.file else "<builtin>"
        module = f" [{self.module}]" if self.module else ""
        text = f"{where}: {self.severity}{module}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text

    def __repr__(self) -> str:
        return f"Diagnostic({str(self)!r})"


def finalize(raw: Iterable[RawDiag], texts: dict[str, str] | None = None) -> list[Diagnostic]:
    """Locate raw diagnostics; ``texts`` may hold already-read file texts by path."""
    locators: dict[str, Locator | None] = {}
    result: list[Diagnostic] = []
    for severity, module, file, token_index, message, hint in raw:
        line = column = 0
        if file:
            locator = locators.get(file, False)
            if locator is False:
                try:
                    text = texts[file] if texts and file in texts else read_source(file)
                    locator = Locator(text)
                except OSError:
                    locator = None
                locators[file] = locator
            if locator is not None:
                line, column = locator.position(token_index)
        result.append(Diagnostic(severity, module, file, line, column, message, hint))
    return result
