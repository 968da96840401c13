"""Fixtures of the table tests: the whole MIB corpus (what ``snmptable -m ALL`` loads), once."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.mib import MibStore, load_mibs


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's real MIB cache or MIB settings."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
    monkeypatch.delenv("MIBS", raising=False)
    monkeypatch.delenv("MIBDIRS", raising=False)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> MibStore:
    from mib.mib_helpers import CORPUS, corpus_dirs

    if not CORPUS.is_dir():
        pytest.fail(f"MIB corpus missing: {CORPUS}")
    cache: Path = tmp_path_factory.getbasetemp() / "xdg-cache" / "table-corpus"
    return load_mibs(corpus_dirs(), None, cache_dir=cache)
