"""A real Net-SNMP ``snmpd`` for tests: its configuration, users, start-up and shutdown.

``SnmpdAgent`` runs ``/usr/sbin/snmpd -f -Lo -C -I -smux`` on 127.0.0.1 and [::1]
at one UDP port free on both, with its config file and persistent directory in a
private work directory, so it never uses port 161 (nor SMUX's TCP 199), never reads
/etc/snmp and never writes /var/lib/snmp. ``tool_env`` gives the net-snmp tools the
same isolation (and no MIB loading, so no warnings). The agent knows:

- the read-only community ``public`` (read: everything);
- the read-write community ``private`` (read: everything; write: only the
  ``system`` group, where sysContact/sysLocation/sysName are writable because the
  config does not set them);
- the SNMPv3 users of ``V3_USERS`` (one per auth protocol at authNoPriv, one per
  privacy protocol at authPriv, one noAuthNoPriv user, one read-only authPriv user).

``createUser`` lines go into the persistent ``snmpd.conf``, which snmpd rewrites as
``usmUser`` lines (localized keys) on shutdown. Because ``-C`` also stops snmpd from
reading its persistent file, that file is passed explicitly with ``-c``; this keeps
the engine ID stable and makes ``snmpEngineBoots`` grow by one per ``restart()``,
as on a real device.

The conftest turns this module into the ``snmpd`` and ``snmpd_factory`` fixtures.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple

SNMPD = "/usr/sbin/snmpd"
HOST4 = "127.0.0.1"
HOST6 = "::1"
COMMUNITY_RO = "public"
COMMUNITY_RW = "private"
WRITABLE_SUBTREE = "1.3.6.1.2.1.1"  # system: sysContact.0, sysName.0, sysLocation.0
SYS_UPTIME_0 = "1.3.6.1.2.1.1.3.0"

START_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0
_POLL_INTERVAL = 0.02
_PORT_ATTEMPTS = 5
_BIND_FAILURE = "Error opening specified endpoint"


class V3User(NamedTuple):
    """One USM user as the net-snmp tools spell it (``-a``/``-x`` names, ``-l`` level)."""

    auth_proto: str | None
    auth_pass: str | None
    priv_proto: str | None
    priv_pass: str | None
    level: str  # "noAuthNoPriv" | "authNoPriv" | "authPriv"


def _auth_only(proto: str, secret: str) -> V3User:
    return V3User(proto, secret, None, None, "authNoPriv")


def _auth_priv(auth: str, auth_secret: str, priv: str, priv_secret: str) -> V3User:
    return V3User(auth, auth_secret, priv, priv_secret, "authPriv")


# The AES-192/256 users authenticate with SHA-256/SHA-512: both key extensions
# (Blumenthal "AES-192", Reeder "AES-192-C") then have a long enough auth key.
V3_USERS: dict[str, V3User] = {
    "noauth": V3User(None, None, None, None, "noAuthNoPriv"),
    "auth_md5": _auth_only("MD5", "auth-md5-pass"),
    "auth_sha": _auth_only("SHA", "auth-sha-pass"),
    "auth_sha224": _auth_only("SHA-224", "auth-sha224-pass"),
    "auth_sha256": _auth_only("SHA-256", "auth-sha256-pass"),
    "auth_sha384": _auth_only("SHA-384", "auth-sha384-pass"),
    "auth_sha512": _auth_only("SHA-512", "auth-sha512-pass"),
    "priv_des": _auth_priv("SHA", "auth-des-pass", "DES", "priv-des-pass"),
    "priv_aes": _auth_priv("SHA", "auth-aes-pass", "AES", "priv-aes-pass"),
    "priv_aes192": _auth_priv("SHA-256", "auth-aes192-pass", "AES-192", "priv-aes192-pass"),
    "priv_aes256": _auth_priv("SHA-512", "auth-aes256-pass", "AES-256", "priv-aes256-pass"),
    "priv_aes192c": _auth_priv("SHA-256", "auth-aes192c-pass", "AES-192-C", "priv-aes192c-pass"),
    "priv_aes256c": _auth_priv("SHA-512", "auth-aes256c-pass", "AES-256-C", "priv-aes256c-pass"),
    "ro_authpriv": _auth_priv("SHA", "auth-ro-pass", "AES", "priv-ro-pass"),
}
# Users that may read everything but write nothing; every other user writes WRITABLE_SUBTREE.
V3_READ_ONLY_USERS: frozenset[str] = frozenset({"noauth", "ro_authpriv"})


class SnmpdStartError(RuntimeError):
    """snmpd exited or did not answer in time; the message carries its log."""


def free_udp_port() -> int:
    """A UDP port that is free on both 127.0.0.1 and ::1 right now."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s4:
            s4.bind((HOST4, 0))
            port = s4.getsockname()[1]
            with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s6:
                try:
                    s6.bind((HOST6, port))
                except OSError:
                    continue
                return port
    raise RuntimeError("no UDP port free on both 127.0.0.1 and ::1 after 100 tries")


