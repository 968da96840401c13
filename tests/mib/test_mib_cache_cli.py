"""Compiled-MIB cache (warm equals cold, corrupt entries rebuilt, keyed by mtime) and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.mib import load_mibs
from core.mib.store import MibStore
from core.oid import format_oid
from mib.mib_helpers import CORPUS, REPO, corpus_dirs

MIB = """CACHE-T-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises, Integer32 FROM SNMPv2-SMI;
cacheRoot OBJECT IDENTIFIER ::= {{ enterprises {n} }}
cacheLeaf OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only STATUS current ::= {{ cacheRoot 1 }}
END
"""


def _signature(store: MibStore) -> list[tuple[object, ...]]:
    return [(n.oid, n.name, n.module, n.kind, n.access, n.description,
             n.syntax.base if n.syntax else None) for n in store.sorted_nodes()]


def test_warm_load_equals_cold_and_reuses_cache(tmp_path: Path) -> None:
    dirs = [str(CORPUS / "netsnmp")]
    cold = load_mibs(dirs, None, cache_dir=tmp_path)
    assert list(tmp_path.glob("store-*"))
    warm = load_mibs(dirs, None, cache_dir=tmp_path)
    assert _signature(warm) == _signature(cold)
    assert [str(d) for d in warm.diagnostics] == [str(d) for d in cold.diagnostics]


def test_changed_file_is_reparsed(tmp_path: Path) -> None:
    folder = tmp_path / "mibs"
    folder.mkdir()
    path = folder / "C"
    path.write_text(MIB.format(n=1))
    first = load_mibs([str(folder)], None, cache_dir=tmp_path / "c")
    assert first.resolve("cacheLeaf") == (1, 3, 6, 1, 4, 1, 1, 1)
    path.write_text(MIB.format(n=22))  # different size
    os.utime(path, ns=(1, 1))  # and mtime
    second = load_mibs([str(folder)], None, cache_dir=tmp_path / "c")
    assert second.resolve("cacheLeaf") == (1, 3, 6, 1, 4, 1, 22, 1)


def test_corrupt_cache_entries_are_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "mibs"
    folder.mkdir()
    (folder / "C").write_text(MIB.format(n=5))
    cache = tmp_path / "c"
    load_mibs([str(folder)], None, cache_dir=cache)
    entries = list(cache.glob("*.marshal"))
    assert entries
    for index, entry in enumerate(entries):
        entry.write_bytes(b"\x00garbage" if index % 2 else entry.read_bytes()[:10])
    store = load_mibs([str(folder)], None, cache_dir=cache)
    assert store.resolve("cacheLeaf") == (1, 3, 6, 1, 4, 1, 5, 1)
    again = load_mibs([str(folder)], None, cache_dir=cache)  # rewritten entries are good
    assert again.resolve("cacheLeaf") == (1, 3, 6, 1, 4, 1, 5, 1)
    assert not list(cache.glob(".tmp-*"))


def test_cache_is_pruned_least_recently_used_first(tmp_path: Path) -> None:
    from core.mib.cache import MibCache

    cache = MibCache(tmp_path, size_limit=10_000)
    for n in range(6):
        cache.put("file", ("mib", n), b"x" * 3000)
        os.utime(cache._path("file", ("mib", n)), (1_000_000 + n, 1_000_000 + n))
    assert cache.get("file", ("mib", 0)) == b"x" * 3000  # a read makes it the newest
    stale = tmp_path / ".tmp-left-by-a-crash"
    stale.write_bytes(b"partial")
    os.utime(stale, (1_000_000, 1_000_000))
    fresh = tmp_path / ".tmp-being-written"
    fresh.write_bytes(b"partial")
    assert cache.prune() == 4  # three oldest entries, one stale temporary file
    kept = {n for n in range(6) if cache.get("file", ("mib", n)) is not None}
    assert kept == {0, 4, 5}
    assert not stale.exists() and fresh.exists()


def test_a_load_that_writes_prunes_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.mib import cache as mib_cache

    folder = tmp_path / "mibs"
    folder.mkdir()
    path = folder / "C"
    cache = tmp_path / "c"
    path.write_text(MIB.format(n=1))
    load_mibs([str(folder)], None, cache_dir=cache)
    one_load = sum(p.stat().st_size for p in cache.glob("*.marshal"))
    monkeypatch.setattr(mib_cache, "CACHE_SIZE_LIMIT", one_load * 2)
    for n in range(2, 9):
        path.write_text(MIB.format(n=n) + "-- padding\n" * n)  # each edit leaves stale entries
        store = load_mibs([str(folder)], None, cache_dir=cache)
        assert store.resolve("cacheLeaf") == (1, 3, 6, 1, 4, 1, n, 1)
        assert sum(p.stat().st_size for p in cache.glob("*.marshal")) <= one_load * 2
    # Pruning never takes what the last load needs: loading again gives the same.
    assert load_mibs([str(folder)], None, cache_dir=cache).resolve("cacheLeaf") == (1, 3, 6, 1, 4, 1, 8, 1)


def _cli(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), MIBS="", MIBDIRS="")
    return subprocess.run([sys.executable, "-m", "snmptui", "mib", *args], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=60)


@pytest.fixture(scope="module")
def cli_cache(session_cache_home: Path) -> Path:
    """The session's XDG_CACHE_HOME: the corpus the ``store`` fixture compiled is warm there."""
    return session_cache_home


