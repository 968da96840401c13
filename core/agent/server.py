"""The agent's UDP server: one socket, one thread, in the foreground or the background.

The loop waits on the socket and on a wake-up pipe (for ``stop()``), answers
each datagram through :meth:`Agent.handle`, and keeps a schedule for replies
that fault injection delays or holds back for reordering.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import select
import socket
import threading
import time
from typing import Any

from core.address import format_address, split_host_port
from core.agent.engine import Agent
from core.agent.faults import Delivery, Faults
from core.agent.stats import AgentStats

__all__ = ["AgentServer", "RunningAgent", "bind_udp", "parse_listen"]

log = logging.getLogger("core.agent")

_RECV_SIZE = 65535
_BUFFER = 1 << 20


def parse_listen(text: str, default_port: int = 161) -> tuple[str, int]:
    """(host, port) of ``HOST:PORT``, ``[V6]:PORT``, ``HOST`` or ``:PORT`` (port 0: any free)."""
    host, port_text = split_host_port(text)
    host = host or "127.0.0.1"
    if not port_text:
        return host, default_port
    if not port_text.isdigit() or not 0 <= int(port_text) < 65536:
        raise ValueError(f"invalid port in listen address {text!r}")
    return host, int(port_text)


def bind_udp(host: str, port: int) -> socket.socket:
    """A UDP socket bound to (host, port) with 1 MiB buffers (OSError when it cannot bind)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM, proto=socket.IPPROTO_UDP)
    except socket.gaierror as exc:
        raise ValueError(f"cannot listen on {host!r}: {exc.strerror}") from None
    family, _, _, _, sockaddr = infos[0]
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        for option in (socket.SO_RCVBUF, socket.SO_SNDBUF):
            sock.setsockopt(socket.SOL_SOCKET, option, _BUFFER)
        sock.bind(sockaddr)
    except OSError:
        sock.close()
        raise
    return sock


class AgentServer:
    """Serves one :class:`Agent` on one UDP address until :meth:`stop`."""

    def __init__(self, agent: Agent, host: str = "127.0.0.1", port: int = 0) -> None:
        self.agent = agent
        self._sock = bind_udp(host, port)
        bound = self._sock.getsockname()
        self.host: str = bound[0]
        self.port: int = bound[1]
        self._foreign: socket.socket | None = None
        self._wake_r, self._wake_w = socket.socketpair()
        self._stopping = False
        self._schedule: list[tuple[float, int, bytes, Any, bool]] = []
        self._held: list[tuple[bytes, Any, bool]] = []
        self._held_since = 0.0
        self._order = itertools.count()

    def __repr__(self) -> str:
        return f"AgentServer({self.address})"

    @property
    def address(self) -> str:
        return format_address(self.host, self.port)

    def stop(self) -> None:
        """Ask the loop to end (from any thread or a signal handler)."""
        self._stopping = True
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass

    def close(self) -> None:
        for sock in (self._sock, self._foreign, self._wake_r, self._wake_w):
            if sock is not None:
                sock.close()

    def serve_forever(self) -> None:
        """Answer requests until :meth:`stop`; closes the sockets on the way out."""
        try:
            self._loop()
        finally:
            self.close()

    def _loop(self) -> None:
        sock = self._sock
        readers = [sock, self._wake_r]
        handle = self.agent.handle
        while not self._stopping:
            timeout = self._next_timeout()
            if timeout != 0.0:
                ready, _, _ = select.select(readers, [], [], timeout)
                if self._wake_r in ready:
                    break
                if not ready:
                    self._send_due()
                    continue
            try:
                data, peer = sock.recvfrom(_RECV_SIZE)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                continue  # ICMP errors from an earlier send surface here
            try:
                deliveries = handle(data)
            except Exception:  # a bug must not take the agent down; keep serving
                self._failed(peer)
                continue
            for delivery in deliveries:
                self._deliver(delivery, peer)
            if self._schedule or self._held:
                self._send_due()

    def _failed(self, peer: Any) -> None:
        """Count a request the agent failed to answer. Only the first gets a traceback and
        later ones a line at 10, 100, 1000, ... failures, so that a stream of hostile
        datagrams cannot fill the log."""
        stats = self.agent.stats
        stats.internal_errors += 1
        count = stats.internal_errors
        if count == 1:
            log.exception("agent failed to answer a request from %s (a bug: please report it)", peer[0])
        elif str(count).rstrip("0") == "1":
            log.error("agent failed to answer %d requests (latest from %s)", count, peer[0])

    def _next_timeout(self) -> float | None:
        due: list[float] = []
        if self._schedule:
            due.append(self._schedule[0][0])
        if self._held:
            due.append(self._held_since + self.agent.faults.reorder_hold)
        if not due:
            return None
        return max(0.0, min(due) - time.monotonic()) or 0.001

    def _deliver(self, delivery: Delivery, peer: Any) -> None:
        if delivery.delay > 0:
            heapq.heappush(
                self._schedule,
                (time.monotonic() + delivery.delay, next(self._order), delivery.data, peer,
                 delivery.foreign),
            )  # fmt: skip
            return
        self._send_now(delivery.data, peer, delivery.foreign, delivery.hold)

    def _send_now(self, data: bytes, peer: Any, foreign: bool, hold: bool = False) -> None:
        if hold:
            if not self._held:
                self._held_since = time.monotonic()
            self._held.append((data, peer, foreign))
            return
        self._sendto(data, peer, foreign)
        self._flush_held()

    def _flush_held(self) -> None:
        held, self._held = self._held, []
        for data, peer, foreign in held:
            self._sendto(data, peer, foreign)

    def _send_due(self) -> None:
        now = time.monotonic()
        while self._schedule and self._schedule[0][0] <= now:
            _, _, data, peer, foreign = heapq.heappop(self._schedule)
            self._sendto(data, peer, foreign)
        if self._held and now >= self._held_since + self.agent.faults.reorder_hold:
            self._flush_held()

    def _sendto(self, data: bytes, peer: Any, foreign: bool) -> None:
        sock = self._sock
        if foreign:
            if self._foreign is None:
                self._foreign = socket.socket(self._sock.family, socket.SOCK_DGRAM)
                self._foreign.bind((self.host, 0))
            sock = self._foreign
        try:
            sock.sendto(data, peer)
        except OSError as exc:
            log.debug("agent could not send to %s: %s", peer[0], exc)


class RunningAgent:
    """An agent serving in a background thread; ``stop()`` (or leaving ``with``) ends it."""

    def __init__(self, server: AgentServer) -> None:
        self.server = server
        self._thread = threading.Thread(
            target=server.serve_forever, name=f"snmp-agent-{server.port}", daemon=True
        )
        self._thread.start()

    def __repr__(self) -> str:
        return f"RunningAgent({self.server.address})"

    def __enter__(self) -> RunningAgent:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def agent(self) -> Agent:
        return self.server.agent

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def address(self) -> str:
        return self.server.address

    @property
    def stats(self) -> AgentStats:
        return self.agent.stats

    @property
    def faults(self) -> Faults:
        return self.agent.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        self.agent.faults = faults

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def restart(self) -> None:
        """Simulate an agent reboot (v3 engine boots + 1, clocks restart)."""
        self.agent.restart()

    def stop(self, timeout: float = 5.0) -> None:
        self.server.stop()
        self._thread.join(timeout)
