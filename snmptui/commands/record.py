"""``snmptui record AGENT [net-snmp options] -o FILE [OID...]``: walk an agent into a snapshot.

Walks each OID's subtree (the whole MIB view when none is given) with GETBULK
where the version has it, shows a progress line on stderr, and writes an
snmprec file (bzip2-compressed when FILE ends in ``.bz2``). When the agent's
process table (``hrSWRunParameters``) holds what looks like a community or
passphrase given on a command line, a warning names each such object (never the
value): the snapshot carries it. Ctrl-C keeps what was walked: it is written,
then the command exits 130. An SNMP error also
writes what was walked before it, then exits 1. Bad flags exit 2.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from core.errors import OidNotIncreasing, SnmpError
from core.oid import normalize_oid
from core.version import SnmpVersion

from core.snapshot.leaks import command_line_secrets
from core.snapshot.recorder import Recorder
from core.snapshot.files import save_snapshot
from snmptui.command_line import connection_spec
from snmptui.netsnmp_args import NetSnmpArgumentParser, add_connection_args, normalize_argv

__all__ = ["run"]

_PROGRESS_INTERVAL = 0.1


class ProgressLine:
    """A single status line on a terminal (rewritten in place), a summary otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.started = time.monotonic()
        self._shown = 0.0
        self.count = 0

    def update(self, count: int, oid: str) -> None:
        self.count = count
        now = time.monotonic()
        if self.live and now - self._shown >= _PROGRESS_INTERVAL:
            self._shown = now
            rate = count / max(now - self.started, 1e-6)
            self.stream.write(f"\rrecording: {count:,} objects, {rate:,.0f}/s, at {oid[:60]}\x1b[K")
            self.stream.flush()

    def finish(self, text: str) -> None:
        if self.live:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        self.stream.flush()


def _parser() -> NetSnmpArgumentParser:
    parser = NetSnmpArgumentParser(
        prog="snmptui record",
        description="Walk an agent and write a snapshot (snmprec) for browsing and serving offline.",
    )
    parser.add_argument("agent", metavar="AGENT", help="[udp:|udp6:]host[:port]")
    parser.add_argument("oids", metavar="OID", nargs="*", help="subtrees to record (default: all)")
    parser.add_argument("-o", "--output", metavar="FILE", required=True,
                        help="snapshot to write (.snmprec, or .snmprec.bz2 compressed)")  # fmt: skip
    add_connection_args(parser)
    return parser


def _write(recorder: Recorder, path: Path) -> int:
    """Write atomically (a partial file never replaces a good one)."""
    snapshot = recorder.snapshot()
    temporary = path.with_name(f".{path.name}.partial")
    save_snapshot(snapshot, temporary, compress=path.suffix == ".bz2")
    os.replace(temporary, path)
    return len(snapshot)


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_intermixed_args(normalize_argv(argv))
        spec = connection_spec(args, args.agent)
        roots = [normalize_oid(oid) for oid in args.oids]
    except ValueError as exc:  # ArgumentError included: bad flags and bad OIDs alike
        print(f"snmptui record: {exc}", file=sys.stderr)
        return 2
    output = Path(args.output)
    if not output.parent.is_dir():
        print(f"snmptui record: -o: no such directory {str(output.parent)!r}", file=sys.stderr)
        return 2
    progress = ProgressLine(sys.stderr)
    status = 0
    note = ""
    try:
        with spec.session() as session:
            recorder = Recorder(session, progress.update, spec.parallel)
            try:
                if roots:
                    for root in roots:
                        recorder.walk(root)
                else:
                    recorder.walk_all()
            except KeyboardInterrupt:
                status, note = 130, "interrupted; "
            except OidNotIncreasing as exc:
                status, note = 1, f"{exc} (add -Cc to walk such an agent anyway); "
            except SnmpError as exc:
                status, note = 1, f"{exc}; "
    except OSError as exc:
        print(f"snmptui record: network error: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not recorder.records and status:
        progress.finish(f"snmptui record: {note}nothing recorded, {output} not written")
        return status
    try:
        count = _write(recorder, output)
    except OSError as exc:
        print(f"snmptui record: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    seconds = time.monotonic() - progress.started
    progress.finish(f"snmptui record: {note}wrote {count:,} objects to {output} in {seconds:.1f} s")
    _warn_of_secrets(recorder, spec, output)
    return status


def _warn_of_secrets(recorder: Recorder, spec: Any, output: Path) -> None:
    known = [spec.community] if spec.version != SnmpVersion.v3 else []
    leaks = command_line_secrets(recorder.records, known)
    if not leaks:
        return
    print(f"snmptui record: warning: {output} carries what look like secrets from the agent's process "
          "table (hrSWRunParameters: command lines); edit them out before sharing the file:", file=sys.stderr)
    for leak in leaks:
        print(f"  {leak.describe()}", file=sys.stderr)
