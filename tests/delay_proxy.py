"""A UDP forwarder on loopback that adds a fixed delay each way (a slow link without netem).

``DelayProxy(upstream_port, delay)`` listens on a free loopback port; every
datagram a client sends it reaches the agent ``delay`` seconds later, from a
socket of the proxy's own per client (so the agent sees one peer per client),
and every reply reaches the client ``delay`` seconds after the agent sent it:
a round trip of ``2 * delay`` plus the agent's time. Order is kept each way;
nothing is lost. One thread runs the forwarding (``start``/``stop``, or
``with``). Shared by the tests and the benchmarks, which also run it as a
process inside the benchmark's namespace:

    python3 tests/delay_proxy.py LISTEN_PORT UPSTREAM_PORT DELAY_SECONDS [HOST]
"""

from __future__ import annotations

import heapq
import itertools
import os
import select
import socket
import sys
import threading
import time

__all__ = ["DelayProxy"]

_BUFFER = 1 << 21


def _socket(host: str, port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
    for option in (socket.SO_RCVBUF, socket.SO_SNDBUF):
        sock.setsockopt(socket.SOL_SOCKET, option, _BUFFER)
    sock.bind((host, port))
    return sock


class DelayProxy:
    """Forwards between clients and ``host:upstream_port``, ``delay`` seconds each way."""

    def __init__(self, upstream_port: int, delay: float, host: str = "127.0.0.1", port: int = 0) -> None:
        if delay < 0:
            raise ValueError(f"delay must be 0 or more seconds, got {delay}")
        self.delay = delay
        self.host = host
        self.upstream = (host, upstream_port)
        self._listen = _socket(host, port)
        self.port = self._listen.getsockname()[1]
        self._by_client: dict[tuple, socket.socket] = {}
        self._client_of: dict[socket.socket, tuple] = {}
        self._queue: list[tuple[float, int, socket.socket, bytes, tuple]] = []
        self._order = itertools.count()
        self._wake_r, self._wake_w = os.pipe()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self.forwarded = 0

    def __enter__(self) -> DelayProxy:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="delay-proxy", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping = True
        os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(5)
        for sock in [self._listen, *self._by_client.values()]:
            sock.close()
        os.close(self._wake_r)
        os.close(self._wake_w)

    def _later(self, sock: socket.socket, data: bytes, to: tuple) -> None:
        heapq.heappush(self._queue, (time.monotonic() + self.delay, next(self._order), sock, data, to))

    def _upstream_for(self, client: tuple) -> socket.socket:
        sock = self._by_client.get(client)
        if sock is None:
            sock = _socket(self.host)
            self._by_client[client] = sock
            self._client_of[sock] = client
        return sock

    def run(self) -> None:
        """Forward until ``stop`` (the thread's body; a process may call it directly)."""
        queue = self._queue
        while not self._stopping:
            timeout = None
            if queue:
                timeout = max(0.0, queue[0][0] - time.monotonic())
            readable, _, _ = select.select([self._listen, self._wake_r, *self._client_of], [], [], timeout)
            for sock in readable:
                if sock == self._wake_r:
                    continue
                data, source = sock.recvfrom(65535)
                if sock is self._listen:
                    self._later(self._upstream_for(source[:2]), data, self.upstream)
                elif source[:2] == self.upstream:
                    self._later(self._listen, data, self._client_of[sock])
            now = time.monotonic()
            while queue and queue[0][0] <= now:
                _, _, sock, data, to = heapq.heappop(queue)
                try:
                    sock.sendto(data, to)
                    self.forwarded += 1
                except OSError:
                    pass  # a client gone away: the link drops it


def main(argv: list[str]) -> None:
    listen, upstream, delay = int(argv[0]), int(argv[1]), float(argv[2])
    host = argv[3] if len(argv) > 3 else "127.0.0.1"
    proxy = DelayProxy(upstream, delay, host=host, port=listen)
    print(f"delay proxy {host}:{proxy.port} -> {upstream}, {delay * 1000:g} ms each way", flush=True)
    try:
        proxy.run()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
