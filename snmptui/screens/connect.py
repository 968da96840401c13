"""ConnectScreen: the modal connection dialog.

Fields mirror net-snmp's flags; the dialog turns them into a net-snmp argv and lets
the shared parser (``snmptui.netsnmp_args``) build the
ConnectionSpec, so the dialog and the command line cannot disagree. v3 fields show
only for v3; secrets are masked on screen and, once read from their fields, held as
:class:`core.secret.Secret` (never in the argv handed to the parser). Connect runs a probe
(system group GET) through the agent context and stays open with the precise error when
it fails. Recent agents (never
their secrets) prefill the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from core.address import format_address
from core.secret import Secret, reveal
from snmptui import config
from snmptui.messages import ProbeResult
from snmptui.netsnmp_args import ArgumentError, ConnectionSpec, parse_connection
from snmptui.settings import Profile

Prober = Callable[[ConnectionSpec, Callable[[ProbeResult], None]], None]
"""Reads an agent's system group and calls back with the result (``AgentContext.probe``)."""

__all__ = ["ConnectScreen", "ConnectResult", "validate", "form_argv", "initial_from_spec"]

VERSIONS = [("v1", "1"), ("v2c", "2c"), ("v3", "3")]
LEVELS = [(x, x) for x in ("noAuthNoPriv", "authNoPriv", "authPriv")]
AUTH_PROTOCOLS = [(x, x) for x in ("MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512")]
PRIV_PROTOCOLS = [(x, x) for x in ("DES", "AES", "AES-192", "AES-256", "AES-192-C", "AES-256-C")]
DEFAULTS: dict[str, Any] = {
    "host": "",
    "port": "161",
    "version": "2c",
    "community": "public",
    "user": "",
    "level": "authPriv",
    "auth_proto": "SHA",
    "auth_pass": "",
    "priv_proto": "AES",
    "priv_pass": "",
    "context": "",
    "timeout": "2",
    "retries": "1",
    "max_repetitions": "25",
}
MIN_PASSPHRASE = 8


@dataclass
class ConnectResult:
    """What a successful Connect hands back to the app."""

    spec: ConnectionSpec
    system: dict[str, Any]
    fields: dict[str, str | Secret]


def validate(fields: dict[str, Any]) -> dict[str, str]:
    """Field name -> problem, for every field that is not acceptable."""
    problems: dict[str, str] = {}
    host = fields.get("host", "").strip()
    if not host:
        problems["host"] = "enter a host name or address"
    elif any(c.isspace() for c in host):
        problems["host"] = "no spaces in a host name"
    port = fields.get("port", "").strip()
    if not (port.isdigit() and 1 <= int(port) <= 65535):
        problems["port"] = "port must be 1-65535"
    try:
        if float(fields.get("timeout", "")) <= 0:
            raise ValueError
    except ValueError:
        problems["timeout"] = "timeout must be a positive number of seconds"
    retries = fields.get("retries", "").strip()
    if not (retries.isdigit() and int(retries) <= 20):
        problems["retries"] = "retries must be 0-20"
    repetitions = fields.get("max_repetitions", "").strip()
    if not (repetitions.isdigit() and 1 <= int(repetitions) <= 65535):
        problems["max_repetitions"] = "max-repetitions must be 1-65535"
    if fields.get("version") == "3":
        if not fields.get("user", "").strip():
            problems["user"] = "SNMPv3 needs a user name"
        level = fields.get("level", "")
        if level in ("authNoPriv", "authPriv") and len(fields.get("auth_pass", "")) < MIN_PASSPHRASE:
            problems["auth_pass"] = f"auth passphrase needs at least {MIN_PASSPHRASE} characters"
        if level == "authPriv" and len(fields.get("priv_pass", "")) < MIN_PASSPHRASE:
            problems["priv_pass"] = f"privacy passphrase needs at least {MIN_PASSPHRASE} characters"
    elif not fields.get("community", ""):
        problems["community"] = "enter a community"
    return problems


def agent_text(fields: dict[str, Any]) -> str:
    """``host:port`` in net-snmp's AGENT syntax (``udp6:[::1]:161`` for IPv6)."""
    host = fields["host"].strip().strip("[]")
    return ("udp6:" if ":" in host else "") + format_address(host, int(fields["port"]))


def form_argv(fields: dict[str, Any]) -> list[str]:
    """net-snmp flags for the form, secrets left out (see :func:`form_secrets`)."""
    argv = ["-v", fields["version"], "-t", fields["timeout"], "-r", fields["retries"]]
    argv += ["-Cr", fields["max_repetitions"]]
    if fields["version"] == "3":
        argv += ["-u", fields["user"], "-l", fields["level"]]
        if fields["level"] != "noAuthNoPriv":
            argv += ["-a", fields["auth_proto"]]
        if fields["level"] == "authPriv":
            argv += ["-x", fields["priv_proto"]]
        if fields.get("context"):
            argv += ["-n", fields["context"]]
    return argv


