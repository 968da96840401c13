"""Counters of what the agent received, answered, dropped and injected."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AgentStats"]


@dataclass(slots=True)
class AgentStats:
    requests: int = 0
    responses: int = 0
    reports: int = 0
    malformed: int = 0
    bad_community: int = 0
    bad_version: int = 0
    unknown_engine: int = 0
    unknown_user: int = 0
    wrong_digest: int = 0
    not_in_time_window: int = 0
    unsupported_sec_level: int = 0
    decryption_errors: int = 0
    unknown_context: int = 0
    # Requests the agent failed to answer (a bug): counted, the first one logged.
    internal_errors: int = 0
    # Fault injection
    dropped: int = 0
    delayed: int = 0
    duplicated: int = 0
    reordered: int = 0
    stale_sent: int = 0
    foreign_sent: int = 0
    truncated_sent: int = 0
    garbage_sent: int = 0
    wrong_request_ids: int = 0
    non_increasing: int = 0
    bad_values: int = 0
    forced_too_big: int = 0
    restarts: int = 0
