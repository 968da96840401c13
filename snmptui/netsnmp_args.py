"""Net-SNMP style connection flags, parsed in one place for every command and the browser.

``add_connection_args(parser)`` adds ``-v -c -u -l -a -A -x -X -e -E -n -t -r -C``
to an argparse parser; ``spec_from_args(args, agent)`` turns the parsed flags and
an AGENT (``[udp:|udp6:]host[:port]``, e.g. ``udp6:[::1]:161``) into a
:class:`ConnectionSpec`, which makes the ``SnmpSession``. ``parse_connection(argv)``
does both for a plain argv ending in AGENT. Values may be attached as in
net-snmp (``-v2c``, ``-cpublic``, ``-Cr50``) or separate (``-Cr 50``).

Every problem is an :class:`ArgumentError` whose message names the flag; no
message, repr or command line shown to the user contains a community or passphrase.
Communities and passphrases are held as :class:`core.secret.Secret` from the moment
argparse reads them (``type=Secret``) until ``core`` turns them into a message header
or key material.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any, NoReturn

from core.address import format_address, split_host_port
from core.engine_id import parse_engine_id
from core.secret import MASK, Secret
from core.session import SnmpSession
from core.snapshot.output_options import OutputOptionError, OutputOptions
from core.version import SnmpVersion

__all__ = [
    "letter_options",
    "ArgumentError",
    "ConnectionSpec",
    "NetSnmpArgumentParser",
    "add_connection_args",
    "spec_from_args",
    "parse_agent",
    "parse_connection",
    "normalize_argv",
    "DEFAULT_TIMEOUT",
    "DEFAULT_RETRIES",
    "DEFAULT_MAX_REPETITIONS",
    "add_output_args",
    "output_options",
    "SECRET_DESTS",
    "DEFAULT_PARALLEL",
]

DEFAULT_TIMEOUT = 1.0
DEFAULT_RETRIES = 1
DEFAULT_MAX_REPETITIONS = 25
DEFAULT_PARALLEL = 4
MAX_PARALLEL = 64
DEFAULT_PORT = 161
# net-snmp's defaults when -a / -x are not given.
DEFAULT_AUTH = "MD5"
DEFAULT_PRIV = "DES"

_VERSIONS = {"1": SnmpVersion.v1, "2c": SnmpVersion.v2c, "2": SnmpVersion.v2c, "3": SnmpVersion.v3}
_LEVELS = {
    "noauthnopriv": "noAuthNoPriv", "noauth": "noAuthNoPriv", "1": "noAuthNoPriv",
    "authnopriv": "authNoPriv", "auth": "authNoPriv", "2": "authNoPriv",
    "authpriv": "authPriv", "priv": "authPriv", "3": "authPriv",
}  # fmt: skip


class ArgumentError(ValueError):
    """A bad connection flag or AGENT; the message names it."""


class NetSnmpArgumentParser(argparse.ArgumentParser):
    """An argparse parser that raises :class:`ArgumentError` instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise ArgumentError(message)


