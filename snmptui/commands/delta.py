"""``snmptui delta [net-snmp flags] AGENT OID...``: net-snmp's snmpdelta, line for line.

Polls the OIDs every period and prints each one's change, as ``snmpdelta`` does::

    IF-MIB::ifHCInOctets.1 /1 sec: 46020339
    [21:04:21 12/1] IF-MIB::ifInOctets.1 /sec: 540.00	(Max: 540.00)

Options are snmpdelta's ``-C`` letters: ``-Cp PERIOD`` (seconds, default 1), ``-Ct``
(rates over the agent's sysUpTime, polled in the same PDU), ``-Cs`` (timestamps), ``-Ck``
(seconds in timestamps), ``-CT`` (tabular), ``-Cm`` (max), ``-CS`` (a sum line, named by
``-CL NAME``), ``-CP PEAKS`` (report the average and peak of PEAKS polls), ``-Cv N``
(varbinds per PDU, default 60), ``-Cf`` (do not retry without a failed object), ``-Cl``
(append each line to a file ``AGENT-NAME``) and ``-CF FILE`` (OIDs from a file), plus
``-O`` output letters for the names, ``--count N`` (stop after N reports) and ``--json``
(one JSON object per report, with the rate computed by core.counters: wraps, restarts
and missed polls are marked instead of printed as numbers).

The arithmetic of the default output is snmpdelta's own, so the two agree byte for byte:
32-bit values subtract modulo 2^32, rates are single-precision floats, and polls are
aligned to multiples of the period counted from the next full hour. Deliberate
differences: an error exits with status 1 (snmpdelta exits 0 after a timeout), and a
value that is not a number is reported by name instead of read as one.
"""

from __future__ import annotations

import json
import struct
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, TextIO

from core.counters import Gap, Rate, Sample, kind_of, step
from core.errors import SnmpError, SnmpTimeoutError, netsnmp_status_text
from core.oid import format_oid, oid_key
from core.pdu import PduType
from core.poller import SYS_UPTIME, shrink_per_pdu
from core.session import SnmpSession
from core.snapshot.netsnmp_format import NetSnmpFormatter
from core.types import Counter64
from snmptui.netsnmp_args import letter_options

__all__ = ["run", "DeltaOptions", "parse_delta_options", "descriptor", "f32"]

USAGE = (
    "usage: snmptui delta [-Cf] [-CF FILE] [-Cl] [-CL SUMNAME] [-Cs] [-Ck] [-Ct] [-CS] [-Cm]\n"
    "                     [-Cv VARS] [-Cp PERIOD] [-CP PEAKS] [-CT] [--count N] [--json]\n"
    "                     [net-snmp flags] [-M DIRS] [-m MODULES] [-O OPTS] AGENT OID [OID...]"
)
_TAKES_VALUE = frozenset("pPvFL")
_MAX_DESCRIPTOR = 63  # snmpdelta keeps 64 bytes with the terminating NUL
_MAX_OUTSTR = 255


class DeltaUsageError(ValueError):
    """A bad snmpdelta option; the message names it."""


@dataclass
class DeltaOptions:
    """snmpdelta's ``-C`` options (defaults as in net-snmp)."""

    period: int = 1
    peaks: int = 0
    per_pdu: int = 60
    agent_time: bool = False
    timestamp: bool = False
    keep_seconds: bool = False
    table: bool = False
    show_max: bool = False
    dont_fix: bool = False
    to_files: bool = False
    sum_name: str | None = None  # set by -CS (default "Sum", -CL renames)
    config_files: list[str] = field(default_factory=list)
    count: int | None = None
    json: bool = False


def _number(flag: str, text: str | None) -> int:
    if text is None or not text.lstrip("-").isdigit():
        raise DeltaUsageError(f"-C{flag}: needs a whole number, got {text!r}")
    return int(text)


