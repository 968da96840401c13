"""``snmptui agent``: serve a snapshot or the demo device in the foreground until Ctrl-C.

    snmptui agent [--snapshot FILE | --demo] [--listen HOST:PORT] [--community C]
                  [--write-community C] [--v3-users FILE]
                  [--v3-user NAME[:AUTH:PASS[:PRIV:PASS]]]...
                  [--engine-id HEX] [--writable OID]... [--fault NAME=VALUE]...

Listens on 127.0.0.1:1161 unless told otherwise (loopback, an unprivileged
port); on any other address start-up warns, naming the address and what it
exposes. Only the read community ``public`` is on by default: SET needs
``--write-community`` (or a v3 user), and start-up says when writes are on.
Bad flags print one line naming the flag and exit 2. SNMPv3 users come
from a file of net-snmp ``createUser`` lines (``--v3-users``), which keeps
passphrases out of the process list; ``--v3-user`` takes them on the command
line for quick tests, with a warning.
"""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
import os
import shlex
import signal
import stat
import sys
from typing import Any

from core.oid import parse_oid

from core.agent import Agent, AgentServer, Faults, parse_listen
from core.engine_id import parse_engine_id
from core.snapshot.files import load_snapshot
from core.snapshot.model import DEFAULT_LIMITS, SnapshotError, SnapshotLimits
from core.agent.usm import AgentUser
from core.secret import Secret
from snmptui.netsnmp_args import ArgumentError, NetSnmpArgumentParser

__all__ = [
    "run", "V3UserSpec", "parse_v3_user", "parse_v3_user_spec", "parse_create_user",
    "read_v3_users", "read_create_users", "parse_fault", "exposure_notices",
]

DEFAULT_LISTEN = "127.0.0.1:1161"


def _parser() -> NetSnmpArgumentParser:
    parser = NetSnmpArgumentParser(
        prog="snmptui agent",
        description="Serve a snapshot (snmprec or snmpwalk output) or the demo device over SNMP.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--snapshot", metavar="FILE", help="snmprec(.bz2) file or snmpwalk -On output")
    source.add_argument("--demo", action="store_true", help="serve the built-in demo device (default)")
    parser.add_argument("--listen", metavar="HOST:PORT", default=DEFAULT_LISTEN,
                        help=f"address to listen on (default {DEFAULT_LISTEN}; [::1]:PORT for IPv6)")
    parser.add_argument("--community", metavar="C", type=Secret, default=Secret("public"),
                        help="read-only community (default public; '' for none)")
    parser.add_argument("--write-community", metavar="C", type=Secret, default=None,
                        help="read-write community (default: none, no SNMPv1/v2c SET)")
    parser.add_argument("--v3-users", metavar="FILE",
                        help="SNMPv3 users, one net-snmp line each: "
                             "createUser NAME [AUTHPROTO AUTHPASS [PRIVPROTO [PRIVPASS]]]")
    parser.add_argument("--v3-user", metavar="NAME[:AUTH:PASS[:PRIV:PASS]]", action="append", default=[],
                        help="an SNMPv3 user, e.g. alice:SHA-256:authpass1:AES:privpass1 "
                             "(passphrases show in ps: prefer --v3-users)")
    parser.add_argument("--engine-id", metavar="HEX", help="snmpEngineID (default: random)")
    parser.add_argument("--writable", metavar="OID", action="append",
                        help="subtree a snapshot accepts SET in (default: the system group)")
    parser.add_argument("-M", dest="mib_dirs", metavar="DIRS",
                        help="MIB directories (as net-snmp; snmp.conf's mibdirs by default): with -m or "
                             "--writable, a snapshot's RowStatus tables under --writable create and destroy rows")
    parser.add_argument("-m", dest="mib_modules", metavar="MODULES",
                        help="MIB modules for those tables (snmp.conf's mibs, else ALL)")
    parser.add_argument("--skip-bad-lines", action="store_true",
                        help="serve a snapshot without the lines that cannot be read or served "
                             "(listed on stderr, counted)")
    parser.add_argument("--max-snapshot-size", metavar="SIZE", default=None,
                        help="largest snapshot accepted once decompressed (default 1G; K, M, G suffixes)")
    parser.add_argument("--max-line-length", metavar="SIZE", default=None,
                        help="longest snapshot line accepted (default 1M; K, M, G suffixes)")
    parser.add_argument("--fault", metavar="NAME=VALUE", action="append", default=[],
                        help="inject a fault (e.g. drop=0.1, delay=0.5, seed=7); see core.agent.Faults")
    return parser


