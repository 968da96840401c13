"""Fixtures of the table tests: the whole MIB corpus (what ``snmptable -m ALL`` loads), once."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.mib import MibStore, load_mibs


@pytest.fixture(autouse=True)
def _private_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the user's MIBS or MIBDIRS (the session fixture keeps the MIB cache private)."""
    monkeypatch.delenv("MIBS", raising=False)
    monkeypatch.delenv("MIBDIRS", raising=False)


@pytest.fixture(scope="session")
def corpus(mib_cache_dir: Path) -> MibStore:
    from mib.mib_helpers import CORPUS, corpus_dirs

    if not CORPUS.is_dir():
        pytest.fail(f"MIB corpus missing: {CORPUS}")
    return load_mibs(corpus_dirs(), None, cache_dir=mib_cache_dir)