def parse_delta_options(argv: list[str]) -> tuple[DeltaOptions, list[str]]:
    """Take snmpdelta's ``-C`` letters, ``--count`` and ``--json`` out of ``argv``."""
    options = DeltaOptions()
    rest: list[str] = []
    dosum = False
    sum_file = "Sum"
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--json":
            options.json = True
            continue
        if arg == "--count" or arg.startswith("--count="):
            text = arg.split("=", 1)[1] if "=" in arg else (argv[i] if i < len(argv) else None)
            if "=" not in arg:
                i += 1
            if text is None or not text.isdigit() or int(text) < 1:
                raise DeltaUsageError(f"--count: needs a positive whole number, got {text!r}")
            options.count = int(text)
            continue
        if not arg.startswith("-C") or arg == "-C":
            rest.append(arg)
            continue
        pairs, i = letter_options(arg[2:], argv, i, _TAKES_VALUE, attached_values=True)
        for letter, value in pairs:
            if letter == "p":
                options.period = _number("p", value)
                if options.period < 1:
                    raise DeltaUsageError("-Cp: the period is at least 1 second")
            elif letter == "P":
                options.peaks = _number("P", value)
            elif letter == "v":
                options.per_pdu = _number("v", value)
                if options.per_pdu < 1:
                    raise DeltaUsageError("-Cv: at least 1 variable per packet")
            elif letter == "F":
                if not value:
                    raise DeltaUsageError("-CF: needs a FILE")
                options.config_files.append(value)
            elif letter == "L":
                if not value:
                    raise DeltaUsageError("-CL: needs a NAME")
                sum_file = value
            elif letter == "f":
                options.dont_fix = not options.dont_fix
            elif letter == "t":
                options.agent_time = True
            elif letter == "s":
                options.timestamp = True
            elif letter == "S":
                dosum = True
            elif letter == "m":
                options.show_max = True
            elif letter == "l":
                options.to_files = True
            elif letter == "k":
                options.keep_seconds = True
            elif letter == "T":
                options.table = True
            else:
                raise DeltaUsageError(f"Bad -C options: {letter}")
    if dosum:
        options.sum_name = sum_file
    return options, rest


def f32(value: float) -> float:
    """``value`` rounded to a C float, as snmpdelta computes its rates."""
    return struct.unpack("f", struct.pack("f", value))[0]


def descriptor(name_text: str) -> str:
    """snmpdelta's short name: from the last component that holds a letter, as it cuts it."""
    end = len(name_text) - 1
    while end >= 0 and not name_text[end].isalpha():
        end -= 1
    while end >= 0 and name_text[end] != ".":
        end -= 1
    return name_text[end + 1 :][:_MAX_DESCRIPTOR]


def read_config_file(path: str) -> list[str]:
    """OIDs from a ``-CF`` file: one per line, ``#`` comments and blank lines skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise DeltaUsageError(f"-CF {path}: {exc.strerror or exc}") from None
    return [line.rstrip("\r") for line in lines if line.strip() and not line.startswith("#")]


@dataclass
class _Var:
    """One monitored object, with snmpdelta's per-variable state."""

    oid: str | None  # None: the -CS sum line
    descriptor: str
    name: str = ""
    type_is_64: bool = False
    value: int = 0
    value64: int = 0
    time: int = 0
    max: float = 0.0
    peak_count: int = -1
    peak: float = 0.0
    peak_average: float = 0.0
    previous: Sample | None = None


