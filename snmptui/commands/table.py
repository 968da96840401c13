"""``snmptui table [net-snmp flags] AGENT TABLE``: print a table as net-snmp's snmptable does.

Flags are snmptable's: the connection flags, ``-M``/``-m``, ``-O`` output options,
and ``-C`` letters ``b B c f h H i l r w`` (``c``, ``f``, ``r`` and ``w`` take the next
argument, as in net-snmp: ``-Cf , -Ci``, ``-Cw 80``). ``--csv`` and ``--json`` print the
same rows for scripts: the decoded INDEX parts first, then one field per column
(JSON: an array with one object per row). Rows come from ``core.table``, cell text
from ``core.table.text``, the layout from ``core.table.snmptable``.

Exit status as snmptable's: 0, 1 (no answer, not a table), 2 (agent error); a bad
flag is 2 with one line naming it.
"""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from core.errors import OidNotIncreasing, SnmpError, SnmpStatusError, SnmpTimeoutError, netsnmp_status_text
from core.mib.store import MibStore
from core.oid import OidTuple, format_oid
from core.table import TableRows, TableSpec, TableSpecError
from core.table.export import write_csv, write_json
from core.table.getnext import getnext_passes
from core.table.snmptable import LayoutOptions, TableLayout, index_of, label_of
from core.table.text import OutputOptionError, OutputOptions, objid_text, table_options, value_text
from core.version import SnmpVersion
from snmptui.netsnmp_args import letter_options

__all__ = ["run", "TableArgs", "parse_table_args"]

USAGE = """\
usage: snmptui table [OPTIONS] AGENT TABLE

Print an SNMP table as net-snmp's snmptable does (same flags, same bytes).

  -Cb          brief column names (common prefix removed)
  -CB          GETNEXT instead of GETBULK
  -Cc WIDTH    columns of WIDTH characters
  -Cf SEP      fields separated by SEP
  -Ch / -CH    only the headers / no headers
  -Ci          the index of each row as the first column
  -Cl          left-justified
  -Cr N        GETBULK max-repetitions (GETNEXT: rows per pass), default 10
  -Cw WIDTH    split the table into parts of at most WIDTH characters
  -O LETTERS   net-snmp output options (n f s S u q Q v e x a b t U X T)
  --csv        CSV: decoded index parts, then the columns
  --json       JSON: one object per row with its decoded index parts
  plus the connection flags and -M DIRS / -m MODULES of every snmptui command
"""

_TAKES_VALUE = {"c", "f", "r", "w"}
Row = tuple[str, list[str | None]]
"""(index text, cell texts) as snmptable prints a row"""
_DEFAULT_REPETITIONS = 10


class TableUsageError(ValueError):
    """A bad flag; the message names it."""


@dataclasses.dataclass
class TableArgs:
    layout: LayoutOptions
    output: OutputOptions
    use_getbulk: bool = True
    repetitions: int = _DEFAULT_REPETITIONS
    script: str | None = None  # "csv" | "json"
    rest: list[str] = dataclasses.field(default_factory=list)
    """connection flags, -M/-m, AGENT and TABLE"""


def _number(letter: str, text: str | None) -> int:
    if text is None:
        raise TableUsageError(f"Bad -C{letter} option: no argument given")
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value == 0 or (letter == "c" and value <= 2) or value < 0:
        raise TableUsageError(f"Bad -C{letter} option: {text}")
    return value


