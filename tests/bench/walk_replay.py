"""Benchmark: client CPU of the whole-device walk without sockets (a recorded netns walk replayed).

    sudo python3 tests/bench/walk_replay.py record FILE [--pairs 500] [--reps 50]
    python3 tests/bench/walk_replay.py run FILE [--rounds 7] [--parallel 4] [--profile serial|parallel]
    python3 tests/bench/walk_replay.py run FILE --v3 [--only-v3] [--profile v3]

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

``--v3`` adds a serial walk over SNMPv3 authPriv (the live benchmark's user,
``V3_USER``: SHA-256/AES-128): the same device behind the embedded agent's USM
(core.agent.usm) with a fixed engine id, answering in-process. Each distinct
request is checked, decrypted and answered by that agent once, in the warm-up;
a timed walk finds its answer by the request's octets (a dict lookup), so it
pays for the client's v3 work alone: encrypting and signing each request,
checking, decrypting and decoding each response. For that to repeat exactly,
the engine clocks of both sides are frozen (the USM modules see a monotonic
clock that stands still) and the client's salt counter starts from 0 in every
walk. ``--only-v3`` runs the v3 walk alone (for callgrind: the instructions of
``--rounds 2`` minus those of ``--rounds 1`` are one timed v3 walk's).
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


class _Answering:
    """A transport that hands a session the answers its ``send`` queued."""

    def __init__(self) -> None:
        self.queue: list[bytes] = []
        self.misses = 0
        self.closed = False

    def receive(self, deadline: float) -> tuple[bytes, bool] | None:
        if not self.queue:
            return None
        return self.queue.pop(0), True

    def close(self) -> None:
        self.closed = True


class ReplayAgent(_Answering):
    """A transport for ``SnmpSession`` that answers GETBULKs from a recorded device."""

    def __init__(self, responses: list[bytes]) -> None:
        super().__init__()
        device: dict[tuple[int, ...], bytes] = {}
        for datagram in responses:
            for arcs, varbind in _varbinds_of(datagram):
                if not varbind.endswith(_END_OF_MIB_VIEW):
                    device[arcs] = varbind
        self.keys = sorted(device)
        self.varbinds = [device[k] for k in self.keys]
        self.answers: dict[bytes, tuple[bytes, bytes]] = {}

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


# The engine id of the v3 replay's agent (fixed, so that every run sends the same octets).
V3_ENGINE_ID = bytes.fromhex("80007ed905") + b"replay01"


def _freeze_usm_clocks() -> None:
    """Both USM sides read ``time.monotonic`` through their module's ``time``: give them a
    clock that stands still (a C callable, so the client pays what a real clock costs)."""
    import itertools
    import types

    import core.agent.usm
    import core.security.usm

    frozen = types.SimpleNamespace(monotonic=itertools.repeat(1000.0).__next__)
    core.security.usm.time = frozen  # type: ignore[assignment]
    core.agent.usm.time = frozen  # type: ignore[assignment]


def v3_user() -> object:
    """The live benchmark's v3 user (tests/bench/netns_agent.py ``V3_USER``)."""
    from core import Aes128Key, User
    from core.security import auth_key_class
    from netns_agent import V3_USER

    name, auth, auth_pass, _, priv_pass = V3_USER
    return User(name, auth_key=auth_key_class(auth)(auth_pass.encode()), priv_key=Aes128Key(priv_pass.encode()))


class V3ReplayAgent(_Answering):
    """The replay's device behind the embedded agent's USM: a transport for a v3 session.

    A request seen before is answered with the datagram built for it then;
    a new one goes through ``UsmModel`` (checks, decryption, reports such as
    engine discovery's) and, for a GETBULK, the v2c replay's answer re-wrapped.
    """

    def __init__(self, replay: ReplayAgent) -> None:
        from core.agent.stats import AgentStats
        from core.agent.usm import UsmModel

        super().__init__()
        _freeze_usm_clocks()
        self.replay = replay
        self.usm = UsmModel([v3_user()], AgentStats(), 65507, engine_id=V3_ENGINE_ID,
                            clock=lambda: 1000.0)  # fmt: skip
        self.answers: dict[bytes, bytes] = {}

    def send(self, data: bytes) -> None:
        answer = self.answers.get(data)
        if answer is None:
            answer = self.answers[data] = self._answer(data)
            self.misses += 1
        self.queue.append(answer)

    def _answer(self, data: bytes) -> bytes:
        from core.agent.responder import Inbound, Response
        from core.message.community import encode_community_message
        from core.version import SnmpVersion

        inbound = self.usm.receive(data)
        if not isinstance(inbound, Inbound):
            if inbound is None:
                raise ValueError("the v3 replay agent dropped a request")
            return inbound  # a report
        pdu = inbound.pdu
        self.replay.send(encode_community_message(SnmpVersion.v2c, COMMUNITY, pdu))
        varbinds = [tlv for _, tlv in _varbinds_of(self.replay.queue.pop())]
        return self.usm.wrap(inbound, Response(pdu.request_id, 0, 0, varbinds))


