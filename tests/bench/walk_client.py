"""One GETBULK walk with a named client library; prints a JSON line.

    walk_client.py CLIENT HOST PORT REPS [ROOT[,ROOT...]] [PARALLEL]

Run by bench_walk.py and bench_parallel.py inside the benchmark namespace, one
process per client, so each library is measured the same way: varbinds, wall
seconds and CPU seconds of the walk itself (time.process_time), plus the
process's total CPU at exit. ROOT (default the whole device) may name several
subtrees, walked one after the other; PARALLEL is our requests in flight
(``fetch(..., parallel=N)``; other clients walk serially).
"""

from __future__ import annotations

import json
import resource
import sys
import time


ROOTS = ["1.3.6.1"]
PARALLEL = 1
# snmpd with 500 interfaces on a busy machine may pause for many seconds while
# it reloads a table's cache (its UDP tables took 29 s once); gufo_snmp has no
# retries, so every client, snmpbulkwalk too, waits this long for a reply.
TIMEOUT = 60


WINDOWS: list[str] = []  # per parallel walk: the narrowest window / the limit, cuts, slow ranges


def walk_core(host: str, port: int, reps: int) -> int:
    from core import SnmpSession

    with SnmpSession(host, port, timeout=TIMEOUT, retries=2, max_repetitions=reps) as session:
        if PARALLEL == 1:
            return sum(sum(1 for _ in session.fetch(root)) for root in ROOTS)
        from core.parallel_walk import ParallelWalk
        from core.pdu import PduType

        count = 0
        for root in ROOTS:
            walk = ParallelWalk(session, root, PduType.GETBULK, reps, PARALLEL)
            count += sum(1 for varbinds, _ in walk.pages() for _ in varbinds)
            slow = getattr(walk, "slow_ranges", None)  # a tree without slow ranges has no count
            WINDOWS.append(f"{walk.narrowest}/{walk.limit} window, {walk.splits} cuts"
                           + ("" if slow is None else f", {slow} slow"))
        return count


def walk_gufo(host: str, port: int, reps: int) -> int:
    from gufo.snmp.sync import SnmpSession

    with SnmpSession(host, port, timeout=TIMEOUT, max_repetitions=reps) as session:
        return sum(sum(1 for _ in session.fetch(root)) for root in ROOTS)


def walk_core_v3(host: str, port: int, reps: int) -> int:
    from core import Aes128Key, SnmpSession, User
    from core.security import auth_key_class
    from netns_agent import V3_USER

    name, auth, auth_pass, _, priv_pass = V3_USER
    user = User(name, auth_key=auth_key_class(auth)(auth_pass.encode()),
                priv_key=Aes128Key(priv_pass.encode()))
    with SnmpSession(host, port, user=user, timeout=TIMEOUT, retries=2, max_repetitions=reps) as session:
        return sum(sum(1 for _ in session.fetch(root, parallel=PARALLEL)) for root in ROOTS)


def walk_gufo_v3(host: str, port: int, reps: int) -> int:
    from gufo.snmp import Aes128Key, Sha256Key, User
    from gufo.snmp.sync import SnmpSession
    from netns_agent import V3_USER

    name, _, auth_pass, _, priv_pass = V3_USER
    user = User(name, auth_key=Sha256Key(auth_pass.encode()), priv_key=Aes128Key(priv_pass.encode()))
    with SnmpSession(host, port, user=user, timeout=TIMEOUT, max_repetitions=reps) as session:
        return sum(sum(1 for _ in session.fetch(root)) for root in ROOTS)


CLIENTS = {
    "core": walk_core,
    "gufo_snmp": walk_gufo,
    "core v3": walk_core_v3,
    "gufo_snmp v3": walk_gufo_v3,
}


def main() -> None:
    global ROOTS, PARALLEL
    name, host, port, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if len(sys.argv) > 5:
        ROOTS = sys.argv[5].split(",")
    if len(sys.argv) > 6:
        PARALLEL = int(sys.argv[6])
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    count = CLIENTS[name](host, port, reps)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "client": name if PARALLEL == 1 else f"{name} -Cp{PARALLEL}", "varbinds": count, "wall": wall, "cpu": cpu,
        "user": usage.ru_utime - before.ru_utime, "sys": usage.ru_stime - before.ru_stime,
        "process_cpu": usage.ru_utime + usage.ru_stime, "windows": WINDOWS,
    }))


if __name__ == "__main__":
    main()
