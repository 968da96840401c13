"""A hostile SNMP responder for tests: a UDP socket on loopback that answers each
request with whatever datagrams a test's ``reply`` function builds from it.

Tests use it to send what no well-behaved agent would (numbers too large to
print, replies for other OIDs) before, or instead of, a good answer.
"""

from __future__ import annotations

import socket
import threading
from typing import Callable

from core.ber import encode_integer, encode_tlv
from core.message.community import decode_community_message, encode_community_message
from core.pdu import Pdu, PduType
from core.version import SnmpVersion

__all__ = ["HostileResponder", "response_datagram", "good_response"]

Reply = Callable[[bytes], list[bytes]]


def response_datagram(request: bytes, *, varbind_list: bytes, request_id: bytes | None = None,
                      error_status: bytes | None = None) -> bytes:
    """A v2c Response to ``request`` whose fields are given as raw TLVs (hostile on purpose)."""
    _, community, pdu = decode_community_message(request)
    fields = (
        (request_id if request_id is not None else encode_integer(pdu.request_id))
        + (error_status if error_status is not None else encode_integer(0))
        + encode_integer(0)
    )
    return encode_community_message(SnmpVersion.v2c, community, encode_tlv(PduType.RESPONSE, fields + varbind_list))


def good_response(request: bytes, values: dict[str, object]) -> bytes:
    """The Response a correct agent with ``values`` gives to a GET ``request``."""
    _, community, pdu = decode_community_message(request)
    varbinds = [(oid, values.get(oid)) for oid, _ in pdu.varbinds]
    return encode_community_message(
        SnmpVersion.v2c, community, Pdu(PduType.RESPONSE, pdu.request_id, 0, 0, varbinds)
    )


class HostileResponder:
    """Answers every datagram with ``reply(datagram)``; use as a context manager."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply
        self.received: list[bytes] = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.02)
        self.port: int = self.sock.getsockname()[1]
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                data, peer = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            self.received.append(data)
            for datagram in self.reply(data):
                self.sock.sendto(datagram, peer)

    def __enter__(self) -> HostileResponder:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop = True
        self._thread.join()
        self.sock.close()
