"""``snmptui traps``: receive notifications in the foreground and print them as snmptrapd does.

    snmptui traps [--listen [HOST:]PORT] [--v3-users FILE] [--community C]...
                  [--json] [--jsonl FILE] [--engine-id HEX] [-n] [-M DIRS] [-m MODULES] [-O LETTERS]

Listens on 127.0.0.1:162 unless told otherwise (a bare PORT is on loopback too).
Each notification prints as ``snmptrapd -f -Lo`` prints it by default (a v1 trap's
community shows as ``****``; varbinds through the project's net-snmp formatter, so
``-O`` letters work as in net-snmp), or as one JSON object a line with ``--json``;
``--jsonl FILE`` appends JSON Lines to FILE as well. v1/v2c notifications are
accepted for any community unless ``--community`` names the accepted ones.
SNMPv3 users come from snmptrapd ``createUser [-e ENGINEID] ...`` lines: with
``-e`` the sender's engine (traps), without it ours (informs; our engine id is
kept in $XDG_STATE_HOME/snmptui). Status lines go to stderr, notifications to
stdout. Ctrl-C (or SIGTERM) stops and prints what was received and dropped.
"""

from __future__ import annotations

import signal
import sys
import threading
from typing import IO, Any

from core.notify import (
    ConfiguredUser,
    Notification,
    NotificationDecoder,
    NotificationReceiver,
    ReceiverBindError,
    is_loopback,
    load_engine_state,
    parse_listen_address,
)
from core.notify.jsonl import JsonLinesWriter, notification_json
from core.notify.snmptrapd_format import format_snmptrapd

from core.secret import Secret

from snmptui.commands.agent import _engine_id, read_create_users
from snmptui.netsnmp_args import ArgumentError, NetSnmpArgumentParser, add_output_args, output_options
from snmptui.snmpconf import apply_mib_conf

__all__ = ["run", "DEFAULT_LISTEN"]

DEFAULT_LISTEN = "127.0.0.1:162"


def _parser() -> NetSnmpArgumentParser:
    parser = NetSnmpArgumentParser(
        prog="snmptui traps",
        description="Receive SNMP traps and informs (v1, v2c, v3) and print them as snmptrapd does.",
    )
    parser.add_argument("--listen", metavar="[HOST:]PORT", default=DEFAULT_LISTEN,
                        help=f"address to listen on (default {DEFAULT_LISTEN}; [::1]:PORT for IPv6)")
    parser.add_argument("--v3-users", metavar="FILE",
                        help="SNMPv3 users, snmptrapd lines: createUser [-e ENGINEID] NAME AUTH PASS PRIV PASS")
    parser.add_argument("--community", metavar="C", action="append", type=Secret,
                        help="accept v1/v2c notifications only with this community (repeatable; default any)")
    parser.add_argument("--json", action="store_true", help="print JSON Lines instead of snmptrapd's format")
    parser.add_argument("--jsonl", metavar="FILE", help="also append every notification to FILE as JSON Lines")
    parser.add_argument("--engine-id", metavar="HEX", help="our snmpEngineID for v3 informs (default: kept)")
    parser.add_argument("-n", dest="numeric", action="store_true",
                        help="print addresses, not host names (as snmptrapd -n)")
    parser.add_argument("-M", dest="mib_dirs", metavar="DIRS", help="MIB directories (colon separated)")
    parser.add_argument("-m", dest="mib_modules", metavar="MODULES", help="MIB modules to load (ALL by default)")
    add_output_args(parser)
    return parser


def _users(path: str | None) -> tuple[list[ConfiguredUser], list[str]]:
    if not path:
        return [], []
    entries, warnings = read_create_users(path)
    return [ConfiguredUser(agent_user.user, engine_id) for engine_id, agent_user in entries], warnings


class _Printer:
    """The listener that writes each notification (in the receiver thread)."""

    def __init__(self, names: Any, out: IO[bytes], as_json: bool, numeric: bool) -> None:
        self._names = names
        self._out = out
        self._json = as_json
        self._numeric = numeric
        self._lock = threading.Lock()

    def __call__(self, notification: Notification) -> None:
        if self._json:
            data = (notification_json(notification, self._names) + "\n").encode("utf-8")
        else:
            # The formatter's text holds net-snmp's bytes one character per byte.
            text = format_snmptrapd(notification, self._names, numeric=self._numeric,
                                    numeric_timeticks=self._names.options.numeric_timeticks)  # fmt: skip
            data = text.encode("latin-1", "replace")
        with self._lock:
            self._out.write(data)
            self._out.flush()


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
        try:
            host, port = parse_listen_address(args.listen)
        except ValueError as exc:
            raise ArgumentError(f"--listen: {exc}") from None
        users, warnings = _users(args.v3_users)
        engine_id = _engine_id(args.engine_id)
        options = output_options(args)
    except ArgumentError as exc:
        print(f"snmptui traps: {exc}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"snmptui traps: warning: {warning}", file=sys.stderr)
    state = load_engine_state(engine_id=engine_id)
    if state.warning:
        print(f"snmptui traps: warning: {state.warning}", file=sys.stderr)
    communities = None if args.community is None else [c.reveal_bytes() for c in args.community]
    decoder = NotificationDecoder(communities=communities, users=users, engine_id=state.engine_id, boots=state.boots)
    try:
        receiver = NotificationReceiver(decoder, host, port, capacity=1)
    except ReceiverBindError as exc:
        print(f"snmptui traps: {exc}", file=sys.stderr)
        return 1
    from snmptui.model import load_store
    from snmptui.notify_text import NetSnmpText

    try:
        apply_mib_conf(args)
        store = load_store(args.mib_dirs, args.mib_modules, args.mib_files)
    except ImportError:
        store = None
    names = NetSnmpText(store, options)
    receiver.add_listener(_Printer(names, sys.stdout.buffer, args.json, args.numeric))
    jsonl = None
    if args.jsonl:
        try:
            jsonl = open(args.jsonl, "a", encoding="utf-8")
        except OSError as exc:
            receiver.close()
            print(f"snmptui traps: --jsonl {args.jsonl}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        receiver.add_listener(JsonLinesWriter(jsonl, names))
    if not is_loopback(receiver.host):
        print(f"snmptui traps: warning: listening on {receiver.address}, not only loopback: "
              "any host that reaches it can send", file=sys.stderr)  # fmt: skip
    accepted = "any community" if args.community is None else f"{len(args.community)} communities"
    print(
        f"snmptui traps: listening on udp:{receiver.address} (v1/v2c: {accepted}; v3: {len(users)} users, "
        f"engine {state.engine_id.hex()}); Ctrl-C stops",
        file=sys.stderr, flush=True,
    )  # fmt: skip
    # Both stop the loop between datagrams (SIGINT too: a shell may start us with it ignored).
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: receiver.stop())
    try:
        receiver.serve_forever()
    finally:
        receiver.close()
        if jsonl is not None:
            jsonl.close()
    print(f"snmptui traps: stopped: {receiver.stats.summary()}", file=sys.stderr, flush=True)
    return 0
