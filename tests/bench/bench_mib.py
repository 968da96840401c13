"""Benchmark: `snmptui mib list` over the whole corpus, cold and warm, against net-snmp.

The corpus is every folder of ../shared/mibs plus net-snmp's own MIB folder
(/usr/share/snmp/mibs). Timed in the same run, each as a whole command (new process,
output to a pipe that is read and counted):

- net-snmp: ``snmptranslate -M <dirs> -m ALL -Tz`` (it parses every file every time);
- snmptui cold: ``snmptui mib -M <dirs> list`` with an empty cache directory
  (parse + resolve + write the cache; when the load average leaves a core idle,
  files are parsed by forked workers too: the CPU of the process itself, its
  critical path, is printed apart from its workers'). The cache is written by a
  child that may finish after the command has exited: the cold time is the command's
  (until it exits, its output complete); the time until that writer is done too, and
  its CPU, are printed apart (this benchmark is its subreaper, so it reaps it and
  waits for it before the next run, and the CPU figures include it);
- snmptui warm: the same command again, served from the cache;
- snmptui after a change: the same cache, one small MIB file added to the search path
  (the store is rebuilt; only the new file is parsed, the others come from the per-file
  cache).

Python runs with its byte-code cache on (in a temporary ``PYTHONPYCACHEPREFIX``, primed
first), as an installed snmptui does. Also printed: the in-process ``load_mibs``
times, a cold load in a new process serial and with its workers forked whatever the
load (alternating), module and node counts against net-snmp's. Targets (issue 18): warm <= 0.5x and
cold <= 3x net-snmp's time in this run; at least as many modules as net-snmp parses.

Run: python tests/bench/bench_mib.py   (from the repository root)
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from core.mib import load_mibs  # noqa: E402

CORPUS = REPO.parent / "shared" / "mibs"
NETSNMP_MIBS = Path("/usr/share/snmp/mibs")
RUNS = 5
ADDED_MIB = """BENCH-ADDED-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
benchAdded OBJECT IDENTIFIER ::= { enterprises 99999 }
END
"""


def corpus_dirs() -> list[str]:
    dirs = sorted(str(p) for p in [CORPUS, *CORPUS.rglob("*")] if p.is_dir())
    return dirs + ([str(NETSNMP_MIBS)] if NETSNMP_MIBS.is_dir() else [])


CPU: dict[str, list[float]] = {}


# Runs snmptui as ``-m snmptui`` does, then prints on stderr the CPU seconds of the
# process itself (the critical path: what the wall time is on a quiet machine with a
# free core) and of the worker processes it forked and reaped (parsers, cache writers).
_SELF_CPU = (
    "import atexit, resource, runpy, sys\n"
    "def report():\n"
    "    own, kids = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "    print(f'BENCH-CPU {own.ru_utime + own.ru_stime} {kids.ru_utime + kids.ru_stime}', file=sys.stderr)\n"
    "atexit.register(report)\n"
    "sys.argv[0] = 'snmptui'\n"
    "runpy.run_module('snmptui', run_name='__main__', alter_sys=True)\n"
)
SPLIT: dict[str, list[tuple[float, float]]] = {}
# A cold load_mibs + listing in a new process, serial or with workers forked whatever
# the load average; prints its wall and its own CPU seconds.
_FORCED = (
    "import time\n"
    "began = time.perf_counter()\n"
    "import resource, sys\n"
    "import core.mib.parallel as parallel\n"
    "from core.mib import load_mibs\n"
    "mode, dirs, cache = sys.argv[1:]\n"
    "parallel._load_average = (lambda: 1e9) if mode == 'serial' else (lambda: 0.0)\n"
    "store = load_mibs(dirs, None, cache_dir=cache, write_behind=True)\n"
    "text = ''.join(f'{o}\\t{m}::{n}\\n' for o, m, n in store.listing())\n"
    "parallel.settle()\n"
    "own = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print(time.perf_counter() - began, own.ru_utime + own.ru_stime)\n"
)


# Processes a command left running (its cache writer): the wall seconds from the
# command's start until they had ended too, and their CPU seconds, by label.
OUTLIVED: dict[str, list[tuple[float, float]]] = {}


def become_subreaper() -> bool:
    """Orphans of the commands run here (a cache writer left running when its command
    exited) become this process's children (Linux): waited for and their CPU counted."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def reap_orphans() -> None:
    try:
        while True:
            os.waitpid(-1, 0)
    except ChildProcessError:
        pass


