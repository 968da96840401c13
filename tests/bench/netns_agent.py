"""A big SNMP agent for benchmarks: net-snmp snmpd inside a private network namespace.

The namespace holds N veth pairs, so snmpd's IF-MIB, IP-MIB and friends serve
~200 varbinds per interface (500 pairs -> ~100k varbinds). Everything stays in
the namespace: clients run there too (``ip netns exec``) and talk to its own
loopback. Needs root and iproute2; the namespace is deleted on exit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from typing import Iterator

PORT = 16100


def _run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _add_veths(namespace: str, pairs: int) -> None:
    batch = "".join(f"link add va{i} type veth peer name vb{i}\n" for i in range(pairs))
    subprocess.run(
        ["ip", "-n", namespace, "-batch", "-"], input=batch.encode(), check=True,
        stdout=subprocess.DEVNULL,
    )
    ups = "".join(f"link set va{i} up\nlink set vb{i} up\n" for i in range(pairs))
    subprocess.run(
        ["ip", "-n", namespace, "-batch", "-"], input=ups.encode(), check=True,
        stdout=subprocess.DEVNULL,
    )


# An SNMPv3 user the benchmarks can walk with (authPriv, SHA-256 + AES-128).
V3_USER = ("bench", "SHA-256", "bench-auth-pass", "AES", "bench-priv-pass")


@contextmanager
def netns_snmpd(pairs: int = 500, community: str = "public") -> Iterator[tuple[list[str], str, int]]:
    """Yield (command prefix to run a client in the namespace, host, port).

    The agent knows the read-only ``community`` and the v3 user ``V3_USER``.
    """
    namespace = f"snmptui-bench-{os.getpid()}"
    workdir = tempfile.mkdtemp(prefix="snmptui-netns-")
    conf = os.path.join(workdir, "snmpd.conf")
    with open(conf, "w") as fh:
        fh.write(f"agentAddress udp:127.0.0.1:{PORT}\nrocommunity {community} 127.0.0.1\n")
        name, auth, auth_pass, priv, priv_pass = V3_USER
        fh.write(f"createUser {name} {auth} {auth_pass} {priv} {priv_pass}\nrouser {name} priv\n")
    _run("ip", "netns", "add", namespace)
    proc = None
    try:
        _run("ip", "-n", namespace, "link", "set", "lo", "up")
        _add_veths(namespace, pairs)
        env = dict(os.environ, SNMP_PERSISTENT_DIR=workdir, MIBS="")
        proc = subprocess.Popen(
            ["ip", "netns", "exec", namespace, "snmpd", "-f", "-Lo", "-C", "-c", conf],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        prefix = ["ip", "netns", "exec", namespace]
        deadline = time.monotonic() + 90  # a busy machine starts 500 interfaces slowly
        while True:
            probe = subprocess.run(
                prefix + ["snmpget", "-v2c", "-c", community, "-t", "0.5", "-r", "0",
                          f"127.0.0.1:{PORT}", "1.3.6.1.2.1.1.3.0"],
                capture_output=True,
            )
            if probe.returncode == 0:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"snmpd in {namespace} did not answer: {probe.stderr.decode()}")
            time.sleep(0.2)
        yield prefix, "127.0.0.1", PORT
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
        subprocess.run(["ip", "netns", "del", namespace], stderr=subprocess.DEVNULL)
        shutil.rmtree(workdir, ignore_errors=True)