def test_cli_list_is_sorted_and_matches_store(store: MibStore, cli_cache: Path) -> None:
    done = _cli("list", "-M", ":".join(corpus_dirs()), cache=cli_cache)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(store.nodes)
    keys = [tuple(map(int, line.split("\t")[0].split("."))) for line in lines]
    assert keys == sorted(keys)
    assert "1.3.6.1.2.1.2.2.1.2\tIF-MIB::ifDescr" in lines


def test_cli_translate_both_ways(cli_cache: Path) -> None:
    done = _cli("-M", ":".join(corpus_dirs()), "translate", "IF-MIB::ifDescr.3", "sysDescr.0",
                ".1.3.6.1.2.1.2.2.1.2.3", cache=cli_cache)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["1.3.6.1.2.1.2.2.1.2.3", "1.3.6.1.2.1.1.1.0", "IF-MIB::ifDescr.3"]
    bad = _cli("-M", ":".join(corpus_dirs()), "translate", "noSuchThing.1", cache=cli_cache)
    assert bad.returncode == 1 and "noSuchThing" in bad.stderr and "Traceback" not in bad.stderr


def test_cli_check_reports_and_fails_for_missing_requested_module(tmp_path: Path, cli_cache: Path) -> None:
    ok = _cli("check", "-M", str(CORPUS / "netsnmp"), "-m", "IF-MIB", cache=cli_cache)
    assert ok.returncode == 0, ok.stdout
    assert "loaded\tIF-MIB\t" in ok.stdout
    missing = _cli("check", "-M", str(tmp_path), "-m", "NOT-THERE-MIB", cache=cli_cache)
    assert missing.returncode == 1
    assert "failed\tNOT-THERE-MIB" in missing.stdout and "not found in the search path" in missing.stdout


@pytest.mark.parametrize("args", [["--frob", "list"], ["list", "-Z"], [], ["translate"]])
def test_cli_bad_flags_exit_2_with_one_line(args: list[str], cli_cache: Path) -> None:
    done = _cli(*args, cache=cli_cache)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    flag = next((a for a in args if a.startswith("-")), None)
    if flag:
        assert flag in done.stderr


