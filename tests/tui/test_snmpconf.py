"""net-snmp's snmp.conf: read as net-snmp reads it, used by `snmptui walk` and the browser,
overridden by flags; secrets from it stay masked."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from mib.mib_helpers import corpus_dirs
from snmptui.command_line import parse_browser_args
from snmptui.snmpconf import load_snmp_conf, parse_snmp_conf
from tui.tui_helpers import connected, make_app

CONF_COMMUNITY = "only-in-snmp-conf"
SYSTEM_ONLY = f"""
com2sec  confc 127.0.0.1 {CONF_COMMUNITY}
group confgroup v2c confc
view sysview included .1.3.6.1.2.1.1
access confgroup "" any noauth exact sysview none none
"""


def test_directives_case_sections_later_files_and_problems() -> None:
    first = parse_snmp_conf("defVersion 3\nDEFSECURITYNAME ops\ndefPassphrase s3cret-pass\ntimeout 3\n", "/a/snmp.conf")
    conf = parse_snmp_conf(
        "# a comment\n"
        "defversion 2c\n"
        "defAuthType sha-256\n"
        "defPrivType AES-128\n"
        "defSecurityLevel authpriv\n"
        "retries many\n"
        "[snmpd]\n"
        "defCommunity not-for-snmp-tools\n"
        "[snmp]\n"
        'defCommunity "c0mm unity"\n'
        "defaultPort 1161\n"
        "mibs +IF-MIB\n",
        "/b/snmp.local.conf",
        first,
    )
    assert conf.version == "2c" and conf.security_name == "ops" and conf.timeout == 3.0
    assert conf.auth_type == "SHA-256" and conf.priv_type == "AES" and conf.security_level == "authPriv"
    assert conf.community is not None and conf.community.reveal() == "c0mm unity"
    assert conf.auth_passphrase is not None and conf.priv_passphrase is not None
    assert conf.priv_passphrase.reveal() == "s3cret-pass"
    assert conf.port == 1161 and conf.mibs == "+IF-MIB" and conf.retries is None
    assert conf.problems == ("/b/snmp.local.conf:6: retries: 'many' is not a whole number",)
    assert "s3cret" not in repr(conf) and "c0mm" not in repr(conf)


def test_snmpconfpath_replaces_the_search_path_and_local_files_come_last(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "snmp.local.conf").write_text("defCommunity from-one-local\n")
    (one / "snmp.conf").write_text("defCommunity from-one\ndefVersion 1\n")
    (two / "snmp.conf").write_text("defCommunity from-two\n")
    conf = load_snmp_conf({"SNMPCONFPATH": f"{one}:{two}", "HOME": str(tmp_path)})
    assert conf.community is not None and conf.community.reveal() == "from-two"
    assert conf.version == "1"
    assert conf.files == (str(one / "snmp.conf"), str(one / "snmp.local.conf"), str(two / "snmp.conf"))


def test_flags_override_snmp_conf() -> None:
    conf = parse_snmp_conf("defVersion 1\ndefCommunity conf\ndefaultPort 1161\ntimeout 4\n", "x")
    spec = parse_browser_args(["-v2c", "-c", "flag", "-t", "2", "192.0.2.1"], snmp_conf=conf).spec
    assert spec is not None and spec.community.reveal() == "flag" and spec.version.label == "v2c" and spec.timeout == 2.0
    assert spec.port == 1161  # no port in AGENT: defaultPort
    spec = parse_browser_args(["192.0.2.1:161"], snmp_conf=conf).spec
    assert spec is not None and spec.community.reveal() == "conf" and spec.version.label == "v1" and spec.port == 161


@pytest.fixture
def conf_agent(snmpd_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An snmpd where a community only snmp.conf names sees the system group alone."""
    agent = snmpd_factory(extra_conf=SYSTEM_ONLY)
    conf_dir = tmp_path / "snmpconf"
    conf_dir.mkdir()
    (conf_dir / "snmp.conf").write_text(f"defVersion 2c\ndefCommunity {CONF_COMMUNITY}\n")
    monkeypatch.setenv("SNMPCONFPATH", str(conf_dir))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return agent


