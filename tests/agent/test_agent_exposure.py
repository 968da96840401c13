"""Issue 11.5: ``snmptui agent`` off loopback says so, and writes only when asked.

No test binds a non-loopback address: ``run`` is given a server that reports the
address it would have bound and returns at once; the agent it was handed answers
requests directly.
"""

from __future__ import annotations

from typing import Any

import pytest

from core.message.community import decode_community_message, encode_community_message
from core.pdu import Pdu, PduType
from core.version import SnmpVersion
from snmptui.commands import agent as agent_command

SYS_CONTACT = "1.3.6.1.2.1.1.4.0"


class FakeServer:
    """Stands for AgentServer: 'binds' the address asked for and serves nothing."""

    instances: list[FakeServer] = []

    def __init__(self, agent: Any, host: str, port: int) -> None:
        self.agent, self.host, self.port = agent, host, port or 1161
        FakeServer.instances.append(self)

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def serve_forever(self) -> None:
        return None

    def stop(self) -> None:
        return None

    def close(self) -> None:
        return None


def run_agent(monkeypatch: pytest.MonkeyPatch, capsys: Any, *argv: str) -> tuple[Any, str, str]:
    FakeServer.instances.clear()
    monkeypatch.setattr(agent_command, "AgentServer", FakeServer)
    monkeypatch.setattr(agent_command.signal, "signal", lambda *a: None)
    assert agent_command.run(list(argv)) == 0
    out, err = capsys.readouterr()
    return FakeServer.instances[0].agent, out, err


def set_contact(agent: Any, community: bytes) -> list[Any]:
    """The deliveries of a SET of sysContact.0 with ``community``."""
    pdu = Pdu(PduType.SET, 7, 0, 0, [(SYS_CONTACT, b"changed")])
    return agent.handle(encode_community_message(SnmpVersion.v2c, community, pdu))


@pytest.mark.parametrize(
    ("listen", "named"),
    [("0.0.0.0:1161", "0.0.0.0:1161 (every address of this host)"), ("192.0.2.7:161", "192.0.2.7:161"),
     ("[::]:1161", "[::]:1161 (every address of this host)")],
)
def test_off_loopback_start_up_warns_naming_the_address_and_what_it_exposes(
    monkeypatch: pytest.MonkeyPatch, capsys: Any, listen: str, named: str
) -> None:
    _, out, err = run_agent(monkeypatch, capsys, "--listen", listen)
    assert f"listening on {named}, not loopback" in err
    assert "reads the demo device" in err and "read community" in err
    assert "SET" not in err  # nothing may be written


def test_loopback_start_up_does_not_warn(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    _, out, err = run_agent(monkeypatch, capsys, "--listen", "127.0.0.1:0")
    assert "not loopback" not in err and "write community" not in out


def test_no_write_community_unless_one_is_given(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    agent, out, _ = run_agent(monkeypatch, capsys)
    assert set_contact(agent, b"private") == [] and agent.stats.bad_community == 1
    assert "write community" not in out


def test_a_given_write_community_is_announced_and_writes(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    agent, out, err = run_agent(monkeypatch, capsys, "--write-community", "w-s3cret", "--listen", "0.0.0.0:1161")
    assert "the write community is on" in out
    assert "lets them SET its writable objects" in err and "read and write communities" in err
    assert "w-s3cret" not in out + err
    (delivery,) = set_contact(agent, b"w-s3cret")
    assert decode_community_message(delivery.data)[2].error_status == 0
