"""Loading and saving snapshot files: the format is told by the first line, bzip2 by name or magic.

``load_snapshot`` reads an snmprec file (``core.snapshot.snmprec``, optionally ``.bz2``) or
net-snmp ``snmpwalk -On`` output (``core.snapshot.snmpwalk``) or a snmptui JSON snapshot
(``core.snapshot.jsonfile``) within ``SnapshotLimits``;
``save_snapshot`` writes snmprec.
"""

from __future__ import annotations

import bz2
import os
import re
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from core.gc_pause import gc_paused
from core.oid import OidTuple
from core.snapshot import jsonfile, snmprec, snmprec_bulk, snmpwalk
from core.snapshot.model import DEFAULT_LIMITS, SYSTEM_GROUP, Snapshot, SnapshotError, SnapshotLimits

__all__ = ["load_snapshot", "save_snapshot", "read_bytes", "check_lines", "sniff_format", "snapshot_format"]


def _size(count: int) -> str:
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if count >= 1 << shift and count % (1 << shift) == 0:
            return f"{count >> shift} {unit}"
    return f"{count} bytes"


def read_bytes(path: str | Path, limits: SnapshotLimits = DEFAULT_LIMITS) -> bytes:
    """A file's bytes, decompressed when it is bzip2 (by name or by magic), never more
    than ``limits.max_bytes`` of them (SnapshotError beyond)."""
    path = Path(path)
    with open(path, "rb") as handle:
        data = _read_at_most(handle, limits.max_bytes + 1)
    if path.suffix == ".bz2" or data[:3] == b"BZh":
        return _bunzip2(path, data, limits.max_bytes)
    if len(data) > limits.max_bytes:
        raise SnapshotError(str(path), [f"{path}: larger than the limit of {_size(limits.max_bytes)}"
                                        " (raise it with --max-snapshot-size)"])
    return data


def _read_at_most(handle: BinaryIO, count: int) -> bytes:
    """Up to ``count`` bytes of a file, asked for by its size (``read(count)`` alone would
    allocate ``count`` bytes, a GiB by default, for a file of a few MiB)."""
    size = os.fstat(handle.fileno()).st_size  # 0 for a pipe or /proc: read up to count
    if not 0 < size < count:
        return handle.read(count)
    data = handle.read(size + 1)
    if len(data) > size:  # the file grew since: read on, still within count
        data += handle.read(count - len(data))
    return data


def _bunzip2(path: Path, data: bytes, limit: int) -> bytes:
    """Decompress every bzip2 stream of ``data``, stopping as soon as the output passes ``limit``."""
    out: list[bytes] = []
    total = 0
    try:
        while data:
            decompressor = bz2.BZ2Decompressor()
            piece = decompressor.decompress(data, max_length=limit - total + 1)
            while True:
                total += len(piece)
                out.append(piece)
                if total > limit:
                    raise SnapshotError(str(path), [
                        f"{path}: expands beyond the limit of {_size(limit)} when decompressed"
                        " (raise it with --max-snapshot-size)"])
                if decompressor.eof or decompressor.needs_input:
                    break
                piece = decompressor.decompress(b"", max_length=limit - total + 1)
            if not decompressor.eof:
                raise SnapshotError(str(path), [f"{path}: not a valid bzip2 file (truncated)"])
            data = decompressor.unused_data
    except (OSError, EOFError, ValueError) as exc:
        if isinstance(exc, SnapshotError):
            raise
        raise SnapshotError(str(path), [f"{path}: not a valid bzip2 file ({exc})"]) from None
    return b"".join(out)


def check_lines(data: bytes, path: str, limits: SnapshotLimits) -> None:
    """SnapshotError when a line of ``data`` is longer than ``limits.max_line``."""
    limit = limits.max_line
    if len(data) <= limit:
        return
    if max(map(len, data.split(b"\n"))) > limit:
        number = next(n for n, line in enumerate(data.split(b"\n"), 1) if len(line) > limit)
        raise SnapshotError(path, [f"{path}:{number}: line longer than the limit of {_size(limit)}"
                                   " (raise it with --max-line-length)"])


