"""UDP transport: one socket per session, IPv4 or IPv6, matched to one agent.

Datagrams from any other source address or port are dropped here and counted
by the caller; the socket is never connected so that such strays can be seen.
"""

from __future__ import annotations

import socket
import struct
import time

__all__ = ["UdpTransport", "resolve_agent", "MAX_DATAGRAM"]

MAX_DATAGRAM = 65535
_MIN_RECV_BUFFER = 1 << 17
# How far a receive may overrun its deadline to save a settimeout call.
_TIMEOUT_SLACK = 0.01


def resolve_agent(addr: str, port: int) -> tuple[int, tuple]:
    """(address family, sockaddr) of an agent given as an IP literal or a host name."""
    if not 0 < port < 65536:
        raise ValueError(f"invalid port {port}: must be 1-65535")
    host = addr[1:-1] if addr.startswith("[") and addr.endswith("]") else addr
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM, proto=socket.IPPROTO_UDP)
    except socket.gaierror as exc:
        raise ValueError(f"cannot resolve agent address {addr!r}: {exc.strerror}") from None
    family, _, _, _, sockaddr = infos[0]
    return family, sockaddr


class UdpTransport:
    def __init__(
        self,
        addr: str,
        port: int,
        *,
        tos: int = 0,
        send_buffer: int = 0,
        recv_buffer: int = 0,
    ) -> None:
        self.family, self.peer = resolve_agent(addr, port)
        self._peer_key = self.peer[:2]
        sock = socket.socket(self.family, socket.SOCK_DGRAM)
        try:
            if tos:
                if self.family == socket.AF_INET6:
                    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_TCLASS, tos)
                else:
                    sock.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, tos)
            if send_buffer:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, send_buffer)
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_RCVBUF, max(recv_buffer, _MIN_RECV_BUFFER)
            )
        except OSError:
            sock.close()
            raise
        sock.setblocking(True)
        self._sock = sock
        self._recv_timeout = -1.0

    @property
    def closed(self) -> bool:
        return self._sock.fileno() < 0

    def send(self, data: bytes) -> None:
        self._sock.sendto(data, self.peer)

    def _set_receive_timeout(self, seconds: float) -> None:
        whole = int(seconds)
        # A zero timeval means "block forever": never send one.
        micros = max(int((seconds - whole) * 1_000_000), 0 if whole else 1)
        self._sock.setsockopt(
            socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("@ll", whole, micros)
        )
        self._recv_timeout = seconds

    def receive(self, deadline: float) -> tuple[bytes, bool] | None:
        """The next datagram and whether it came from the agent, or None at the deadline."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        # The socket blocks with a kernel receive timeout (SO_RCVTIMEO), so a
        # receive is one syscall, not poll + recvfrom; the timeout is changed
        # only when the allowed wait is off by more than the slack.
        if abs(remaining - self._recv_timeout) > _TIMEOUT_SLACK:
            self._set_receive_timeout(remaining)
        try:
            data, source = self._sock.recvfrom(MAX_DATAGRAM)
        except (BlockingIOError, socket.timeout):
            return None
        except ConnectionRefusedError:
            # Linux may report an earlier ICMP port-unreachable; treat as silence.
            return b"", False
        return data, source[:2] == self._peer_key

    def close(self) -> None:
        self._sock.close()