def form_secrets(fields: dict[str, Any]) -> dict[str, Secret]:
    """The form's community or passphrases for its version and level, as Secrets."""
    if fields["version"] != "3":
        names = ["community"]
    else:
        names = {"noAuthNoPriv": [], "authNoPriv": ["auth_pass"]}.get(fields["level"], ["auth_pass", "priv_pass"])
    return {name: Secret(fields[name]) for name in names}



def initial_from_spec(spec: ConnectionSpec) -> dict[str, str]:
    """The dialog's fields for connection settings ``spec`` (passphrases excepted: the spec
    keeps only keys derived from them), so a failed command-line connect can be fixed."""
    initial = {
        "host": str(spec.host),
        "port": str(spec.port),
        "version": spec.version.label.lstrip("v"),
        "community": reveal(spec.community) or "",  # back into its (masked) field
        "timeout": f"{spec.timeout:g}",
        "retries": str(spec.retries),
        "max_repetitions": str(spec.max_repetitions),
        "user": spec.user_name or "",
        "context": spec.context_name or "",
    }
    for name, value, choices in (
        ("level", spec.level, LEVELS),
        ("auth_proto", spec.auth_proto, AUTH_PROTOCOLS),
        ("priv_proto", spec.priv_proto, PRIV_PROTOCOLS),
    ):
        if value in {choice for choice, _ in choices}:
            initial[name] = value
    return initial

