"""The ``snmptui`` command line: dispatches subcommands, else starts the browser.

Errors in arguments print one line naming the flag and exit with status 2,
never a traceback.
"""

from __future__ import annotations

import importlib
import sys

from snmptui import __version__

SUBCOMMANDS: dict[str, str] = {
    "mib": "snmptui.commands.mib",
    "walk": "snmptui.commands.walk",
}


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
    print(
        "snmptui: the browser is not available yet; use a subcommand: "
        + ", ".join(sorted(SUBCOMMANDS)),
        file=sys.stderr,
    )
    return 2
