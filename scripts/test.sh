#!/usr/bin/env bash
# Install what the tests need (a fresh Debian machine, as root) and run the test suite.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m slow` or `-k harness`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Net-SNMP agent and tools (the real agent under test), smitools (MIB oracles), ip (netns).
if [ ! -x /usr/sbin/snmpd ] || [ ! -x /usr/sbin/snmptrapd ] || ! command -v snmpget >/dev/null || ! command -v smidump >/dev/null \
    || ! command -v ip >/dev/null; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y snmpd snmp snmptrapd smitools iproute2
fi

# The project with its test extra, into python3 unless pip there is missing or
# externally managed (Debian's own python3), in which case into .venv.
PY=python3
if ! "$PY" -m pip --version >/dev/null 2>&1 \
    || [ -e "$("$PY" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')/EXTERNALLY-MANAGED" ]; then
    if [ ! -x .venv/bin/python ]; then
        "$PY" -m venv .venv 2>/dev/null || {
            DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv && "$PY" -m venv .venv
        }
    fi
    PY=.venv/bin/python
fi
"$PY" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e '.[test]'

status=0
"$PY" -m pytest -q "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "test.sh: pytest collected no tests; that is a failure" >&2
    exit 1
fi
exit "$status"
