#!/usr/bin/env bash
# Make (or reuse) a virtual environment in .venv, install snmptui into it and start the
# built-in demo device: one command on a fresh machine, including Debian's own Python,
# which refuses pip installs outside a venv (PEP 668). Extra arguments go to snmptui,
# e.g. `bash scripts/run-demo.sh --offline device.snmprec` instead of --demo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    if ! "$PY" -m venv .venv 2>/dev/null; then
        echo "run-demo: python3 cannot make a venv; installing python3-venv (needs root)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv
        rm -rf .venv
        "$PY" -m venv .venv
    fi
fi
stamp=.venv/.snmptui-installed
if [ ! -e "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
    touch "$stamp"
fi
if [ "$#" -eq 0 ]; then
    set -- --demo
fi
exec .venv/bin/snmptui "$@"