def parse_table_args(argv: list[str]) -> TableArgs:
    """Take snmptable's ``-C`` and ``-O`` flags and ``--csv``/``--json`` out of ``argv``."""
    layout = LayoutOptions()
    flags: list[str] = []
    args = TableArgs(layout, OutputOptions())
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg in ("--csv", "--json"):
            args.script = arg[2:]
            continue
        if arg == "-O" or (arg.startswith("-O") and len(arg) > 2):
            if arg == "-O":
                if i >= len(argv):
                    raise TableUsageError("-O: needs output option letters")
                flags.append(argv[i])
                i += 1
            else:
                flags.append(arg[2:])
            continue
        if not (arg.startswith("-C") and len(arg) >= 2) or arg == "--":
            rest.append(arg)
            continue
        letters = arg[2:]
        if not letters:
            if i >= len(argv):
                raise TableUsageError("-C: needs option letters")
            letters = argv[i]
            i += 1
        pairs, i = letter_options(letters, argv, i, _TAKES_VALUE)
        for letter, value in pairs:
            if letter == "w":
                layout.max_width = _number("w", value)
            elif letter == "c":
                layout.column_width = _number("c", value)
            elif letter == "r":
                args.repetitions = _number("r", value)
            elif letter == "f":
                if value is None:
                    raise TableUsageError("Bad -Cf option: no argument given")
                layout.separator = value
            elif letter == "l":
                layout.left = True
            elif letter == "h":
                layout.headers_only = True
            elif letter == "H":
                layout.no_headers = True
            elif letter == "B":
                args.use_getbulk = False
            elif letter == "b":
                layout.brief = True
            elif letter == "i":
                layout.show_index = True
            else:
                raise TableUsageError(f"Bad option after -C: {letter}")
    try:
        args.output = table_options(flags)
    except OutputOptionError as exc:
        raise TableUsageError(str(exc)) from None
    args.rest = rest
    return args


class _Printer:
    """What one run prints: cell and index text of rows, in snmptable's layout."""

    def __init__(self, store: MibStore, spec: TableSpec, args: TableArgs, out: TextIO) -> None:
        self.store = store
        self.spec = spec
        self.args = args
        self.out = out
        options = args.output
        self.table_name = objid_text(store, spec.table.oid, options)
        labels: list[str] = []
        for column in spec.accessible_columns:
            label = label_of(objid_text(store, column.node.oid, options))
            if label[:1].isdigit():
                break
            labels.append(label)
        self.labels = labels
        self.layout = TableLayout(self.table_name, labels, args.layout)
        self.extra = False
        """the agent had columns the MIB does not list"""

    def cell(self, oid: tuple[int, ...], value: Any) -> str:
        return value_text(self.store, oid, value, self.args.output).replace("\n", " ")

    def index(self, oid: tuple[int, ...]) -> str | None:
        options = self.args.output
        return index_of(objid_text(self.store, oid, options), self.table_name, options.oid_format,
                        options.extended_index)  # fmt: skip

    def print_rows(self, rows: list[Row]) -> None:
        self.layout.measure(rows)
        self.out.write(self.layout.print_pass(rows))


class CellClash(Exception):
    """Two instances printed with the same index text landed in one cell (snmptable's
    "OID not increasing", which prints nothing of the table)."""


def _bulk_rows(printer: _Printer, varbinds: Iterable[tuple[OidTuple, Any]], entry: OidTuple) -> list[Row]:
    """Rows as snmptable's GETBULK reading makes them: keyed by the printed index text,
    in order of first appearance; an instance whose name has no index ends the table."""
    depth = len(entry)
    columns = {subid: n for n, subid in enumerate(c.subid for c in printer.spec.accessible_columns)}
    fields = len(printer.labels)
    rows: list[Row] = []
    row_of: dict[str, int] = {}
    for oid, value in varbinds:
        column = columns.get(oid[depth]) if len(oid) > depth else None
        if column is None or column >= fields:
            printer.extra = True
            continue
        index = printer.index(oid)
        if index is None:
            break
        row = row_of.get(index)
        if row is None:
            row = row_of[index] = len(rows)
            rows.append((index, [None] * fields))
        cells = rows[row][1]
        if cells[column] is not None:
            raise CellClash(objid_text(printer.store, oid, printer.args.output))
        cells[column] = printer.cell(oid, value)
    return rows


def _print_script(store: MibStore, rows: TableRows, args: TableArgs, out: TextIO) -> None:
    def cell(oid: tuple[int, ...], value: Any) -> str:
        return value_text(store, oid, value, args.output).replace("\n", " ")

    (write_csv if args.script == "csv" else write_json)(rows, out, cell)