class ConnectScreen(ModalScreen[ConnectResult | None]):
    """The connection dialog; dismisses with a ``ConnectResult`` after a successful probe."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        probe: Prober,
        initial: dict[str, str] | None = None,
        error: str = "",
        *,
        profiles: Mapping[str, Profile] | None = None,
        secrets: Mapping[str, Secret] | None = None,
    ) -> None:
        super().__init__()
        self.probe = probe
        self.profiles = dict(profiles or {})
        self.secrets = dict(secrets or {})
        """secrets a profile may use (environment, snmp.conf), by field name"""
        self.initial = dict(DEFAULTS)
        self.recent = config.load_recent()
        if initial is None and self.recent:
            initial = {k: str(v) for k, v in self.recent[0].items()}
        self.initial.update(initial or {})
        self.initial_error = error
        self.probing = False

    def compose(self) -> ComposeResult:
        values = self.initial
        with Vertical(id="connect-dialog"):
            yield Static("Connect to an SNMP agent", id="connect-title")
            if self.profiles:
                names = [(name, name) for name in sorted(self.profiles)]
                yield self._row("Profile", Select(names, prompt="saved profiles…", id="profile"))
            if self.recent:
                options = [(self._recent_label(r), i) for i, r in enumerate(self.recent)]
                yield self._row("Recent", Select(options, prompt="recent agents…", id="recent"))
            yield self._row("Host", Input(values["host"], placeholder="192.0.2.1 or name", id="host"))
            yield self._row("Port", Input(values["port"], id="port", restrict=r"[0-9]*"))
            yield self._row("Version", Select(VERSIONS, value=values["version"], allow_blank=False, id="version"))
            yield self._row("Community", Input(values["community"], password=True, id="community"), "v12")
            yield self._row("User", Input(values["user"], id="user"), "v3")
            yield self._row("Level", Select(LEVELS, value=values["level"], allow_blank=False, id="level"), "v3")
            yield self._row("Auth", Select(AUTH_PROTOCOLS, value=values["auth_proto"], allow_blank=False, id="auth_proto"), "v3")
            yield self._row("Auth pass", Input(values["auth_pass"], password=True, id="auth_pass"), "v3")
            yield self._row("Priv", Select(PRIV_PROTOCOLS, value=values["priv_proto"], allow_blank=False, id="priv_proto"), "v3")
            yield self._row("Priv pass", Input(values["priv_pass"], password=True, id="priv_pass"), "v3")
            yield self._row("Context", Input(values["context"], id="context"), "v3")
            with Horizontal(classes="row"):
                yield Label("Timeout s", classes="field-label")
                yield Input(values["timeout"], id="timeout", classes="short")
                yield Label("Retries", classes="field-label short-label")
                yield Input(values["retries"], id="retries", classes="short", restrict=r"[0-9]*")
                yield Label("Max-rep", classes="field-label short-label")
                yield Input(values["max_repetitions"], id="max_repetitions", classes="short", restrict=r"[0-9]*")
            yield Static("", id="connect-problems")
            with Horizontal(id="connect-buttons"):
                yield Button("Connect", variant="primary", id="connect")
                yield Button("Cancel", id="cancel")
            yield Static(self.initial_error, id="connect-status", classes="-error" if self.initial_error else "")

    def _row(self, label: str, widget: Any, group: str = "") -> Horizontal:
        row = Horizontal(Label(label, classes="field-label"), widget, classes=f"row {group}".strip())
        return row

    @staticmethod
    def _recent_label(entry: dict[str, Any]) -> str:
        who = f" {entry['user']}@" if entry.get("version") == "3" and entry.get("user") else " "
        return f"v{entry.get('version', '2c')}{who}{entry.get('host')}:{entry.get('port', 161)}"

    def on_mount(self) -> None:
        self._show_version_fields()
        self.query_one("#host", Input).focus()

    # ------------------------------------------------------------ form state

    def fields(self) -> dict[str, str | Secret]:
        """The form's current values; the community and passphrases as Secrets."""
        values: dict[str, str | Secret] = {}
        for name in DEFAULTS:
            widget = self.query_one(f"#{name}")
            value = widget.value
            text = "" if value is Select.NULL or value is None else str(value)
            values[name] = Secret(text) if name in config.SECRET_KEYS else text
        return values

    def _show_version_fields(self) -> None:
        version = self.query_one("#version", Select).value
        is_v3 = version == "3"
        for row in self.query(".v3"):
            row.display = is_v3
        for row in self.query(".v12"):
            row.display = not is_v3
        level = self.query_one("#level", Select).value
        for name in ("auth_proto", "auth_pass"):
            self.query_one(f"#{name}").disabled = level == "noAuthNoPriv"
        for name in ("priv_proto", "priv_pass"):
            self.query_one(f"#{name}").disabled = level != "authPriv"

    @on(Select.Changed, "#version")
    @on(Select.Changed, "#level")
    def _version_changed(self) -> None:
        self._show_version_fields()
        self._validate_inline()

    @on(Select.Changed, "#recent")
    def _recent_chosen(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        entry = self.recent[int(event.value)]
        for name, value in entry.items():
            if name in DEFAULTS and name not in config.SECRET_KEYS:
                widget = self.query_one(f"#{name}")
                widget.value = str(value)
        self._show_version_fields()

    @on(Select.Changed, "#profile")
    def _profile_chosen(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        profile = self.profiles[str(event.value)]
        for name, value in profile.fields().items():
            self.query_one(f"#{name}").value = value
        filled = []
        for name in config.SECRET_KEYS:
            secret = self.secrets.get(name)
            widget = self.query_one(f"#{name}", Input)
            widget.value = secret.reveal() if secret is not None else ""
            if secret is not None:
                filled.append(name)
        self._show_version_fields()
        where = "secrets from the environment or snmp.conf" if filled else "type the secrets"
        self._status(f"Profile {profile.name}: {where}.")

    @on(Input.Changed)
    def _input_changed(self) -> None:
        self._validate_inline()

    def _validate_inline(self, *, all_fields: bool = False) -> dict[str, str]:
        fields = self.fields()
        problems = validate(fields)
        shown: list[str] = []
        for name in DEFAULTS:
            widget = self.query_one(f"#{name}")
            touched = all_fields or (isinstance(widget, Input) and widget.value != self.initial.get(name))
            bad = name in problems and touched and widget.display and widget.parent.display  # type: ignore[union-attr]
            widget.set_class(bool(bad), "-invalid")
            if bad:
                shown.append(problems[name])
        self.query_one("#connect-problems", Static).update("\n".join(shown))
        return problems

    # ------------------------------------------------------------ actions

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#connect")
    @on(Input.Submitted)
    def action_connect(self) -> None:
        if self.probing:
            return
        problems = self._validate_inline(all_fields=True)
        if problems:
            self._status(f"Fix {len(problems)} field(s) first.", error=True)
            return
        fields = self.fields()
        try:
            spec = parse_connection([*form_argv(fields), agent_text(fields)], form_secrets(fields))
        except ArgumentError as exc:
            self._status(str(exc), error=True)
            return
        self.probing = True
        self._status(f"Connecting to {agent_text(fields)} (reading the system group)…")
        self.query_one("#connect", Button).disabled = True
        self._fields = fields
        self.probe(spec, self._probed)

    def _probed(self, result: ProbeResult) -> None:
        self.probing = False
        if not self.is_attached:
            return  # the dialog was closed while the agent was asked
        if result.system is not None:
            config.remember(self._fields)
            self.dismiss(ConnectResult(result.spec, result.system, self._fields))
            return
        self.query_one("#connect", Button).disabled = False
        self._status(f"{result.reason}\nWhat to try: {result.hint}", error=True)

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#connect-status", Static)
        status.update(text)
        status.set_class(error, "-error")
