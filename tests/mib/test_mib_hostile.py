"""Hostile MIB files and damaged caches (issue 11 items 4 and 6): every problem is a
diagnostic naming the file and line, the other modules still load, and a damaged cache
entry is rebuilt with a one-line notice."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from core.mib import load_mibs
from core.mib.store import MibStore
from mib.mib_helpers import REPO, wait_for_cache_entries

GOOD = """GOOD-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises, Integer32, OBJECT-TYPE FROM SNMPv2-SMI;
goodRoot OBJECT IDENTIFIER ::= { enterprises 9999 }
goodLeaf OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only STATUS current
    DESCRIPTION "the good leaf" ::= { goodRoot 1 }
END
"""


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "mibs"
    folder.mkdir(exist_ok=True)
    (folder / "GOOD-MIB").write_text(GOOD)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def _load(folder: Path, cache: Path | None = None) -> MibStore:
    if cache is None:
        return load_mibs([str(folder)], None, use_cache=False)
    return load_mibs([str(folder)], None, cache_dir=cache)


def _errors(store: MibStore, text: str) -> list[str]:
    return [str(d) for d in store.diagnostics if text in d.message]


# -- item 6: one file must not kill the corpus ------------------------------------

def test_a_5000_digit_arc_is_a_diagnostic_and_the_rest_loads(tmp_path: Path) -> None:
    huge = "7" * 5000
    folder = _folder(tmp_path, BAD=f"""BAD-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
badRoot OBJECT IDENTIFIER ::= {{ enterprises 1 }}
badHuge OBJECT IDENTIFIER ::= {{ badRoot {huge} }}
badFine OBJECT IDENTIFIER ::= {{ badRoot 2 }}
END
""")
    store = _load(folder)
    found = _errors(store, "exceeds 4294967295")
    assert len(found) == 1 and f"{folder / 'BAD'}:4:" in found[0]
    assert store.resolve("GOOD-MIB::goodLeaf") == (1, 3, 6, 1, 4, 1, 9999, 1)
    assert store.resolve("badFine") == (1, 3, 6, 1, 4, 1, 1, 2)
    assert store.by_name("badHuge") is None
    check = subprocess.run([sys.executable, "-m", "snmptui", "mib", "-M", str(folder), "--no-cache", "check"],
                           capture_output=True, text=True, cwd=REPO, timeout=60)
    assert "Traceback" not in check.stderr and "exceeds 4294967295" in check.stdout


def test_arc_just_above_32_bits_and_oid_beyond_128_arcs(tmp_path: Path) -> None:
    long_value = " ".join(["1"] * 130)
    folder = _folder(tmp_path, LIMITS=f"""LIMITS-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
limRoot OBJECT IDENTIFIER ::= {{ enterprises 2 }}
limMax OBJECT IDENTIFIER ::= {{ limRoot 4294967295 }}
limOver OBJECT IDENTIFIER ::= {{ limRoot 4294967296 }}
limLong OBJECT IDENTIFIER ::= {{ limRoot {long_value} }}
END
""")
    store = _load(folder)
    assert store.resolve("limMax") == (1, 3, 6, 1, 4, 1, 2, 4294967295)
    assert [d.line for d in store.diagnostics if "exceeds 4294967295" in d.message] == [5]
    assert [d.line for d in store.diagnostics if "at most 128" in d.message] == [6]
    assert store.by_name("limOver") is None and store.by_name("limLong") is None


def test_10000_chained_definitions_load_in_linear_memory(tmp_path: Path) -> None:
    lines = ["CHAIN-MIB DEFINITIONS ::= BEGIN", "IMPORTS enterprises FROM SNMPv2-SMI;",
             "c0 OBJECT IDENTIFIER ::= { enterprises 3 }"]
    # Written child first, so resolving the first definition climbs the whole chain.
    lines += [f"c{n} OBJECT IDENTIFIER ::= {{ c{n - 1} 1 }}" for n in range(10_000, 0, -1)]
    folder = _folder(tmp_path, CHAIN="\n".join(lines + ["END", ""]))
    tracemalloc.start()
    try:
        store = _load(folder)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 150 * 2**20, f"peak {peak / 2**20:.0f} MiB"  # quadratic was ~680 MB
    assert len(store.resolve("c121")) == 128
    assert store.by_name("c122") is None
    too_long = [d for d in store.diagnostics if "at most 128" in d.message]
    assert len(too_long) == 1 and "c122" in too_long[0].message
    assert store.resolve("goodLeaf")


def test_unreadable_file_says_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.mib.loader as loader

    folder = _folder(tmp_path, LOCKED="LOCKED-MIB DEFINITIONS ::= BEGIN END\n")
    locked = str(folder / "LOCKED")
    real = loader.read_source

    def read(path: str) -> str:  # root reads any file, so refuse the way the kernel would
        if path == locked:
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(loader, "read_source", read)
    store = load_mibs([str(folder)], None, cache_dir=tmp_path / "c")
    found = _errors(store, "permission denied")
    assert found and locked in found[0]
    assert store.resolve("goodLeaf")
    again = load_mibs([str(folder)], None, cache_dir=tmp_path / "c")  # not served from the cache
    assert _errors(again, "permission denied")


def test_self_import_and_import_cycle_are_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path, SELF="""SELF-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI
        selfRoot FROM SELF-MIB;
