"""Benchmark: client CPU of the whole-device walk without sockets (a recorded netns walk replayed).

    sudo python3 tests/bench/walk_replay.py record FILE [--pairs 500] [--reps 50]
    python3 tests/bench/walk_replay.py run FILE [--rounds 7] [--parallel 4] [--profile serial|parallel]

``record`` starts the netns snmpd of bench_walk.py (netns_agent.py), walks it
once from 1.3.6.1 with GETBULK and keeps every response datagram in FILE.
``run`` answers our walks from that recording instead of a socket: an agent in
this process that knows the device's varbinds (as the recorded responses
encoded them) answers each GETBULK at once with the varbinds after the name it
asks for, so serial and parallel walks (whatever ranges they cut) get the
device's answers. Answers are built once, in a warm-up walk; a timed walk pays
only for finding the answer to each request (a dict lookup and a splice of its
request-id, well under 1% of the walk). Prints CPU seconds (best and median) and
µs per varbind: the client's own work, free of snmpd and of the scheduler noise
of a shared machine. ``--profile`` prints the cProfile of one walk instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import statistics
import subprocess
import sys
import time
from bisect import bisect_right
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(Path(__file__).resolve().parent)]

from core.ber import clear_name_caches, decode_oid_arcs, encode_length, read_header  # noqa: E402
from core.pdu import PduType  # noqa: E402

COMMUNITY = b"public"
_END_OF_MIB_VIEW = b"\x82\x00"


class _Recorder:
    """Wraps a session's transport and keeps every datagram it receives."""

    def __init__(self, transport: object) -> None:
        self.transport = transport
        self.received: list[bytes] = []

    def send(self, data: bytes) -> None:
        self.transport.send(data)  # type: ignore[attr-defined]

    def receive(self, deadline: float) -> tuple[bytes, bool] | None:
        got = self.transport.receive(deadline)  # type: ignore[attr-defined]
        if got is not None and got[1]:
            self.received.append(got[0])
        return got

    def close(self) -> None:
        self.transport.close()  # type: ignore[attr-defined]


def capture(host: str, port: int, reps: int, path: str) -> None:
    """Walk the agent once (inside the namespace) and pickle the responses to ``path``."""
    from core import SnmpSession

    with SnmpSession(host, port, timeout=60, retries=2, max_repetitions=reps) as session:
        recorder = _Recorder(session._transport)
        session._transport = recorder  # type: ignore[assignment]
        count = sum(1 for _ in session.fetch("1.3.6.1"))
    with open(path, "wb") as fh:
        pickle.dump(recorder.received, fh)
    print(f"{count} varbinds in {len(recorder.received)} responses -> {path}")


def record(path: str, pairs: int, reps: int) -> None:
    from netns_agent import netns_snmpd

    with netns_snmpd(pairs) as (prefix, host, port):
        subprocess.run(prefix + ["snmpbulkwalk", "-v2c", "-c", "public", "-t", "120", f"-Cr{reps}",
                                 f"{host}:{port}", "1.3.6.1"], stdout=subprocess.DEVNULL, check=True)
        subprocess.run(prefix + [sys.executable, __file__, "--capture", host, str(port), str(reps),
                                 str(Path(path).resolve())], check=True)  # fmt: skip


def _varbinds_of(datagram: bytes) -> list[tuple[tuple[int, ...], bytes]]:
    """(arcs, varbind TLV) of each varbind of a recorded response."""
    _, pos, end = read_header(datagram, 0, len(datagram))
    for _ in range(2):  # version, community
        _, _, pos = read_header(datagram, pos, end)
    _, pos, end = read_header(datagram, pos, end)  # the PDU
    for _ in range(3):  # request-id, error-status, error-index
        _, _, pos = read_header(datagram, pos, end)
    _, pos, end = read_header(datagram, pos, end)  # the varbind list
    out = []
    while pos < end:
        _, start, stop = read_header(datagram, pos, end)
        _, name_start, name_stop = read_header(datagram, start, stop)
        out.append((decode_oid_arcs(datagram[name_start:name_stop]), datagram[pos:stop]))
        pos = stop
    return out


def _tlv(tag: int, content: bytes) -> bytes:
    return bytes((tag,)) + encode_length(len(content)) + content