@dataclasses.dataclass(frozen=True, slots=True)
class V3UserSpec:
    """One SNMPv3 user as configured (``--v3-user`` or a ``createUser`` line), before its
    keys exist: the passphrases are :class:`Secret` from the moment they are parsed, so
    ``repr``/``str`` of a spec (or of an error built from it) mask them."""

    name: str
    auth: tuple[str, Secret] | None = None
    priv: tuple[str, Secret] | None = None
    engine_id: bytes | None = None  # ``createUser -e``: the keys are localized to that engine

    def agent_user(self) -> AgentUser:
        """The user with its keys (ValueError/TypeError naming the protocol or the flaw,
        never a passphrase)."""
        from core.security import User, auth_key_class, priv_key_class

        # Positional fields: a passphrase typed one field early must not be echoed.
        auth_key = auth_key_class(self.auth[0], echo=False)(self.auth[1]) if self.auth else None
        priv_key = priv_key_class(self.priv[0], echo=False)(self.priv[1]) if self.priv else None
        return AgentUser(User(self.name, auth_key=auth_key, priv_key=priv_key))


def parse_v3_user_spec(text: str) -> V3UserSpec:
    """``NAME``, ``NAME:AUTHPROTO:AUTHPASS`` or ``NAME:AUTHPROTO:AUTHPASS:PRIVPROTO:PRIVPASS``
    (passphrases may contain ':'); ArgumentError naming the flag, never the passphrase."""
    from core.security import PRIV_KEY_CLASSES

    parts = text.split(":")
    name = parts[0]
    if len(parts) == 2:
        raise ArgumentError(
            f"--v3-user {name!r}: give NAME, NAME:AUTHPROTO:AUTHPASS or NAME:AUTH:PASS:PRIV:PASS"
        )
    if len(parts) < 3:
        return V3UserSpec(name)
    if len(parts) >= 5 and parts[-2].upper() in PRIV_KEY_CLASSES:
        auth = (parts[1], Secret(":".join(parts[2:-2])))
        return V3UserSpec(name, auth, (parts[-2], Secret(parts[-1])))
    return V3UserSpec(name, (parts[1], Secret(":".join(parts[2:]))))


def parse_v3_user(text: str) -> AgentUser:
    """The user of a ``--v3-user`` value (see ``parse_v3_user_spec``)."""
    spec = parse_v3_user_spec(text)
    try:
        return spec.agent_user()
    except (ValueError, TypeError) as exc:
        raise ArgumentError(f"--v3-user {spec.name!r}: {exc}") from None


def parse_create_user(line: str, where: str) -> V3UserSpec | None:
    """The user of one ``createUser [-e ENGINEID] NAME [AUTHPROTO AUTHPASS [PRIVPROTO
    [PRIVPASS]]]`` line (None for a blank or comment line); ArgumentError starting with
    ``where`` (flag, file and line), never holding a passphrase."""
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        raise ArgumentError(f"{where}: unbalanced quotes") from None
    if not words:
        return None
    engine_id = None
    if words[0] == "createUser" and len(words) >= 3 and words[1] == "-e":
        try:
            engine_id = _engine_id(words[2])
        except ArgumentError as exc:
            raise ArgumentError(f"{where}: -e {exc.args[0].partition(': ')[2]}") from None
        words = [words[0], *words[3:]]
    if words[0] != "createUser" or len(words) not in (2, 4, 5, 6):
        raise ArgumentError(
            f"{where}: expected createUser NAME [AUTHPROTO AUTHPASS [PRIVPROTO [PRIVPASS]]] "
            "(after -e ENGINEID for a trap sender's user)"
        )
    auth_pass = Secret(words[3]) if len(words) >= 4 else None
    # A privacy passphrase left out is the authentication one (net-snmp's rule).
    priv_pass = Secret(words[5]) if len(words) == 6 else auth_pass
    return V3UserSpec(
        words[1],
        (words[2], auth_pass) if auth_pass is not None else None,
        (words[4], priv_pass) if len(words) >= 5 and priv_pass is not None else None,
        engine_id,
    )


