"""Fixtures for the MIB engine tests: the shared corpus, loaded once, with a private cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.mib import MibStore, load_mibs

@pytest.fixture(autouse=True)
def _private_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the user's MIBS or MIBDIRS (the session fixture keeps the MIB cache private)."""
    monkeypatch.delenv("MIBS", raising=False)
    monkeypatch.delenv("MIBDIRS", raising=False)


@pytest.fixture(scope="session")
def corpus_cache(mib_cache_dir: Path) -> Path:
    """The session's MIB cache, shared with the other suites and the CLI subprocesses."""
    return mib_cache_dir


@pytest.fixture(scope="session")
def store(corpus_cache: Path) -> Iterator[MibStore]:
    """The whole corpus (-m ALL), loaded once per session."""
    # Imported here: test modules put this folder on sys.path, conftest is loaded earlier.
    from mib.mib_helpers import CORPUS, corpus_dirs

    if not CORPUS.is_dir():
        pytest.fail(f"MIB corpus missing: {CORPUS}")
    yield load_mibs(corpus_dirs(), None, cache_dir=corpus_cache)
