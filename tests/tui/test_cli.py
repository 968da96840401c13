"""The browser's command line: flags, secrets from env/prompt, one-line errors with exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from core.version import SnmpVersion
from snmptui import __version__
from snmptui.cli import main
from snmptui.command_line import UsageError, parse_browser_args


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["--bogus"], "--bogus"),
        (["-v", "7", "host"], "-v"),
        (["--demo", "host"], "--demo"),
        (["--demo", "--offline", "x.snmprec"], "--offline"),
        (["-t"], "-t"),
        (["-t", "abc", "host"], "-t"),
    ],
)
def test_bad_flags_name_the_flag_and_exit_2(argv: list[str], flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and flag in err[0]


def test_bad_flag_in_a_real_process_has_no_traceback() -> None:
    result = subprocess.run([sys.executable, "-m", "snmptui", "-v3", "-u", "x", "-l", "authNoPriv", "-a", "ROT13", "-A", "12345678", "h"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "-a" in result.stderr


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--offline FILE" in out and "-Cr N" in out and "SNMPTUI_AUTH_PASS" in out


def test_agent_flags_and_oid() -> None:
    args = parse_browser_args(["-v", "2c", "-c", "secret", "-Cr", "40", "udp6:[::1]:1161", "ifTable"])
    assert args.spec.host == "::1" and args.spec.port == 1161
    assert args.spec.max_repetitions == 40 and args.spec.version == SnmpVersion.v2c
    assert args.oid == "ifTable"
    assert "secret" not in repr(args.spec)


def test_requests_in_flight_flag() -> None:
    assert parse_browser_args(["host"]).spec.parallel == 4
    assert parse_browser_args(["-Cp16", "host"]).spec.parallel == 16
    assert parse_browser_args(["-Cp", "1", "host"]).spec.parallel == 1
    # Bare -Cp is snmpwalk's "print the number of variables": no effect on the walk.
    assert parse_browser_args(["-Cp", "host"]).spec.parallel == 4
    for bad in ("-Cp0", "-Cp65", "-Cpx"):
        with pytest.raises(UsageError, match="-Cp"):
            parse_browser_args([bad, "host"])


def test_secrets_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SNMPTUI_COMMUNITY", "from-env")
    assert parse_browser_args(["host"]).spec.community.reveal() == "from-env"
    assert parse_browser_args(["-c", "flag", "host"]).spec.community.reveal() == "flag"


def test_dash_prompts_for_the_passphrase() -> None:
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return "prompted-pass"

    args = parse_browser_args(["-v3", "-u", "bob", "-l", "authNoPriv", "-a", "SHA", "-A", "-", "h"], prompt)
    assert asked == ["Auth passphrase: "]
    assert args.spec.user is not None


def test_no_agent_means_dialog() -> None:
    args = parse_browser_args([])
    assert args.spec is None and not args.demo


def test_usage_error_is_an_exception_type() -> None:
    with pytest.raises(UsageError, match="--offline"):
        parse_browser_args(["--offline", ""])


def test_secrets_are_secret_from_flag_env_and_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 11.1: every way in gives a Secret, so no repr on the way shows it."""
    from core.secret import Secret
    from snmptui.command_line import _parser, fill_secrets
    from snmptui.netsnmp_args import normalize_argv

    monkeypatch.setenv("SNMPTUI_COMMUNITY", "env-community")
    monkeypatch.setenv("SNMPTUI_PRIV_PASS", "env-priv-pass")
    ns = _parser().parse_args(normalize_argv(["-A", "-", "-X", "flag-priv-pass", "host"]))
    fill_secrets(ns, lambda text: "prompted-pass")
    for dest, text in [("community", "env-community"), ("auth_pass", "prompted-pass"), ("priv_pass", "flag-priv-pass")]:
        assert isinstance(getattr(ns, dest), Secret) and getattr(ns, dest).reveal() == text
        assert text not in repr(ns) and text not in str(vars(ns))


def test_walk_command_prints_the_same_lines_serially_and_in_parallel(snmpd, capsys) -> None:  # type: ignore[no-untyped-def]
    from snmptui.commands import walk as walk_command

    outputs = []
    for flag in ("-Cp1", "-Cp16"):
        command = ["-v2c", "-c", "public", "-m", "", "-Cr5", flag, snmpd.target4, "1.3.6.1.2.1.2.2.1"]
        assert walk_command.run(command) == 0
        outputs.append([line.split(" = ")[0] for line in capsys.readouterr().out.splitlines()])
    assert len(outputs[0]) > 20 and outputs[0] == outputs[1]
