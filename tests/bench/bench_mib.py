"""Benchmark: load the whole ../shared/mibs corpus cold and warm, against net-snmp.

Prints cold (no cache) and warm (cache) load seconds of ``load_mibs`` for every folder of
the corpus, module and node counts, and, measured in the same run, net-snmp's
``snmptranslate -M <dirs> -m ALL -Tz`` time and the number of modules it parsed
(``-Dparse-mibs`` "Parsing MIB" lines). Targets: cold <= 3 s, warm <= 0.3 s, at least
as many modules as net-snmp.

Run: python tests/bench/bench_mib.py   (from the repository root)
"""

from __future__ import annotations

import os
import re
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


def corpus_dirs() -> list[str]:
    return sorted(str(p) for p in [CORPUS, *CORPUS.rglob("*")] if p.is_dir())


def netsnmp(dirs: list[str]) -> tuple[float, int, int]:
    env = dict(os.environ, MIBS="", MIBDIRS="", HOME="/nonexistent", SNMPCONFPATH="/nonexistent")
    command = ["snmptranslate", "-M", ":".join(dirs), "-m", "ALL", "-Tz"]
    times = []
    out = ""
    for _ in range(3):
        began = time.perf_counter()
        out = subprocess.run(command, capture_output=True, text=True, env=env).stdout
        times.append(time.perf_counter() - began)
    debug = subprocess.run(command[:-1] + ["-Dparse-mibs", "-Tz"], capture_output=True, text=True, env=env).stderr
    modules = len(set(re.findall(r"Parsing MIB: \d+ (\S+)", debug)))
    return min(times), modules, len(out.splitlines())


def warm_in_fresh_process(dirs: list[str], cache: Path) -> float:
    """Warm load as a browser start sees it: a new interpreter, modules imported first."""
    code = ("import sys, time; sys.path.insert(0, sys.argv[1]); from core.mib import load_mibs; "
            "began = time.perf_counter(); load_mibs(sys.argv[2].split(':'), None, cache_dir=sys.argv[3]); "
            "print(time.perf_counter() - began)")
    done = subprocess.run([sys.executable, "-c", code, str(REPO), ":".join(dirs), str(cache)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout)


def main() -> int:
    dirs = corpus_dirs()
    files = sum(1 for d in dirs for p in Path(d).iterdir() if p.is_file())
    with tempfile.TemporaryDirectory() as tmp:
        colds, warms = [], []
        store = None
        for attempt in range(3):
            cache = Path(tmp) / f"c{attempt}"
            began = time.perf_counter()
            store = load_mibs(dirs, None, cache_dir=cache)
            colds.append(time.perf_counter() - began)
            for _ in range(3):
                began = time.perf_counter()
                load_mibs(dirs, None, cache_dir=cache)
                warms.append(time.perf_counter() - began)
        fresh = [warm_in_fresh_process(dirs, Path(tmp) / "c0") for _ in range(5)]
        began = time.perf_counter()
        load_mibs(dirs, None, use_cache=False)
        no_cache = time.perf_counter() - began
    assert store is not None
    loaded = [m for m in store.modules.values() if m.status == "loaded" and m.file]
    ns_time, ns_modules, ns_nodes = netsnmp(dirs)
    cold, warm, warm_in_process = min(colds), statistics.median(fresh), statistics.median(warms)
    print(f"corpus: {CORPUS} ({len(dirs)} folders, {files} files)")
    print(f"snmptui cold load (parse+resolve+write cache): {cold:.3f} s  (runs: "
          + ", ".join(f"{t:.2f}" for t in colds) + ")")
    print(f"snmptui load without cache (parse+resolve):     {no_cache:.3f} s")
    print(f"snmptui warm load (from cache, new process):    {warm:.3f} s  (median of {len(fresh)})")
    print(f"snmptui warm load (again in the same process):  {warm_in_process:.3f} s  (median of {len(warms)})")
    print(f"net-snmp snmptranslate -m ALL -Tz:              {ns_time:.3f} s")
    print(f"ratio cold/net-snmp: {cold / ns_time:.2f}x   warm/net-snmp: {warm / ns_time:.2f}x")
    print(f"modules loaded: snmptui {len(loaded)} (from files) vs net-snmp {ns_modules}")
    print(f"nodes: snmptui {len(store.nodes)} definitions, net-snmp -Tz {ns_nodes} lines")
    print(f"diagnostics: {sum(d.severity == 'error' for d in store.diagnostics)} errors, "
          f"{sum(d.severity == 'warning' for d in store.diagnostics)} warnings")
    ok = cold <= 3.0 and warm <= 0.3 and len(loaded) >= ns_modules
    print("targets (cold <= 3 s, warm <= 0.3 s, modules >= net-snmp):", "MET" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
