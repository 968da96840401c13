"""The log of unexpected errors: ``$XDG_STATE_HOME/snmptui/errors.log``.

An exception nobody expected (a bug, in a worker or in a view's handler) is written
here with its traceback — frames and source lines only, never local variables, and
secrets are ``core.secret.Secret`` objects that print masked — and the user is shown
one sentence naming the file. Writing the log never raises: a read-only home still
gets the sentence.
"""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path

__all__ = ["state_dir", "log_path", "record", "sentence"]

MAX_BYTES = 1_000_000
"""The log is started over once it grows past this (it holds tracebacks, not history)."""


def state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "snmptui"


def log_path() -> Path:
    return state_dir() / "errors.log"


def record(exc: BaseException, what: str) -> Path | None:
    """Append ``exc``'s traceback (no locals) under a heading naming ``what``; the file, or None."""
    path = log_path()
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = "w" if path.exists() and path.stat().st_size > MAX_BYTES else "a"
        with path.open(mode, encoding="utf-8") as handle:
            handle.write(f"--- {stamp} while {what}\n{text}\n")
    except OSError:
        return None
    return path


def sentence(exc: BaseException, what: str, path: Path | None) -> str:
    """What the user reads: what failed, the error, and where its details are."""
    where = f"; details in {path}" if path is not None else ""
    reason = str(exc) or "no message"
    return f"snmptui failed while {what}: {type(exc).__name__}: {reason}{where}"
