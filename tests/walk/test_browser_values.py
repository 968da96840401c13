"""The browser shows net-snmp's text for every value of the shared recordings.

The browser renders through the CLI's formatter in its friendly mode; this test prints
the varbinds of every recording in ../shared/snmprec with the shared MIBs both ways and
requires the same ``TYPE: VALUE`` text, except where one of
:data:`~core.snapshot.netsnmp_format.BROWSER_DIFFERENCES` applies, each recognised here
from the value's bytes (not by asking the formatter). The CLI's text is net-snmp's
(test_walk_oracle.py compares it with ``snmpbulkwalk`` on the same recordings).

Every octet string is checked; of the other values (numbers, OIDs, TimeTicks, whose
printers the two modes share) one in ``SAMPLE`` is, which keeps the test to seconds.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from core.oid import parse_oid
from core.snapshot.files import load_snapshot
from core.snapshot.netsnmp_format import BROWSER_DIFFERENCES, browser_formatter, formatter_for
from oracle_support import RECORDINGS, mib_dirs

SAMPLE = 5
_SAFE = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}


@pytest.fixture(scope="module")
def store() -> Any:
    from core.mib import load_mibs

    return load_mibs(mib_dirs())


def _utf8_text(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if all(ch.isprintable() or ch in "\t\r\n" for ch in text) else None


def _difference(value: Any, cli: str, browser: str, units: str | None) -> str | None:
    """The BROWSER_DIFFERENCES entry that explains ``browser`` != ``cli``, or None."""
    if not isinstance(value, (bytes, str)):
        return None
    data = value.encode() if isinstance(value, str) else bytes(value)
    tail = f" {units}" if units else ""
    text = _utf8_text(data)
    if text is not None and not data.isascii():
        quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if browser in (f"STRING: {text}{tail}", f"STRING: {quoted}{tail}"):
            return "utf8-text"
    if text is None and not _SAFE.issuperset(data) and 0 not in data:
        words = browser.split()
        if words[:1] == ["Hex-STRING:"] and words[1:] == [f"{b:02X}" for b in data] + tail.split():
            return "control-octets" if not cli.startswith("Hex-STRING") else None
    return None


def test_browser_text_is_net_snmp_text_on_every_recording(store: Any) -> None:
    cli = formatter_for(store)
    browser = browser_formatter(store)
    seen: Counter[str] = Counter()
    checked = 0
    unexplained: list[str] = []
    for path in RECORDINGS:
        for position, record in enumerate(load_snapshot(path, strict=False).records):
            value = record.value
            if not isinstance(value, (bytes, str)) and position % SAMPLE:
                continue
            oid = parse_oid(record.oid)
            theirs, ours = cli.typed_value(oid, value), browser.typed_value(oid, value)
            checked += 1
            if ours == theirs:
                continue
            node = store.lookup(oid)[0]
            kind = _difference(value, theirs, ours, node.units if node is not None else None)
            if kind is None:
                unexplained.append(f"{path.name} {record.oid}: net-snmp {theirs!r}, browser {ours!r}")
            else:
                seen[kind] += 1
    assert checked > 10_000
    assert not unexplained, "\n".join(unexplained[:10])
    assert set(seen) <= set(BROWSER_DIFFERENCES)
    # the recordings hold both kinds (a Windows package name in UTF-8, a switch's form feed)
    assert set(seen) == set(BROWSER_DIFFERENCES), seen
