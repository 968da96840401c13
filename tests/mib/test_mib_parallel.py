"""Parsing MIB files in forked worker processes (issue 18, cold load): the result is
exactly the serial one (the whole corpus, diagnostics with their files and lines), a
failing child costs only time, and no child outlives the load."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import core.mib.loader as loader
import core.mib.parallel as parallel
from core.mib import load_mibs
from core.mib.store import MibStore
from mib.mib_helpers import cache_entry_kinds, corpus_dirs, wait_for_cache_entries

BROKEN = """BROKEN-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
brokenRoot OBJECT IDENTIFIER ::= { enterprises 4242 }
brokenLeaf OBJECT-TYPE SYNTAX INTEGER MAX-ACCESS read-only STATUS current
    BOGUS-CLAUSE "x" ::= { brokenRoot 1 }
END
"""


def _snapshot(store: MibStore) -> tuple[Any, ...]:
    """Everything a load produced: table columns, syntaxes, texts, modules, diagnostics."""
    table = store._table
    columns = [getattr(table, name) for name in (
        "oid_texts", "names", "module_ids", "module_names", "kinds", "syntax_ids", "access",
        "status", "by_oid_order", "primary", "oids", "details")]
    modules = [(m.name, m.file, m.status, m.errors, m.requested, m.imports) for m in store.modules.values()]
    texts = [store._text(row) for row in range(len(store))]
    syntaxes = [store._syntax(k) for k in range(len(store._syntaxes))]
    return (columns, [(s.type_name, s.base, s.tc_chain, s.ranges, s.sizes, s.named, s.display_hint) if s else None
                      for s in syntaxes], texts, modules, [d.as_tuple() for d in store.diagnostics])


def _forced(monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    """Parse with ``workers`` processes whatever this machine's cores and load."""
    monkeypatch.setattr(parallel, "_cores", lambda: workers)
    monkeypatch.setattr(parallel, "_load_average", lambda: 0.0)
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_WORKER", 1)


def _children_left() -> bool:
    try:
        return os.waitpid(-1, os.WNOHANG) != (0, 0)
    except ChildProcessError:
        return False


def test_parallel_load_of_the_corpus_equals_the_serial_one(monkeypatch: pytest.MonkeyPatch) -> None:
    _forced(monkeypatch, 1)
    serial = _snapshot(load_mibs(corpus_dirs(), None, use_cache=False))
    calls: list[int] = []
    real = parallel._spawn
    monkeypatch.setattr(parallel, "_spawn", lambda job, items: calls.append(len(items)) or real(job, items))
    _forced(monkeypatch, 2)
    assert _snapshot(load_mibs(corpus_dirs(), None, use_cache=False)) == serial
    assert len(calls) == 1 and calls[0] > 150  # a child parsed a good share of the files
    assert not _children_left()


def _many(tmp_path: Path) -> Path:
    folder = tmp_path / "mibs"
    folder.mkdir()
    for k in range(12):
        (folder / f"M{k}-MIB").write_text(
            f"M{k}-MIB DEFINITIONS ::= BEGIN\nIMPORTS enterprises FROM SNMPv2-SMI;\n"
            f"m{k} OBJECT IDENTIFIER ::= {{ enterprises {k + 1} }}\nEND\n")
    (folder / "BROKEN-MIB").write_text(BROKEN)
    return folder


def test_diagnostics_of_a_file_parsed_by_a_child_name_its_file_and_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _many(tmp_path)
    _forced(monkeypatch, 1)
    serial = load_mibs([str(folder)], None, use_cache=False)
    _forced(monkeypatch, 4)
    forked = load_mibs([str(folder)], None, cache_dir=tmp_path / "cache")
    wanted = [d for d in forked.diagnostics if d.module == "BROKEN-MIB"]
    assert [d.as_tuple() for d in wanted] == [d.as_tuple() for d in serial.diagnostics if d.module == "BROKEN-MIB"]
    assert any("BOGUS-CLAUSE" in d.message and d.file.endswith("BROKEN-MIB") and d.line == 5 for d in wanted)
    assert forked.resolve("M11-MIB::m11") == (1, 3, 6, 1, 4, 1, 12)
    # the parsed files' cache entries (of files parsed by children) serve the next load
    again = load_mibs([str(folder), str(tmp_path / "empty")], None, cache_dir=tmp_path / "cache")
    assert [d.as_tuple() for d in again.diagnostics] == [d.as_tuple() for d in forked.diagnostics]
    assert not _children_left()