class ReplayAgent:
    """A transport for ``SnmpSession`` that answers GETBULKs from a recorded device."""

    def __init__(self, responses: list[bytes]) -> None:
        device: dict[tuple[int, ...], bytes] = {}
        for datagram in responses:
            for arcs, varbind in _varbinds_of(datagram):
                if not varbind.endswith(_END_OF_MIB_VIEW):
                    device[arcs] = varbind
        self.keys = sorted(device)
        self.varbinds = [device[k] for k in self.keys]
        self.answers: dict[bytes, tuple[bytes, bytes]] = {}
        self.queue: list[bytes] = []
        self.misses = 0
        self.closed = False

    def send(self, data: bytes) -> None:
        _, pos, end = read_header(data, 0, len(data))
        for _ in range(2):
            _, _, pos = read_header(data, pos, end)
        tag, pos, end = read_header(data, pos, end)
        _, _, after_id = read_header(data, pos, end)
        request_id = data[pos:after_id]
        body = data[after_id:end]
        answer = self.answers.get(body)
        if answer is None:
            answer = self.answers[body] = self._answer(tag, body)
            self.misses += 1
        self.queue.append(answer[0] + request_id + answer[1])

    def _answer(self, tag: int, body: bytes) -> tuple[bytes, bytes]:
        """(the response before its request-id, after it) for a request's body."""
        if tag != PduType.GETBULK:
            raise ValueError(f"replay answers GETBULK only, not PDU tag 0x{tag:02x}")
        _, _, pos = read_header(body, 0, len(body))  # non-repeaters
        _, start, pos = read_header(body, pos, len(body))
        repetitions = int.from_bytes(body[start:pos], "big")
        _, pos, _ = read_header(body, pos, len(body))  # the varbind list
        _, pos, _ = read_header(body, pos, len(body))  # its varbind
        _, start, stop = read_header(body, pos, len(body))
        asked = body[start:stop]
        first = bisect_right(self.keys, decode_oid_arcs(asked))
        page = self.varbinds[first : first + repetitions]
        page += [_tlv(0x30, _tlv(0x06, asked) + _END_OF_MIB_VIEW)] * (repetitions - len(page))
        rest = b"\x02\x01\x00\x02\x01\x00" + _tlv(0x30, b"".join(page))
        # Request-ids of 1-4 octets are spliced in; the lengths assume 4 (+2 header).
        head = _tlv(0x02, b"\x01") + _tlv(0x04, COMMUNITY)
        pdu = _tlv(PduType.RESPONSE, b"\x00" * 6 + rest)
        message = _tlv(0x30, head + pdu)
        return message[: len(message) - len(rest) - 6], rest

    def receive(self, deadline: float) -> tuple[bytes, bool] | None:
        if not self.queue:
            return None
        return self.queue.pop(0), True

    def close(self) -> None:
        self.closed = True


def _walk(agent: ReplayAgent, reps: int, parallel: int) -> tuple[int, float]:
    from core import SnmpSession

    with SnmpSession("127.0.0.1", 9, timeout=5, retries=0, max_repetitions=reps) as session:
        session._transport.close()
        session._transport = agent  # type: ignore[assignment]
        # Every request-id encodes in four octets, as the answers assume.
        session._request_id = 1 << 24
        clear_name_caches()  # as in a fresh process
        cpu0 = time.process_time()
        count = sum(1 for _ in session.fetch("1.3.6.1", parallel=parallel))
        return count, time.process_time() - cpu0


def run(path: str, rounds: int, reps: int, parallel: int, profile: str | None) -> None:
    with open(path, "rb") as fh:
        agent = ReplayAgent(pickle.load(fh))
    modes = {"serial": 1} | ({f"-Cp{parallel}": parallel} if parallel > 1 else {})
    for mode in modes.values():
        _walk(agent, reps, mode)  # warm-up: every answer built
    if profile:
        mode = 1 if profile == "serial" else parallel
        profiler = cProfile.Profile()
        profiler.enable()
        _walk(agent, reps, mode)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    misses = agent.misses
    results: dict[str, list[float]] = {name: [] for name in modes}
    counts: dict[str, int] = {}
    for _ in range(rounds):
        for name, mode in modes.items():
            counts[name], cpu = _walk(agent, reps, mode)
            results[name].append(cpu)
    print(f"{'walk':<8}{'varbinds':>10}{'best cpu s':>11}{'median cpu s':>13}{'us/varbind':>11}")
    for name, cpus in results.items():
        best, median = min(cpus), statistics.median(cpus)
        print(f"{name:<8}{counts[name]:>10}{best:>11.3f}{median:>13.3f}{best / counts[name] * 1e6:>11.2f}")
    if agent.misses != misses:
        print(f"note: {agent.misses - misses} requests were not asked in the warm-up walk")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--capture":
        host, port, reps, path = sys.argv[2:6]
        capture(host, int(port), int(reps), path)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="walk the netns snmpd once and keep its responses")
    rec.add_argument("file")
    rec.add_argument("--pairs", type=int, default=500)
    rec.add_argument("--reps", type=int, default=50)
    play = sub.add_parser("run", help="time our walks answered from a recording")
    play.add_argument("file")
    play.add_argument("--rounds", type=int, default=7)
    play.add_argument("--reps", type=int, default=50)
    play.add_argument("--parallel", type=int, default=4)
    play.add_argument("--profile", choices=("serial", "parallel"))
    args = parser.parse_args()
    if args.command == "record":
        record(args.file, args.pairs, args.reps)
    else:
        run(args.file, args.rounds, args.reps, args.parallel, args.profile)


if __name__ == "__main__":
    main()
