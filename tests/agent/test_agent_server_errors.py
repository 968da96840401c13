"""Issue 11.2: a request the agent fails to answer (a bug) is counted; only the first gets a
traceback in the log, so a stream of hostile datagrams cannot flood it."""

from __future__ import annotations

import logging
import socket
import time
from typing import Any

import pytest

from core import SnmpSession
from core.agent import Agent, start_background
from core.agent.demo import DemoDevice


def test_a_request_the_agent_fails_on_logs_one_traceback_not_one_each(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real = Agent.handle

    def handle(self: Agent, data: bytes) -> Any:
        if data.startswith(b"boom"):
            raise RuntimeError("a bug in the agent")
        return real(self, data)

    monkeypatch.setattr(Agent, "handle", handle)  # the server binds it when it starts
    with start_background(DemoDevice()) as agent:
        with caplog.at_level(logging.ERROR), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            for _ in range(12):
                sock.sendto(b"boom", ("127.0.0.1", agent.port))
            deadline = time.monotonic() + 5
            while agent.stats.internal_errors < 12 and time.monotonic() < deadline:
                time.sleep(0.01)
            with SnmpSession("127.0.0.1", agent.port, timeout=2) as session:  # still serving
                assert session.get("1.3.6.1.2.1.1.5.0")
    assert agent.stats.internal_errors == 12
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1
    assert [r.getMessage() for r in caplog.records if not r.exc_info] == [
        "agent failed to answer 10 requests (latest from 127.0.0.1)"
    ]
