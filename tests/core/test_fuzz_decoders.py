"""Fuzz every decoder entry point with hostile datagrams: only ``SnmpError`` escapes.

Entry points: the v1/v2c client (``CommunityProcessor.decode``), the v3 client
before authentication (headers, USM parameters, reports: what anyone on the path
can send) and after it (scoped PDUs that authenticate and decrypt, so the PDU and
varbind decoders see hostile bytes behind a valid HMAC), and the embedded agent's
request handler (``Agent.handle``, v1, v2c and v3), which must never raise.

Cases come from a mutator of our own with a fixed seed (fast, reproducible): byte
mutations of valid messages, and structure-aware ones on their TLV tree (a field's
content replaced by a 2000-octet INTEGER or arc, a tag changed, children dropped,
duplicated or swapped, lengths in long or wrong form, deep nesting), re-encoded so
that the inner decoders are reached. ``HOSTILE_FUZZ_CASES`` (environment) scales
the run; ``python3 tests/core/test_fuzz_decoders.py`` prints cases per second.
"""

from __future__ import annotations

import functools
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from core.agent import Agent, OidStore
from core.ber import encode_integer, encode_octets, encode_tlv
from core.errors import SnmpError
from core.message.community import CommunityProcessor, encode_community_message
from core.message.v3 import FLAG_AUTH, FLAG_PRIV, FLAG_REPORTABLE, LEVEL_FLAGS, MAX_MESSAGE_SIZE, V3Processor
from core.pdu import Pdu, PduType, encode_pdu
from core.security import User
from core.security.keys import Aes128Key, Sha256Key
from core.security.usm import encode_usm_from_tlvs
from core.security.user import SecurityLevel
from core.types import (
    END_OF_MIB_VIEW,
    NO_SUCH_INSTANCE,
    Counter32,
    Counter64,
    Gauge32,
    IpAddress,
    ObjectIdentifier,
    Opaque,
    TimeTicks,
    Unsigned32,
)
from core.version import SnmpVersion

SEED = 20261201
CASES = int(os.environ.get("HOSTILE_FUZZ_CASES", "200000"))
ENGINE_ID = bytes.fromhex("80001f8804") + b"fuzz-engine"
COMMUNITY = b"public"
USER = User("fuzz", auth_key=Sha256Key("fuzz-auth-passphrase"), priv_key=Aes128Key("fuzz-priv-passphrase"))
BOOTS, ENGINE_TIME = 7, 1000

VALUES = [
    0, -1, 127, 128, -129, (1 << 31) - 1, -(1 << 31), b"", b"text", bytes(range(256)), None,
    Counter32(5), Gauge32((1 << 32) - 1), TimeTicks(123456), Counter64((1 << 64) - 1), Unsigned32(9),
    IpAddress("192.0.2.1"), ObjectIdentifier("1.3.6.1.4.1.8072.3.2.10"), Opaque(b"\x9f\x78\x04\x3f\x80\x00\x00"),
    NO_SUCH_INSTANCE, END_OF_MIB_VIEW,
]
NAMES = [
    "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.2.1.2.2.1.10.1000000",
    "1.3.6.1.2.1.4.21.1.1.192.168.1.0", "2.999.4294967295.1", "1.3.6.1.4.1.9.9.128.1.2.3.4.5.6.7.8",
]


# ------------------------------------------------------------ seeds


def _varbinds(rng: random.Random, count: int) -> list[tuple[str, object]]:
    return [(rng.choice(NAMES), rng.choice(VALUES)) for _ in range(count)]