def normalize_argv(argv: list[str]) -> list[str]:
    """Join ``-C r 50``/``-Cr 50`` into net-snmp's attached ``-Cr50``."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("-Cr", "-Cn", "-Cp") and i + 1 < len(argv) and argv[i + 1].isdigit():
            out.append(arg + argv[i + 1])
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


def letter_options(
    letters: str, argv: list[str], i: int, takes_value: str | frozenset[str], *, attached_values: bool = False
) -> tuple[list[tuple[str, str | None]], int]:
    """The ``(letter, value)`` pairs of one ``-C``/``-I`` argument's ``letters``, read as
    net-snmp's tools read them, and the index in ``argv`` after what they consumed.

    A letter in ``takes_value`` takes the next argument of ``argv`` (from ``i``; ``None``
    when there is none), as snmptable's ``-Cf ,`` and snmpdelta's ``-Cp 5``; with
    ``attached_values`` the rest of ``letters`` instead, when there is any (``-Cp5``)."""
    pairs: list[tuple[str, str | None]] = []
    j = 0
    while j < len(letters):
        letter = letters[j]
        j += 1
        value: str | None = None
        if letter in takes_value:
            if attached_values and j < len(letters):
                value, j = letters[j:], len(letters)
            else:
                value = argv[i] if i < len(argv) else None
                i += 1
        pairs.append((letter, value))
    return pairs, i


def add_connection_args(parser: argparse.ArgumentParser) -> None:
    """Add the net-snmp connection flags (dest names: version, community, user, ...)."""
    group = parser.add_argument_group("connection (as in net-snmp)")
    add = group.add_argument
    add("-v", dest="version", metavar="1|2c|3", help="SNMP version (default 2c)")
    add("-c", dest="community", metavar="COMMUNITY", type=Secret, help="community (v1/v2c, default public)")
    add("-u", dest="user", metavar="USER", help="v3 security name")
    add("-l", dest="level", metavar="LEVEL", help="noAuthNoPriv | authNoPriv | authPriv")
    add("-a", dest="auth_proto", metavar="PROTO", help="MD5 | SHA | SHA-224 | SHA-256 | SHA-384 | SHA-512")
    add("-A", dest="auth_pass", metavar="PASS", type=Secret, help="auth passphrase")
    add("-x", dest="priv_proto", metavar="PROTO", help="DES | AES | AES-192 | AES-256 | AES-192-C | AES-256-C")
    add("-X", dest="priv_pass", metavar="PASS", type=Secret, help="privacy passphrase")
    add("-e", dest="engine_id", metavar="ENGINEID", help="security engine id (hex)")
    add("-E", dest="context_engine_id", metavar="ENGINEID", help="context engine id (hex)")
    add("-n", dest="context", metavar="CONTEXT", help="context name")
    add("-t", dest="timeout", metavar="SECONDS", help=f"timeout per try (default {DEFAULT_TIMEOUT:g})")
    add("-r", dest="retries", metavar="RETRIES", help=f"retries (default {DEFAULT_RETRIES})")
    add("-C", dest="app_options", metavar="OPTS", action="append", default=[],
        help=f"r<N>: GETBULK max-repetitions (default {DEFAULT_MAX_REPETITIONS}); "
             f"p<N>: walk with N requests in flight (default {DEFAULT_PARALLEL}, 1: serial); "
             "c: do not check that OIDs increase (walks serially)")  # fmt: skip


@dataclass(frozen=True)
class ConnectionSpec:
    """Where and how to talk SNMP: everything ``SnmpSession`` needs, secrets hidden."""

    host: str
    port: int = DEFAULT_PORT
    transport: str = "udp"
    version: SnmpVersion = SnmpVersion.v2c
    community: Secret = field(default=Secret("public"), repr=False)
    user: Any = field(default=None, repr=False)  # core.security.User (v3)
    user_name: str | None = None
    level: str | None = None
    auth_proto: str | None = None
    priv_proto: str | None = None
    engine_id: bytes | None = None
    context_name: str = ""
    context_engine_id: bytes | None = None
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    max_repetitions: int = DEFAULT_MAX_REPETITIONS
    check_increasing: bool = True
    parallel: int = DEFAULT_PARALLEL  # requests in flight in a walk (fetch's ``parallel``)

    @property
    def agent(self) -> str:
        """The AGENT text, net-snmp style (``udp6:[::1]:161``)."""
        prefix = "udp6:" if self.transport == "udp6" else ""
        return prefix + format_address(self.host, self.port)

    def session_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "port": self.port,
            "version": self.version,
            "timeout": self.timeout,
            "retries": self.retries,
            "max_repetitions": self.max_repetitions,
            "check_increasing": self.check_increasing,
        }
        if self.version == SnmpVersion.v3:
            kwargs.update(
                user=self.user,
                engine_id=self.engine_id,
                context_name=self.context_name,
                context_engine_id=self.context_engine_id,
            )
        else:
            kwargs["community"] = self.community
        return kwargs

    def session(self) -> SnmpSession:
        """A new session (the caller closes it, or uses ``with``)."""
        return SnmpSession(self.host, **self.session_kwargs())

    def flags(self) -> list[str]:
        """The net-snmp flags of this connection, secrets masked."""
        out = ["-v", self.version.label.lstrip("v")]
        if self.version == SnmpVersion.v3:
            out += ["-l", self.level or "noAuthNoPriv", "-u", self.user_name or ""]
            if self.auth_proto:
                out += ["-a", self.auth_proto, "-A", MASK]
            if self.priv_proto:
                out += ["-x", self.priv_proto, "-X", MASK]
            if self.context_name:
                out += ["-n", self.context_name]
        else:
            out += ["-c", MASK]
        return out

    def command_line(self, tool: str, oid: str) -> str:
        """The equivalent net-snmp command, secrets masked."""
        return " ".join([tool, *self.flags(), self.agent, oid])


def parse_agent(text: str, default_port: int | None = None) -> tuple[str, str, int]:
    """(transport, host, port) of ``[udp:|udp6:]host[:port]`` (``default_port``, else 161,
    when no port is given); ArgumentError otherwise."""
    transport = "udp"
    rest = text
    lowered = text.lower()
    for prefix in ("udp6:", "udpv6:", "udp:"):
        if lowered.startswith(prefix):
            transport = "udp6" if "6" in prefix else "udp"
            rest = text[len(prefix) :]
            break
    else:
        head = lowered.split(":", 1)[0]
        if head in ("tcp", "tcp6", "unix", "dtlsudp", "tls", "ssh"):
            raise ArgumentError(f"AGENT {text!r}: only UDP transports are supported (udp:, udp6:)")
    try:
        host, port_text = split_host_port(rest)
    except ValueError as exc:
        raise ArgumentError(f"AGENT {exc}") from None
    if not host:
        raise ArgumentError(f"AGENT {text!r}: no host")
    if ":" in host:
        transport = "udp6"
    port = default_port or DEFAULT_PORT
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ArgumentError(f"AGENT {text!r}: port {port_text!r} is not 1-65535")
        port = int(port_text)
    return transport, host, port


def _hex_engine(value: str, flag: str) -> bytes:
    try:
        return parse_engine_id(value)
    except ValueError as exc:
        raise ArgumentError(f"{flag}: engine id {exc}") from None


def _app_options(values: list[str]) -> tuple[int, bool, int]:
    """(max-repetitions, check increasing, requests in flight) of the -C options.

    ``-Cp`` alone is snmpwalk's "print the number of variables found" (a display
    option); with a number, ``-Cp<N>`` is how many requests a walk keeps in flight.
    """
    repetitions, check, parallel = DEFAULT_MAX_REPETITIONS, True, DEFAULT_PARALLEL
    for value in values:
        letter, number = value[:1], value[1:]
        if letter == "r":
            if not number.isdigit() or not 1 <= int(number) <= 65535:
                raise ArgumentError(f"-Cr: max-repetitions {number!r} is not 1-65535")
            repetitions = int(number)
        elif letter == "p" and number:
            if not number.isdigit() or not 1 <= int(number) <= MAX_PARALLEL:
                raise ArgumentError(f"-Cp: requests in flight {number!r} is not 1-{MAX_PARALLEL}")
            parallel = int(number)
        elif letter == "c" and not number:
            check = False
        elif letter in ("n", "p", "i", "I") and (not number or number.isdigit()):
            continue  # snmpwalk display options that do not change the session
        else:
            raise ArgumentError(f"-C{value}: unknown option (use -Cr<N>, -Cp<N> or -Cc)")
    return repetitions, check, parallel


def _v3_user(args: argparse.Namespace) -> tuple[Any, str]:
    from core.security import User, auth_key_class, priv_key_class

    if not args.user:
        raise ArgumentError("-u: SNMPv3 needs a user name")
    if args.level is None:
        level = "authPriv" if args.priv_pass else ("authNoPriv" if args.auth_pass else "noAuthNoPriv")
    else:
        level = _LEVELS.get(args.level.lower()) or ""
        if not level:
            raise ArgumentError(f"-l: unknown security level {args.level!r} (noAuthNoPriv, authNoPriv, authPriv)")
    auth_key = priv_key = None
    if level != "noAuthNoPriv":
        if not args.auth_pass:
            raise ArgumentError(f"-A: security level {level} needs an auth passphrase")
        try:
            auth_key = auth_key_class(args.auth_proto or DEFAULT_AUTH)(args.auth_pass)
        except ValueError as exc:
            raise ArgumentError(f"{'-a' if 'protocol' in str(exc) else '-A'}: {exc}") from None
    if level == "authPriv":
        if not args.priv_pass:
            raise ArgumentError("-X: security level authPriv needs a privacy passphrase")
        try:
            priv_key = priv_key_class(args.priv_proto or DEFAULT_PRIV)(args.priv_pass)
        except ValueError as exc:
            raise ArgumentError(f"{'-x' if 'protocol' in str(exc) else '-X'}: {exc}") from None
    try:
        return User(args.user, auth_key=auth_key, priv_key=priv_key), level
    except ValueError as exc:
        raise ArgumentError(f"-u: {exc}") from None


def spec_from_args(args: argparse.Namespace, agent: str, *, default_port: int | None = None) -> ConnectionSpec:
    """The ConnectionSpec of flags parsed by :func:`add_connection_args` and an AGENT."""
    transport, host, port = parse_agent(agent, default_port)
    version_text = (args.version or "2c").lower()
    version = _VERSIONS.get(version_text)
    if version is None:
        raise ArgumentError(f"-v: unknown SNMP version {args.version!r} (1, 2c or 3)")
    try:
        timeout = float(args.timeout) if args.timeout is not None else DEFAULT_TIMEOUT
    except ValueError:
        timeout = -1.0
    if not timeout > 0:
        raise ArgumentError(f"-t: timeout {args.timeout!r} is not a positive number of seconds")
    retries_text = args.retries if args.retries is not None else str(DEFAULT_RETRIES)
    if not str(retries_text).isdigit():
        raise ArgumentError(f"-r: retries {args.retries!r} is not a whole number")
    repetitions, check, parallel = _app_options(args.app_options or [])
    common: dict[str, Any] = dict(
        host=host, port=port, transport=transport, version=version, timeout=timeout,
        retries=int(retries_text), max_repetitions=repetitions, check_increasing=check,
        parallel=parallel,
    )  # fmt: skip
    if version != SnmpVersion.v3:
        community = Secret(args.community) if args.community is not None else Secret("public")
        return ConnectionSpec(community=community, **common)
    user, level = _v3_user(args)
    return ConnectionSpec(
        user=user,
        user_name=args.user,
        level=level,
        auth_proto=user.auth_key.label if user.auth_key else None,
        priv_proto=user.priv_key.label if user.priv_key else None,
        engine_id=_hex_engine(args.engine_id, "-e") if args.engine_id else None,
        context_name=args.context or "",
        context_engine_id=_hex_engine(args.context_engine_id, "-E") if args.context_engine_id else None,
        **common,
    )


SECRET_DESTS = ("community", "auth_pass", "priv_pass")
"""The flags' dest names that hold secrets (-c, -A, -X)."""


