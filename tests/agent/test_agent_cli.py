"""``snmptui agent``, ``snmptui record`` and the shared net-snmp flag parser."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from core import Counter32, SnmpSession, SnmpVersion
from core.agent import Faults, start_background
from core.snapshot.files import load_snapshot
from snmptui.commands import agent as agent_command
from snmptui.commands import record as record_command
from snmptui.netsnmp_args import ArgumentError, parse_agent, parse_connection
from mib.mib_helpers import CORPUS
from snmpd_fixture import require_tools, tool_env

REPO = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------ net-snmp flags


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("192.0.2.1", ("udp", "192.0.2.1", 161)),
        ("udp:127.0.0.1:1161", ("udp", "127.0.0.1", 1161)),
        ("udp6:[::1]:161", ("udp6", "::1", 161)),
        ("[::1]:1161", ("udp6", "::1", 1161)),
        ("::1", ("udp6", "::1", 161)),
        ("localhost:2000", ("udp", "localhost", 2000)),
    ],
)
def test_agent_addresses(text: str, expected: tuple[str, str, int]) -> None:
    assert parse_agent(text) == expected


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["tcp:host"], "only UDP"),
        (["host:99999"], "port '99999'"),
        (["-v", "4", "host"], "-v"),
        (["-t", "0", "host"], "-t"),
        (["-r", "x", "host"], "-r"),
        (["-Cr0", "host"], "-Cr"),
        (["-Cx", "host"], "-Cx"),
        (["-v3", "host"], "-u"),
        (["-v3", "-u", "bob", "-l", "authNoPriv", "host"], "-A"),
        (["-v3", "-u", "bob", "-a", "SHA-1024", "-A", "longenough", "host"], "-a"),
        (["-v3", "-u", "bob", "-A", "longenough", "-x", "AES", "-X", "shortpw", "host"], "-X"),
        (["-v3", "-u", "bob", "-e", "zz", "host"], "-e"),
        (["-q", "host"], "-q"),
        ([], "AGENT"),
    ],
)
def test_bad_flags_name_the_flag(argv: list[str], flag: str) -> None:
    with pytest.raises(ArgumentError, match=flag):
        parse_connection(argv)


def test_a_v3_spec_builds_the_session_and_hides_secrets() -> None:
    spec = parse_connection(
        ["-v3", "-u", "bob", "-a", "SHA-256", "-A", "auth-secret-1", "-x", "AES-256-C", "-X", "priv-secret-1",
         "-n", "ctx", "-Cr", "50", "-Cc", "-t", "2.5", "-r", "3", "udp6:[::1]:1161"]
    )  # fmt: skip
    assert (spec.host, spec.port, spec.version, spec.level) == ("::1", 1161, SnmpVersion.v3, "authPriv")
    assert (spec.max_repetitions, spec.check_increasing, spec.timeout, spec.retries) == (50, False, 2.5, 3)
    kwargs = spec.session_kwargs()
    assert kwargs["user"].priv_key.label == "AES-256-C" and kwargs["context_name"] == "ctx"
    shown = repr(spec) + spec.command_line("snmpget", "1.3.6.1.2.1.1.5.0")
    assert "secret" not in shown
    assert spec.command_line("snmpget", "1.3.6.1.2.1.1.5.0") == (
        "snmpget -v 3 -l authPriv -u bob -a SHA-256 -A **** -x AES-256-C -X **** -n ctx udp6:[::1]:1161 1.3.6.1.2.1.1.5.0"
    )
    v2 = parse_connection(["-v2c", "-cs3cret", "127.0.0.1"])
    assert v2.session_kwargs()["community"].reveal() == "s3cret" and "s3cret" not in repr(v2) + v2.command_line("x", "1.3")


# ------------------------------------------------------------ snmptui agent


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--v3-user", "bob:SHA:pw12"], ["--v3-user 'bob'", "too short"]),
        (["--v3-user", "bob:MD6:password1"], ["--v3-user 'bob'", "authentication protocol is not one of"]),
        (["--v3-user", "bob:password1:password1"], ["--v3-user 'bob'", "authentication protocol is not one of"]),
        (["--listen", "127.0.0.1:70000"], ["--listen"]),
        (["--fault", "explode=1"], ["--fault"]),
        (["--fault", "drop=lots"], ["--fault drop"]),
        (["--engine-id", "12"], ["--engine-id"]),
        (["--demo", "--snapshot", "x"], ["--snapshot", "--demo"]),
        (["--bogus"], ["--bogus"]),
    ],
)
def test_agent_command_bad_flags_exit_2_with_one_line(argv: list[str], words: list[str], capsys: Any) -> None:
    assert agent_command.run(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    for word in words:
        assert word in err
    assert "pw12" not in err and "password1" not in err


def test_v3_users_file_of_create_user_lines_serves_each_user(tmp_path: Path) -> None:
    from core import Aes128Key, DesKey, Sha256Key, Sha1Key, User

    path = tmp_path / "users.conf"
    path.write_text(
        "# one user a line, as in snmpd.conf\n"
        "createUser watcher\n"
        "createUser alice SHA-256 \"alice auth pass\" AES 'alice-priv-pw'  # quoted words\n"
        "\n"
        "createUser bob SHA bob-auth-pw DES\n"
    )
    path.chmod(0o600)
    users, warnings = agent_command.read_v3_users(str(path))
    assert warnings == []
    assert [u.user.name for u in users] == ["watcher", "alice", "bob"]
    alice = User("alice", auth_key=Sha256Key(b"alice auth pass"), priv_key=Aes128Key(b"alice-priv-pw"))
    # A privacy passphrase left out is the authentication one (net-snmp's rule).
    bob = User("bob", auth_key=Sha1Key(b"bob-auth-pw"), priv_key=DesKey(b"bob-auth-pw"))
    with start_background([("1.3.6.1.2.1.1.5.0", b"box")], users=users) as running:
        for user in (User("watcher"), alice, bob):
            with SnmpSession("127.0.0.1", running.port, user=user, timeout=2) as session:
                assert session.get("1.3.6.1.2.1.1.5.0") == b"box"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("createUser alice SHA-256\n", [":1:", "createUser NAME"]),
        ("\n\nuser alice SHA-256 alicepass1\n", [":3:", "createUser NAME"]),
        ("createUser alice SHA-256 short\n", [":1:", "'alice'", "too short"]),
        ("createUser alice SHA-999 alicepass1\n", [":1:", "authentication protocol is not one of", "SHA-256"]),
        # A passphrase typed where the protocol goes is not echoed as an "unknown protocol".
        ("createUser alice alicepass1 SHA alicepass1\n", [":1:", "authentication protocol is not one of"]),
        ("createUser alice SHA alicepass1 alicepass1 AES\n", [":1:", "privacy protocol is not one of"]),
        ("createUser alice SHA 'alicepass1\n", [":1:", "quotes"]),
    ],
)
def test_v3_users_file_errors_name_file_and_line_never_the_passphrase(
    tmp_path: Path, text: str, words: list[str], capsys: Any
) -> None:
    path = tmp_path / "users.conf"
    path.write_text(text)
    assert agent_command.run(["--v3-users", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert f"--v3-users {path}" in err
    for word in words:
        assert word in err
    assert "alicepass1" not in err and "short" not in err.replace("too short", "")


def _shown(value: object) -> str:
    return repr(value) + str(value) + f"{value}"


@pytest.mark.parametrize(
    ("spec_of", "text", "passphrases"),
    [
        (lambda text: agent_command.parse_create_user(text, "--v3-users f:1"),
         "createUser alice SHA-256 'alice auth pass' AES alice-priv-pw", ["alice auth pass", "alice-priv-pw"]),
        (lambda text: agent_command.parse_create_user(text, "--v3-users f:1"),
         "createUser -e 0x8000000001020304 alice SHA-256 alice-auth-pw AES", ["alice-auth-pw"]),
        (agent_command.parse_v3_user_spec,
         "alice:SHA-256:alice:auth:pw:AES:alice-priv-pw", ["alice:auth:pw", "alice-priv-pw"]),
    ],
)
def test_parsed_v3_users_hold_passphrases_as_secrets_and_still_authenticate(
    spec_of: Any, text: str, passphrases: list[str]
) -> None:
    from core import Aes128Key, Sha256Key, User
    from core.errors import WrongDigest
    from core.secret import Secret

    spec = spec_of(text)
    assert spec is not None and spec.name == "alice"
    assert spec.auth is not None and spec.priv is not None
    assert isinstance(spec.auth[1], Secret) and isinstance(spec.priv[1], Secret)
    assert spec.auth[1].reveal() == passphrases[0] and spec.priv[1].reveal() == passphrases[-1]
    agent_user = spec.agent_user()
    for shown in (_shown(spec), _shown(spec.auth), _shown(spec.priv), _shown(agent_user)):
        for passphrase in passphrases:
            assert passphrase not in shown
    if spec.engine_id is not None:  # a trap sender's user: keys localized to its engine
        assert spec.engine_id == bytes.fromhex("8000000001020304")
        return
    alice = User("alice", auth_key=Sha256Key(passphrases[0]), priv_key=Aes128Key(passphrases[-1]))
    with start_background([("1.3.6.1.2.1.1.5.0", b"box")], users=[agent_user]) as running:
        with SnmpSession("127.0.0.1", running.port, user=alice, timeout=2) as session:
            assert session.get("1.3.6.1.2.1.1.5.0") == b"box"
    wrong = User("alice", auth_key=Sha256Key("not-alice-pw"), priv_key=Aes128Key(passphrases[-1]))
    with start_background([("1.3.6.1.2.1.1.5.0", b"box")], users=[agent_user]) as running:
        with SnmpSession("127.0.0.1", running.port, user=wrong, timeout=0.5, retries=0) as session:
            with pytest.raises(WrongDigest):
                session.get("1.3.6.1.2.1.1.5.0")


@pytest.mark.parametrize(
    "line",
    [
        "createUser alice SHA-999 alicepass1 AES alicepriv1",
        "createUser alice SHA-256 alicepass1 AES-999 alicepriv1",
        "createUser alice SHA-256 alicepass1 AES short",
        "createUser alice SHA-256 alicepass1 'alicepriv1",
        "createUser -e 0xZZ alice SHA-256 alicepass1 AES alicepriv1",
        "createUser alice SHA-256 alicepass1 AES alicepriv1 extra",
        "createUser alice alicepass1 SHA-256 alicepriv1",
        "createUser alice SHA-256 alicepass1 alicepriv1 AES",
    ],
)
def test_malformed_create_user_errors_hold_no_passphrase(tmp_path: Path, line: str) -> None:
    path = tmp_path / "users.conf"
    path.write_text(line + "\n")
    with pytest.raises(ArgumentError) as caught:
        agent_command.read_create_users(str(path))
    message = str(caught.value) + repr(caught.value)
    assert f"--v3-users {path}:1: " in message
    for passphrase in ("alicepass1", "alicepriv1"):
        assert passphrase not in message
    assert "short" not in message.replace("too short", "")


def test_v3_users_file_readable_by_others_warns(tmp_path: Path) -> None:
    path = tmp_path / "users.conf"
    path.write_text("createUser alice SHA-256 alicepass1\n")
    path.chmod(0o644)
    users, warnings = agent_command.read_v3_users(str(path))
    assert len(users) == 1
    assert warnings == [f"{path} holds passphrases and other users may read it (chmod 600 {path})"]
    missing = tmp_path / "absent.conf"
    with pytest.raises(ArgumentError, match=f"--v3-users {missing}: No such file"):
        agent_command.read_v3_users(str(missing))


def test_agent_command_reports_snapshot_lines(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "bad.snmprec"
    path.write_text("1.3.6.1.2.1.1.1.0|4|ok\n1.3.6.1.2.1.1.2.0|6|not-an-oid\n")
    assert agent_command.run(["--snapshot", str(path)]) == 2
    assert f"{path}:2:" in capsys.readouterr().err


def test_agent_command_serves_until_interrupted(tmp_path: Path) -> None:
    require_tools()
    path = tmp_path / "tiny.snmprec"
    path.write_text("1.3.6.1.2.1.1.5.0|4|tiny\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "snmptui", "agent", "--snapshot", str(path), "--listen", "127.0.0.1:0",
         "--v3-user", "alice:SHA-256:alice-auth-pw:AES:alice-priv-pw"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        banner = proc.stdout.readline()
        assert "alice-" not in banner
        port = int(banner.split("udp:127.0.0.1:")[1].split()[0])
        with SnmpSession("127.0.0.1", port, timeout=2) as session:
            assert session.get("1.3.6.1.2.1.1.5.0") == b"tiny"
        result = subprocess.run(
            ["snmpget", "-v3", "-l", "authPriv", "-u", "alice", "-a", "SHA-256", "-A", "alice-auth-pw",
             "-x", "AES", "-X", "alice-priv-pw", "-Ovq", f"127.0.0.1:{port}", "1.3.6.1.2.1.1.5.0"],
            capture_output=True, text=True, env=tool_env(tmp_path),
        )  # fmt: skip
        assert result.stdout.strip() == '"tiny"', result.stderr
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "stopped after" in out and "Traceback" not in err
    assert "--v3-user puts passphrases where ps shows them" in err and "alice-" not in err


def test_agent_command_with_mibs_creates_and_destroys_rows_of_a_snapshot(tmp_path: Path, cli_env: dict[str, str]) -> None:
    """-M/-m tell the served snapshot which tables under --writable are RowStatus tables."""
    from core.errors import SnmpStatusError

    path = tmp_path / "tiny.snmprec"
    path.write_text("1.3.6.1.2.1.1.5.0|4|tiny\n")
    status = "1.3.6.1.6.3.13.1.3.1.5.1.112.1.3.6"  # snmpNotifyFilterRowStatus."p".1.3.6 (IMPLIED subtree)
    for with_mibs in (True, False):
        mib_flags = ["-M", str(CORPUS / "netsnmp"), "-m", "SNMP-NOTIFICATION-MIB"] if with_mibs else []
        proc = subprocess.Popen(
            [sys.executable, "-m", "snmptui", "agent", "--snapshot", str(path), "--listen", "127.0.0.1:0",
             "--write-community", "private", "--writable", "1.3.6.1.6.3.13", *mib_flags],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=cli_env,
        )  # fmt: skip
        try:
            assert proc.stdout is not None
            banner = proc.stdout.readline()
            port = int(banner.split("udp:127.0.0.1:")[1].split()[0])
            with SnmpSession("127.0.0.1", port, community="private", timeout=2) as session:
                if with_mibs:
                    session.set(status, 4)  # createAndGo: every other column has a DEFVAL
                    assert session.get(status) == 1
                    session.set(status, 6)
                    assert list(session.fetch("1.3.6.1.6.3.13")) == []
                else:
                    with pytest.raises(SnmpStatusError) as refused:
                        session.set(status, 4)
                    assert refused.value.status_name in ("noCreation", "notWritable")
            proc.send_signal(signal.SIGINT)
            proc.communicate(timeout=10)
        finally:
            proc.kill()
        assert proc.returncode == 0


# ------------------------------------------------------------ snmptui record


STABLE_SUBTREES = (
    "1.3.6.1.2.1.1.1",  # sysDescr
    "1.3.6.1.2.1.1.2",  # sysObjectID
    "1.3.6.1.2.1.1.9",  # sysORTable
    "1.3.6.1.2.1.2.2.1.1",  # ifIndex .. ifPhysAddress
    "1.3.6.1.2.1.2.2.1.2",
    "1.3.6.1.2.1.2.2.1.3",
    "1.3.6.1.2.1.2.2.1.4",
    "1.3.6.1.2.1.2.2.1.6",
    "1.3.6.1.2.1.4.20",  # ipAddrTable
    "1.3.6.1.6.3.15.1.2.2.1.3",  # usmUserSecurityName (long string indexes)
    "1.3.6.1.6.3.16.1.2",  # vacmSecurityToGroupTable
)


def walk(port: int, host: str = "127.0.0.1") -> dict[str, list[tuple[str, Any]]]:
    with SnmpSession(host, port, timeout=2, retries=1) as session:
        return {root: list(session.fetch(root)) for root in STABLE_SUBTREES}


def test_record_then_serve_walks_like_the_live_agent(snmpd: Any, tmp_path: Path, capsys: Any) -> None:
    output = tmp_path / "snmpd.snmprec.bz2"
    status = record_command.run([f"udp:{snmpd.host4}:{snmpd.port}", "-v2c", "-c", "public", "-Cr", "40",
                                 "-o", str(output)])  # fmt: skip
    assert status == 0, capsys.readouterr().err
    assert "wrote" in capsys.readouterr().err
    snapshot = load_snapshot(output)
    assert len(snapshot) > 500
    live = walk(snmpd.port)
    with start_background(snapshot) as running:
        served = walk(running.port)
    for root in STABLE_SUBTREES:
        assert served[root] == live[root], root
        assert [type(v) for _, v in served[root]] == [type(v) for _, v in live[root]]
    assert sum(len(rows) for rows in live.values()) > 50


def test_record_subtrees_over_v3_and_ipv6(snmpd: Any, tmp_path: Path, capsys: Any) -> None:
    output = tmp_path / "ifdescr.snmprec"
    argv = [f"udp6:[{snmpd.host6}]:{snmpd.port}", *snmpd.user_args("priv_aes"), "-o", str(output),
            "1.3.6.1.2.1.2.2.1.2", "1.3.6.1.2.1.1.5.0"]  # fmt: skip
    assert record_command.run(argv) == 0, capsys.readouterr().err
    records = load_snapshot(output).pairs()
    with SnmpSession(snmpd.host4, snmpd.port, timeout=2) as session:
        name = ("1.3.6.1.2.1.1.5.0", session.get("1.3.6.1.2.1.1.5.0"))
        expected = [name, *session.fetch("1.3.6.1.2.1.2.2.1.2")]
    assert records == expected  # in OID order, whatever order the OIDs were given in


def test_record_errors(tmp_path: Path, capsys: Any) -> None:
    assert record_command.run(["127.0.0.1", "-o", str(tmp_path / "missing" / "x.snmprec")]) == 2
    assert "-o" in capsys.readouterr().err
    assert record_command.run(["127.0.0.1", "-o", str(tmp_path / "x.snmprec"), "not.an.oid"]) == 2
    assert "not.an.oid" in capsys.readouterr().err
    with start_background([("1.3.6.1.2.1.1.5.0", b"x")], faults=Faults(drop=1.0)) as running:
        target = tmp_path / "none.snmprec"
        assert record_command.run([f"127.0.0.1:{running.port}", "-t", "0.2", "-r", "0", "-o", str(target)]) == 1
    assert "timeout" in capsys.readouterr().err and not target.exists()


def test_record_interrupted_keeps_what_was_walked(tmp_path: Path) -> None:
    rows = [(f"1.3.6.1.2.1.2.2.1.10.{i}", Counter32(i)) for i in range(1, 3001)]
    output = tmp_path / "partial.snmprec"
    with start_background(rows, faults=Faults(delay=0.02)) as running:
        proc = subprocess.Popen(
            [sys.executable, "-m", "snmptui", "record", f"127.0.0.1:{running.port}", "-Cr5",
             "-o", str(output), "1.3.6.1.2.1.2"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 10
            while running.stats.responses < 20 and time.monotonic() < deadline:
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGINT)
            _, err = proc.communicate(timeout=10)
        finally:
            proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted; wrote" in err
    recorded = load_snapshot(output).pairs()
    assert 50 <= len(recorded) < len(rows)
    assert recorded == rows[: len(recorded)]
