"""Message processing models (RFC 3412): wrap a PDU into a message and back.

``MessageProcessor`` is the interface the session talks to; ``community`` holds
the v1/v2c model and ``v3`` the SNMPv3 one with the User-based Security Model.
"""

from core.message.base import MessageProcessor
from core.message.community import CommunityProcessor

__all__ = ["MessageProcessor", "CommunityProcessor"]
