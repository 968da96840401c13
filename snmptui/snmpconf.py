"""net-snmp's client configuration (snmp.conf), read as net-snmp's tools read it.

Files: ``snmp.conf`` then ``snmp.local.conf`` in each directory of the search path,
``/etc/snmp``, ``/usr/share/snmp``, ``/usr/lib/<arch>/snmp``, ``~/.snmp`` in that order,
or the directories of ``$SNMPCONFPATH`` (colon separated) instead. A later file's
setting replaces an earlier one's. Lines starting with ``#`` are comments; a
``[snmp]`` line selects snmp.conf tokens, another ``[app]`` line leaves them;
tokens are matched without regard to case, as net-snmp does.

Directives used (as ``snmpget -H`` lists them): ``defaultPort``, ``defVersion``,
``defCommunity``, ``defSecurityName``, ``defSecurityLevel``, ``defContext``,
``defPassphrase`` (auth and privacy), ``defAuthPassphrase``, ``defPrivPassphrase``,
``defAuthType``, ``defPrivType``, ``timeout``, ``retries``, ``mibdirs``, ``mibs``,
``mibfile``. Other net-snmp tokens are accepted and ignored. Flags override every
one of them, as in net-snmp. Communities and passphrases are held as
``core.secret.Secret``. A bad value is one problem line naming file, line and token.
"""

from __future__ import annotations

import os
import sysconfig
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Mapping

from core.secret import Secret

__all__ = ["SnmpConf", "search_dirs", "load_snmp_conf", "parse_snmp_conf"]

_VERSIONS = {"1": "1", "2c": "2c", "3": "3"}
_LEVELS = {"noauthnopriv": "noAuthNoPriv", "authnopriv": "authNoPriv", "authpriv": "authPriv"}
_AUTH = ("MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512")
_PRIV = ("DES", "AES", "AES-192", "AES-256", "AES-192-C", "AES-256-C")
"""net-snmp's AES-128 is our AES."""


@dataclass(frozen=True)
class SnmpConf:
    """The settings snmp.conf files gave (None: not set), and the problems found."""

    port: int | None = None
    version: str | None = None
    community: Secret | None = None
    security_name: str | None = None
    security_level: str | None = None
    context: str | None = None
    auth_type: str | None = None
    priv_type: str | None = None
    auth_passphrase: Secret | None = None
    priv_passphrase: Secret | None = None
    timeout: float | None = None
    retries: int | None = None
    mibdirs: str | None = None
    mibs: str | None = None
    mibfiles: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=(), repr=False)


def search_dirs(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Where net-snmp looks for snmp.conf, in reading order."""
    env = os.environ if environ is None else environ
    path = env.get("SNMPCONFPATH")
    if path:
        return [Path(p) for p in path.split(":") if p]
    arch = sysconfig.get_config_var("MULTIARCH") or "x86_64-linux-gnu"
    home = env.get("HOME") or str(Path.home())
    return [Path("/etc/snmp"), Path("/usr/share/snmp"), Path(f"/usr/lib/{arch}/snmp"), Path(home) / ".snmp"]


def load_snmp_conf(environ: Mapping[str, str] | None = None) -> SnmpConf:
    """Every snmp.conf and snmp.local.conf of the search path, later files winning."""
    conf = SnmpConf()
    for directory in search_dirs(environ):
        for name in ("snmp.conf", "snmp.local.conf"):
            path = directory / name
            try:
                text = path.read_text(encoding="utf-8", errors="surrogateescape")
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError as exc:
                conf = replace(conf, problems=(*conf.problems, f"{path}: cannot read it ({exc.strerror or exc})"))
                continue
            conf = parse_snmp_conf(text, str(path), conf)
    return conf


def apply_mib_conf(ns: object, dirs: str = "mib_dirs", modules: str = "mib_modules") -> None:
    """Fill the ``-M``/``-m`` values ``ns`` lacks from snmp.conf (``mibdirs``, ``mibs``) and
    set ``ns.mib_files`` to its ``mibfile`` lines, for the commands that load MIBs without
    taking connection flags (``mib``, ``diff``, ``export``, ``traps``): net-snmp's tools all
    read snmp.conf. ``dirs``/``modules`` name the attributes that hold the flags."""
    conf = load_snmp_conf()
    if getattr(ns, dirs, None) is None and conf.mibdirs is not None:
        setattr(ns, dirs, conf.mibdirs)
    if getattr(ns, modules, None) is None and conf.mibs is not None:
        setattr(ns, modules, conf.mibs)
    setattr(ns, "mib_files", conf.mibfiles)


def parse_snmp_conf(text: str, where: str, base: SnmpConf | None = None) -> SnmpConf:
    """``base`` with the settings of one file's ``text`` applied (``where`` names it)."""
    conf = base or SnmpConf()
    values: dict[str, object] = {}
    mibfiles = list(conf.mibfiles)
    problems = list(conf.problems)
    in_snmp = True
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            in_snmp = line[1:-1].strip().lower() == "snmp"
            continue
        if not in_snmp:
            continue
        token, _, rest = line.partition(" ") if " " in line else line.partition("\t")
        value = _unquote(rest.strip())
        key = token.lower()
        try:
            if key == "mibfile":
                mibfiles.append(value)
            elif key in _READERS:
                name, read = _READERS[key]
                if not value:
                    raise ValueError("needs a value")
                for attribute in name.split(","):
                    values[attribute] = read(value)
        except ValueError as exc:
            problems.append(f"{where}:{number}: {token}: {exc}")
    return replace(
        conf, **values, mibfiles=tuple(mibfiles), files=(*conf.files, where), problems=tuple(problems)
    )  # type: ignore[arg-type]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ValueError(f"port {value!r} is not 1-65535")
    return int(value)


def _choice(table: Mapping[str, str], what: str) -> Callable[[str], str]:
    def read(value: str) -> str:
        found = table.get(value.lower())
        if found is None:
            raise ValueError(f"unknown {what} {value!r} ({', '.join(dict.fromkeys(table.values()))})")
        return found

    return read


def _protocol(names: tuple[str, ...], what: str) -> Callable[[str], str]:
    return _choice({n.lower(): n for n in names} | {"aes-128": "AES"}, what)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise ValueError(f"{value!r} is not a positive number of seconds")
    return seconds


def _count(value: str) -> int:
    if not value.isdigit():
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


_READERS: dict[str, tuple[str, Callable[[str], object]]] = {
    "defaultport": ("port", _port),
    "defversion": ("version", _choice(_VERSIONS, "version")),
    "defcommunity": ("community", Secret),
    "defsecurityname": ("security_name", str),
    "defsecuritylevel": ("security_level", _choice(_LEVELS, "security level")),
    "defcontext": ("context", str),
    "defauthtype": ("auth_type", _protocol(_AUTH, "authentication protocol")),
    "defprivtype": ("priv_type", _protocol(_PRIV, "privacy protocol")),
    "defpassphrase": ("auth_passphrase,priv_passphrase", Secret),
    "defauthpassphrase": ("auth_passphrase", Secret),
    "defprivpassphrase": ("priv_passphrase", Secret),
    "timeout": ("timeout", _seconds),
    "retries": ("retries", _count),
    "mibdirs": ("mibdirs", str),
    "mibs": ("mibs", str),
}
