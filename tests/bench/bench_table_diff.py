"""Benchmark: the table view's comparison of a big table with a snapshot of it.

Builds two ifTable ``TableRows`` of N rows x 10 columns (strings, integers, counters;
0.1% of the counters changed) and times, best of ``--repeat`` in this process:

- ``compare_tables`` by index number, and by a key column's value (ifDescr);
- as a peer, the plainest comparison of the same cells: two dicts OID -> value
  compared key by key (value and type), which knows nothing of rows.

Run: python tests/bench/bench_table_diff.py [--rows N] [--repeat N]   (from the repository root)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.mib import load_mibs  # noqa: E402
from core.snapshot.table_diff import compare_tables  # noqa: E402
from core.table import TableRows, TableSpec  # noqa: E402
from core.types import Counter32  # noqa: E402

MIBS = Path(__file__).resolve().parents[3] / "shared" / "mibs" / "netsnmp"


def varbinds(entry: tuple[int, ...], rows: int, shift: int) -> list[tuple[tuple[int, ...], object]]:
    out: list[tuple[tuple[int, ...], object]] = []
    for column in range(1, 11):
        for i in range(1, rows + 1):
            if column == 2:
                value: object = b"port%d" % i
            elif column >= 10:
                value = Counter32(i + (shift if i % 1000 == 0 else 0))
            else:
                value = i
            out.append((entry + (column, i), value))
    return out


def best(repeat: int, job: object) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        job()  # type: ignore[operator]
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        store = load_mibs(dirs=[str(MIBS)], modules=["IF-MIB"], cache_dir=cache)
    spec = TableSpec.of(store, "ifTable")
    a_vb, b_vb = varbinds(spec.entry.oid, args.rows, 0), varbinds(spec.entry.oid, args.rows, 1)
    old, new = TableRows(spec), TableRows(spec)
    old.add(a_vb)
    new.add(b_vb)
    a_dict, b_dict = dict(a_vb), dict(b_vb)
    descr = [c.name for c in new.columns].index("ifDescr")

    def dicts() -> int:
        return sum(1 for k, v in a_dict.items() if (w := b_dict.get(k)) is None or w != v or type(w) is not type(v))

    cells = len(a_vb)
    peer = best(args.repeat, dicts)
    by_number = best(args.repeat, lambda: compare_tables(old, new))
    by_key = best(args.repeat, lambda: compare_tables(old, new, descr, store))
    print(f"{args.rows:,} rows x 10 columns ({cells:,} cells), best of {args.repeat}")
    print(f"  two dicts compared (peer)   {peer:6.2f} s")
    print(f"  compare_tables by number    {by_number:6.2f} s   {by_number / peer:4.1f}x the peer")
    print(f"  compare_tables by ifDescr   {by_key:6.2f} s   {by_key / peer:4.1f}x the peer")
    print(f"  changes found: {compare_tables(old, new).summary()}")


if __name__ == "__main__":
    main()
