"""Reading a snapshot file's bytes: by its size for a regular file, up to the limit for a
pipe (whose size says nothing), never beyond the limit either way."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from core.snapshot.files import read_bytes, sniff_format
from core.snapshot.model import SnapshotError, SnapshotLimits


def _through_fifo(tmp_path: Path, data: bytes, limits: SnapshotLimits) -> bytes:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=(data,), daemon=True)
    writer.start()
    try:
        return read_bytes(fifo, limits)
    finally:
        writer.join(5)


def test_a_pipe_is_read_whole_and_within_the_limit(tmp_path: Path) -> None:
    data = b"1.3.6.1.2.1.1.5.0|4|router\n" * 4000
    assert _through_fifo(tmp_path, data, SnapshotLimits(max_bytes=len(data))) == data
    again = tmp_path / "again"
    again.mkdir()
    with pytest.raises(SnapshotError, match="larger than the limit of 1 KiB"):  # one byte over: the
        _through_fifo(again, data[:1025], SnapshotLimits(max_bytes=1024))  # writer is done before it stops


def test_a_regular_file_is_read_by_its_size_and_refused_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "dev.snmprec"
    path.write_bytes(b"x" * 2048)
    assert read_bytes(path, SnapshotLimits(max_bytes=2048)) == b"x" * 2048
    with pytest.raises(SnapshotError, match="larger than the limit of 2047 bytes"):
        read_bytes(path, SnapshotLimits(max_bytes=2047))


def test_the_format_is_told_by_the_first_line_that_is_not_a_comment() -> None:
    assert sniff_format(b"# made by hand\r\n\r\n1.3.6.1.2.1.1.5.0|4|x\r\n") == "snmprec"
    assert sniff_format(b"\n.1.3.6.1.2.1.1.5.0 = STRING: x\n" + b"junk\n" * 10) == "snmpwalk"
    assert sniff_format(b"# only a comment") == "snmprec"
    assert sniff_format(b"hello|4|x\n1.3.6|4|x\n") is None
