"""``python -m snmptui`` runs the command-line entry point."""

from snmptui.cli import main

raise SystemExit(main())