def seed_pdus(rng: random.Random) -> list[Pdu]:
    pdus = []
    for pdu_type in (PduType.GET, PduType.GETNEXT, PduType.SET, PduType.RESPONSE, PduType.REPORT):
        for count in (0, 1, 3, 12):
            varbinds = _varbinds(rng, count) if pdu_type in (PduType.RESPONSE, PduType.SET) else [
                (rng.choice(NAMES), None) for _ in range(count)
            ]
            pdus.append(Pdu(pdu_type, rng.randrange(1, 1 << 31), 0, 0, varbinds))
    pdus.append(Pdu(PduType.GETBULK, 77, 1, 30, [(n, None) for n in NAMES[:3]]))
    pdus.append(Pdu(PduType.RESPONSE, 78, 2, 1, _varbinds(rng, 2)))
    return pdus


@functools.cache
def _crypto(engine_id: bytes) -> tuple[Any, Any]:
    """The user's signer and cipher for ``engine_id`` (built once: keys are localized)."""
    assert USER.auth_key is not None and USER.priv_key is not None
    return USER.auth_key.authenticator(engine_id), USER.priv_key.cipher(engine_id, USER.auth_key.algorithm)


def v3_message(
    scoped: bytes, msg_id: int, level: SecurityLevel, *, engine_id: bytes = ENGINE_ID,
    user: bytes = b"fuzz", boots: int = BOOTS, engine_time: int = ENGINE_TIME, flags: int | None = None,
) -> bytes:
    """A v3 message around raw scoped-PDU bytes, signed and encrypted as ``level`` asks."""
    bits = LEVEL_FLAGS[level] | FLAG_REPORTABLE if flags is None else flags
    auth, cipher = _crypto(engine_id)
    auth = auth if bits & FLAG_AUTH else None
    priv_params = b""
    if bits & FLAG_PRIV:
        ciphertext, priv_params = cipher.encrypt(scoped, boots, engine_time)
        scoped = encode_octets(ciphertext)
    header = encode_tlv(0x30, encode_integer(msg_id) + encode_integer(MAX_MESSAGE_SIZE)
                        + encode_octets(bytes((bits,))) + encode_integer(3))  # fmt: skip
    security, auth_at = encode_usm_from_tlvs(
        encode_octets(engine_id), boots, engine_time, encode_octets(user), auth.placeholder if auth else b"",
        priv_params,
    )
    body = encode_integer(3) + header + security + scoped
    message = encode_tlv(0x30, body)
    if auth is None:
        return message
    offset = len(message) - len(body) + len(encode_integer(3)) + len(header) + auth_at
    return message[:offset] + auth.sign(message) + message[offset + auth.mac_length :]


def scoped_pdu(pdu: bytes, context_engine: bytes = ENGINE_ID, context: bytes = b"") -> bytes:
    return encode_tlv(0x30, encode_octets(context_engine) + encode_octets(context) + pdu)


# ------------------------------------------------------------ the mutator

INTERESTING_OCTETS = (0x00, 0x01, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x8F, 0xFF)
TAGS = (0x02, 0x04, 0x05, 0x06, 0x30, 0x40, 0x41, 0x42, 0x43, 0x44, 0x46, 0x47, 0x80, 0x81, 0x82,
        0xA0, 0xA1, 0xA2, 0xA3, 0xA5, 0xA7, 0xA8, 0x1F, 0x3F, 0x00)  # fmt: skip
HOSTILE_CONTENTS = (
    b"\x01" * 2000,  # an INTEGER of ~4800 digits
    b"\x2b" + b"\x81" * 2100 + b"\x01",  # an OID arc of 2101 octets
    b"\x2b\x06\x90\x80\x80\x80\x00",  # an arc of 2^32
    b"\x2b\x80\x01", b"\x2b\x06\x81", b"", b"\x00", b"\xff" * 9, b"\x00" * 9, b"\x80" + b"\x00" * 8,
)


@dataclass(frozen=True)
class Span:
    """One TLV of a seed message: where its header and content are, and its parents."""

    tag: int
    start: int  # of the header
    content: int  # of the content
    end: int
    parents: tuple[int, ...]  # indices of the enclosing TLVs, innermost first
    constructed: bool
    children: tuple[int, ...] = ()