def test_a_child_that_dies_is_redone_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _many(tmp_path)
    _forced(monkeypatch, 1)
    serial = _snapshot(load_mibs([str(folder)], None, use_cache=False))
    _forced(monkeypatch, 3)
    parent = os.getpid()
    real = loader._read_and_parse

    def dies_in_children(path: str) -> Any:
        if os.getpid() != parent:
            os._exit(3)
        return real(path)

    monkeypatch.setattr(loader, "_read_and_parse", dies_in_children)
    assert _snapshot(load_mibs([str(folder)], None, use_cache=False)) == serial
    assert not _children_left()


def test_map_forked_keeps_order_and_redoes_undecodable_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    _forced(monkeypatch, 4)
    items = list(range(40))
    assert parallel.map_forked(lambda k: (k, str(k) * 3), items, items) == [(k, str(k) * 3) for k in items]
    parent = os.getpid()
    # a result marshal cannot carry fails the child's answer: done again here
    assert parallel.map_forked(lambda k: object if os.getpid() != parent else k, items, items) == items
    assert not _children_left()


def test_no_fork_while_other_threads_run_or_without_an_idle_core(monkeypatch: pytest.MonkeyPatch) -> None:
    _forced(monkeypatch, 4)
    assert parallel.worker_count(100) == 4
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_WORKER", 24)
    assert parallel.worker_count(40) == 1  # too few items to share
    monkeypatch.setattr(parallel, "_load_average", lambda: 2.2)  # two other cores busy
    assert parallel.worker_count(100) == 2
    monkeypatch.setattr(parallel, "_load_average", lambda: 3.6)
    assert parallel.worker_count(100) == 1
    monkeypatch.setattr(parallel, "_load_average", lambda: 0.0)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    assert parallel.worker_count(100) == 1
    ran: list[int] = []
    assert parallel.in_background(lambda: ran.append(os.getpid()))() is True
    assert ran == [os.getpid()]  # run here, not in a child