def tool_env(workdir: Path) -> dict[str, str]:
    """Environment for the net-snmp tools: no MIB loading, no /etc/snmp, no /var/lib/snmp."""
    conf_dir = workdir / "tools"
    conf_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        MIBS="",
        MIBDIRS="",
        SNMPCONFPATH=str(conf_dir),
        SNMP_PERSISTENT_DIR=str(conf_dir),
    )
    return env


def user_args(name: str, users: Mapping[str, V3User] = V3_USERS) -> list[str]:
    """The ``snmpget``-style flags that authenticate as v3 user ``name``."""
    user = users[name]
    args = ["-v3", "-l", user.level, "-u", name]
    if user.auth_proto is not None and user.auth_pass is not None:
        args += ["-a", user.auth_proto, "-A", user.auth_pass]
    if user.priv_proto is not None and user.priv_pass is not None:
        args += ["-x", user.priv_proto, "-X", user.priv_pass]
    return args


def main_config(port: int, users: Mapping[str, V3User], extra_conf: str = "") -> str:
    """The agent's snmpd.conf: listening addresses, communities, views and access."""
    rw_users = [name for name in users if name not in V3_READ_ONLY_USERS]
    lines = [
        f"agentAddress udp:{HOST4}:{port},udp6:[{HOST6}]:{port}",
        "dontLogTCPWrappersConnects yes",
        "view all included .1",
        f"view writeview included .{WRITABLE_SUBTREE}",
        f"com2sec  ro4 {HOST4} {COMMUNITY_RO}",
        f"com2sec6 ro6 {HOST6} {COMMUNITY_RO}",
        f"com2sec  rw4 {HOST4} {COMMUNITY_RW}",
        f"com2sec6 rw6 {HOST6} {COMMUNITY_RW}",
    ]
    for group, prefix in (("rogroup", "ro"), ("rwgroup", "rw")):
        for model in ("v1", "v2c"):
            lines += [f"group {group} {model} {prefix}4", f"group {group} {model} {prefix}6"]
    lines += [f"group rogroup usm {name}" for name in users if name in V3_READ_ONLY_USERS]
    lines += [f"group rwgroup usm {name}" for name in rw_users]
    lines += [
        'access rogroup "" any noauth exact all none none',
        'access rwgroup "" any noauth exact all writeview none',
    ]
    return "\n".join(lines) + "\n" + extra_conf + "\n"


def create_user_lines(users: Mapping[str, V3User]) -> str:
    """``createUser`` lines for the persistent snmpd.conf (snmpd consumes them once)."""
    lines = []
    for name, user in users.items():
        parts = ["createUser", name]
        if user.auth_proto is not None:
            parts += [user.auth_proto, f'"{user.auth_pass}"']
            if user.priv_proto is not None:
                parts += [user.priv_proto, f'"{user.priv_pass}"']
        lines.append(" ".join(parts))
    return "\n".join(lines) + "\n"


