"""net-snmp's ``snmptable`` output: headers, column widths, parts, index column, separators.

The rules (from net-snmp's apps/snmptable.c, as facts):

- column labels are the last component of each accessible column's printed OID
  (after the last ``.`` or ``:``); a label starting with a digit ends the list, and
  no label at all is "Was that a table?";
- ``-Cb`` cuts the prefix common to neighbouring labels (compared in net-snmp's
  child order, highest sub-identifier first; when one label is a prefix of the next,
  one character fewer);
- widths are the longest of label and cells; the index column is at least 6 wide;
  cells are right-justified in width+1 (``-Cl``: left), the index in its width;
- ``-Cf SEP`` separates instead of padding; ``-Cc N`` prints every cell in N-1
  characters plus a space (cut longer), with ``index: ...`` on lines of their own;
- ``-Cw N`` splits the columns into parts no wider than N (``SNMP table X, part 2``),
  or with ``-Cc`` wraps each line;
- ``-Ch`` prints only the headers, ``-CH`` no headers; a missing cell is ``?``.

GETNEXT mode (``-CB``) prints the rows in passes of ``-Cr`` rows, each with the
widths known so far and the headers only on the first pass; that is why the
printer keeps state between calls of ``print_pass``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LayoutOptions", "TableLayout", "brief_labels", "label_of", "index_of"]

_INDEX_MIN = len("index ")


def _size(text: str) -> int:
    """Width as C's printf counts it: bytes (the formatter's text has one character per byte)."""
    return len(text)


def _pad(text: str, width: int, left: bool) -> str:
    fill = " " * max(0, width - len(text))
    return text + fill if left else fill + text


def _cut(text: str, size: int) -> str:
    return text[:size]


@dataclass
class LayoutOptions:
    """The display letters of ``-C``."""

    separator: str | None = None  # -Cf
    show_index: bool = False  # -Ci
    brief: bool = False  # -Cb
    headers_only: bool = False  # -Ch
    no_headers: bool = False  # -CH
    left: bool = False  # -Cl
    max_width: int = 0  # -Cw
    column_width: int = 0  # -Cc (as given)


def label_of(oid_text: str) -> str:
    """What follows the last ``.`` (else ``:``) of a printed column OID."""
    for mark in (".", ":"):
        cut = oid_text.rfind(mark)
        if cut >= 0:
            return oid_text[cut + 1 :]
    return oid_text


def brief_labels(labels: list[str]) -> list[str]:
    """``-Cb``: labels (in MIB order) without the prefix their neighbours share."""
    if len(labels) < 2:
        return list(labels)
    order = labels[::-1]  # net-snmp compares in its child order, highest sub-id first
    common = len(order[0])
    for first, second in zip(order, order[1:]):
        same = 0
        while same < len(first) and same < len(second) and first[same] == second[same]:
            same += 1
        if same == len(first):
            length = same - 1  # the first ran out: the loop stopped before stepping on
        else:
            length = same
        common = min(common, length)
    return [label[common:] for label in labels] if common > 0 else list(labels)


def index_of(name_text: str, table_name: str, oid_format: str, extended: bool) -> str | None:
    """The index part ``snmptable`` cuts from a printed instance name (None: it stops there)."""
    if extended:
        cut = name_text.find("[")
        return name_text[cut:] if cut >= 0 else None
    if oid_format == "module":
        colon = name_text.find(":")
        rest = name_text[colon + 1 :] if colon >= 0 else name_text
    elif oid_format == "suffix":
        rest = name_text
    else:
        rest = name_text[len(table_name) + 1 :]
        dot = rest.find(".")
        if dot < 0:
            return None
        rest = rest[dot + 1 :]
    dot = rest.find(".")
    return rest[dot + 1 :] if dot >= 0 else None


class TableLayout:
    """Prints rows as ``snmptable`` does, pass after pass, keeping widths between passes."""

    def __init__(self, table_name: str, labels: list[str], options: LayoutOptions) -> None:
        self.table_name = table_name
        self.options = options
        self.labels = brief_labels(labels) if options.brief else list(labels)
        self.widths = [_size(label) for label in self.labels]
        self.index_width = _INDEX_MIN
        self.first_pass = True
        # net-snmp keeps -Cc N as N-1 characters of text plus the separating space
        self.column_width = options.column_width - 1 if options.column_width else 0

    def measure(self, rows: list[tuple[str, list[str | None]]]) -> None:
        """Widen columns for rows about to be printed (index text, cell texts)."""
        widths = self.widths
        for index, cells in rows:
            size = _size(index)
            if size > self.index_width:
                self.index_width = size
            for position, cell in enumerate(cells):
                if cell is not None:
                    size = _size(cell)
                    if size > widths[position]:
                        widths[position] = size

    def _cell_format(self, field: int, text: str) -> str:
        options = self.options
        if self.column_width:
            width = self.column_width
            return _pad(_cut(text, width), width + 1, options.left)
        if options.separator is None:
            return _pad(text, self.widths[field] + 1, options.left)
        if field == 0 and not options.show_index:
            return text
        return options.separator + text

    def _index_format(self, text: str) -> str:
        if self.column_width:
            return f"\nindex: {text}\n"
        if self.options.separator is None:
            return _pad(text, self.index_width, self.options.left)
        return text

    def print_pass(self, rows: list[tuple[str, list[str | None]]]) -> str:
        """The text of one ``print_table`` call for ``rows`` (already measured)."""
        options = self.options
        out: list[str] = []
        write = out.append
        headers = not options.no_headers and self.first_pass
        if headers and not options.headers_only:
            write(f"SNMP table: {self.table_name}\n\n")
        fields = len(self.labels)
        last = 0
        part = 0
        while last != fields:
            part += 1
            if part != 1 and not options.no_headers:
                write(f"\nSNMP table {self.table_name}, part {part}\n\n")
            first = last
            if options.show_index and headers and not self.column_width:
                width = self.index_width
                write(self._index_format("index"))
            else:
                width = 0
            field = first
            while field < fields:
                if options.max_width:
                    if self.column_width:
                        if headers:
                            width += self.column_width + 1
                            if field != first and width > options.max_width:
                                write("\n")
                                width = self.column_width + 1
                    else:
                        width += self.widths[field] + 1
                        if field != first and width > options.max_width:
                            break
                if headers:
                    write(self._cell_format(field, self.labels[field]))
                field += 1
            last = field
            if headers:
                write("\n")
            for index, cells in rows:
                width = 0
                if options.show_index:
                    if not self.column_width:
                        width = self.index_width
                    write(self._index_format(index))
                for field in range(first, last):
                    if self.column_width and options.max_width:
                        width += self.column_width + 1
                        if field != first and width > options.max_width:
                            write("\n")
                            width = self.column_width + 1
                    cell = cells[field]
                    write(self._cell_format(field, "?" if cell is None else cell))
                write("\n")
        self.first_pass = False
        return "".join(out)