def spans_of(data: bytes) -> list[Span]:
    """The TLVs of a well-formed message, outermost first (constructed tags and OCTET
    STRINGs that hold TLVs are opened)."""
    spans: list[Span] = []

    def walk(pos: int, end: int, parents: tuple[int, ...]) -> bool:
        while pos < end:
            if pos + 2 > end:
                return False
            tag, length = data[pos], data[pos + 1]
            content = pos + 2
            if length & 0x80:
                count = length & 0x7F
                length = int.from_bytes(data[content : content + count], "big")
                content += count
            stop = content + length
            if stop > end:
                return False
            index = len(spans)
            spans.append(Span(tag, pos, content, stop, parents, False))
            if tag & 0x20 or tag == 0x04:
                mark = len(spans)
                if walk(content, stop, (index, *parents)) and (tag & 0x20 or len(spans) > mark):
                    spans[index] = Span(tag, pos, content, stop, parents, True)
                else:
                    del spans[mark:]
            pos = stop
        return True

    walk(0, len(data), ())
    for index, span in enumerate(spans):
        if span.constructed:
            children = tuple(i for i, s in enumerate(spans) if s.parents[:1] == (index,))
            spans[index] = Span(span.tag, span.start, span.content, span.end, span.parents, True, children)
    return spans


def replace(data: bytes, spans: list[Span], index: int, new: bytes) -> bytes:
    """``data`` with the TLV ``index`` replaced by the octets ``new``, every enclosing
    length re-encoded (so the decoders get past them to the hostile part)."""
    span = spans[index]
    inner, lo, hi = new, span.start, span.end
    for parent in span.parents:
        outer = spans[parent]
        content = data[outer.content : lo] + inner + data[hi : outer.end]
        inner, lo, hi = encode_tlv(outer.tag, content), outer.start, outer.end
    return data[:lo] + inner + data[hi:]


_SPANS: dict[bytes, list[Span]] = {}


def mutate_tree(data: bytes, rng: random.Random) -> bytes:
    spans = _SPANS.get(data)
    if spans is None:
        spans = _SPANS[data] = spans_of(data)
    if not spans:
        return mutate_bytes(data, rng)
    pick = rng.random
    index = int(pick() * len(spans))
    span = spans[index]
    content = data[span.content : span.end]
    action = int(pick() * 7)
    if action == 0:  # hostile content (huge numbers, bad arcs)
        new = encode_tlv(span.tag, HOSTILE_CONTENTS[int(pick() * len(HOSTILE_CONTENTS))])
    elif action == 1:  # another tag, same content
        new = encode_tlv(TAGS[int(pick() * len(TAGS))], content)
    elif action == 2 and span.children:  # a child dropped, or duplicated
        child = spans[span.children[int(pick() * len(span.children))]]
        piece = data[child.start : child.end]
        rest = data[span.content : child.start] + data[child.end : span.end]
        new = encode_tlv(span.tag, rest if pick() < 0.5 else content + piece)
    elif action == 3:  # nested deeply
        new = data[span.start : span.end]
        for _ in range((2, 2, 16, 64)[int(pick() * 4)]):
            new = encode_tlv(0x30, new)
    elif action == 4:  # a long-form length, right or wrong
        length = max(0, len(content) + (0, 0, 1, -1, 1000)[int(pick() * 5)])
        new = bytes((span.tag, 0x84)) + length.to_bytes(4, "big") + content
    elif action == 5:  # the same TLV twice
        new = data[span.start : span.end] * 2
    else:  # random content
        new = encode_tlv(span.tag, rng.randbytes(int(pick() * 40)))
    out = replace(data, spans, index, new)
    return mutate_bytes(out, rng) if pick() < 0.15 else out


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    pick = rng.random
    buf = bytearray(data)
    for _ in range((1, 1, 2, 4)[int(pick() * 4)]):
        if not buf:
            buf.append(int(pick() * 256))
        action = int(pick() * 6)
        at = int(pick() * len(buf))
        if action == 0:
            buf[at] ^= 1 << int(pick() * 8)
        elif action == 1:
            buf[at] = INTERESTING_OCTETS[int(pick() * len(INTERESTING_OCTETS))]
        elif action == 2:
            del buf[at : at + 1 + int(pick() * 7)]
        elif action == 3:
            buf[at:at] = rng.randbytes(1 + int(pick() * 7))
        elif action == 4:
            del buf[at:]
        else:
            start = int(pick() * len(buf))
            buf[at:at] = buf[start : start + 1 + int(pick() * 31)]
    return bytes(buf)


