"""The RFC 3416 error-status values the agent's SET processing ends with.

The names of all error-status values live in ``core.errors.ERROR_STATUS_NAMES``;
this class gives the agent's write rules readable constants for the ones they use.
"""

from __future__ import annotations

__all__ = ["SetStatus"]


class SetStatus:
    """Error-status values of a SET (RFC 3416 section 4.2.5)."""

    NO_ERROR = 0
    NO_ACCESS = 6
    WRONG_TYPE = 7
    WRONG_LENGTH = 8
    WRONG_VALUE = 10
    NO_CREATION = 11
    INCONSISTENT_VALUE = 12
    RESOURCE_UNAVAILABLE = 13
    COMMIT_FAILED = 14
    UNDO_FAILED = 15
    NOT_WRITABLE = 17
    INCONSISTENT_NAME = 18