class SnmpdAgent:
    """One snmpd process with its own work directory; start, stop and restart it."""

    host4 = HOST4
    host6 = HOST6
    community_ro = COMMUNITY_RO
    community_rw = COMMUNITY_RW
    writable_subtree = WRITABLE_SUBTREE

    def __init__(self, workdir: Path, extra_conf: str = "", port: int | None = None) -> None:
        self.workdir = Path(workdir)
        self.extra_conf = extra_conf
        self.v3_users: dict[str, V3User] = dict(V3_USERS)
        self.v3_read_only_users = V3_READ_ONLY_USERS
        self.persistent_dir = self.workdir / "persist"
        self.config_path = self.workdir / "snmpd.conf"
        self.log_path = self.workdir / "snmpd.log"
        self._fixed_port = port
        self.port = port if port is not None else 0
        self.startup_seconds = 0.0
        self._proc: subprocess.Popen[bytes] | None = None
        self.tool_env = tool_env(self.workdir)

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"SnmpdAgent(port={self.port}, {state}, workdir={str(self.workdir)!r})"

    def __enter__(self) -> SnmpdAgent:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def log(self) -> str:
        """What snmpd wrote to stdout/stderr so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    @property
    def target4(self) -> str:
        """This agent's IPv4 address as the net-snmp tools take it."""
        return f"{self.host4}:{self.port}"

    @property
    def target6(self) -> str:
        """This agent's IPv6 address as the net-snmp tools take it."""
        return f"udp6:[{self.host6}]:{self.port}"

    def user_args(self, name: str) -> list[str]:
        """net-snmp tool flags for v3 user ``name`` (see module-level ``user_args``)."""
        return user_args(name, self.v3_users)

    def start(self) -> None:
        """Write the config (first time only for users) and start; retry on a port race."""
        if self.running:
            return
        self.persistent_dir.mkdir(parents=True, exist_ok=True)
        persistent_conf = self.persistent_dir / "snmpd.conf"
        if not persistent_conf.exists():
            persistent_conf.write_text(create_user_lines(self.v3_users))
        attempts = 1 if self._fixed_port is not None or self.port else _PORT_ATTEMPTS
        for attempt in range(attempts):
            if self._fixed_port is None and not self.port:
                self.port = free_udp_port()
            try:
                self._launch()
                return
            except SnmpdStartError:
                lost_race = _BIND_FAILURE in self.log() and attempt + 1 < attempts
                if not lost_race:
                    raise
                self.port = 0

    def stop(self) -> None:
        """Terminate snmpd (it then saves its persistent file); kill it if it lingers."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def restart(self) -> None:
        """Stop and start again on the same port with the same persistent state."""
        self.stop()
        self.start()

    def _launch(self) -> None:
        self.config_path.write_text(main_config(self.port, self.v3_users, self.extra_conf))
        persistent_conf = self.persistent_dir / "snmpd.conf"
        env = dict(self.tool_env, SNMP_PERSISTENT_DIR=str(self.persistent_dir))
        # -I -smux: SMUX would listen on TCP 199, shared by every agent on the machine.
        config_files = f"{self.config_path},{persistent_conf}"
        cmd = [SNMPD, "-f", "-Lo", "-C", "-I", "-smux", "-c", config_files]
        began = time.monotonic()
        with open(self.log_path, "wb") as log:
            self._proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env
            )
        try:
            self._wait_until_answering(began + START_TIMEOUT)
        except SnmpdStartError:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began

    def _wait_until_answering(self, deadline: float) -> None:
        pending = [self.target4, self.target6]
        while pending:
            proc = self._proc
            if proc is None or proc.poll() is not None:
                code = None if proc is None else proc.returncode
                raise SnmpdStartError(
                    f"snmpd exited with status {code} on port {self.port}; its log:\n{self.log()}"
                )
            if time.monotonic() > deadline:
                raise SnmpdStartError(
                    f"snmpd did not answer on port {self.port} within {START_TIMEOUT} s;"
                    f" its log:\n{self.log()}"
                )
            if self._answers(pending[0]):
                pending.pop(0)
            else:
                time.sleep(_POLL_INTERVAL)

    def _answers(self, target: str) -> bool:
        probe = [
            "snmpget", "-v2c", "-c", self.community_ro, "-t", "0.2", "-r", "0",
            target, SYS_UPTIME_0,
        ]  # fmt: skip
        result = subprocess.run(probe, capture_output=True, env=self.tool_env, check=False)
        return result.returncode == 0


SnmpdFactory = Callable[..., SnmpdAgent]  # (extra_conf: str = "", port: int | None = None)


def require_tools() -> None:
    """Fail early and clearly when the Net-SNMP agent or tools are not installed."""
    missing = [tool for tool in (SNMPD, "snmpget", "snmpset") if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(
            f"missing {', '.join(missing)}: install the Debian packages snmpd and snmp"
            " (bash scripts/test.sh does it)"
        )
