"""Command responder (RFC 3416 section 4.2): a request PDU in, the response's parts out.

The responder knows SNMP operations and version rules, not messages: it takes
an :class:`Inbound` request (already authenticated by a message model) and a
data source, and returns a :class:`Response` whose varbinds are encoded TLVs.
Version rules follow RFC 3584 section 4: an SNMPv1 request gets ``noSuchName``
where v2c gets an exception value, never sees Counter64 (GETNEXT skips them as
net-snmp does), and SET errors are mapped to v1 statuses.

Sizes: ``Inbound.max_size`` is the largest datagram the manager accepts (v3
msgMaxSize, or the agent's limit for v1/v2c) and ``Inbound.overhead`` what the
message adds around the varbind list. A GET, GETNEXT or SET response that would
not fit becomes ``tooBig``; a GETBULK response is cut short instead (RFC 3416
4.2.3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.ber import encode_integer, encode_oid, encode_tlv
from core.errors import SnmpEncodeError
from core.oid import OidTuple, oid_key
from core.pdu import Pdu, PduType
from core.types import END_OF_MIB_VIEW, Tag
from core.version import SnmpVersion

from core.agent.store import OidStore, SetStatus, encode_varbind

__all__ = ["Inbound", "Response", "respond", "encode_response_pdu", "echo_varbinds", "ErrorStatus"]


class ErrorStatus:
    """The error-status values the responder itself produces."""

    NO_ERROR = 0
    TOO_BIG = 1
    NO_SUCH_NAME = 2
    BAD_VALUE = 3
    GEN_ERR = 5
    NO_ACCESS = 6


# RFC 3584 4.4: how v2 SET errors reach an SNMPv1 manager.
_V1_STATUS = {
    6: 2, 17: 2, 11: 2, 18: 2, 16: 2,  # noAccess, notWritable, noCreation, inconsistentName, authorizationError
    7: 3, 8: 3, 9: 3, 10: 3, 12: 3,  # wrongType, wrongLength, wrongEncoding, wrongValue, inconsistentValue
    13: 5, 14: 5, 15: 5,  # resourceUnavailable, commitFailed, undoFailed
}  # fmt: skip


@dataclass(slots=True)
class Inbound:
    """One authenticated request as a message model hands it to the responder.

    ``context`` is the model's own state needed to wrap the reply (community,
    v3 user and keys, msgID); the responder never looks into it.
    """

    pdu: Pdu
    version: SnmpVersion
    can_write: bool
    max_size: int
    overhead: int
    context: Any = field(default=None, repr=False)  # holds the community: never shown


@dataclass(slots=True)
class Response:
    """The parts of a Response-PDU; ``varbinds`` are encoded VarBind TLVs."""

    request_id: int
    error_status: int = 0
    error_index: int = 0
    varbinds: list[bytes] = field(default_factory=list)
    request_type: int = PduType.GET

    def size(self) -> int:
        return sum(map(len, self.varbinds))


def encode_response_pdu(
    response: Response, request_id: int | None = None, pdu_type: int = PduType.RESPONSE
) -> bytes:
    """The Response-PDU TLV (``request_id`` overrides the response's own; a v3 agent
    sends its REPORTs with ``pdu_type=PduType.REPORT``)."""
    rid = response.request_id if request_id is None else request_id
    body = (
        encode_integer(rid)
        + encode_integer(response.error_status)
        + encode_integer(response.error_index)
        + encode_tlv(Tag.SEQUENCE, b"".join(response.varbinds))
    )
    return encode_tlv(pdu_type, body)


def echo_varbinds(pdu: Pdu) -> list[bytes]:
    """The request's varbinds re-encoded, for error responses (values that cannot be
    encoded again, e.g. an out-of-range INTEGER, are echoed as NULL)."""
    out = []
    for name, value in pdu.varbinds:
        try:
            out.append(_one(name, value))
        except SnmpEncodeError:
            out.append(_one(name, None))
    return out


def _one(oid: str | OidTuple, value: Any) -> bytes:
    return encode_varbind(encode_oid(oid), value)


def _error(request: Inbound, status: int, index: int) -> Response:
    pdu = request.pdu
    return Response(pdu.request_id, status, index, echo_varbinds(pdu), pdu.type)


def _budget(request: Inbound) -> int:
    return request.max_size - request.overhead


def respond(store: OidStore, request: Inbound) -> Response | None:
    """The response to ``request``, or None when it must be dropped (a PDU type an
    agent does not answer, GETBULK in an SNMPv1 message)."""
    kind = request.pdu.type
    if kind == PduType.GET:
        response = _get(store, request)
    elif kind == PduType.GETNEXT:
        response = _getnext(store, request)
    elif kind == PduType.GETBULK:
        if request.version == SnmpVersion.v1:
            return None
        return _getbulk(store, request)
    elif kind == PduType.SET:
        response = _set(store, request)
    else:
        return None
    if response.size() > _budget(request):
        return _too_big(request)
    return response


def _too_big(request: Inbound) -> Response:
    pdu = request.pdu
    if request.version == SnmpVersion.v1:
        # RFC 1157 4.1.2: the v1 answer is the request with error-status tooBig.
        response = _error(request, ErrorStatus.TOO_BIG, 0)
        if response.size() <= _budget(request):
            return response
    return Response(pdu.request_id, ErrorStatus.TOO_BIG, 0, [], pdu.type)


def _get(store: OidStore, request: Inbound) -> Response:
    v1 = request.version == SnmpVersion.v1
    out: list[bytes] = []
    for position, (name, _) in enumerate(request.pdu.varbinds, 1):
        key = oid_key(name)
        i = store.find(key)
        if i >= 0 and not (v1 and store.tag_at(i) == Tag.COUNTER64):
            out.append(store.varbind_at(i))
        elif v1:
            return _error(request, ErrorStatus.NO_SUCH_NAME, position)
        else:
            out.append(_one(key, store.missing(key)))
    return Response(request.pdu.request_id, 0, 0, out, PduType.GET)


def _next_index(store: OidStore, key: OidTuple, v1: bool) -> int:
    """Index of the entry a GETNEXT of ``key`` answers (len(store) at the end)."""
    i = store.index_after(key)
    if v1:
        end = len(store)
        while i < end and store.tag_at(i) == Tag.COUNTER64:
            i += 1
    return i


def _getnext(store: OidStore, request: Inbound) -> Response:
    v1 = request.version == SnmpVersion.v1
    end = len(store)
    out: list[bytes] = []
    for position, (name, _) in enumerate(request.pdu.varbinds, 1):
        key = oid_key(name)
        i = _next_index(store, key, v1)
        if i < end:
            out.append(store.varbind_at(i))
        elif v1:
            return _error(request, ErrorStatus.NO_SUCH_NAME, position)
        else:
            out.append(_one(key, END_OF_MIB_VIEW))
    return Response(request.pdu.request_id, 0, 0, out, PduType.GETNEXT)


def _getbulk(store: OidStore, request: Inbound) -> Response:
    pdu = request.pdu
    names = pdu.varbinds
    non_repeaters = min(max(pdu.non_repeaters, 0), len(names))
    repetitions = max(pdu.max_repetitions, 0)
    budget = _budget(request)
    end = len(store)
    out: list[bytes] = []
    size = 0
    for name, _ in names[:non_repeaters]:
        key = oid_key(name)
        i = store.index_after(key)
        varbind = store.varbind_at(i) if i < end else _one(key, END_OF_MIB_VIEW)
        size += len(varbind)
        if size > budget:
            return _bulk_result(request, out)
        out.append(varbind)
    repeaters = names[non_repeaters:]
    if not repeaters or not repetitions:
        return _bulk_result(request, out)
    positions = [store.index_after(oid_key(name)) for name, _ in repeaters]
    # endOfMibView is named after the last OID its column returned, else the request's.
    ends = [
        _one(name, END_OF_MIB_VIEW) if i == end else encode_varbind(store.name_at(end - 1), END_OF_MIB_VIEW)
        for (name, _), i in zip(repeaters, positions)
    ]
    varbind_at = store.varbind_at
    append = out.append
    for _ in range(repetitions):
        live = False
        for column, i in enumerate(positions):
            if i < end:
                varbind = varbind_at(i)
                positions[column] = i + 1
                live = True
            else:
                varbind = ends[column]
            size += len(varbind)
            if size > budget:
                return _bulk_result(request, out)
            append(varbind)
        if not live:
            break
    return _bulk_result(request, out)


def _bulk_result(request: Inbound, out: list[bytes]) -> Response:
    pdu = request.pdu
    if not out and pdu.varbinds and (pdu.max_repetitions > 0 or pdu.non_repeaters > 0):
        return Response(pdu.request_id, ErrorStatus.TOO_BIG, 0, [], pdu.type)
    return Response(pdu.request_id, 0, 0, out, pdu.type)


def _set(store: OidStore, request: Inbound) -> Response:
    pdu = request.pdu
    if not request.can_write:
        status = ErrorStatus.NO_ACCESS
        index = 1 if pdu.varbinds else 0
    else:
        updates = [(oid_key(name), value) for name, value in pdu.varbinds]
        status, index = store.set_many(updates)
    if status:
        if request.version == SnmpVersion.v1:
            status = _V1_STATUS.get(status, status)
        return _error(request, status, index)
    return Response(pdu.request_id, SetStatus.NO_ERROR, 0, echo_varbinds(pdu), PduType.SET)