def _walk(agent: ReplayAgent | V3ReplayAgent, reps: int, parallel: int) -> tuple[int, float]:
    from core import SnmpSession

    v3 = isinstance(agent, V3ReplayAgent)
    user = v3_user() if v3 else None
    with SnmpSession("127.0.0.1", 9, timeout=5, retries=0, max_repetitions=reps, user=user) as session:
        session._transport.close()
        session._transport = agent  # type: ignore[assignment]
        # Every request-id encodes in four octets, as the answers assume.
        session._request_id = 1 << 24
        if v3:
            session._ensure_prepared()  # engine discovery, untimed
            session._mp._priv._counter = 0  # type: ignore[attr-defined]
        clear_name_caches()  # as in a fresh process
        cpu0 = time.process_time()
        count = sum(1 for _ in session.fetch("1.3.6.1", parallel=parallel))
        return count, time.process_time() - cpu0


def run(path: str, rounds: int, reps: int, parallel: int, profile: str | None, v3: bool, only_v3: bool) -> None:
    with open(path, "rb") as fh:
        agent = ReplayAgent(pickle.load(fh))
    v3_agent = V3ReplayAgent(agent) if v3 or only_v3 or profile == "v3" else None
    # name -> (agent, walks in flight)
    modes: dict[str, tuple[ReplayAgent | V3ReplayAgent, int]] = {}
    if not only_v3:
        modes = {"serial": (agent, 1)} | ({f"-Cp{parallel}": (agent, parallel)} if parallel > 1 else {})
    if v3_agent is not None:
        modes["v3"] = (v3_agent, 1)
    for mode_agent, mode in modes.values():
        _walk(mode_agent, reps, mode)  # warm-up: every answer built
    if profile:
        if profile == "v3":
            assert v3_agent is not None
            mode_agent, mode = v3_agent, 1
        else:
            mode_agent, mode = agent, 1 if profile == "serial" else parallel
        profiler = cProfile.Profile()
        profiler.enable()
        _walk(mode_agent, reps, mode)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return
    misses = agent.misses + (v3_agent.misses if v3_agent else 0)
    results: dict[str, list[float]] = {name: [] for name in modes}
    counts: dict[str, int] = {}
    for _ in range(rounds):
        for name, (mode_agent, mode) in modes.items():
            counts[name], cpu = _walk(mode_agent, reps, mode)
            results[name].append(cpu)
    print(f"{'walk':<8}{'varbinds':>10}{'best cpu s':>11}{'median cpu s':>13}{'us/varbind':>11}")
    for name, cpus in results.items():
        best, median = min(cpus), statistics.median(cpus)
        print(f"{name:<8}{counts[name]:>10}{best:>11.3f}{median:>13.3f}{best / counts[name] * 1e6:>11.2f}")
    if "v3" in results and "serial" in results:
        share = [v - c for v, c in zip(results["v3"], results["serial"])]
        responses = len(v3_agent.answers) - 1 if v3_agent else 0  # less discovery's report
        print(f"v3 - serial: best {min(results['v3']) - min(results['serial']):.3f} s, median of the "
              f"rounds' differences {statistics.median(share):.3f} s "
              f"({statistics.median(share) / max(responses, 1) * 1e6:.1f} us per request/response)")
    now_missed = agent.misses + (v3_agent.misses if v3_agent else 0)
    if now_missed != misses:
        print(f"note: {now_missed - misses} requests were not asked in the warm-up walk")


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
    play.add_argument("--profile", choices=("serial", "parallel", "v3"))
    play.add_argument("--v3", action="store_true", help="add a serial SNMPv3 authPriv walk")
    play.add_argument("--only-v3", action="store_true", help="the SNMPv3 walk alone")
    args = parser.parse_args()
    if args.command == "record":
        record(args.file, args.pairs, args.reps)
    else:
        run(args.file, args.rounds, args.reps, args.parallel, args.profile, args.v3, args.only_v3)


if __name__ == "__main__":
    main()
