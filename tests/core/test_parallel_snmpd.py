"""Parallel walks against a real Net-SNMP snmpd: the serial walk's OIDs, directly and
through the delay proxy (``tests/delay_proxy.py``), over v2c and v3.

Values of counters move between walks, so the OIDs are compared; the subtrees are
ones whose set of instances does not change while the suite runs (not hrSWRun,
not the TCP/UDP endpoint tables).
"""

from __future__ import annotations

import time

import pytest

from core import SnmpSession
from core.security import User, auth_key_class, priv_key_class
from delay_proxy import DelayProxy
from snmpd_fixture import V3_USERS

STABLE = ["1.3.6.1.2.1.1", "1.3.6.1.2.1.2", "1.3.6.1.2.1.31.1.1", "1.3.6.1.2.1.4.20", "1.3.6.1.6.3.15"]


def _oids(session: SnmpSession, root: str, parallel: int) -> list[str]:
    return [name for name, _ in session.fetch(root, parallel=parallel)]


@pytest.mark.parametrize("parallel", [2, 4, 16])
def test_parallel_walk_of_snmpd_equals_serial(snmpd, parallel: int) -> None:
    with SnmpSession(snmpd.host4, snmpd.port, timeout=2, retries=1, max_repetitions=5) as s:
        for root in STABLE:
            serial = _oids(s, root, 1)
            assert serial, root
            assert _oids(s, root, parallel) == serial, root


def test_parallel_v3_walk_of_snmpd_equals_serial(snmpd) -> None:
    spec = V3_USERS["priv_aes"]
    user = User("priv_aes", auth_key=auth_key_class(spec.auth_proto)(spec.auth_pass),
                priv_key=priv_key_class(spec.priv_proto)(spec.priv_pass))  # fmt: skip
    with SnmpSession(snmpd.host4, snmpd.port, user=user, timeout=2, max_repetitions=5) as s:
        for root in STABLE:
            assert _oids(s, root, 4) == _oids(s, root, 1), root


def test_walk_through_the_delay_proxy(snmpd) -> None:
    with DelayProxy(snmpd.port, 0.01) as proxy:
        with SnmpSession("127.0.0.1", proxy.port, timeout=2, max_repetitions=10) as s:
            began = time.monotonic()
            s.get("1.3.6.1.2.1.1.3.0")
            # A lower bound only: the proxy holds each datagram 10 ms each way.
            assert time.monotonic() - began >= 0.02
            for root in STABLE[:3]:
                assert _oids(s, root, 4) == _oids(s, root, 1), root
        assert proxy.forwarded >= 4
