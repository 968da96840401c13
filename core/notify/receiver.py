"""The notification receiver: one UDP socket, one thread, a decoder, a log and listeners.

``NotificationReceiver(decoder, host, port)`` binds at once (``ReceiverBindError``
with a one-line explanation when it cannot: port 162 needs root or
CAP_NET_BIND_SERVICE). ``serve_forever()`` runs in the caller's thread until
``stop()``; ``start()`` runs it in a daemon thread. Every notification goes to the
ring buffer (``log``) and then to each listener, in the receiver thread: listeners
must be quick and must not raise (one that does is logged and kept).
Replies (inform acknowledgements, REPORTs) are sent from the same socket.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import select
import socket
import struct
import threading
from typing import Callable

from core.agent.server import bind_udp, parse_listen
from core.notify.decoder import NotificationDecoder
from core.notify.log import DEFAULT_CAPACITY, NotificationLog
from core.notify.notification import Notification, NotificationKind
from core.notify.stats import RateCounter, ReceiverStats

__all__ = [
    "NotificationReceiver",
    "ReceiverBindError",
    "explain_bind_error",
    "parse_listen_address",
    "is_loopback",
    "DEFAULT_TRAP_PORT",
]

log = logging.getLogger("core.notify")

DEFAULT_TRAP_PORT = 162
_RECV_SIZE = 65535
_IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)  # Linux; Python does not always export it
_BATCH = 64  # datagrams read per wake-up before looking at the stop pipe again

Listener = Callable[[Notification], None]


class ReceiverBindError(Exception):
    """The receiver could not bind; the message is one line for a person."""


def parse_listen_address(text: str) -> tuple[str, int]:
    """(host, port) of ``[HOST:]PORT``, ``HOST`` or ``[V6]:PORT``; a bare number is a port on
    loopback (ValueError when malformed)."""
    if text.isdigit():
        text = f"127.0.0.1:{text}"
    return parse_listen(text, default_port=DEFAULT_TRAP_PORT)


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def explain_bind_error(host: str, port: int, exc: OSError | ValueError) -> str:
    """One line saying why (host, port) cannot be bound and what to do instead."""
    where = f"udp:[{host}]:{port}" if ":" in host else f"udp:{host}:{port}"
    if isinstance(exc, ValueError):
        return f"cannot listen on {where}: {exc}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"cannot listen on {where}: permission denied (ports below 1024 need root or "
            f"CAP_NET_BIND_SERVICE): use a high port such as --listen {host}:1162, or grant it with "
            f"sudo setcap cap_net_bind_service=+ep \"$(readlink -f \"$(command -v python3)\")\""
        )
    if exc.errno == errno.EADDRINUSE:
        return f"cannot listen on {where}: the port is in use (another trap receiver, e.g. snmptrapd?)"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {where}: no local interface has that address"
    return f"cannot listen on {where}: {exc.strerror or exc}"


class NotificationReceiver:
    def __init__(
        self,
        decoder: NotificationDecoder,
        host: str = "127.0.0.1",
        port: int = DEFAULT_TRAP_PORT,
        *,
        capacity: int = DEFAULT_CAPACITY,
    ) -> None:
        try:
            self._sock = bind_udp(host, port)
        except (OSError, ValueError) as exc:
            raise ReceiverBindError(explain_bind_error(host, port, exc)) from None
        self._sock.setblocking(False)
        bound = self._sock.getsockname()
        self.host: str = bound[0]
        self.port: int = bound[1]
        self._wildcard = self._sock.family == socket.AF_INET and self.host == "0.0.0.0"
        if self._wildcard:
            # Which of our addresses a datagram was sent to (net-snmp shows it).
            self._sock.setsockopt(socket.IPPROTO_IP, _IP_PKTINFO, 1)
        self.decoder = decoder
        self.log = NotificationLog(capacity)
        self.stats = ReceiverStats()
        self.rate = RateCounter()
        self._listeners: list[Listener] = []
        self._wake_r, self._wake_w = socket.socketpair()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"NotificationReceiver({self.address})"

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    # ------------------------------------------------------------ lifetime

    def start(self) -> NotificationReceiver:
        self._thread = threading.Thread(target=self.serve_forever, name=f"snmp-notify-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """End the loop (from any thread or a signal handler) and wait for a started thread."""
        self._stopping = True
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def __enter__(self) -> NotificationReceiver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.close()

    def close(self) -> None:
        for sock in (self._sock, self._wake_r, self._wake_w):
            sock.close()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # ------------------------------------------------------------ loop

    def serve_forever(self) -> None:
        sock = self._sock
        readers = [sock, self._wake_r]
        while not self._stopping:
            ready, _, _ = select.select(readers, [], [])
            if self._wake_r in ready or self._stopping:
                break
            for _ in range(_BATCH):
                try:
                    data, peer, local = self._read(sock)
                except (BlockingIOError, InterruptedError):
                    break
                except OSError:
                    continue  # ICMP errors from an earlier send surface here
                self.handle(data, peer, local)

    def _read(self, sock: socket.socket) -> tuple[bytes, tuple[str, int], tuple[str, int]]:
        if not self._wildcard:
            data, peer = sock.recvfrom(_RECV_SIZE)
            return data, (peer[0], peer[1]), (self.host, self.port)
        data, ancillary, _, peer = sock.recvmsg(_RECV_SIZE, 64)
        local = self.host
        for level, kind, payload in ancillary:
            if level == socket.IPPROTO_IP and kind == _IP_PKTINFO and len(payload) >= 12:
                # struct in_pktinfo { int ifindex; in_addr spec_dst; in_addr addr; }
                local = socket.inet_ntoa(struct.unpack_from("4s", payload, 8)[0])
        return data, (peer[0], peer[1]), (local, self.port)

    def handle(self, data: bytes, peer: tuple[str, int], local: tuple[str, int]) -> Notification | None:
        """Process one datagram as the loop does (public for tests and in-process senders)."""
        stats = self.stats
        stats.datagrams += 1
        decoded = self.decoder.receive(data, peer, local)
        if decoded.reply is not None:
            if decoded.notification is not None or decoded.duplicate:
                stats.acks += 1
            else:
                stats.reports += 1
            try:
                self._sock.sendto(decoded.reply, peer)
            except OSError as exc:
                log.debug("notification receiver could not reply to %s: %s", peer[0], exc)
        if decoded.discovery:
            stats.discoveries += 1
        if decoded.duplicate:
            stats.duplicates += 1
        if decoded.drop is not None:
            stats.drop(decoded.drop)
        notification = decoded.notification
        if notification is None:
            return None
        stats.notifications += 1
        if notification.kind is NotificationKind.inform:
            stats.informs += 1
        else:
            stats.traps += 1
        self.rate.add()
        self.log.add(notification)
        for listener in list(self._listeners):
            try:
                listener(notification)
            except Exception:  # a listener's bug must not stop reception
                log.exception("a notification listener failed")
        return notification
