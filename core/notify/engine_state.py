"""The receiver's own snmpEngineID and snmpEngineBoots, kept across runs.

SNMPv3 informs are sent to us as the authoritative engine (RFC 3414 3.2): senders
configure our engine id and expect it to stay the same, and snmpEngineBoots must
grow at every start so that old messages cannot be replayed. Both live in
``$XDG_STATE_HOME/snmptui/notify-engine.json`` (``~/.local/state`` by default);
the file holds no secret.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from core.agent.usm import make_engine_id
from core.security.usm import MAX_ENGINE_BOOTS

__all__ = ["EngineState", "default_state_path", "load_engine_state"]


@dataclass(frozen=True, slots=True)
class EngineState:
    engine_id: bytes
    boots: int
    path: Path | None  # None: not persisted (the warning says why)
    warning: str | None = None


def default_state_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "snmptui" / "notify-engine.json"


def _read(path: Path) -> tuple[bytes, int] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        engine_id = bytes.fromhex(data["engine_id"])
        boots = int(data["boots"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a notification engine state file ({exc})") from None
    if not 5 <= len(engine_id) <= 32 or not 0 <= boots < MAX_ENGINE_BOOTS:
        raise ValueError(f"{path}: engine id or boots out of range")
    return engine_id, boots


def _write(path: Path, engine_id: bytes, boots: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"engine_id": engine_id.hex(), "boots": boots}) + "\n"
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".notify-engine.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def load_engine_state(path: Path | None = None, engine_id: bytes | None = None) -> EngineState:
    """This run's engine id and boots (boots + 1 over the last run); ``engine_id`` overrides
    the stored id (and restarts boots when it differs). A state that cannot be read or
    written gives a fresh in-memory engine and a warning, never a failure."""
    path = path or default_state_path()
    warning = None
    try:
        stored = _read(path)
    except ValueError as exc:
        stored, warning = None, f"{exc}; starting a new engine id"
    if stored is not None and (engine_id is None or engine_id == stored[0]):
        engine_id, boots = stored[0], min(stored[1] + 1, MAX_ENGINE_BOOTS)
    else:
        engine_id, boots = engine_id or make_engine_id(), 1
    try:
        _write(path, engine_id, boots)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return EngineState(engine_id, boots, None, f"cannot keep the engine id in {path}: {reason}")
    return EngineState(engine_id, boots, path, warning)
