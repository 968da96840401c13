"""The agent side of community-based message processing (SNMPv1 and SNMPv2c).

A request is accepted when its community is one the agent knows; the
community also decides whether SET is allowed. Unknown communities are
dropped silently, as net-snmp does (it only counts snmpInBadCommunityNames).
"""

from __future__ import annotations

from core.errors import SnmpDecodeError
from core.message.community import decode_community_message, encode_community_message
from core.version import SnmpVersion

from core.agent.responder import Inbound, Response, encode_response_pdu
from core.agent.stats import AgentStats

__all__ = ["CommunityModel"]

# Bytes a v1/v2c message adds around its varbind list, at most, besides the
# community itself: SEQUENCE header 4, version 3, community header 4, PDU
# header 4, request-id 6, error-status 3, error-index 3, varbind-list header 4.
_ENVELOPE = 31


class CommunityModel:
    """Accepts v1/v2c requests for the configured communities."""

    versions = (SnmpVersion.v1, SnmpVersion.v2c)

    def __init__(
        self,
        communities: dict[str, bool],
        stats: AgentStats,
        max_size: int,
    ) -> None:
        """``communities`` maps each community to whether it may SET."""
        self._communities = {c.encode(): w for c, w in communities.items()}
        self._stats = stats
        self.max_size = max_size

    def __repr__(self) -> str:
        return f"CommunityModel({len(self._communities)} communities)"

    def receive(self, data: bytes) -> Inbound | None:
        """The request in ``data``, or None when it is to be dropped."""
        try:
            version, community, pdu = decode_community_message(data)
        except SnmpDecodeError:
            self._stats.malformed += 1
            return None
        can_write = self._communities.get(community)
        if can_write is None:
            self._stats.bad_community += 1
            return None
        return Inbound(
            pdu=pdu,
            version=SnmpVersion(version),
            can_write=can_write,
            max_size=self.max_size,
            overhead=_ENVELOPE + len(community),
            context=community,
        )

    def wrap(self, request: Inbound, response: Response, request_id: int | None = None) -> bytes:
        return encode_community_message(
            request.version, request.context, encode_response_pdu(response, request_id)
        )
