"""Fixtures for the MIB engine tests: the shared corpus, loaded once, with a private cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.mib import MibStore, load_mibs

@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's real cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
    monkeypatch.delenv("MIBS", raising=False)
    monkeypatch.delenv("MIBDIRS", raising=False)


@pytest.fixture(scope="session")
def corpus_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mib-cache")


@pytest.fixture(scope="session")
def store(corpus_cache: Path) -> Iterator[MibStore]:
    """The whole corpus (-m ALL), loaded once per session."""
    # Imported here: test modules put this folder on sys.path, conftest is loaded earlier.
    from mib.mib_helpers import CORPUS, corpus_dirs

    if not CORPUS.is_dir():
        pytest.fail(f"MIB corpus missing: {CORPUS}")
    yield load_mibs(corpus_dirs(), None, cache_dir=corpus_cache)