def parse_connection(argv: list[str], secrets: dict[str, Secret] | None = None) -> ConnectionSpec:
    """The ConnectionSpec of net-snmp flags followed by one AGENT.

    ``secrets`` (dest name -> Secret, see ``SECRET_DESTS``) stand for ``-c``/``-A``/``-X``
    without putting them in an argv of plain strings (the connection dialog uses it).
    """
    parser = NetSnmpArgumentParser(prog="snmptui", add_help=False)
    add_connection_args(parser)
    parser.add_argument("agent", metavar="AGENT")
    args = parser.parse_args(normalize_argv(list(argv)))
    for dest, secret in (secrets or {}).items():
        if dest not in SECRET_DESTS:
            raise ValueError(f"{dest!r} is not a secret flag")
        setattr(args, dest, secret)
    return spec_from_args(args, args.agent)


def add_output_args(parser: argparse.ArgumentParser) -> None:
    """Add net-snmp's ``-O LETTERS`` output options (dest ``output``, repeatable: ``-On -Oq``)."""
    parser.add_argument("-O", dest="output", metavar="LETTERS", action="append", default=[],
                        help="output options as in net-snmp: n f s S u q Q v e x a b t U X T E 0")  # fmt: skip


def output_options(args: argparse.Namespace) -> OutputOptions:
    """The OutputOptions of the parsed ``-O`` flags; ArgumentError naming a bad letter."""
    try:
        return OutputOptions.from_flags(list(getattr(args, "output", None) or []))
    except OutputOptionError as exc:
        raise ArgumentError(str(exc)) from None
