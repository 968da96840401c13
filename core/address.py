"""Transport addresses as people write them: ``host:port``, ``[v6]:port``.

The one parser (``split_host_port``) and the one formatter (``format_address``) of
an address, used by the client session, the embedded agent and the command lines.
"""

from __future__ import annotations

__all__ = ["split_host_port", "format_address"]


def split_host_port(text: str) -> tuple[str, str]:
    """(host, port text) of ``HOST:PORT``, ``[V6]:PORT``, ``HOST`` or a bare IPv6 address
    (port text empty when absent); ValueError for an unclosed or misplaced bracket."""
    if text.startswith("["):
        close = text.find("]")
        if close < 0:
            raise ValueError(f"{text!r}: missing ']' after the IPv6 address")
        rest = text[close + 1 :]
        if rest and not rest.startswith(":"):
            raise ValueError(f"{text!r}: unexpected {rest!r} after ']'")
        return text[1:close], rest[1:]
    if text.count(":") == 1:
        host, port_text = text.split(":")
        return host, port_text
    return text, ""


def format_address(host: str, port: int) -> str:
    """``host:port``, with an IPv6 address in brackets (``[::1]:161``)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
