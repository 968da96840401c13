"""The browser's command line and the defaults behind every connection flag.

``parse_browser_args`` reads ``snmptui [OPTIONS] [AGENT [OID]]`` (net-snmp's flags
via ``snmptui.netsnmp_args``, plus ``-M -m --demo --offline``); the ``walk`` and
other subcommands share it. A flag not given takes, in order: the environment for
secrets (``SNMPTUI_COMMUNITY``, ``SNMPTUI_AUTH_PASS``, ``SNMPTUI_PRIV_PASS``; ``-``
prompts, so secrets stay out of shell history), the user's ``config.toml``
(timeout, retries, max-repetitions; ``snmptui.settings``), then net-snmp's
snmp.conf (``snmptui.snmpconf``), then the built-in default — flags override
snmp.conf as in net-snmp.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

from core.secret import Secret
from snmptui.netsnmp_args import (
    ArgumentError,
    ConnectionSpec,
    NetSnmpArgumentParser,
    add_connection_args,
    normalize_argv,
    spec_from_args,
)
from snmptui.settings import Settings
from snmptui.snmpconf import SnmpConf, load_snmp_conf

__all__ = [
    "UsageError",
    "BrowserArgs",
    "parse_browser_args",
    "fill_secrets",
    "apply_defaults",
    "secret_defaults",
    "connection_spec",
    "SECRET_ENV",
]

SECRET_ENV: dict[str, str] = {
    "community": "SNMPTUI_COMMUNITY",
    "auth_pass": "SNMPTUI_AUTH_PASS",
    "priv_pass": "SNMPTUI_PRIV_PASS",
}

class UsageError(Exception):
    """A bad command line; the message names the flag."""


@dataclass
class BrowserArgs:
    """What the browser needs from its command line."""

    spec: ConnectionSpec | None = None
    oid: str | None = None
    demo: bool = False
    offline: str | None = None
    mib_dirs: str | None = None
    mib_modules: str | None = None
    listen_traps: str | None = None
    mib_files: tuple[str, ...] = ()
    """snmp.conf's ``mibfile`` paths, loaded besides the modules (no flag replaces them)."""


def _parser() -> NetSnmpArgumentParser:
    parser = NetSnmpArgumentParser(prog="snmptui", add_help=False)
    add_connection_args(parser)
    parser.add_argument("-M", dest="mib_dirs")
    parser.add_argument("-m", dest="mib_modules")
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--offline", metavar="FILE")
    parser.add_argument("--listen-traps", metavar="[HOST:]PORT")
    parser.add_argument("agent", nargs="?")
    parser.add_argument("oid", nargs="?")
    return parser


def parse_browser_args(
    argv: list[str],
    prompt: Callable[[str], str] | None = None,
    *,
    snmp_conf: SnmpConf | None = None,
    settings: Settings | None = None,
) -> BrowserArgs:
    """The browser's command line; ``UsageError`` naming the flag when it is wrong.

    ``snmp_conf`` defaults to the user's snmp.conf files, ``settings`` to built-in values
    (the app reads ``config.toml`` itself and reports its problems)."""
    conf = load_snmp_conf() if snmp_conf is None else snmp_conf
    try:
        ns = _parser().parse_args(normalize_argv(list(argv)))
        if ns.demo and ns.offline:
            raise UsageError("--demo and --offline cannot be used together")
        if ns.offline == "":
            raise UsageError("--offline needs a FILE")
        if (ns.demo or ns.offline) and ns.agent:
            raise UsageError(f"unexpected AGENT {ns.agent!r} with {'--demo' if ns.demo else '--offline'}")
        if ns.listen_traps is not None:
            from core.notify import parse_listen_address

            try:
                parse_listen_address(ns.listen_traps)
            except ValueError as exc:
                raise UsageError(f"--listen-traps: {exc}") from None
        fill_secrets(ns, prompt)
        apply_defaults(ns, conf, settings or Settings())
        spec = spec_from_args(ns, ns.agent, default_port=conf.port) if ns.agent else None
    except ArgumentError as exc:
        raise UsageError(str(exc)) from None
    return BrowserArgs(spec, ns.oid, ns.demo, ns.offline, ns.mib_dirs, ns.mib_modules, ns.listen_traps,
                       ns.mib_files)


def fill_secrets(ns: Any, prompt: Callable[[str], str] | None = None) -> None:
    """Secrets absent from the flags come from the environment; a ``-`` value prompts.

    Each is held as a :class:`Secret` from the moment it is read.
    """
    import getpass

    ask = prompt or getpass.getpass
    names = {"community": "Community", "auth_pass": "Auth passphrase", "priv_pass": "Privacy passphrase"}
    for dest, env in SECRET_ENV.items():
        value = getattr(ns, dest, None)
        if value is None and os.environ.get(env):
            setattr(ns, dest, Secret(os.environ[env]))
        elif value is not None and Secret(value).reveal() == "-":
            setattr(ns, dest, Secret(ask(f"{names[dest]}: ")))


def apply_defaults(ns: Any, conf: SnmpConf, settings: Settings) -> None:
    """Fill the connection flags ``ns`` lacks from ``settings``, then ``conf`` (snmp.conf)."""
    fallbacks: dict[str, object] = {
        "version": conf.version,
        "community": conf.community,
        "user": conf.security_name,
        "level": conf.security_level,
        "auth_proto": conf.auth_type,
        "priv_proto": conf.priv_type,
        "auth_pass": conf.auth_passphrase,
        "priv_pass": conf.priv_passphrase,
        "context": conf.context,
        "timeout": settings.timeout if settings.timeout is not None else conf.timeout,
        "retries": settings.retries if settings.retries is not None else conf.retries,
        "mib_dirs": conf.mibdirs,
        "mib_modules": conf.mibs,
    }
    for dest, value in fallbacks.items():
        if getattr(ns, dest, None) is None and value is not None:
            setattr(ns, dest, value if isinstance(value, (str, Secret)) else str(value))
    ns.mib_files = conf.mibfiles
    options = list(getattr(ns, "app_options", None) or [])
    if settings.max_repetitions is not None and not any(o.startswith("r") for o in options):
        ns.app_options = [f"r{settings.max_repetitions}", *options]


def secret_defaults(conf: SnmpConf, environ: dict[str, str] | None = None) -> dict[str, Secret]:
    """The secrets a connection may take without typing them: the environment's
    ``SNMPTUI_*``, else snmp.conf's (for the dialog's profiles); field name -> Secret."""
    env = os.environ if environ is None else environ
    from_conf = {"community": conf.community, "auth_pass": conf.auth_passphrase, "priv_pass": conf.priv_passphrase}
    found: dict[str, Secret] = {}
    for dest, variable in SECRET_ENV.items():
        if env.get(variable):
            found[dest] = Secret(env[variable])
        elif (value := from_conf[dest]) is not None:
            found[dest] = value
    return found


def connection_spec(ns: Any, agent: str, prompt: Callable[[str], str] | None = None) -> ConnectionSpec:
    """The ConnectionSpec of a subcommand's parsed flags and AGENT, every flag not given
    filled as the browser's are (environment secrets, config.toml, snmp.conf);
    ``ArgumentError`` naming the flag."""
    from snmptui.settings import load_settings

    fill_secrets(ns, prompt)
    conf = load_snmp_conf()
    apply_defaults(ns, conf, load_settings()[0])
    return spec_from_args(ns, agent, default_port=conf.port)
