"""Oracle: every shared recording, served by the agent, walks in net-snmp exactly as recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.agent import start_background
from core.snapshot.files import load_snapshot
from core.security import Aes128Key, Sha256Key, User
from agent.netsnmp_oracle import SNMPREC_DIR, expected_rows, parse_walk, walk_output
from snmpd_fixture import require_tools, tool_env

RECORDINGS = sorted(
    p
    for folder in ("snmpsim", "snmpsim-data")
    for p in (SNMPREC_DIR / folder).rglob("*")
    if p.name.endswith((".snmprec", ".snmprec.bz2"))
)
# snmpwalk asks one OID per request; walk the large ones with GETBULK only.
GETNEXT_LIMIT = 5000
V3_USER = User("oracle", auth_key=Sha256Key("oracle-auth-pass"), priv_key=Aes128Key("oracle-priv-pass"))
V3_FLAGS = ("-v3", "-l", "authPriv", "-u", "oracle", "-a", "SHA-256", "-A", "oracle-auth-pass",
            "-x", "AES", "-X", "oracle-priv-pass")  # fmt: skip


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    require_tools()
    return tool_env(tmp_path_factory.mktemp("tools"))


def test_recordings_are_found() -> None:
    assert len(RECORDINGS) >= 10, f"expected the shared recordings under {SNMPREC_DIR}"


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda p: p.name)
def test_recording_walks_as_recorded(path: Path, env: dict[str, str]) -> None:
    snapshot = load_snapshot(path)
    expected = expected_rows(snapshot.pairs())
    with start_background(snapshot, users=[V3_USER]) as running:
        target = f"127.0.0.1:{running.port}"
        bulk = parse_walk(walk_output("snmpbulkwalk", target, env, "-v2c", "-c", "public", "-Cr50"))
        assert bulk == expected
        secure = parse_walk(walk_output("snmpbulkwalk", target, env, *V3_FLAGS, "-Cr50"))
        assert secure == expected
        if len(snapshot) <= GETNEXT_LIMIT:
            plain = parse_walk(walk_output("snmpwalk", target, env, "-v2c", "-c", "public"))
            assert plain == expected


def test_snmpwalk_text_walks_as_read(env: dict[str, str]) -> None:
    snapshot = load_snapshot(SNMPREC_DIR / "snmpsim" / "foreignformats" / "linux.snmpwalk")
    with start_background(snapshot) as running:
        target = f"127.0.0.1:{running.port}"
        bulk = parse_walk(walk_output("snmpbulkwalk", target, env, "-v2c", "-c", "public", "-Cr50"))
    assert bulk == expected_rows(snapshot.pairs())
    assert len(bulk) > 3000
