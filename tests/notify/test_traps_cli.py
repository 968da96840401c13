"""``snmptui traps`` as a command: JSON Lines, Ctrl-C, flags and bind errors."""

from __future__ import annotations

import errno
import json
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.notify import explain_bind_error, load_engine_state
from mib.mib_helpers import REPO, corpus_dirs
from snmpd_fixture import free_udp_port, tool_env

from notify.notify_helpers import v1_trap, v2c_message


def _start(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(tool_env(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"), PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [sys.executable, "-m", "snmptui", "traps", *args], cwd=REPO, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    line = process.stderr.readline()
    assert "listening on" in line, line + process.stderr.read()
    return process


def _send(port: int, *datagrams: bytes) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for data in datagrams:
            sock.sendto(data, ("127.0.0.1", port))


def _stop(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    return process.returncode, out, err


def test_json_lines_name_the_notification_and_never_show_the_community(tmp_path: Path) -> None:
    port = free_udp_port()
    jsonl = tmp_path / "traps.jsonl"
    process = _start(tmp_path, "--json", "--jsonl", str(jsonl), "--listen", f"127.0.0.1:{port}",
                     "-M", ":".join(corpus_dirs()), "-m", "IF-MIB")  # fmt: skip
    _send(port, v2c_message(community=b"s3cret-community"), v1_trap(community=b"s3cret-community"))
    code, out, err = _stop(process)
    assert code == 0, err
    assert "s3cret" not in out + err + jsonl.read_text()
    lines = [json.loads(line) for line in out.splitlines()]
    assert [json.loads(line) for line in jsonl.read_text().splitlines()] == lines
    v2, v1 = lines
    assert (v2["version"], v2["type"], v2["notification"], v2["uptime"]) == ("v2c", "trap", "IF-MIB::linkDown", 4200)
    assert v2["source"].startswith("127.0.0.1:")
    assert {"oid": "1.3.6.1.2.1.2.2.1.8.3", "name": "IF-MIB::ifOperStatus.3", "type": "INTEGER",
            "value": "down(2)"} in v2["varbinds"]  # fmt: skip
    assert (v1["version"], v1["notification"], v1["uptime"]) == ("v1", "IF-MIB::linkDown", 1234)
    assert "stopped: 2 notifications" in err and "none dropped" in err


def test_ctrl_c_reports_what_was_dropped_and_why(tmp_path: Path) -> None:
    port = free_udp_port()
    process = _start(tmp_path, "--community", "traps", "--listen", str(port), "-m", "")
    _send(port, v2c_message(community=b"public"), b"\x30\x02\x01\x00", v2c_message(community=b"traps"))
    code, out, err = _stop(process)
    assert code == 0 and "Traceback" not in err
    assert out.count("\n") == 2  # one v2c notification: header line and varbinds line
    assert "1 notification " in err and "2 dropped: 1 community not accepted, 1 malformed message" in err


def test_a_port_in_use_is_one_line_and_exit_1(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as busy:
        busy.bind(("127.0.0.1", 0))
        port = busy.getsockname()[1]
        env = dict(tool_env(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"))
        done = subprocess.run([sys.executable, "-m", "snmptui", "traps", "--listen", f"127.0.0.1:{port}"],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=30)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"snmptui traps: cannot listen on udp:127.0.0.1:{port}: the port is in use "
        "(another trap receiver, e.g. snmptrapd?)"
    )


def test_port_162_without_privilege_says_how_to_get_it() -> None:
    text = explain_bind_error("0.0.0.0", 162, PermissionError(errno.EACCES, "Permission denied"))
    assert "\n" not in text and "CAP_NET_BIND_SERVICE" in text and "setcap" in text
    assert "--listen 0.0.0.0:1162" in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["--listen", "127.0.0.1:99999"], "--listen"),
        (["--engine-id", "zz"], "--engine-id"),
        (["--bogus"], "--bogus"),
    ],
)
def test_bad_flags_name_the_flag(tmp_path: Path, args: list[str], message: str) -> None:
    env = dict(tool_env(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, "-m", "snmptui", "traps", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=30)  # fmt: skip
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_v3_users_file_with_a_bad_engine_id_names_file_and_line(tmp_path: Path) -> None:
    users = tmp_path / "users.conf"
    users.write_text("# senders\ncreateUser -e 0xnothex tuser SHA authpass123 AES privpass123\n")
    users.chmod(0o600)
    env = dict(tool_env(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, "-m", "snmptui", "traps", "--v3-users", str(users)], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=30)  # fmt: skip
    assert done.returncode == 2
    assert f"{users}:2" in done.stderr and "-e" in done.stderr and "authpass123" not in done.stderr


def test_engine_id_is_kept_and_boots_grow(tmp_path: Path) -> None:
    path = tmp_path / "state" / "snmptui" / "notify-engine.json"
    first = load_engine_state(path)
    second = load_engine_state(path)
    assert first.engine_id == second.engine_id and second.boots == first.boots + 1
    assert "authpass" not in path.read_text()
    path.write_text("{not json")
    broken = load_engine_state(path)
    assert broken.warning is not None and str(path) in broken.warning and broken.boots == 1


def test_json_values_are_text_and_v3_records_name_user_and_engine(tmp_path: Path) -> None:
    from core.mib import load_mibs
    from core.notify import ConfiguredUser, NotificationDecoder
    from core.notify.jsonl import notification_record
    from snmptui.notify_text import NetSnmpText

    from notify.notify_helpers import LOCAL, SENDER_ENGINE, SOURCE, make_user, v2_varbinds, v3_trap

    user = make_user()
    decoder = NotificationDecoder(engine_id=bytes.fromhex("80007ed90500112233445566"),
                                  users=[ConfiguredUser(user, SENDER_ENGINE)])  # fmt: skip
    varbinds = v2_varbinds(extra=[("1.3.6.1.2.1.1.6.0", "Zürich".encode())])
    n = decoder.receive(v3_trap(user, varbinds=varbinds), SOURCE, LOCAL).notification
    assert n is not None
    store = load_mibs(dirs=corpus_dirs(), modules="SNMPv2-MIB", cache_dir=tmp_path / "cache")
    record = notification_record(n, NetSnmpText(store))
    assert (record["user"], record["engine_id"], record["version"]) == ("tuser", SENDER_ENGINE.hex(), "v3")
    assert record["varbinds"][-1] == {"oid": "1.3.6.1.2.1.1.6.0", "name": "SNMPv2-MIB::sysLocation.0",
                                      "type": "STRING", "value": "Zürich"}  # fmt: skip
    assert "authpass" not in json.dumps(record) and "privpass" not in json.dumps(record)


def test_numeric_hosts_and_a_readable_users_file_warning(tmp_path: Path) -> None:
    users = tmp_path / "users.conf"
    users.write_text("createUser iuser SHA authpass123 AES privpass123\n")
    users.chmod(0o644)
    port = free_udp_port()
    env = dict(tool_env(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"), PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [sys.executable, "-m", "snmptui", "traps", "-n", "--v3-users", str(users), "--listen", str(port), "-m", ""],
        cwd=REPO, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    warning = process.stderr.readline()
    assert "warning" in warning and f"chmod 600 {users}" in warning and "authpass" not in warning
    assert "listening on" in process.stderr.readline()
    _send(port, v2c_message())
    code, out, err = _stop(process)
    assert code == 0, err
    header = rf"\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d 127\.0\.0\.1 \[UDP: \[127\.0\.0\.1\]:\d+->\[127\.0\.0\.1\]:{port}\]:"
    assert re.fullmatch(header, out.splitlines()[0]), out  # -n: the address, not "localhost"


def test_default_port_162_without_the_capability_is_one_line_with_the_fix(tmp_path: Path) -> None:
    """Run as a process without CAP_NET_BIND_SERVICE (setpriv drops it from the bounding set)."""
    env = dict(tool_env(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"))
    done = subprocess.run(["setpriv", "--bounding-set=-net_bind_service", sys.executable, "-m", "snmptui", "traps"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=30)  # fmt: skip
    assert done.returncode == 1, done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("snmptui traps: cannot listen on udp:127.0.0.1:162: permission denied")
    assert "CAP_NET_BIND_SERVICE" in line and "--listen 127.0.0.1:1162" in line and "setcap" in line