class _Stop(Exception):
    """End of the run (``--count`` reached, or an error already reported)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class DeltaRun:
    """snmpdelta's polling loop over one session, writing to ``out``/``err``."""

    def __init__(
        self,
        session: SnmpSession,
        gateway: str,
        variables: list[_Var],
        options: DeltaOptions,
        *,
        out: TextIO,
        err: TextIO,
        name_of: Callable[[str], str],
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.session = session
        self.gateway = gateway
        self.vars = variables
        self.options = options
        self.out, self.err = out, err
        self.name_of = name_of
        self._sleep, self._now = sleep, now
        self._target = 0.0
        self._reports = 0
        self._value = 0  # snmpdelta's one 32-bit delta variable, shared by all objects
        self._period_printed = False
        self.per_pdu = options.per_pdu

    # -------------------------------------------------------------- timing

    def _next_hour(self, now: float) -> float:
        local = datetime.fromtimestamp(now)
        top = local.replace(minute=0, second=0, microsecond=0)
        return top.timestamp() + 3600

    def wait_for_period(self) -> None:
        period = self.options.period
        now = self._now()
        if self._target:
            self._target += period
        else:
            target = int(self._next_hour(now) - int(now)) % period
            self._target = (target or period) + int(now)
        delay = self._target - now
        if delay > 0:
            self._sleep(delay)

    def _at_peak_start(self) -> bool:
        seconds = self.options.period * self.options.peaks
        now = self._now()
        return int(self._next_hour(now) - int(now)) % seconds == 0

    def _timestring(self) -> str:
        if not self.options.timestamp:
            return ""
        tm = datetime.fromtimestamp(self._now())
        period, peaks = self.options.period, self.options.peaks
        if (period % 60 and (not peaks or (period * peaks) % 60)) or self.options.keep_seconds:
            return f" [{tm.hour:02d}:{tm.minute:02d}:{tm.second:02d} {tm.month}/{tm.day}]"
        return f" [{tm.hour:02d}:{tm.minute:02d} {tm.month}/{tm.day}]"

    # -------------------------------------------------------------- the loop

    def run(self) -> int:
        opts = self.options
        if opts.table:
            header = self.gateway if opts.timestamp else ""
            header += "".join(f"\t{v.descriptor}" for v in self.vars)
            self.out.write(header)
        self.wait_for_period()
        end = len(self.vars)
        try:
            while True:
                begin = 0 if end == len(self.vars) else end
                count = begin
                oids: list[int] = []
                while count < len(self.vars) and count < begin + self.per_pdu - opts.agent_time:
                    if self.vars[count].oid is not None:
                        oids.append(count)
                    count += 1
                last_end, end = end, count
                end = self._poll(begin, end, last_end, oids)
                if end == len(self.vars):
                    self._reports += self._period_printed
                    self._period_printed = False
                    if opts.count is not None and self._reports >= opts.count:
                        return 0
                    self.wait_for_period()
        except _Stop as stop:
            return stop.status

    def _poll(self, begin: int, end: int, last_end: int, oids: list[int]) -> int:
        names = ([SYS_UPTIME] if self.options.agent_time else []) + [self.vars[i].oid or "" for i in oids]
        while True:
            try:
                response = self.session.request(PduType.GET, [(n, None) for n in names])
            except SnmpTimeoutError:
                self.err.write(f"Timeout: No Response from {self.gateway}\n")
                raise _Stop(1) from None
            status, index = response.error_status, response.error_index
            if not status:
                self._report(begin, end, last_end, response.varbinds)
                return end
            if status == 1:  # tooBig
                self.per_pdu = shrink_per_pdu(self.per_pdu, index)
                if self.per_pdu <= 0:
                    raise _Stop(5)
                return last_end
            if not index:
                self.err.write(f"Error in packet: {netsnmp_status_text(status)}\n")
                raise _Stop(1)
            failed = names[index - 1] if index <= len(names) else None
            self.err.write(f"Failed object: {self.name_of(failed) if failed else ''}\n")
            if self.options.dont_fix or failed is None or len(names) <= 1:
                return end
            names = names[: index - 1] + names[index:]

    def _report(self, begin: int, end: int, last_end: int, varbinds: list[tuple[str, object]]) -> None:
        opts = self.options
        timestring = self._timestring()
        values = iter(varbinds)
        if opts.agent_time:
            first = next(values, None)
            if first is None or not isinstance(first[1], int):
                self.err.write("Missing variable in reply\n")
                return
            this_time = int(first[1])
            uptime: int | None = this_time
        else:
            this_time, uptime = 1, None
        wall = self._now()
        total = 0  # the -CS sum of this poll's 32-bit deltas
        for index in range(begin, end):
            var = self.vars[index]
            if var.oid is not None:
                got = next(values, None)
                if got is None or not isinstance(got[1], int) or isinstance(got[1], bool):
                    self.err.write("Missing variable in reply\n")
                    break
                raw = got[1]
                var.type_is_64 = isinstance(raw, Counter64)
                current = Sample(int(raw), wall, uptime, None, kind_of(raw))
                previous, var.previous = var.previous, current
                if var.type_is_64:
                    delta64 = (int(raw) - var.value64) % (1 << 64)
                    var.value64 = int(raw)
                    value = self._value  # snmpdelta leaves its 32-bit value as it was
                else:
                    value = (int(raw) - var.value) % (1 << 32)
                    var.value = int(raw) % (1 << 32)
                    delta64 = value
            else:
                value, delta64, previous, current = total, total, None, None
                total = 0
            self._value = value
            delta_time = this_time - var.time
            if delta_time <= 0:
                delta_time = 100
            last_time, var.time = var.time, this_time
            if last_time == 0:
                continue
            if var.oid is not None and not var.type_is_64:
                total = (total + value) % (1 << 32)
            if opts.json:
                self._json_line(var, delta64, previous, current)
                continue
            self._text_line(var, index == begin, timestring, value, delta64, delta_time)
        if end == last_end and opts.table and not opts.json:
            self.out.write("\n")
        self.out.flush()

    def _text_line(
        self, var: _Var, first: bool, timestring: str, value: int, delta64: int, delta_time: int
    ) -> None:
        opts = self.options
        if opts.table:
            outstr = timestring[1:] if first else ""
        else:
            outstr = f"{timestring} {var.descriptor}"
        if opts.agent_time or opts.table:
            if var.type_is_64:
                self.err.write("time delta and table form not supported for counter64s\n")
                raise _Stop(1)
            printvalue = f32(f32(f32(float(value)) * 100) / f32(float(delta_time)))
            value_str = f"\t{printvalue:.2f}" if opts.table else f" /sec: {printvalue:.2f}"
        else:
            printvalue = f32(float(value))
            value_str = f" /{opts.period} sec: {delta64 if var.type_is_64 else value}"
        show = True
        if not opts.peaks:
            outstr += value_str
        else:
            show = False
            if var.peak_count == -1:
                if self._at_peak_start():
                    var.peak_count = 0
            else:
                var.peak_average = f32(var.peak_average + printvalue)
                if var.peak < printvalue:
                    var.peak = printvalue
                var.peak_count += 1
                if var.peak_count == opts.peaks:
                    average = f32(var.peak_average / var.peak_count)
                    if opts.agent_time:
                        outstr += f" /sec: {average:.2f}\t({opts.period} sec Peak: {var.peak:.2f})"
                    else:
                        outstr += f" /{opts.period} sec: {average:.0f}\t({opts.period} sec Peak: {var.peak:.0f})"
                    var.peak_average = var.peak = 0.0
                    var.peak_count = 0
                    show = True
        if opts.show_max:
            if printvalue > var.max:
                var.max = printvalue
            outstr += f"\t(Max: {var.max:.2f})" if opts.agent_time else f"\t(Max: {var.max:.0f})"
        if not show:
            return
        outstr = outstr[:_MAX_OUTSTR]
        self._period_printed = True
        if opts.to_files:
            path = Path(f"{self.gateway}-{var.descriptor}")
            with path.open("a", encoding="utf-8") as log:
                log.write(outstr[1:] + "\n")
        elif opts.table:
            self.out.write(outstr)
        else:
            self.out.write(outstr[1:] + "\n")

    def _json_line(self, var: _Var, delta: int, previous: Sample | None, current: Sample | None) -> None:
        record: dict[str, object] = {
            "time": datetime.fromtimestamp(self._now()).astimezone().isoformat(timespec="seconds"),
            "oid": var.oid or "",
            "name": var.name or var.descriptor,
            "delta": delta,
        }
        if previous is not None and current is not None:
            result = step(previous, current)
            if isinstance(result, Rate):
                record.update(
                    seconds=round(result.seconds, 3),
                    rate=result.per_second,
                    clock="agent" if result.agent_clock else "wall",
                )
            elif isinstance(result, Gap):
                record.update(gap=result.reason, delta=None)
            else:
                record.update(seconds=round(result.seconds, 3), change=result.change)
            record["type"] = current.kind.value
        self.out.write(json.dumps(record) + "\n")
        self._period_printed = True


def run(argv: list[str]) -> int:
    from snmptui.command_line import connection_spec
    from snmptui.model import MibFacade, load_store
    from snmptui.netsnmp_args import (
        ArgumentError, NetSnmpArgumentParser, add_connection_args, add_output_args, normalize_argv, output_options,
    )

    if any(a in ("-h", "--help") for a in argv):
        print(USAGE)
        return 0
    try:
        options, rest = parse_delta_options(argv)
        parser = NetSnmpArgumentParser(prog="snmptui delta", add_help=False)
        add_connection_args(parser)
        parser.add_argument("-M", dest="mib_dirs")
        parser.add_argument("-m", dest="mib_modules")
        add_output_args(parser)
        parser.add_argument("agent", metavar="AGENT")
        parser.add_argument("oids", nargs="*", metavar="OID")
        ns = parser.parse_args(normalize_argv(rest))
        output = output_options(ns)
        spec = connection_spec(ns, ns.agent)
        names = list(ns.oids)
        for path in options.config_files:
            names += read_config_file(path)
        if not names:
            raise DeltaUsageError("missing OID (give at least one, or -CF FILE)")
        if len(names) > 256:
            raise DeltaUsageError(f"{len(names)} OIDs: at most 256, as snmpdelta")
    except (ArgumentError, DeltaUsageError) as exc:
        print(f"snmptui delta: {exc}", file=sys.stderr)
        print(USAGE, file=sys.stderr)
        return 2
    try:
        store = load_store(ns.mib_dirs, ns.mib_modules, ns.mib_files)
    except ImportError:
        store = None
    mibs = MibFacade(store)
    formatter = NetSnmpFormatter(store, output)

    def name_of(oid: str) -> str:
        return formatter.name(oid_key(oid))

    variables: list[_Var] = []
    for text in names:
        try:
            oid = format_oid(mibs.resolve(text))
        except (ValueError, LookupError) as exc:
            print(f"{text}: Unknown Object Identifier ({exc})", file=sys.stderr)
            return 1
        shown = name_of(oid)
        variables.append(_Var(oid, descriptor(shown), formatter.name(oid_key(oid))))
    if options.sum_name is not None:
        variables.append(_Var(None, options.sum_name[:_MAX_DESCRIPTOR], options.sum_name))
    try:
        with spec.session() as session:
            runner = DeltaRun(session, ns.agent, variables, options, out=sys.stdout, err=sys.stderr, name_of=name_of)
            return runner.run()
    except SnmpError as exc:
        print(f"snmptui delta: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(f"snmptui delta: network error: {exc.strerror or exc}", file=sys.stderr)
        return 1

