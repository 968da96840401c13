"""Benchmark: a flood of 50,000 SNMPv2c traps from a loopback sender, as fast as it can send.

    python3 tests/bench/bench_traps.py [--count 50000] [--rate 0] [--mibs DIRS]

The same datagrams (pre-encoded IF-MIB linkDown traps with distinct request-ids)
go to ``snmptui traps`` (printing snmptrapd's format to a file) and to net-snmp's
``snmptrapd -f -Lo`` in the same run, one after the other. ``--rate N`` paces the
sender at N traps/s (0: unpaced). For each receiver: notifications received and
printed, dropped (sent minus received: the kernel's socket buffer overflowed),
receiver CPU seconds during the flood (from /proc, so MIB loading is excluded),
peak RSS, and the ratio to snmptrapd. Also the in-process receiver
(``core.notify.NotificationReceiver`` with its 10,000-entry ring buffer and no
output, the sender a thread of the same process): received, drops and the RSS the
process grew by (the ring buffer full of notifications).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from core.message.community import encode_community_message  # noqa: E402
from core.notify import NotificationDecoder, NotificationReceiver, load_engine_state  # noqa: E402
from core.pdu import Pdu, PduType  # noqa: E402
from core.types import ObjectIdentifier, TimeTicks  # noqa: E402
from core.version import SnmpVersion  # noqa: E402

# The first line of each v2c notification in snmptrapd's format (nothing else matches it).
_HEADER = re.compile(rb"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \[UDP: \[[^]]+\]:\d+->\[[^]]+\]:\d+\]:$", re.M)
_TICKS = os.sysconf("SC_CLK_TCK")


def traps(count: int) -> list[bytes]:
    out = []
    for i in range(count):
        varbinds = [
            ("1.3.6.1.2.1.1.3.0", TimeTicks(100_000 + i)),
            ("1.3.6.1.6.3.1.1.4.1.0", ObjectIdentifier("1.3.6.1.6.3.1.1.5.3")),
            (f"1.3.6.1.2.1.2.2.1.1.{i % 48 + 1}", i % 48 + 1),
            (f"1.3.6.1.2.1.2.2.1.7.{i % 48 + 1}", 1),
            (f"1.3.6.1.2.1.2.2.1.8.{i % 48 + 1}", 2),
        ]
        out.append(encode_community_message(SnmpVersion.v2c, b"public", Pdu(PduType.TRAP_V2, i + 1, 0, 0, varbinds)))
    return out


def send(datagrams: list[bytes], port: int, rate: float) -> float:
    """Send all datagrams; the seconds it took."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        start = time.perf_counter()
        for i, data in enumerate(datagrams):
            while True:
                try:
                    sock.sendto(data, ("127.0.0.1", port))
                    break
                except BlockingIOError:
                    continue
            if rate and i % 100 == 99:
                ahead = start + (i + 1) / rate - time.perf_counter()
                if ahead > 0:
                    time.sleep(ahead)
        return time.perf_counter() - start


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _rss_now_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_process(name: str, command: list[str], out: Path, ready: bytes, port: int, datagrams: list[bytes],
                rate: float, env: dict[str, str]) -> dict:  # fmt: skip
    with open(out, "wb") as handle, open(out.with_suffix(".err"), "wb") as err:
        process = subprocess.Popen(command, stdout=handle, stderr=err, env=env, cwd=REPO)
        watched = out if ready == b"NET-SNMP version" else out.with_suffix(".err")
        deadline = time.monotonic() + 120
        while ready not in watched.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{name} did not start: {out.with_suffix('.err').read_text()}")
            time.sleep(0.05)
        time.sleep(0.5)
        cpu0 = _cpu(process.pid)
        wall0 = time.perf_counter()
        send_seconds = send(datagrams, port, rate)
        # Drained when the output stops growing for half a second.
        size, still = -1, time.monotonic()
        while time.monotonic() - still < 0.5:
            now = out.stat().st_size
            if now != size:
                size, still = now, time.monotonic()
            time.sleep(0.05)
        wall = time.perf_counter() - wall0 - 0.5
        cpu = _cpu(process.pid) - cpu0
        rss = _rss_mb(process.pid)
        process.send_signal(2)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
    received = len(_HEADER.findall(out.read_bytes()))
    return {"name": name, "received": received, "dropped": len(datagrams) - received, "send": send_seconds,
            "wall": wall, "cpu": cpu, "rss": rss}  # fmt: skip


