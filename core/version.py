"""The SNMP protocol versions and their msgVersion numbers on the wire."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["SnmpVersion"]


class SnmpVersion(IntEnum):
    v1 = 0
    v2c = 1
    v3 = 3

    @property
    def label(self) -> str:
        return {0: "v1", 1: "v2c", 3: "v3"}[self.value]
