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
from dataclasses import dataclass, field
from typing import Any

from snmptui import __version__

SUBCOMMANDS: dict[str, str] = {
    "agent": "snmptui.commands.agent",
    "mib": "snmptui.commands.mib",
    "record": "snmptui.commands.record",
    "walk": "snmptui.commands.walk",
}

SECRET_ENV: dict[str, str] = {
    "-c": "SNMPTUI_COMMUNITY",
    "-A": "SNMPTUI_AUTH_PASS",
    "-X": "SNMPTUI_PRIV_PASS",
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

    connection_argv: list[str] = field(default_factory=list)
    agent: str | None = None
    oid: str | None = None
    demo: bool = False
    offline: str | None = None
    mib_dirs: str | None = None
    mib_modules: str | None = None


_VALUE_FLAGS = ("-v", "-c", "-u", "-l", "-a", "-A", "-x", "-X", "-e", "-E", "-n", "-r", "-t", "-M", "-m")


def parse_browser_args(argv: list[str]) -> BrowserArgs:
    """Split the browser's argv: connection flags stay net-snmp argv for ``netsnmp_args``."""
    args = BrowserArgs()
    positional: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--demo":
            args.demo = True
        elif arg == "--offline" or arg.startswith("--offline="):
            if "=" in arg:
                args.offline = arg.split("=", 1)[1]
            else:
                i += 1
                if i >= len(argv):
                    raise UsageError("--offline needs a FILE")
                args.offline = argv[i]
            if not args.offline:
                raise UsageError("--offline needs a FILE")
        elif arg.startswith("--"):
            raise UsageError(f"unknown option {arg}")
        elif arg.startswith("-") and len(arg) > 1:
            flag = arg[:3] if arg.startswith("-C") else arg[:2]
            if flag not in _VALUE_FLAGS and flag != "-Cr":
                raise UsageError(f"unknown option {arg}")
            value = arg[len(flag) :]
            if not value:
                i += 1
                if i >= len(argv):
                    raise UsageError(f"option {flag} needs a value")
                value = argv[i]
            if flag == "-M":
                args.mib_dirs = value
            elif flag == "-m":
                args.mib_modules = value
            else:
                args.connection_argv += [flag, value]
        else:
            positional.append(arg)
        i += 1
    if len(positional) > 2:
        raise UsageError(f"unexpected argument {positional[2]!r} (expected AGENT [OID])")
    if positional:
        args.agent = positional[0]
    if len(positional) > 1:
        args.oid = positional[1]
    if args.demo and args.offline:
        raise UsageError("--demo and --offline cannot be used together")
    if (args.demo or args.offline) and args.agent:
        raise UsageError(f"unexpected AGENT {args.agent!r} with {'--demo' if args.demo else '--offline'}")
    return args


def fill_secrets(argv: list[str], prompt: Any = None) -> list[str]:
    """Take secrets from the environment when absent, and prompt for ``-`` values."""
    import getpass

    ask = prompt or getpass.getpass
    result = list(argv)
    present = set(result[0::2])
    for flag, env in SECRET_ENV.items():
        if flag not in present and os.environ.get(env):
            result += [flag, os.environ[env]]
    for i in range(0, len(result) - 1, 2):
        if result[i] in SECRET_ENV and result[i + 1] == "-":
            names = {"-c": "Community", "-A": "Auth passphrase", "-X": "Privacy passphrase"}
            result[i + 1] = ask(f"{names[result[i]]}: ")
    return result


def connection_spec(argv: list[str], agent: str) -> Any:
    """A ConnectionSpec from net-snmp flags and an AGENT; ``UsageError`` naming the flag."""
    from snmptui import netsnmp_args

    try:
        return netsnmp_args.parse_connection([*argv, agent])
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
        spec = None
        if parsed.agent is not None:
            spec = connection_spec(fill_secrets(parsed.connection_argv), parsed.agent)
    except UsageError as exc:
        print(f"snmptui: {exc}", file=sys.stderr)
        return 2
    except (EOFError, KeyboardInterrupt):
        return 130
    from snmptui.app import SnmpTuiApp

    app = SnmpTuiApp(
        spec=spec,
        start_oid=parsed.oid,
        demo=parsed.demo,
        offline=parsed.offline,
        mib_dirs=parsed.mib_dirs,
        mib_modules=parsed.mib_modules,
        connection_argv=parsed.connection_argv,
    )
    app.run()
    return app.return_code or 0