def cases(seeds: list[bytes], count: int, rng: random.Random) -> Iterator[bytes]:
    pick = rng.random
    for _ in range(count):
        data = seeds[int(pick() * len(seeds))]
        yield mutate_tree(data, rng) if pick() < 0.6 else mutate_bytes(data, rng)


# ------------------------------------------------------------ the entry points


def only_snmp_errors(decode: Callable[[bytes], object], inputs: Iterator[bytes]) -> int:
    """Feed ``inputs`` to ``decode``; fail on the first exception that is not an SnmpError."""
    done = 0
    for data in inputs:
        try:
            result = decode(data)
            materialize = getattr(result, "materialize", None)
            if materialize is not None:
                materialize()
        except SnmpError:
            pass
        except Exception as exc:  # noqa: BLE001 - exactly what the fuzz test looks for
            raise AssertionError(f"{type(exc).__name__}: {exc} for input {data.hex()}") from exc
        done += 1
    return done


def v3_client() -> V3Processor:
    processor = V3Processor(USER, engine_id=ENGINE_ID)
    processor.clock.reset(BOOTS, ENGINE_TIME)
    return processor


Runner = Callable[[int, random.Random], int]


def _pdus(seed: int = SEED) -> list[bytes]:
    return [encode_pdu(p) for p in seed_pdus(random.Random(seed))]


def _signed_cases(scoped_seeds: list[bytes], n: int, rng: random.Random, msg_id: int, **kw: Any) -> Iterator[bytes]:
    """Hostile scoped PDUs, each signed (and every fourth encrypted) so that it passes
    authentication: what only the decoders behind the HMAC check see."""
    for i, scoped in enumerate(cases(scoped_seeds, n, rng)):
        level = SecurityLevel.authPriv if i % 4 == 0 else SecurityLevel.authNoPriv
        yield v3_message(scoped, msg_id, level, **kw)


def community_client(n: int, rng: random.Random) -> int:
    client = CommunityProcessor(SnmpVersion.v2c, COMMUNITY)
    seeds = [encode_community_message(SnmpVersion.v2c, COMMUNITY, p) for p in _pdus()]
    return only_snmp_errors(lambda d: client.decode(d, lazy=True), cases(seeds, n, rng))


def v3_client_before_auth(n: int, rng: random.Random) -> int:
    v3 = v3_client()
    pdus = _pdus()
    reports = [v3_message(scoped_pdu(p, b"", b""), 5, SecurityLevel.noAuthNoPriv, flags=0) for p in pdus[-8:]]
    signed = [v3_message(scoped_pdu(p), 9, level) for p in pdus[::4] for level in SecurityLevel]
    return only_snmp_errors(lambda d: v3.decode(d, lazy=True), cases(reports + signed, n, rng))


def v3_client_after_auth(n: int, rng: random.Random) -> int:
    v3 = v3_client()
    scoped = [scoped_pdu(p) for p in _pdus()]
    return only_snmp_errors(lambda d: v3.decode(d, lazy=True), _signed_cases(scoped, n, rng, 11))


def _agent() -> Agent:
    store = OidStore([(n, v) for n, v in zip(NAMES, VALUES)])
    agent = Agent(store, community="public", write_community="private", users=[USER], engine_id=ENGINE_ID)
    agent.usm.boots = BOOTS  # requests below carry these boots and time 0: inside the window
    return agent