def run_in_process(datagrams: list[bytes], rate: float, tmp: Path) -> dict:
    state = load_engine_state(tmp / "engine.json")
    receiver = NotificationReceiver(NotificationDecoder(engine_id=state.engine_id), "127.0.0.1", 0).start()
    rss0 = _rss_now_mb()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    sender = threading.Thread(target=send, args=(datagrams, receiver.port, rate))
    sender.start()
    sender.join()
    count, still = -1, time.monotonic()
    while time.monotonic() - still < 0.5:
        if receiver.stats.notifications != count:
            count, still = receiver.stats.notifications, time.monotonic()
        time.sleep(0.05)
    wall = time.perf_counter() - wall0 - 0.5
    cpu = time.process_time() - cpu0  # sender and receiver threads together
    held = _rss_now_mb() - rss0
    receiver.stop()
    receiver.close()
    return {"name": "NotificationReceiver (in-process)", "received": receiver.stats.notifications,
            "dropped": len(datagrams) - receiver.stats.notifications, "wall": wall, "cpu": cpu,
            "kept": len(receiver.log), "held_mb": held, "rate": receiver.rate.rate()}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--rate", type=float, default=0.0, help="traps per second (0: as fast as possible)")
    parser.add_argument("--mibs", default=str(REPO.parent / "shared" / "mibs"), help="MIB directory tree")
    args = parser.parse_args()
    mib_dirs = ":".join(sorted(str(p) for p in [Path(args.mibs), *Path(args.mibs).rglob("*")] if p.is_dir()))
    datagrams = traps(args.count)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = dict(os.environ, MIBS="", MIBDIRS="", SNMPCONFPATH=str(tmp), SNMP_PERSISTENT_DIR=str(tmp),
                   XDG_STATE_HOME=str(tmp / "state"), PYTHONPATH=str(REPO))  # fmt: skip
        (tmp / "snmptrapd.conf").write_text("disableAuthorization yes\n")
        results = []
        port = _free_port()
        results.append(run_process(
            "snmptui traps", [sys.executable, "-m", "snmptui", "traps", "--listen", f"127.0.0.1:{port}",
                              "-M", mib_dirs, "-m", "IF-MIB:SNMPv2-MIB"],
            tmp / "ours.out", b"listening on", port, datagrams, args.rate, env))  # fmt: skip
        if shutil.which("snmptrapd") or Path("/usr/sbin/snmptrapd").exists():
            port = _free_port()
            results.append(run_process(
                "snmptrapd -f -Lo", ["/usr/sbin/snmptrapd", "-f", "-Lo", "-C", "-c", str(tmp / "snmptrapd.conf"),
                                     "-M", mib_dirs, "-m", "IF-MIB:SNMPv2-MIB", f"udp:127.0.0.1:{port}"],
                tmp / "trapd.out", b"NET-SNMP version", port, datagrams, args.rate, env))  # fmt: skip
        inproc = run_in_process(datagrams, args.rate, tmp)
    rate = f"{args.rate:,.0f}/s" if args.rate else "unpaced"
    print(f"flood: {args.count:,} v2c linkDown traps over loopback, sender {rate}")
    peer = next((r for r in results if r["name"].startswith("snmptrapd")), None)
    for r in results:
        ratio = f"  cpu/trap x{(r['cpu'] / max(r['received'], 1)) / (peer['cpu'] / max(peer['received'], 1)):.2f}" \
            if peer and r is not peer else ""  # fmt: skip
        print(f"  {r['name']:<22} received {r['received']:>7,}  dropped {r['dropped']:>7,} "
              f"({100 * r['dropped'] / args.count:4.1f}%)  sent in {r['send']:.2f}s  drained in {r['wall']:.2f}s  "
              f"cpu {r['cpu']:.2f}s ({1e6 * r['cpu'] / max(r['received'], 1):.0f} us/trap)  "
              f"peak rss {r['rss']:.0f} MB{ratio}")  # fmt: skip
    print(f"  {inproc['name']:<22} received {inproc['received']:>7,}  dropped {inproc['dropped']:>7,}  "
          f"drained in {inproc['wall']:.2f}s  cpu (sender+receiver) {inproc['cpu']:.2f}s  "
          f"ring buffer keeps {inproc['kept']:,} (RSS +{inproc['held_mb']:.1f} MB)  "
          f"rate counter {inproc['rate']:,.0f}/s")  # fmt: skip


if __name__ == "__main__":
    main()