def test_cli_does_not_import_textual(cli_cache: Path) -> None:
    code = ("import sys; from snmptui.commands import mib; "
            "print('textual' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def test_every_raw_librenms_mib_loads_or_has_diagnostics(tmp_path: Path) -> None:
    root = CORPUS / "vendor" / "librenms"
    dirs = sorted(str(p) for p in [root, *root.rglob("*")] if p.is_dir())
    dirs += [str(CORPUS / "netsnmp"), str(CORPUS / "ietf-extra")]
    store = load_mibs(dirs, None, cache_dir=tmp_path)
    files = {str(p) for p in root.rglob("*") if p.is_file()}
    loaded_files = {m.file for m in store.modules.values() if m.status == "loaded"}
    with_diagnostics = {d.file for d in store.diagnostics}
    assert files <= loaded_files | with_diagnostics
    nms = store.modules["NMS-CARD-SYS-MIB"]  # stray backtick, "--text --ident" comments
    assert nms.status == "loaded"
    assert store.by_name("cardSysNotifications") is not None
    assert any(d.module == "NMS-CARD-SYS-MIB" and "stray" in d.message for d in store.diagnostics)
    assert format_oid(store.resolve("UBNT-MIB::ubnt")) == "1.3.6.1.4.1.41112"


def test_lost_description_cache_is_rebuilt(tmp_path: Path) -> None:
    dirs = [str(CORPUS / "netsnmp")]
    load_mibs(dirs, ["IF-MIB"], cache_dir=tmp_path)
    for entry in tmp_path.glob("texts-*"):
        entry.write_bytes(b"broken")
    warm = load_mibs(dirs, ["IF-MIB"], cache_dir=tmp_path)
    node = warm.by_name("IF-MIB::ifDescr")
    assert node is not None and node.description.startswith("A textual string containing information")


def test_an_edited_file_is_the_only_one_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.mib.loader as loader

    folder = tmp_path / "mibs"
    folder.mkdir()
    (folder / "C").write_text(MIB.format(n=1))
    (folder / "D").write_text(MIB.format(n=2).replace("CACHE-T-MIB", "CACHE-D-MIB").replace("cache", "other"))
    load_mibs([str(folder)], None, cache_dir=tmp_path / "c")
    parsed: list[str] = []
    real = loader._parse_file
    monkeypatch.setattr(loader, "_parse_file", lambda text: parsed.append(text[:11]) or real(text))
    (folder / "C").write_text(MIB.format(n=33))
    store = load_mibs([str(folder)], None, cache_dir=tmp_path / "c")
    assert parsed == ["CACHE-T-MIB"]
    assert store.resolve("cacheLeaf") == (1, 3, 6, 1, 4, 1, 33, 1)
    assert store.resolve("otherLeaf") == (1, 3, 6, 1, 4, 1, 2, 1)


def test_a_folder_added_to_the_path_is_the_only_one_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.mib.loader as loader

    def module(name: str, n: int) -> str:
        return MIB.format(n=n).replace("CACHE-T-MIB", f"CACHE-{name}-MIB").replace("cache", name.lower())

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "C").write_text(module("C", 1))
    (first / "F").write_text(module("F", 3))
    (second / "D").write_text(module("D", 2))
    load_mibs([str(first)], None, cache_dir=tmp_path / "c")
    parsed: list[str] = []
    real = loader._parse_file
    monkeypatch.setattr(loader, "_parse_file", lambda text: parsed.append(text[:11]) or real(text))
    store = load_mibs([str(first), str(second)], None, cache_dir=tmp_path / "c")
    assert parsed == ["CACHE-D-MIB"]
    assert store.resolve("dLeaf") == (1, 3, 6, 1, 4, 1, 2, 1)
    # An edited file of the first folder named on its own: that folder's entry keeps F.
    (first / "C").write_text(module("C", 11))
    parsed.clear()
    store = load_mibs([str(second)], "CACHE-D-MIB", files=[str(first / "C")], cache_dir=tmp_path / "c")
    assert parsed == ["CACHE-C-MIB"] and store.resolve("cLeaf") == (1, 3, 6, 1, 4, 1, 11, 1)
    parsed.clear()
    store = load_mibs([str(second), str(first)], None, cache_dir=tmp_path / "c")
    assert parsed == []
    assert [store.resolve(f"{n}Leaf")[6] for n in "cdf"] == [11, 2, 3]
