"""The ``snmptui`` command line: dispatches subcommands, else starts the browser.

``snmptui [OPTIONS] [AGENT [OID]]`` takes net-snmp's flags plus ``--demo``,
``--offline FILE``, ``--version`` and ``--help`` (parsed by ``snmptui.command_line``,
shared with the subcommands).

Errors in arguments print one line naming the flag and exit with status 2,
never a traceback.
"""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import threading

from snmptui import __version__

SUBCOMMANDS: dict[str, str] = {
    "agent": "snmptui.commands.agent",
    "delta": "snmptui.commands.delta",
    "diff": "snmptui.commands.diff",
    "export": "snmptui.commands.export",
    "mib": "snmptui.commands.mib",
    "record": "snmptui.commands.record",
    "set": "snmptui.commands.set",
    "table": "snmptui.commands.table",
    "traps": "snmptui.commands.traps",
    "walk": "snmptui.commands.walk",
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
  -Cp N             requests in flight in a walk, each for another range (default 4; 1: serial)
  -M DIRS           MIB directories (colon separated; leading + adds to defaults)
  -m MODULES        MIB modules to load (ALL by default)

Browser options:
  --demo            browse the built-in demo device (served in-process)
  --offline FILE    browse a snapshot (snmprec or snmpwalk output), served in-process
  --listen-traps [HOST:]PORT
                    receive traps and informs while browsing (loopback unless HOST; key N)
  --version         print the version and exit
  --help            show this help and exit
"""


def exit_without_teardown(code: int) -> int:
    """End the process now with ``code`` once its output is out and its exit handlers
    have run, skipping the interpreter's teardown (freeing every object one by one:
    a loaded MIB store, and parsed modules a cache writer child still shares, whose
    pages the kernel would copy first). Only for a process running one thread whose
    standard streams flush: otherwise ``code`` is returned for a normal exit."""
    if threading.active_count() != 1:
        return code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return code  # the normal exit reports it, as always
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run the command line (``argv``: the arguments; None: this process's, and then
    a subcommand whose module sets ``EXIT_WITHOUT_TEARDOWN`` ends the process)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        module = importlib.import_module(SUBCOMMANDS[args[0]])
        try:
            code = int(module.run(args[1:]))
        except KeyboardInterrupt:
            return 130
        if argv is None and getattr(module, "EXIT_WITHOUT_TEARDOWN", False):
            return exit_without_teardown(code)
        return code
    if args and args[0] in ("--version", "-V"):
        print(f"snmptui {__version__}")
        return 0
    if args and args[0] in ("--help", "-h"):
        print(USAGE.format(subcommands=", ".join(sorted(SUBCOMMANDS))), end="")
        return 0
    # Imported here, not at the top: a subcommand such as ``mib list`` needs neither the
    # browser's flag parser nor the session it pulls in (~45 ms of every start).
    from snmptui.command_line import UsageError, parse_browser_args
    from snmptui.settings import load_settings

    settings, problems = load_settings()
    try:
        parsed = parse_browser_args(args, settings=settings)
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
        mib_files=parsed.mib_files,
        settings=settings,
        config_problems=problems,
        listen_traps=parsed.listen_traps,
    )
    app.run()
    return app.return_code or 0