def test_snmptui_walk_uses_snmp_conf_like_snmpwalk(conf_agent: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from snmptui.commands import walk as walk_command

    command = ["-M", ":".join(corpus_dirs()), "-m", "SNMPv2-MIB", conf_agent.target4, "1.3.6.1.2.1"]
    assert walk_command.run(command) == 0
    ours = capsys.readouterr().out.splitlines()
    assert ours and all(line.startswith("SNMPv2-MIB::sys") for line in ours)  # only the conf community's view
    theirs = subprocess.run(["snmpwalk", *command], capture_output=True, text=True, timeout=30).stdout.splitlines()
    stable = ("sysDescr", "sysObjectID", "sysContact", "sysName", "sysLocation", "sysServices")
    pick = [line for line in ours if line.split("::")[1].split(".")[0] in stable]
    assert len(pick) >= 5 and pick == [line for line in theirs if "::" in line and line.split("::")[1].split(".")[0] in stable]


async def test_browser_connects_with_the_snmp_conf_community(conf_agent: Any, mib_store: Any) -> None:
    spec = parse_browser_args([conf_agent.target4]).spec
    assert spec is not None and "only-in" not in repr(spec)
    app = make_app(mib_store, spec)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        assert "Connected" in browser.status_bar.message.plain
        assert "sysName" in app.context.system


TINY_MIB = """TINY-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
tinyRoot OBJECT IDENTIFIER ::= { enterprises 424242 }
tinySystem OBJECT IDENTIFIER ::= { 1 3 6 1 2 1 1 }
END
"""


def _conf_with_mibfiles(tmp_path: Path, *files: Path) -> Path:
    conf_dir = tmp_path / "snmpconf"
    conf_dir.mkdir(exist_ok=True)
    (conf_dir / "snmp.conf").write_text("".join(f"mibfile {f}\n" for f in files))
    return conf_dir


def test_mibfile_loads_that_file_besides_the_modules(tmp_path: Path) -> None:
    from snmptui.model import load_store

    tiny = tmp_path / "outside" / "tiny-mib.txt"
    tiny.parent.mkdir()
    tiny.write_text(TINY_MIB)
    conf = load_snmp_conf({"SNMPCONFPATH": str(_conf_with_mibfiles(tmp_path, tiny)), "HOME": str(tmp_path)})
    args = parse_browser_args(["-M", ":".join(corpus_dirs()), "-m", "SNMPv2-MIB"], snmp_conf=conf)
    assert args.mib_files == (str(tiny),)
    store = load_store(args.mib_dirs, args.mib_modules, args.mib_files)
    assert store.resolve("TINY-MIB::tinyRoot") == (1, 3, 6, 1, 4, 1, 424242)
    assert store.resolve("sysDescr") == (1, 3, 6, 1, 2, 1, 1, 1)  # the -m modules still load
    without = load_store(args.mib_dirs, args.mib_modules)
    with pytest.raises(ValueError):
        without.resolve("TINY-MIB::tinyRoot")


def test_missing_mibfile_is_a_diagnostic_naming_it(tmp_path: Path) -> None:
    from snmptui.model import load_store

    gone = tmp_path / "no-such-dir" / "GONE-MIB.txt"
    conf = load_snmp_conf({"SNMPCONFPATH": str(_conf_with_mibfiles(tmp_path, gone)), "HOME": str(tmp_path)})
    args = parse_browser_args(["-M", ":".join(corpus_dirs()), "-m", "SNMPv2-MIB"], snmp_conf=conf)
    store = load_store(args.mib_dirs, args.mib_modules, args.mib_files)
    assert [str(d) for d in store.diagnostics if str(gone) in str(d)] and store.resolve("sysName")


def test_snmptui_walk_of_a_mibfile_name_matches_snmpwalk(
    conf_agent: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from snmptui.commands import walk as walk_command

    tiny = tmp_path / "tiny-mib.txt"
    tiny.write_text(TINY_MIB)
    conf_dir = _conf_with_mibfiles(tmp_path, tiny)  # the directory conf_agent's SNMPCONFPATH names
    (conf_dir / "snmp.conf").write_text(f"defVersion 2c\ndefCommunity {CONF_COMMUNITY}\nmibfile {tiny}\n")
    command = ["-M", ":".join(corpus_dirs()), "-m", "SNMPv2-MIB", conf_agent.target4, "TINY-MIB::tinySystem"]
    assert walk_command.run(command) == 0
    ours = capsys.readouterr().out.splitlines()
    theirs = subprocess.run(["snmpwalk", *command], capture_output=True, text=True, timeout=30).stdout.splitlines()
    stable = [line for line in ours if "Timeticks" not in line]  # uptimes move between the two walks
    assert any(line.startswith("SNMPv2-MIB::sysName.0") for line in stable)
    assert stable == [line for line in theirs if "Timeticks" not in line]


def test_commands_without_connection_flags_read_mibs_from_snmp_conf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mib`, `export`, `diff` and `traps` take snmp.conf's mibdirs, mibs and mibfile, as
    net-snmp's tools do: TINY-MIB is only reachable through that file."""
    from snmptui.commands import diff as diff_command
    from snmptui.commands import export as export_command
    from snmptui.commands import mib as mib_command
    from snmptui.commands import traps as traps_command

    tiny = tmp_path / "outside" / "tiny-mib.txt"
    tiny.parent.mkdir()
    tiny.write_text(TINY_MIB)
    conf_dir = tmp_path / "snmpconf"
    conf_dir.mkdir()
    (conf_dir / "snmp.conf").write_text(f"mibdirs {':'.join(corpus_dirs())}\nmibs SNMPv2-MIB\nmibfile {tiny}\n")
    monkeypatch.setenv("SNMPCONFPATH", str(conf_dir))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    assert mib_command.run(["translate", "TINY-MIB::tinyRoot"]) == 0
    assert capsys.readouterr().out.strip() == "1.3.6.1.4.1.424242"

    a, b = tmp_path / "a.snmprec", tmp_path / "b.snmprec"
    a.write_text("1.3.6.1.4.1.424242.1.0|4|old\n")
    b.write_text("1.3.6.1.4.1.424242.1.0|4|new\n")
    assert diff_command.run([str(a), str(b)]) == 1
    assert "TINY-MIB::tinyRoot.1.0" in capsys.readouterr().out

    out = tmp_path / "tiny.csv"
    assert export_command.run([str(a), "TINY-MIB::tinyRoot", "-o", str(out)]) == 0
    assert "TINY-MIB::tinyRoot.1.0" in out.read_text()

    class Loaded(Exception):
        pass

    def load_store(*given: object) -> None:
        raise Loaded(given)

    monkeypatch.setattr("snmptui.model.load_store", load_store)
    with pytest.raises(Loaded) as caught:
        traps_command.run(["--listen", "127.0.0.1:0"])
    assert caught.value.args[0] == (":".join(corpus_dirs()), "SNMPv2-MIB", (str(tiny),))