selfRoot OBJECT IDENTIFIER ::= { enterprises 4 }
END
""", A="""CYC-A-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI bRoot FROM CYC-B-MIB;
aRoot OBJECT IDENTIFIER ::= { enterprises 5 }
aLeaf OBJECT IDENTIFIER ::= { bRoot 1 }
END
""", B="""CYC-B-MIB DEFINITIONS ::= BEGIN
IMPORTS aRoot FROM CYC-A-MIB;
bRoot OBJECT IDENTIFIER ::= { aRoot 1 }
END
""")
    store = _load(folder)
    assert _errors(store, "module SELF-MIB imports from itself")
    cycles = _errors(store, "IMPORTS cycle")
    assert len(cycles) == 1
    assert "CYC-A-MIB -> CYC-B-MIB -> CYC-A-MIB" in cycles[0] or "CYC-B-MIB -> CYC-A-MIB -> CYC-B-MIB" in cycles[0]
    assert store.resolve("aLeaf") == (1, 3, 6, 1, 4, 1, 5, 1, 1)
    assert store.resolve("selfRoot") == (1, 3, 6, 1, 4, 1, 4)


def test_deep_nesting_is_a_diagnostic(tmp_path: Path) -> None:
    nested = "SEQUENCE { a " * 3000 + "INTEGER" + " }" * 3000
    folder = _folder(tmp_path, DEEP=f"""DEEP-MIB DEFINITIONS ::= BEGIN
Deep ::= {nested}
deepRoot OBJECT IDENTIFIER ::= {{ iso 77 }}
END
""")
    store = _load(folder)
    assert _errors(store, "nested too deeply")
    assert store.resolve("deepRoot") == (1, 77)


# -- item 4: damaged cache entries --------------------------------------------------

def test_one_changed_byte_in_the_store_entry_is_caught_and_rebuilt(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    cache = tmp_path / "c"
    _load(folder, cache)
    (entry,) = cache.glob("store-*.marshal")
    data = entry.read_bytes()
    assert data.count(b"goodLeaf") == 1
    entry.write_bytes(data.replace(b"goodLeaf", b"goodLeag"))  # still valid marshal data
    store = _load(folder, cache)
    assert store.resolve("goodLeaf") == (1, 3, 6, 1, 4, 1, 9999, 1)
    assert store.by_name("goodLeag") is None
    assert len(store.notices) == 1 and str(entry) in store.notices[0] and "rebuilt" in store.notices[0]
    assert not _load(folder, cache).notices  # the rebuilt entry is good


def test_changed_description_bytes_are_caught(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    cache = tmp_path / "c"
    _load(folder, cache)
    (entry,) = cache.glob("texts-*.marshal")
    entry.write_bytes(entry.read_bytes().replace(b"the good leaf", b"the evil leaf"))
    store = _load(folder, cache)
    node = store.by_name("goodLeaf")
    assert node is not None and node.description == "the good leaf"
    assert any(str(entry) in notice for notice in store.notices)


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_symlink_or_special_file_entry_is_ignored(tmp_path: Path, kind: str) -> None:
    folder = _folder(tmp_path)
    cache = tmp_path / "c"
    _load(folder, cache)
    (entry,) = cache.glob("store-*.marshal")
    stolen = tmp_path / "elsewhere"
    os.replace(entry, stolen)
    if kind == "symlink":
        entry.symlink_to(stolen)  # a valid entry, but only through a link
    else:
        os.mkfifo(entry)  # opening it for reading would block forever
    store = _load(folder, cache)
    assert store.resolve("goodLeaf")
    assert len(store.notices) == 1 and str(entry) in store.notices[0]
    assert entry.is_file() and not entry.is_symlink()  # replaced by a rebuilt entry
    assert stolen.read_bytes()  # the link's target was not written through


def test_cli_prints_the_notice_on_one_line(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    command = [sys.executable, "-m", "snmptui", "mib", "-M", str(folder), "list"]
    subprocess.run(command, capture_output=True, cwd=REPO, env=env, check=True, timeout=60)
    wait_for_cache_entries(tmp_path / "xdg" / "snmptui" / "mib")  # written behind, maybe after the exit
    (entry,) = (tmp_path / "xdg").rglob("store-*.marshal")
    data = bytearray(entry.read_bytes())
    data[-5] ^= 0x01
    entry.write_bytes(bytes(data))
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env, timeout=60)
    assert done.returncode == 0 and "goodLeaf" in done.stdout
    assert done.stderr.count("\n") == 1 and "rebuilt" in done.stderr and "Traceback" not in done.stderr