def _walk(session: Any, printer: _Printer, spec: TableSpec, args: TableArgs) -> int:
    """Fetch and print; returns the number of rows."""
    entry = spec.entry.oid
    if args.script is not None:
        rows = TableRows(spec)
        rows.add(session.fetch_arcs(format_oid(entry)))
        _print_script(printer.store, rows, args, printer.out)
        return len(rows)
    if args.layout.headers_only:
        return 0
    if args.use_getbulk:
        printed = _bulk_rows(printer, session.fetch_arcs(format_oid(entry)), entry)
        if printed:
            printer.print_rows(printed)
        return len(printed)
    total = 0
    per_pass = 0 if args.layout.max_width and not args.layout.column_width else args.repetitions
    subids = [c.subid for c in spec.accessible_columns][: len(printer.labels)]
    for batch, end_of_mib in getnext_passes(session, entry, subids, per_pass):
        if end_of_mib:
            printer.out.write("End of MIB\n")
        rows_text: list[Row] = []
        for row in batch:
            index = printer.index(row.first) if args.layout.show_index else ""
            texts = [None if c is None else printer.cell(*c) for c in row.cells]
            rows_text.append((index or "", texts))
        if rows_text:
            printer.print_rows(rows_text)
            total += len(rows_text)
    return total


def run(argv: list[str], out: TextIO | None = None, store: MibStore | None = None) -> int:
    """The command; ``out`` replaces stdout, ``store`` the MIBs ``-M``/``-m`` would load
    (for callers that have them loaded already, like the tests)."""
    if out is not None:
        return _run(argv, out, store)
    # the formatter's text holds one character per output byte (net-snmp prints raw octets)
    wrapper = io.TextIOWrapper(sys.stdout.buffer, encoding="latin-1", errors="replace", newline="\n",
                               line_buffering=True)  # fmt: skip
    try:
        return _run(argv, wrapper, store)
    except BrokenPipeError:
        # the reader went away (| head): stop quietly, and keep Python's exit flush quiet too
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        try:
            wrapper.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        wrapper.detach()


def _run(argv: list[str], out: TextIO, store: MibStore | None) -> int:
    from snmptui.command_line import UsageError, parse_browser_args
    from snmptui.model import load_store

    if any(a in ("-h", "--help") for a in argv):
        print(USAGE, end="")
        return 0
    try:
        args = parse_table_args(argv)
        parsed = parse_browser_args(args.rest)
    except (TableUsageError, UsageError) as exc:
        print(f"snmptui table: {exc}", file=sys.stderr)
        return 2
    if parsed.spec is None or parsed.oid is None:
        print("snmptui table: Must have exactly one table name (usage: snmptui table [OPTIONS] AGENT TABLE)",
              file=sys.stderr)  # fmt: skip
        return 2
    if store is None:
        store = load_store(parsed.mib_dirs, parsed.mib_modules, parsed.mib_files)
    try:
        spec = TableSpec.of(store, parsed.oid)
    except TableSpecError as exc:
        print(f"snmptui table: {parsed.oid}: {exc}", file=sys.stderr)
        return 1
    printer = _Printer(store, spec, args, out)
    if not printer.labels:
        print(f"Was that a table? {printer.table_name}", file=sys.stderr)
        return 1
    connection = dataclasses.replace(parsed.spec, max_repetitions=args.repetitions)
    if connection.version == SnmpVersion.v1:
        args.use_getbulk = False
    try:
        with connection.session() as session:
            total = _walk(session, printer, spec, args)
    except SnmpTimeoutError:
        print(f"Timeout: No Response from {parsed.spec.agent}", file=sys.stderr)
        return 1
    except (CellClash, OidNotIncreasing) as exc:
        print(f"OID not increasing: {exc}", file=sys.stderr)
        return 2
    except SnmpStatusError as exc:
        print(f"Error in packet.\nReason: {netsnmp_status_text(exc.status)}", file=sys.stderr)
        return 2
    except SnmpError as exc:
        print(f"snmptui table: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"snmptui table: network error: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if args.script is not None:
        return 0
    if args.layout.headers_only:
        printer.print_rows([])
    if total == 0:
        out.write(f"{printer.table_name}: No entries\n")
    if printer.extra:
        out.write(f"{printer.table_name}: WARNING: More columns on agent than in MIB\n")
    return 0
