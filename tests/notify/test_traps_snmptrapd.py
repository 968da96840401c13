"""``snmptui traps`` against ``snmptrapd -f -Lo``: the same datagrams, the same output.

Each notification is sent once by net-snmp's own sender to a capturing socket, then
the captured datagram is replayed from one socket to both receivers, so the sender
address and port are the same for both; only the time and the listening ports differ. (A v1 trap's community prints as
``****`` in ours; snmptrapd prints it, which the comparison accounts for.)
A v3 inform cannot be replayed (the sender discovers each receiver's engine id), so it
is sent to each by ``snmpinform`` and the ports are compared as patterns.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mib.mib_helpers import REPO, corpus_dirs
from snmpd_fixture import free_udp_port, tool_env

from notify.notify_helpers import SENDER_ENGINE

SNMPTRAPD = "/usr/sbin/snmptrapd"
V3 = ["-l", "authPriv", "-a", "SHA", "-A", "authpass123", "-x", "AES", "-X", "privpass123"]
USERS = (
    f"createUser -e 0x{SENDER_ENGINE.hex()} tuser SHA authpass123 AES privpass123\n"
    "createUser iuser SHA authpass123 AES privpass123\n"
)
_STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ", re.M)
# (tool and options, arguments after the target)
SENDS = [
    (["snmptrap", "-v1", "-c", "public"], ["1.3.6.1.4.1.8072.2.3", "127.0.0.1", "2", "0", "",
                                            "1.3.6.1.2.1.2.2.1.1.3", "i", "3"]),
    (["snmptrap", "-v1", "-c", "public"], ["1.3.6.1.4.1.8072.2.3", "10.1.2.3", "6", "17", "123456",
                                            "1.3.6.1.2.1.1.5.0", "s", "hello", "1.3.6.1.2.1.2.2.1.1.1", "i", "1"]),
    (["snmptrap", "-v2c", "-c", "public"], ["", "1.3.6.1.6.3.1.1.5.3", "1.3.6.1.2.1.2.2.1.1.3", "i", "3",
                                             "1.3.6.1.2.1.2.2.1.7.3", "i", "1", "1.3.6.1.2.1.2.2.1.8.3", "i", "2"]),
    (["snmpinform", "-v2c", "-c", "public", "-r", "0", "-t", "0.3"], ["42", "1.3.6.1.6.3.1.1.5.4",
                                                                       "1.3.6.1.2.1.2.2.1.1.3", "i", "3"]),
    (["snmptrap", "-v3", "-e", f"0x{SENDER_ENGINE.hex()}", "-u", "tuser", *V3], ["", "1.3.6.1.6.3.1.1.5.1"]),
]  # fmt: skip


class _Output:
    """A receiver process whose stdout goes to a file."""

    def __init__(self, command: list[str], path: Path, env: dict[str, str], ready: str, stream: str) -> None:
        self.path = path
        self._handle = open(path, "w")
        self._err_path = path.with_suffix(".err")
        self._err = open(self._err_path, "w")
        self.process = subprocess.Popen(command, stdout=self._handle, stderr=self._err, env=env, cwd=REPO)
        deadline = time.monotonic() + 60
        watched = path if stream == "stdout" else self._err_path
        while ready not in watched.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not start: {self._err_path.read_text()}")
            time.sleep(0.05)

    def blocks(self) -> list[str]:
        text = self.path.read_text(errors="replace")
        starts = [m.start() for m in _STAMP.finditer(text)]
        return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)])]

    def wait_blocks(self, count: int) -> list[str]:
        deadline = time.monotonic() + 10
        while len(self.blocks()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.blocks()

    def stop(self) -> str:
        self.process.send_signal(2)  # SIGINT, as Ctrl-C
        try:
            self.process.wait(10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self._handle.close()
            self._err.close()
        return self._err_path.read_text()


# The modules the notifications use, and DISMAN-EXPRESSION-MIB, whose sysUpTimeInstance
# is how net-snmp names sysUpTime.0 when it is loaded.
MODULES = "SNMPv2-MIB:IF-MIB:NET-SNMP-EXAMPLES-MIB:DISMAN-EXPRESSION-MIB"


@pytest.fixture(scope="module")
def receivers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[_Output, int, _Output, int]]:
    tmp_path = tmp_path_factory.mktemp("receivers")
    if shutil.which(SNMPTRAPD) is None:
        raise RuntimeError("missing snmptrapd: install the Debian package snmptrapd (bash scripts/test.sh does it)")
    env = tool_env(tmp_path)
    mibs = ":".join(corpus_dirs())
    conf = tmp_path / "snmptrapd.conf"
    conf.write_text("disableAuthorization yes\n" + USERS)
    trapd_port, our_port = free_udp_port(), free_udp_port()
    trapd = _Output([SNMPTRAPD, "-f", "-Lo", "-C", "-c", str(conf), "-M", mibs, "-m", MODULES,
                     f"udp:127.0.0.1:{trapd_port}"], tmp_path / "snmptrapd.out", env, "NET-SNMP version",
                    "stdout")  # fmt: skip
    users = tmp_path / "users.conf"
    users.write_text(USERS)
    users.chmod(0o600)
    ours_env = dict(env, XDG_STATE_HOME=str(tmp_path / "state"), PYTHONPATH=str(REPO))
    ours = _Output([sys.executable, "-m", "snmptui", "traps", "--listen", f"127.0.0.1:{our_port}",
                    "--v3-users", str(users), "-M", mibs, "-m", MODULES], tmp_path / "ours.out", ours_env, "listening on",
                   "stderr")  # fmt: skip
    try:
        yield trapd, trapd_port, ours, our_port
    finally:
        trapd.stop()
        ours.stop()


def _capture(tmp_path: Path, command: tuple[list[str], list[str]]) -> bytes:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as capture:
        capture.bind(("127.0.0.1", 0))
        capture.settimeout(10)
        target = f"127.0.0.1:{capture.getsockname()[1]}"
        argv = [*command[0], target, *command[1]]
        process = subprocess.Popen(argv, env=tool_env(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        data = capture.recv(65535)
        process.wait(10)
        return data


def _normal(block: str, listen_port: int) -> str:
    block = _STAMP.sub("TIME ", block)
    block = block.replace(f"->[127.0.0.1]:{listen_port}]", "->[127.0.0.1]:PORT]")
    block = block.replace(f"->[127.0.0.1]:{listen_port})", "->[127.0.0.1]:PORT)")
    return block.replace("community public", "community ****")


def test_default_output_is_snmptrapds_for_the_same_datagrams(receivers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    trapd, trapd_port, ours, our_port = receivers
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        sender.bind(("127.0.0.1", 0))
        sender.settimeout(5)
        for command in SENDS:
            data = _capture(tmp_path, command)
            acks = []
            for port in (trapd_port, our_port):
                sender.sendto(data, ("127.0.0.1", port))
                if command[0][0] == "snmpinform":
                    acks.append(sender.recv(65535))
            assert acks[:1] == acks[1:]  # the same Response bytes as snmptrapd's
    theirs = [_normal(b, trapd_port) for b in trapd.wait_blocks(len(SENDS))]
    mine = [_normal(b, our_port) for b in ours.wait_blocks(len(SENDS))]
    assert len(theirs) == len(SENDS)
    assert mine == theirs


def test_v3_inform_output_is_snmptrapds(receivers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    trapd, trapd_port, ours, our_port = receivers
    before = len(trapd.blocks())
    for port in (trapd_port, our_port):
        done = subprocess.run(["snmpinform", "-v3", "-u", "iuser", *V3, f"127.0.0.1:{port}", "4242",
                               "1.3.6.1.6.3.1.1.5.2", "1.3.6.1.2.1.1.5.0", "s", "router-7"],
                              capture_output=True, text=True, env=tool_env(tmp_path), timeout=30)  # fmt: skip
        assert done.returncode == 0, done.stderr
    ports = re.compile(r"\[127\.0\.0\.1\]:\d+")
    theirs = [ports.sub("ADDR", _STAMP.sub("TIME ", b)) for b in trapd.wait_blocks(before + 1)]
    mine = [ports.sub("ADDR", _STAMP.sub("TIME ", b)) for b in ours.wait_blocks(before + 1)]
    assert "SNMPv2-MIB::warmStart" in theirs[-1] and "router-7" in theirs[-1]
    assert mine[-1] == theirs[-1]


def test_ipv6_sender_is_shown_as_snmptrapd_shows_it(tmp_path: Path) -> None:
    env = tool_env(tmp_path)
    conf = tmp_path / "snmptrapd.conf"
    conf.write_text("disableAuthorization yes\n")
    trapd_port, our_port = free_udp_port(), free_udp_port()
    mibs = ["-M", ":".join(corpus_dirs()), "-m", MODULES]
    trapd = _Output([SNMPTRAPD, "-f", "-Lo", "-C", "-c", str(conf), *mibs, f"udp6:[::1]:{trapd_port}"],
                    tmp_path / "snmptrapd.out", env, "NET-SNMP version", "stdout")  # fmt: skip
    ours_env = dict(env, XDG_STATE_HOME=str(tmp_path / "state"), PYTHONPATH=str(REPO))
    ours = _Output([sys.executable, "-m", "snmptui", "traps", "--listen", f"[::1]:{our_port}", *mibs],
                   tmp_path / "ours.out", ours_env, "listening on", "stderr")  # fmt: skip
    try:
        data = _capture(tmp_path, SENDS[2])
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sender:
            sender.bind(("::1", 0))
            for port in (trapd_port, our_port):
                sender.sendto(data, ("::1", port))
        (theirs,) = [_STAMP.sub("TIME ", b) for b in trapd.wait_blocks(1)]
        (mine,) = [_STAMP.sub("TIME ", b) for b in ours.wait_blocks(1)]
    finally:
        trapd.stop()
        ours.stop()
    assert "[UDP/IPv6: [::1]:" in theirs
    assert mine == theirs
