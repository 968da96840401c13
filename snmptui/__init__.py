"""snmptui: the terminal MIB browser (Textual app and command-line front end).

Kept import-light: subcommands such as ``snmptui mib`` must not pay for Textual.
"""

__version__ = "0.1.0"
