"""The ``snmptui`` command line: dispatches subcommands, else starts the browser.

``snmptui [OPTIONS] [AGENT [OID]]`` takes net-snmp's flags (parsed by
``snmptui.netsnmp_args``, shared with the subcommands) plus ``--demo``,
``--offline FILE``, ``--version`` and ``--help``. Passphrases and communities may
come from the environment (``SNMPTUI_COMMUNITY``, ``SNMPTUI_AUTH_PASS``,
``SNMPTUI_PRIV_PASS``) or, with ``-A -``/``-X -``/``-c -``, from a prompt, so they
stay out of shell history.

Errors in arguments print one line naming the flag and exit with status 2,
never a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from typing import Any

from snmptui import __version__

SUBCOMMANDS: dict[str, str] = {
    "agent": "snmptui.commands.agent",
    "delta": "snmptui.commands.delta",
    "mib": "snmptui.commands.mib",
    "record": "snmptui.commands.record",
    "set": "snmptui.commands.set",
    "walk": "snmptui.commands.walk",
}

SECRET_ENV: dict[str, str] = {
    "community": "SNMPTUI_COMMUNITY",
    "auth_pass": "SNMPTUI_AUTH_PASS",
    "priv_pass": "SNMPTUI_PRIV_PASS",
}

USAGE = """\
usage: snmptui [OPTIONS] [AGENT [OID]]
       snmptui --demo | --offline FILE
       snmptui SUBCOMMAND ...   ({subcommands})

Browse an SNMP agent's MIB tree in the terminal. With no AGENT the connection
dialog opens.

AGENT is [udp:|udp6:]host[:port], e.g. 192.0.2.1, udp6:[::1]:1161.
OID (name or number) is selected and walked after connecting.

Options (as in net-snmp):
  -v 1|2c|3         SNMP version (default 2c)
  -c COMMUNITY      community (v1/v2c); or env SNMPTUI_COMMUNITY; "-" prompts
  -u USER           v3 security name
  -l LEVEL          noAuthNoPriv | authNoPriv | authPriv
  -a PROTO          MD5 | SHA | SHA-224 | SHA-256 | SHA-384 | SHA-512
  -A PASS           auth passphrase; or env SNMPTUI_AUTH_PASS; "-" prompts
  -x PROTO          DES | AES | AES-192 | AES-256 | AES-192-C | AES-256-C
  -X PASS           privacy passphrase; or env SNMPTUI_PRIV_PASS; "-" prompts
  -e ENGINEID       security engine id (hex)
  -E ENGINEID       context engine id (hex)
  -n CONTEXT        context name
  -r RETRIES        retries (default 1)
  -t SECONDS        timeout per try (default 1)
  -Cr N             max-repetitions of GETBULK walks (default 25)
  -M DIRS           MIB directories (colon separated; leading + adds to defaults)
  -m MODULES        MIB modules to load (ALL by default)

Browser options:
  --demo            browse the built-in demo device (served in-process)
  --offline FILE    browse a snapshot (snmprec or snmpwalk output), served in-process
  --version         print the version and exit
  --help            show this help and exit
"""


class UsageError(Exception):
    """A bad command line; the message names the flag."""


@dataclass
class BrowserArgs:
    """What the browser needs from its command line."""

    spec: Any = None
    oid: str | None = None
    demo: bool = False
    offline: str | None = None
    mib_dirs: str | None = None
    mib_modules: str | None = None


def _parser() -> Any:
    from snmptui.netsnmp_args import NetSnmpArgumentParser, add_connection_args

    parser = NetSnmpArgumentParser(prog="snmptui", add_help=False)
    add_connection_args(parser)
    parser.add_argument("-M", dest="mib_dirs")
    parser.add_argument("-m", dest="mib_modules")
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--offline", metavar="FILE")
    parser.add_argument("agent", nargs="?")
    parser.add_argument("oid", nargs="?")
    return parser


def parse_browser_args(argv: list[str], prompt: Any = None) -> BrowserArgs:
    """The browser's command line; ``UsageError`` naming the flag when it is wrong."""
    from snmptui.netsnmp_args import ArgumentError, normalize_argv, spec_from_args

    try:
        ns = _parser().parse_args(normalize_argv(list(argv)))
        if ns.demo and ns.offline:
            raise UsageError("--demo and --offline cannot be used together")
        if ns.offline == "":
            raise UsageError("--offline needs a FILE")
        if (ns.demo or ns.offline) and ns.agent:
            raise UsageError(f"unexpected AGENT {ns.agent!r} with {'--demo' if ns.demo else '--offline'}")
        fill_secrets(ns, prompt)
        spec = spec_from_args(ns, ns.agent) if ns.agent else None
    except ArgumentError as exc:
        raise UsageError(str(exc)) from None
    return BrowserArgs(spec, ns.oid, ns.demo, ns.offline, ns.mib_dirs, ns.mib_modules)


def fill_secrets(ns: Any, prompt: Any = None) -> None:
    """Secrets absent from the flags come from the environment; a ``-`` value prompts.

    Each is held as a :class:`Secret` from the moment it is read.
    """
    import getpass

    from core.secret import Secret

    ask = prompt or getpass.getpass
    names = {"community": "Community", "auth_pass": "Auth passphrase", "priv_pass": "Privacy passphrase"}
    for dest, env in SECRET_ENV.items():
        value = getattr(ns, dest, None)
        if value is None and os.environ.get(env):
            setattr(ns, dest, Secret(os.environ[env]))
        elif value is not None and Secret(value).reveal() == "-":
            setattr(ns, dest, Secret(ask(f"{names[dest]}: ")))


def connection_spec(argv: list[str], agent: str, secrets: dict[str, Any] | None = None) -> Any:
    """A ConnectionSpec from net-snmp flags and an AGENT (``secrets``: see
    ``netsnmp_args.parse_connection``); ``UsageError`` naming the flag."""
    from snmptui import netsnmp_args

    try:
        return netsnmp_args.parse_connection([*argv, agent], secrets)
    except netsnmp_args.ArgumentError as exc:
        raise UsageError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        module = importlib.import_module(SUBCOMMANDS[args[0]])
        try:
            return int(module.run(args[1:]))
        except KeyboardInterrupt:
            return 130
    if args and args[0] in ("--version", "-V"):
        print(f"snmptui {__version__}")
        return 0
    if args and args[0] in ("--help", "-h"):
        print(USAGE.format(subcommands=", ".join(sorted(SUBCOMMANDS))), end="")
        return 0
    try:
        parsed = parse_browser_args(args)
    except UsageError as exc:
        print(f"snmptui: {exc}", file=sys.stderr)
        return 2
    except (EOFError, KeyboardInterrupt):
        return 130
    from snmptui.app import SnmpTuiApp

    app = SnmpTuiApp(
        spec=parsed.spec,
        start_oid=parsed.oid,
        demo=parsed.demo,
        offline=parsed.offline,
        mib_dirs=parsed.mib_dirs,
        mib_modules=parsed.mib_modules,
    )
    app.run()
    return app.return_code or 0
