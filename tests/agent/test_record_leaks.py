"""``snmptui record`` warns when the agent's process table carries command-line secrets
(issue 11, "Also"): the snapshot would hand them to whoever gets the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.agent import start_background
from core.secret import Secret
from core.snapshot.leaks import command_line_secrets
from core.snapshot.files import load_snapshot
from core.snapshot.model import Record
from snmptui.commands import record as record_command

NAME, PARAMETERS = "1.3.6.1.2.1.25.4.2.1.2", "1.3.6.1.2.1.25.4.2.1.5"
PROCESSES = {
    1: ("snmpd", "-c /etc/snmp/snmpd.conf -f -Lo"),  # a configuration file: no secret
    2: ("bash", "-c ls"),
    3: ("snmpwalk", "-v2c -c n0c-c0mmunity 192.0.2.1 ifTable"),
    4: ("poller", "--community=poll-s3cret --interval 60"),
    5: ("snmpget", "-v3 -u ops -l authPriv -a SHA -A auth-s3cret -x AES -X priv-s3cret 192.0.2.1 sysName.0"),
    6: ("agentx", "--password-file /etc/agentx.pw"),
    7: ("collector", "scrape rec0rding-community 192.0.2.9"),
}
SECRETS = ("n0c-c0mmunity", "poll-s3cret", "auth-s3cret", "priv-s3cret", "rec0rding-community")


def records() -> list[Record]:
    out = []
    for pid, (name, parameters) in PROCESSES.items():
        out += [Record(f"{NAME}.{pid}", name.encode()), Record(f"{PARAMETERS}.{pid}", parameters.encode())]
    return out


def test_secret_looking_arguments_are_found_by_flag_never_by_value() -> None:
    leaks = command_line_secrets(records(), [Secret("rec0rding-community")])
    assert [(leak.oid.rsplit(".", 1)[1], leak.flag) for leak in leaks] == [
        ("3", "-c"), ("4", "--community"), ("5", "-A"), ("5", "-X"), ("7", ""),
    ]
    text = "\n".join(leak.describe() for leak in leaks)
    assert "process 'snmpwalk'" in text and "holds the community this recording used" in text
    assert not any(secret in text for secret in SECRETS)


def test_record_warns_naming_each_object_and_still_writes(tmp_path: Path, capsys: Any) -> None:
    source = [(r.oid, r.value) for r in records()] + [("1.3.6.1.2.1.1.5.0", b"leaky")]
    output = tmp_path / "leaky.snmprec"
    with start_background(source, community="rec0rding-community") as agent:
        status = record_command.run(["-v2c", "-c", "rec0rding-community", f"127.0.0.1:{agent.port}", "-o", str(output)])
    err = capsys.readouterr().err
    assert status == 0 and len(load_snapshot(str(output))) == len(source)
    assert "warning:" in err and "hrSWRunParameters" in err
    for pid in (3, 4, 5, 7):
        assert f"{PARAMETERS}.{pid}" in err
    assert f"{PARAMETERS}.1 " not in err and f"{PARAMETERS}.2 " not in err
    assert not any(secret in err for secret in SECRETS)


def test_record_of_a_clean_agent_does_not_warn(tmp_path: Path, capsys: Any) -> None:
    clean = [(f"{NAME}.1", b"snmpd"), (f"{PARAMETERS}.1", b"-f -Lo"), ("1.3.6.1.2.1.1.5.0", b"clean")]
    with start_background(clean) as agent:
        assert record_command.run([f"127.0.0.1:{agent.port}", "-o", str(tmp_path / "clean.snmprec")]) == 0
    assert "warning" not in capsys.readouterr().err
