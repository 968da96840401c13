"""``snmptui set`` against net-snmp's ``snmpset``: the same bytes on stdout and stderr, the same exit.

Both tools run with the same MIBs against the same snmpd (the writable ``system`` group),
each assignment setting a value that stays, so the order of the two runs does not matter.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.agent import start_background
from core.agent.demo import DemoDevice
from snmpd_fixture import SnmpdAgent, tool_env, user_args

REPO = Path(__file__).resolve().parents[2]
MIBS = str(REPO.parent / "shared" / "mibs" / "netsnmp")
LONG = "x" * 300

CASES = {
    "string": ["sysContact.0", "s", "noc@example.net"],
    "type from the MIB": ["SNMPv2-MIB::sysLocation.0", "=", "rack 4"],
    "hex": ["sysName.0", "x", "6c61622d31"],
    "hex with spaces": ["sysName.0", "x", "0x6c 61 62 2d 31"],
    "decimal": ["sysName.0", "d", "108.97.98.45.49"],
    "several in one PDU": ["sysContact.0", "s", "a", "sysLocation.0", "=", "b", "sysName.0", "s", "c"],
    "not writable": ["sysDescr.0", "s", "x"],
    "not writable among writable": ["sysContact.0", "s", "a", "sysUpTime.0", "t", "5"],
    "type checked against the MIB": ["sysContact.0", "i", "5"],
    "unknown enum label": ["IF-MIB::ifAdminStatus.1", "i", "bogus"],
    "size checked against the MIB": ["sysLocation.0", "s", LONG],
    "bad hex": ["sysContact.0", "x", "41:42"],
    "bad object type": ["sysContact.0", "q", "1"],
    "needs value": ["sysContact.0", "i"],
    "needs type and value": ["sysContact.0"],
    "wrongType from the agent (-Ir)": ["-Ir", "sysContact.0", "i", "5"],
    "wrongLength from the agent (-Ir)": ["-Ir", "sysLocation.0", "s", LONG],
    "quiet": ["-Cq", "sysContact.0", "s", "quiet"],
}


def _split(words: list[str]) -> tuple[list[str], list[str]]:
    flags = [w for w in words if w in ("-Ir", "-Cq")]
    return flags, [w for w in words if w not in flags]


def _run(command: list[str], env: dict[str, str]) -> tuple[str, str, int]:
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=30, cwd=REPO)
    return result.stdout, result.stderr, result.returncode


def _both(auth: list[str], words: list[str], target: str, env: dict[str, str]) -> tuple[tuple[str, str, int], ...]:
    flags, rest = _split(words)
    ours = _run([sys.executable, "-m", "snmptui", "set", *auth, "-M", MIBS, *flags, target, *rest], _OURS_ENV)
    theirs = _run(["snmpset", *auth, "-M", MIBS, "-m", "ALL", *flags, target, *rest], env)
    return ours, theirs


_OURS_ENV: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def _ours_env(cli_env: dict[str, str]) -> None:
    _OURS_ENV.update(cli_env)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The net-snmp tools' environment, with the directory they announce creating made already."""
    environment = tool_env(tmp_path_factory.mktemp("netsnmp-set"))
    (Path(environment["SNMP_PERSISTENT_DIR"]) / "cert_indexes").mkdir(exist_ok=True)
    return environment


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> SnmpdAgent:
    with SnmpdAgent(tmp_path_factory.mktemp("snmpd-set")) as running:
        yield running


@pytest.mark.parametrize("case", list(CASES))
def test_set_prints_what_snmpset_prints(case: str, agent: SnmpdAgent, env: dict[str, str]) -> None:
    ours, theirs = _both(["-v2c", "-c", "private"], CASES[case], agent.target4, env)
    assert ours == theirs


def test_read_only_community_gets_no_access(agent: SnmpdAgent, env: dict[str, str]) -> None:
    ours, theirs = _both(["-v2c", "-c", "public"], ["sysContact.0", "s", "x"], agent.target4, env)
    assert ours == theirs
    assert "Reason: noAccess" in ours[1] and ours[2] == 2


def test_v3_read_write_user(agent: SnmpdAgent, env: dict[str, str]) -> None:
    ours, theirs = _both(user_args("priv_aes"), ["sysName.0", "=", "v3-set"], agent.target4, env)
    assert ours == theirs
    assert ours[0] == "SNMPv2-MIB::sysName.0 = STRING: v3-set\n"


def test_v3_read_only_user_is_refused(agent: SnmpdAgent, env: dict[str, str]) -> None:
    ours, theirs = _both(user_args("ro_authpriv"), ["sysName.0", "s", "no"], agent.target4, env)
    assert ours == theirs and ours[2] == 2


def test_timeout_names_the_agent() -> None:
    out, err, status = _run([sys.executable, "-m", "snmptui", "set", "-c", "private", "-t", "0.2", "-r", "0",
                             "-M", MIBS, "127.0.0.1:9", "sysContact.0", "s", "x"], _OURS_ENV)
    assert (out, err, status) == ("", "Timeout: No Response from 127.0.0.1:9\n", 1)


def test_the_community_never_shows(agent: SnmpdAgent) -> None:
    out, err, status = _run([sys.executable, "-m", "snmptui", "set", "-c", "s3cret-write", "-t", "0.2", "-r", "0",
                             "-M", MIBS, agent.target4, "sysContact.0", "s", "x"], _OURS_ENV)
    assert status == 1 and "s3cret-write" not in out + err


def test_demo_agent_write_rules_bring_the_port_down() -> None:
    device = DemoDevice()
    with start_background(device, write_community="demo-write") as running:
        target = f"127.0.0.1:{running.port}"
        out, err, status = _run([sys.executable, "-m", "snmptui", "set", "-c", "demo-write", "-M", MIBS, target,
                                 "IF-MIB::ifAdminStatus.3", "=", "down"], _OURS_ENV)
        assert (out, err, status) == ("IF-MIB::ifAdminStatus.3 = INTEGER: down(2)\n", "", 0)
        port = next(p for p in device.ports if p.index == 3)
        assert port.oper_status(device.now()) == 2
        out, err, status = _run([sys.executable, "-m", "snmptui", "set", "-c", "demo-write", "-M", MIBS, target,
                                 "IF-MIB::ifAdminStatus.3", "i", "7"], _OURS_ENV)
        assert status == 2 and "Reason: wrongValue" in err