def _requests() -> list[Pdu]:
    return [p for p in seed_pdus(random.Random(SEED + 1)) if p.type != PduType.RESPONSE]


def _agent_answers(agent: Agent, inputs: Iterator[bytes]) -> int:
    done = 0
    for data in inputs:
        try:
            deliveries = agent.handle(data)  # the agent drops what it cannot answer
        except Exception as exc:  # noqa: BLE001 - exactly what the fuzz test looks for
            raise AssertionError(f"{type(exc).__name__}: {exc} for request {data.hex()}") from exc
        assert isinstance(deliveries, list)
        done += 1
    return done


def agent_requests(n: int, rng: random.Random) -> int:
    requests = _requests()
    seeds = [encode_community_message(v, c, p) for p in requests[::2]
             for v in (SnmpVersion.v1, SnmpVersion.v2c) for c in (b"public", b"private")]  # fmt: skip
    seeds += [v3_message(scoped_pdu(encode_pdu(p)), p.request_id, level, engine_time=0)
              for p in requests[::3] for level in SecurityLevel]  # fmt: skip
    return _agent_answers(_agent(), cases(seeds, n, rng))


def agent_requests_after_auth(n: int, rng: random.Random) -> int:
    scoped = [scoped_pdu(encode_pdu(p)) for p in _requests()]
    return _agent_answers(_agent(), _signed_cases(scoped, n, rng, 21, engine_time=0))


# Entry point -> (share of the cases, runner). Signing each case costs more, hence
# fewer cases behind authentication.
ENTRY_POINTS: dict[str, tuple[float, Runner]] = {
    "community client": (0.35, community_client),
    "v3 client before auth": (0.25, v3_client_before_auth),
    "v3 client after auth": (0.1, v3_client_after_auth),
    "agent request handler": (0.2, agent_requests),
    "agent v3 after auth": (0.1, agent_requests_after_auth),
}


def fuzz(name: str, total: int = CASES) -> tuple[int, float]:
    """(cases, seconds) of fuzzing entry point ``name`` with its share of ``total``."""
    share, runner = ENTRY_POINTS[name]
    rng = random.Random(f"{SEED}:{name}")
    began = time.perf_counter()
    done = runner(round(total * share), rng)
    return done, time.perf_counter() - began


@pytest.mark.parametrize("name", list(ENTRY_POINTS))
def test_every_decoder_entry_point_raises_only_snmp_errors(name: str) -> None:
    done, _ = fuzz(name)
    assert done == round(CASES * ENTRY_POINTS[name][0])


def test_the_shares_make_the_whole_run() -> None:
    assert sum(share for share, _ in ENTRY_POINTS.values()) == pytest.approx(1.0)


def test_the_mutator_reaches_past_the_message_checks() -> None:
    """The structure-aware cases keep messages well formed often enough that the PDU and
    varbind decoders run: a fuzz that only ever failed at the first length proves little."""
    rng = random.Random(SEED)
    pdus = [encode_pdu(p) for p in seed_pdus(rng)]
    client = CommunityProcessor(SnmpVersion.v2c, COMMUNITY)
    seeds = [encode_community_message(SnmpVersion.v2c, COMMUNITY, p) for p in pdus]
    decoded = 0
    for data in (mutate_tree(rng.choice(seeds), rng) for _ in range(2000)):
        try:
            client.decode(data, lazy=False)
            decoded += 1
        except SnmpError:
            pass
    assert decoded > 200


if __name__ == "__main__":
    total = int(sys.argv[1]) if len(sys.argv) > 1 else CASES
    began = time.perf_counter()
    for entry in ENTRY_POINTS:
        done, seconds = fuzz(entry, total)
        print(f"{entry:<24}{done:>9,} cases {seconds:>7.2f} s {done / seconds:>10,.0f}/s")
    elapsed = time.perf_counter() - began
    print(f"{'all':<24}{total:>9,} cases {elapsed:>7.2f} s {total / elapsed:>10,.0f}/s")