def _lines(data: bytes) -> Iterator[bytes]:
    """The lines of ``data`` one by one (a file is sniffed by its first few, not split whole)."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        if end < 0:
            end = len(data)
        yield data[start:end].rstrip(b"\r")
        start = end + 1


_SNMPREC_LINE = re.compile(rb"^\s*[0-9.]+\|")
_SNMPWALK_LINE = re.compile(rb"^\s*\.?[0-9][0-9.]* = ")


def sniff_format(data: bytes) -> str | None:
    """``snmprec``, ``snmpwalk`` or ``json`` by a file's first lines (None: none of them).

    An empty file, or one of comments only, is an empty snmprec file.
    """
    if data.lstrip()[:1] == b"{":
        return "json"
    for line in _lines(data):
        if not line.strip() or line.startswith(b"#"):
            continue
        if _SNMPREC_LINE.match(line):
            return "snmprec"
        if _SNMPWALK_LINE.match(line):
            return "snmpwalk"
        return None
    return "snmprec"


_SNIFF_BYTES = 1 << 16


def snapshot_format(path: str | Path) -> str | None:
    """:func:`sniff_format` of a file's head (decompressed when bzip2); SnapshotError when
    it cannot be read."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
            if path.suffix == ".bz2" or head[:3] == b"BZh":
                handle.seek(0)
                with bz2.open(handle) as unpacked:
                    head = unpacked.read(_SNIFF_BYTES)
    except OSError as exc:
        raise SnapshotError(str(path), [f"{path}: {exc.strerror or exc}"]) from None
    except (ValueError, EOFError) as exc:
        raise SnapshotError(str(path), [f"{path}: not a valid bzip2 file ({exc})"]) from None
    if len(head) == _SNIFF_BYTES:
        head = head[: head.rfind(b"\n") + 1] or head
    return sniff_format(head)


def load_snapshot(
    path: str | Path,
    *,
    strict: bool = True,
    writable: Iterable[OidTuple] = (SYSTEM_GROUP,),
    limits: SnapshotLimits = DEFAULT_LIMITS,
) -> Snapshot:
    """Read an snmprec file (optionally ``.bz2``) or net-snmp ``snmpwalk -On`` output.

    Lines that cannot be understood or whose value cannot be served raise
    :class:`SnapshotError` naming file:line; with ``strict=False`` they are
    skipped, counted in ``Snapshot.skipped`` and listed in ``Snapshot.warnings``
    instead. Repeated OIDs keep their first value (warned). A file beyond
    ``limits`` (size once decompressed, line length) is always an error.
    """
    try:
        data = read_bytes(path, limits)
    except OSError as exc:
        raise SnapshotError(str(path), [f"{path}: {exc.strerror or exc}"]) from None
    check_lines(data, str(path), limits)
    kind = sniff_format(data)
    if kind is None:
        raise SnapshotError(
            str(path),
            [f"{path}: neither an snmprec file (OID|TAG|VALUE lines), snmpwalk -On"
             " output (.OID = TYPE: VALUE lines) nor a snmptui JSON snapshot"],
        )  # fmt: skip
    parse = {"snmprec": snmprec_bulk.parse, "snmpwalk": snmpwalk.parse, "json": jsonfile.parse}[kind]
    with gc_paused():
        snapshot = parse(data, str(path), strict=strict)
    snapshot.writable = tuple(writable)
    return snapshot


def save_snapshot(snapshot: Snapshot, path: str | Path, *, compress: bool | None = None) -> None:
    """Write a snapshot as snmprec, bzip2-compressed when ``compress`` (default: when
    the name ends in .bz2)."""
    path = Path(path)
    data = snmprec.format_snapshot(snapshot)
    if compress if compress is not None else path.suffix == ".bz2":
        data = bz2.compress(data)
    path.write_bytes(data)