def timed(command: list[str], env: dict[str, str], label: str = "") -> tuple[float, int]:
    """Wall seconds of one command (until it exited) and the number of lines it
    printed; its CPU seconds (user + system, with any process it left running, waited
    for here) go to ``CPU[label]`` (a loaded machine stretches wall time, CPU less),
    for a command run through ``_SELF_CPU``, (own, workers') CPU to ``SPLIT[label]``,
    and (wall until they ended, CPU) of what it left running to ``OUTLIVED[label]``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, cwd=REPO)
    elapsed = time.perf_counter() - began
    exited = resource.getrusage(resource.RUSAGE_CHILDREN)
    reap_orphans()
    complete = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    OUTLIVED.setdefault(label, []).append(
        (complete, after.ru_utime - exited.ru_utime + after.ru_stime - exited.ru_stime))
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {done.stderr.decode(errors='replace')[-500:]}")
    CPU.setdefault(label, []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    for line in done.stderr.decode(errors="replace").splitlines():
        if line.startswith("BENCH-CPU "):
            own, workers = map(float, line.split()[1:])
            SPLIT.setdefault(label, []).append((own, workers))
    return elapsed, done.stdout.count(b"\n")


def netsnmp_modules(dirs: list[str], env: dict[str, str]) -> int:
    command = ["snmptranslate", "-M", ":".join(dirs), "-m", "ALL", "-Dparse-mibs", "-Tz"]
    debug = subprocess.run(command, capture_output=True, text=True, env=env).stderr
    return len(set(re.findall(r"Parsing MIB: \d+ (\S+)", debug)))


def main() -> int:
    print("load average at start: " + ", ".join(f"{v:.1f}" for v in os.getloadavg())
          + f" on {os.cpu_count()} CPUs (wall times stretch with it; CPU times much less)")
    subreaper = become_subreaper()
    dirs = corpus_dirs()
    files = sum(1 for d in dirs for p in Path(d).iterdir() if p.is_file())
    tool_env = dict(os.environ, MIBS="", MIBDIRS="", HOME="/nonexistent", SNMPCONFPATH="/nonexistent")
    netsnmp_command = ["snmptranslate", "-M", ":".join(dirs), "-m", "ALL", "-Tz"]
    ours_command = [sys.executable, "-c", _SELF_CPU, "mib", "-M", ":".join(dirs), "list"]
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPYCACHEPREFIX=str(Path(tmp) / "pyc"), MIBS="", MIBDIRS="")
        env["XDG_CACHE_HOME"] = str(Path(tmp) / "prime")
        timed(ours_command, env)  # byte-code cache primed, as after an install
        ns_times, colds, warms, changes = [], [], [], []
        ns_lines = our_lines = 0
        for attempt in range(RUNS):
            elapsed, ns_lines = timed(netsnmp_command, tool_env, "net-snmp")
            ns_times.append(elapsed)
            env["XDG_CACHE_HOME"] = str(Path(tmp) / f"xdg{attempt}")
            elapsed, our_lines = timed(ours_command, env, "cold")
            colds.append(elapsed)
            warms.append(timed(ours_command, env, "warm")[0])
            added = Path(tmp) / f"added{attempt}"
            added.mkdir()
            (added / "BENCH-ADDED-MIB").write_text(ADDED_MIB)
            changed_command = [*ours_command[:5], ":".join([*dirs, str(added)]), "list"]
            changes.append(timed(changed_command, env, "changed")[0])
        began = time.perf_counter()
        store = load_mibs(dirs, None, cache_dir=Path(tmp) / "inproc")
        in_cold = time.perf_counter() - began
        # The cold load in a new process (as the command runs it), serial and with the
        # workers forked whatever the load average, alternating: what forking saves here.
        forced: dict[str, list[tuple[float, float]]] = {"serial": [], "forked": []}
        for attempt in range(RUNS):
            for mode in forced:
                done = subprocess.run([sys.executable, "-c", _FORCED, mode, ":".join(dirs),
                                       str(Path(tmp) / f"forced-{mode}{attempt}")],
                                      capture_output=True, text=True, env=env, cwd=REPO)
                if done.returncode != 0:
                    raise SystemExit(f"forced {mode} load failed: {done.stderr[-500:]}")
                wall, own = map(float, done.stdout.split())
                forced[mode].append((wall, own))
        began = time.perf_counter()
        load_mibs(dirs, None, cache_dir=Path(tmp) / "inproc")
        in_warm = time.perf_counter() - began
    loaded = [m for m in store.modules.values() if m.status == "loaded" and m.file]
    ns_modules = netsnmp_modules(dirs, tool_env)
    ns, cold, warm = statistics.median(ns_times), statistics.median(colds), statistics.median(warms)

    def runs(values: list[float]) -> str:
        return ", ".join(f"{v:.2f}" for v in values)

    print(f"corpus: {len(dirs)} folders ({CORPUS} and {NETSNMP_MIBS}), {files} files")
    print(f"net-snmp snmptranslate -m ALL -Tz:   {ns:.3f} s median  (runs: {runs(ns_times)}), {ns_lines} lines")
    print(f"snmptui mib list, cold (no cache):   {cold:.3f} s median  (runs: {runs(colds)}), {our_lines} lines")
    if subreaper:
        print(f"  cold, until its cache writer (left running at exit) was done too: "
              f"{statistics.median(w for w, _ in OUTLIVED['cold']):.3f} s median, "
              f"the writer's CPU after the exit {statistics.median(c for _, c in OUTLIVED['cold']):.3f} s")
    else:
        print("  (not a subreaper here: a cache writer left running is neither waited for nor counted)")
    print(f"snmptui mib list, warm (cache):      {warm:.3f} s median  (runs: {runs(warms)})")
    print(f"snmptui mib list, one file added:    {statistics.median(changes):.3f} s median  "
          f"(runs: {runs(changes)})")
    cpu = {label: statistics.median(values) for label, values in CPU.items() if label}
    print(f"CPU (user+sys, medians): net-snmp {cpu['net-snmp']:.3f} s, cold {cpu['cold']:.3f} s "
          f"({cpu['cold'] / cpu['net-snmp']:.2f}x), warm {cpu['warm']:.3f} s ({cpu['warm'] / cpu['net-snmp']:.2f}x), "
          f"one file added {cpu['changed']:.3f} s ({cpu['changed'] / cpu['net-snmp']:.2f}x)")
    for label in ("cold", "changed"):
        own = statistics.median(o for o, _ in SPLIT[label])
        workers = statistics.median(w for _, w in SPLIT[label])
        print(f"  {label}: the process itself {own:.3f} s CPU ({own / cpu['net-snmp']:.2f}x net-snmp's), "
              f"its forked workers {workers:.3f} s")
    print(f"in-process load_mibs: cold {in_cold:.3f} s, warm {in_warm:.3f} s")
    for mode, values in forced.items():
        print(f"  cold load + listing in a new process, {mode}: {statistics.median(w for w, _ in values):.3f} s "
              f"median wall, {statistics.median(c for _, c in values):.3f} s CPU of the process itself")
    print(f"ratio cold/net-snmp: {cold / ns:.2f}x (target <= 3)   warm/net-snmp: {warm / ns:.2f}x (target <= 0.5)")
    print(f"modules loaded: snmptui {len(loaded)} (from files) vs net-snmp {ns_modules}; "
          f"nodes: snmptui {len(store)}, net-snmp -Tz {ns_lines}")
    print(f"diagnostics: {sum(d.severity == 'error' for d in store.diagnostics)} errors, "
          f"{sum(d.severity == 'warning' for d in store.diagnostics)} warnings")
    ok = cold <= 3 * ns and warm <= 0.5 * ns and len(loaded) >= ns_modules
    print("targets:", "MET" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