def test_in_background_reports_a_failed_task(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _forced(monkeypatch, 2)
    marker = tmp_path / "done"
    assert parallel.in_background(lambda: marker.write_text(str(os.getpid())))() is True
    assert marker.read_text() != str(os.getpid())  # written by the child

    def fails() -> None:
        raise OSError("disk full")

    assert parallel.in_background(fails)() is False
    assert not _children_left()


def test_write_behind_entries_serve_the_next_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _many(tmp_path)
    _forced(monkeypatch, 2)
    cache = tmp_path / "cache"
    cold = load_mibs([str(folder)], None, cache_dir=cache, write_behind=True)
    assert len(parallel._detached) == 1  # the store and texts entries: written by a child
    parsed: list[str] = []
    monkeypatch.setattr(loader, "_parse_file", lambda text: parsed.append(text) or [])
    warm = load_mibs([str(folder)], None, cache_dir=cache)  # waits for the writer first
    assert not parallel._detached and parsed == []
    assert _snapshot(warm) == _snapshot(cold)
    assert not _children_left()


def test_cli_list_writes_its_cache_behind(tmp_path: Path) -> None:
    import subprocess
    import sys

    from mib.mib_helpers import REPO

    folder = _many(tmp_path)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    command = [sys.executable, "-m", "snmptui", "mib", "-M", str(folder), "list"]
    cold = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    assert cold.returncode == 0 and "m11" in cold.stdout and cold.stderr == ""
    entries = wait_for_cache_entries(tmp_path / "xdg" / "snmptui" / "mib")
    assert entries.count("store") == 1 and entries.count("texts") == 1 and "parsed" in entries
    warm = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    assert warm.stdout == cold.stdout and warm.stderr == ""


# The command with its cache writer slowed down: each entry's write waits first.
_SLOW_WRITER = (
    "import sys, time\n"
    "import core.mib.cache as cache\n"
    "put = cache.MibCache.put\n"
    "cache.MibCache.put = lambda *a, **k: (time.sleep(1.5), put(*a, **k))[1]\n"
    "from snmptui.cli import main\n"
    "sys.argv[0] = 'snmptui'\n"
    "raise SystemExit(main())\n"
)


def test_cli_output_ends_before_its_cache_is_written(tmp_path: Path) -> None:
    """The command exits (its output pipe closed) while its writer goes on; a command
    run meanwhile loads cold and prints the same; the writer leaves complete entries."""
    import subprocess
    import sys
    import time

    from mib.mib_helpers import REPO

    folder = _many(tmp_path)
    cache = tmp_path / "xdg" / "snmptui" / "mib"
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    slow = [sys.executable, "-c", _SLOW_WRITER, "mib", "-M", str(folder), "list"]
    began = time.monotonic()
    cold = subprocess.run(slow, capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    took = time.monotonic() - began
    assert cold.returncode == 0 and "m11" in cold.stdout and cold.stderr == ""
    assert "store" not in cache_entry_kinds(cache) and took < 4.5  # 3 entries x 1.5 s not waited for
    again = subprocess.run([sys.executable, "-m", "snmptui", "mib", "-M", str(folder), "--no-cache", "list"],
                           capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    assert again.stdout == cold.stdout
    entries = wait_for_cache_entries(cache)
    assert entries.count("store") == 1 and entries.count("texts") == 1 and "parsed" in entries
    warm = subprocess.run([sys.executable, "-m", "snmptui", "mib", "-M", str(folder), "list"],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    assert warm.stdout == cold.stdout and warm.stderr == ""


# The command as the program, with an exit handler of its own that must still run.
_WITH_EXIT_HANDLER = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
    "from snmptui.cli import main\n"
    "sys.argv[0] = 'snmptui'\n"
    "raise SystemExit(main())\n"
)


def test_the_command_ends_without_teardown_after_its_output_and_exit_handlers(tmp_path: Path) -> None:
    import subprocess
    import sys

    from mib.mib_helpers import REPO

    folder = _many(tmp_path)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    program = [sys.executable, "-c", _WITH_EXIT_HANDLER, "mib", "-M", str(folder)]
    for args, status in ((["list"], 0), (["list"], 0), (["-m", "NO-SUCH-MIB", "check"], 1)):
        done = subprocess.run([*program, *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
        normal = subprocess.run([sys.executable, "-c", "import sys\nfrom snmptui.cli import main\n"
                                 f"sys.exit(main({['mib', '-M', str(folder), '--no-cache', *args]!r}))"],
                                capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
        assert (done.returncode, normal.returncode) == (status, status)
        assert done.stdout == normal.stdout and done.stdout.count("\n") >= 3
        assert done.stderr == "handler ran\n"
    # a reader that stops early: no traceback, status 0
    reader = subprocess.Popen([*program, "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                              cwd=REPO)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.readline()
    reader.stdout.close()
    assert reader.wait(timeout=60) == 0 and b"Traceback" not in reader.stderr.read()
    reader.stderr.close()


def test_an_outliving_task_runs_in_its_own_session_without_our_streams(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(parallel, "_load_average", lambda: 1e9)  # no idle core: forked anyway
    marker = tmp_path / "seen"

    def task() -> None:
        marker.write_text(f"{os.getsid(0)} {os.readlink('/proc/self/fd/1')}")

    wait = parallel.in_background(task, detached=True, outlive=True)
    assert parallel._detached[-1][1] is True
    parallel._at_exit()  # what the exit does: an outliving task is not waited for
    assert not parallel._detached
    assert wait() is True
    session, stdout = marker.read_text().split()
    assert int(session) != os.getsid(0) and stdout == os.devnull
    assert not _children_left()


def test_children_reaped_by_the_kernel_are_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    _forced(monkeypatch, 2)
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children reaped as they end
    try:
        items = list(range(30))
        assert parallel.map_forked(lambda k: k * 2, items, items) == [k * 2 for k in items]
        assert parallel.in_background(lambda: None)() is False  # its outcome cannot be known
    finally:
        signal.signal(signal.SIGCHLD, previous)