def read_create_users(path: str, flag: str = "--v3-users") -> tuple[list[tuple[bytes | None, AgentUser]], list[str]]:
    """((engine id or None, user) pairs, warnings) from a file of net-snmp ``createUser`` lines.

    ``createUser [-e ENGINEID] NAME [AUTHPROTO AUTHPASS [PRIVPROTO [PRIVPASS]]]``, as in
    snmpd.conf and snmptrapd.conf: a missing privacy passphrase is the authentication
    one; ``-e`` localizes the keys to another engine (a trap sender's); words may be
    quoted; '#' starts a comment. Errors name the flag, file and line, never a
    passphrase. A file that others may read is accepted with a warning.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        mode = os.stat(path).st_mode
    except (OSError, UnicodeDecodeError) as exc:
        raise ArgumentError(f"{flag} {path}: {getattr(exc, 'strerror', None) or exc}") from None
    users: list[tuple[bytes | None, AgentUser]] = []
    for number, line in enumerate(lines, 1):
        where = f"{flag} {path}:{number}"
        spec = parse_create_user(line, where)
        if spec is None:
            continue
        try:
            users.append((spec.engine_id, spec.agent_user()))
        except (ValueError, TypeError) as exc:
            raise ArgumentError(f"{where}: user {spec.name!r}: {exc}") from None
    warnings = []
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        warnings.append(f"{path} holds passphrases and other users may read it (chmod 600 {path})")
    return users, warnings


def read_v3_users(path: str) -> tuple[list[AgentUser], list[str]]:
    """(users, warnings) of an agent's ``--v3-users`` file (see ``read_create_users``); the
    agent is the authoritative engine of its users, so ``-e`` is refused."""
    entries, warnings = read_create_users(path)
    if any(engine_id is not None for engine_id, _ in entries):
        raise ArgumentError(
            f"--v3-users {path}: createUser -e is for a trap receiver's senders (snmptui traps); "
            "an agent's users use its own engine id (--engine-id)"
        )
    return [user for _, user in entries], warnings


def parse_fault(text: str, faults: Faults) -> None:
    """Apply ``NAME=VALUE`` to ``faults`` (ArgumentError naming the flag when wrong)."""
    name, sep, value = text.partition("=")
    known = {f.name: f for f in dataclasses.fields(Faults) if f.init}
    if not sep or name not in known:
        raise ArgumentError(f"--fault {text!r}: expected NAME=VALUE with NAME one of {', '.join(known)}")
    kind = type(getattr(faults, name))
    try:
        parsed: Any = int(value) if kind is int or name == "max_response_size" else float(value)
    except ValueError:
        raise ArgumentError(f"--fault {name}: {value!r} is not a number") from None
    setattr(faults, name, parsed)
    if name == "seed":
        faults.reseed()


def parse_size(flag: str, text: str) -> int:
    """Bytes of a ``--max-*`` value: a number with an optional K, M or G (powers of 1024)."""
    body = text.strip().upper().removesuffix("B").removesuffix("I")
    shift = {"K": 10, "M": 20, "G": 30, "T": 40}.get(body[-1:], 0)
    digits = body[:-1] if shift else body
    if not digits.isdigit() or len(digits) > 15 or int(digits) == 0:
        raise ArgumentError(f"{flag}: {text!r} is not a size (e.g. 4G, 512M, 1048576)")
    return int(digits) << shift


def _limits(args: argparse.Namespace) -> SnapshotLimits:
    limits = DEFAULT_LIMITS
    if args.max_snapshot_size is not None:
        limits = dataclasses.replace(limits, max_bytes=parse_size("--max-snapshot-size", args.max_snapshot_size))
    if args.max_line_length is not None:
        limits = dataclasses.replace(limits, max_line=parse_size("--max-line-length", args.max_line_length))
    return limits


def _source(args: argparse.Namespace) -> Any:
    if not args.snapshot:
        from core.agent.demo import DemoDevice

        return DemoDevice(), "the demo device"
    try:
        writable = [parse_oid(o) for o in args.writable] if args.writable else None
    except ValueError as exc:
        raise ArgumentError(f"--writable: {exc}") from None
    kwargs: dict[str, Any] = {"strict": not args.skip_bad_lines, "limits": _limits(args)}
    if writable is not None:
        kwargs["writable"] = writable
    snapshot = load_snapshot(args.snapshot, **kwargs)
    for warning in snapshot.warnings:
        print(f"snmptui agent: warning: {warning}", file=sys.stderr)
    skipped = f", {snapshot.skipped:,} bad lines skipped" if snapshot.skipped else ""
    return snapshot, f"{args.snapshot} ({len(snapshot):,} objects{skipped})"


def _row_mibs(args: argparse.Namespace) -> Any:
    """The MIBs that tell which RowStatus tables of a snapshot's writable subtrees take new
    rows: loaded only for a snapshot given ``--writable``, ``-M`` or ``-m`` (the system
    group, writable by default, has none, and loading costs start-up time)."""
    if not args.snapshot or not (args.writable or args.mib_dirs or args.mib_modules):
        return None
    from snmptui.model import load_store
    from snmptui.snmpconf import apply_mib_conf

    apply_mib_conf(args)
    store = load_store(args.mib_dirs, args.mib_modules, args.mib_files)
    for notice in store.notices:
        print(f"snmptui agent: {notice}", file=sys.stderr)
    return store


def exposure_notices(host: str, address: str, described: str, *, read: bool, write: bool,
                     users: list[AgentUser]) -> tuple[list[str], list[str]]:
    """(warnings, notes) to print at start-up: what the agent serves to whom.

    Off loopback every host that reaches ``address`` can read what is served (and
    SET the writable objects, with the write community or a writing v3 user).
    """
    writers = [u for u in users if u.can_write]
    access = []
    if read or write:
        access.append("SNMPv1/v2c with the " + ("read and write communities" if read and write else
                                                "write community" if write else "read community"))
    if users:
        access.append(f"SNMPv3 as {len(users)} user(s)")
    can_set = write or bool(writers)
    notes = []
    if write:
        notes.append("the write community is on: SNMPv1/v2c SET may change the writable objects")
    warnings = []
    try:
        loopback = ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        where = f"{address} (every address of this host)" if host in ("0.0.0.0", "::") else address
        what = f"{described}" + (" and lets them SET its writable objects" if can_set else "")
        warnings.append(
            f"listening on {where}, not loopback: any host that can reach it reads {what}"
            f" ({'; '.join(access) or 'no community or user configured'})"
        )
    return warnings, notes


def _engine_id(text: str | None) -> bytes | None:
    if text is None:
        return None
    try:
        return parse_engine_id(text)
    except ValueError as exc:
        raise ArgumentError(f"--engine-id: {exc}") from None


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
        try:
            host, port = parse_listen(args.listen)
        except ValueError as exc:
            raise ArgumentError(f"--listen: {exc}") from None
        users = [parse_v3_user(text) for text in args.v3_user]
        warnings = []
        if any(":" in text for text in args.v3_user):
            warnings.append("--v3-user puts passphrases where ps shows them; --v3-users FILE does not")
        if args.v3_users:
            file_users, file_warnings = read_v3_users(args.v3_users)
            users += file_users
            warnings += file_warnings
        faults = Faults()
        for text in args.fault:
            parse_fault(text, faults)
        engine_id = _engine_id(args.engine_id)
        source, described = _source(args)
        mibs = _row_mibs(args)
    except ArgumentError as exc:
        print(f"snmptui agent: {exc}", file=sys.stderr)
        return 2
    except SnapshotError as exc:
        print(f"snmptui agent: cannot read the snapshot:\n{exc}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"snmptui agent: warning: {warning}", file=sys.stderr)
    try:
        agent = Agent(
            source,
            community=args.community or None,
            write_community=args.write_community or None,  # an empty Secret is false
            users=users,
            engine_id=engine_id,
            faults=faults,
            mibs=mibs,
        )
    except ValueError as exc:  # a value the snapshot reader let through but cannot be encoded
        print(f"snmptui agent: cannot serve the snapshot: {exc}", file=sys.stderr)
        return 2
    try:
        server = AgentServer(agent, host, port)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        print(f"snmptui agent: --listen {args.listen}: cannot listen: {reason}", file=sys.stderr)
        return 2
    versions = "v1/v2c" + (f" and v3 ({len(users)} users, engine {agent.engine_id.hex()})" if users else "")
    print(f"serving {described} on udp:{server.address} ({versions}); Ctrl-C stops", flush=True)
    warned, notes = exposure_notices(
        server.host, server.address, described, read=bool(args.community), write=bool(args.write_community),
        users=users,
    )
    for warning in warned:
        print(f"snmptui agent: warning: {warning}", file=sys.stderr, flush=True)
    for note in notes:
        print(note, flush=True)
    target = f"udp6:{server.address}" if ":" in server.host else server.address
    print(f"try: snmpwalk -v2c -c COMMUNITY {target} 1.3.6.1.2.1.1", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: server.stop())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    print(f"stopped after {agent.stats.requests:,} requests", flush=True)
    return 0
