"""Secrets a recording would carry: communities and passphrases in the agent's process table.

Many devices list their processes in HOST-RESOURCES-MIB (``hrSWRunParameters`` holds
each one's arguments), and daemons are often started with a community or passphrase
on the command line (``snmpd -c``, ``snmpwalk -A``, ``--community=...``). A snapshot of
such an agent carries those secrets to whoever gets the file. :func:`command_line_secrets`
finds the arguments that look like one, and ``snmptui record`` warns about them.

A finding names the OID, the process and the flag, never the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from core.secret import Secret

__all__ = ["Leak", "command_line_secrets", "HR_SW_RUN_NAME", "HR_SW_RUN_PARAMETERS"]

HR_SW_RUN_NAME = "1.3.6.1.2.1.25.4.2.1.2"
HR_SW_RUN_PARAMETERS = "1.3.6.1.2.1.25.4.2.1.5"

# Flags whose value is a community or passphrase: net-snmp's client tools' -c/-A/-X
# (also attached, "-cpublic"; snmpd and snmptrapd use -c for a configuration file),
# and long options whose name says so ("--community=", "--auth-pass X").
_SHORT_FLAGS = re.compile(r"(?:^|\s)-(?P<flag>[cAX])(?:\s+|(?=\S))(?P<value>[^\s-]\S*)")
_NET_SNMP_CLIENT = re.compile(r"(?:^|/)snmp(?!d$|trapd$)\w*$")
_LONG_FLAGS = re.compile(
    r"(?:^|\s)--?(?P<flag>[\w-]*(?:community|pass(?:word|phrase)?|secret|auth-?key|priv-?key)[\w-]*)"
    r"(?:=|\s+)(?P<value>[^\s/-]\S*)",  # (a path is a file that holds it: not the secret)
    re.IGNORECASE,
)
# snmptui agent --v3-user NAME:PROTO:PASS[:PROTO:PASS]
_V3_USER = re.compile(r"(?:^|\s)--v3-user(?:=|\s+)\S*:\S*:(?P<value>\S+)")


@dataclass(frozen=True)
class Leak:
    """One process argument that looks like a secret (``flag`` as written, never the
    value; empty when the argument is the recording session's own community)."""

    oid: str
    process: str
    flag: str

    def describe(self) -> str:
        who = f" (process {self.process!r})" if self.process else ""
        if not self.flag:
            return f"{self.oid}{who}: holds the community this recording used"
        return f"{self.oid}{who}: {self.flag} followed by what looks like a community or passphrase"


def _text(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def command_line_secrets(records: Iterable[Any], known: Iterable[Secret] = ()) -> list[Leak]:
    """The ``hrSWRunParameters`` of ``records`` (objects with ``oid`` and ``value``) that
    hold a secret-looking flag value, or any of the ``known`` secrets (the recording
    session's own community) anywhere in them."""
    names: dict[str, str] = {}
    parameters: list[tuple[str, str]] = []
    name_prefix, parameter_prefix = HR_SW_RUN_NAME + ".", HR_SW_RUN_PARAMETERS + "."
    for record in records:
        if record.oid.startswith(name_prefix):
            names[record.oid[len(name_prefix) :]] = _text(record.value)
        elif record.oid.startswith(parameter_prefix):
            parameters.append((record.oid, _text(record.value)))
    wanted = [s.reveal() for s in known if len(s) >= 4]  # "pub" in "public" is noise
    leaks = []
    for oid, text in parameters:
        process = names.get(oid[len(parameter_prefix) :], "")
        flags = []
        if _NET_SNMP_CLIENT.search(process):
            flags += [f"-{m['flag']}" for m in _SHORT_FLAGS.finditer(text)]
        flags += [f"--{m['flag']}" for m in _LONG_FLAGS.finditer(text) if "file" not in m["flag"].lower()]
        flags += ["--v3-user" for _ in _V3_USER.finditer(text)]
        if not flags and any(secret in text for secret in wanted):
            flags.append("")
        leaks.extend(Leak(oid, process, flag) for flag in dict.fromkeys(flags))
    return leaks
