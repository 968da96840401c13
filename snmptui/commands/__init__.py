"""Subcommands of the ``snmptui`` command line (``mib``, ``agent``, ``record``, ``walk``).

Each module exposes ``run(argv: list[str]) -> int`` and owns its own argument parser.
"""
