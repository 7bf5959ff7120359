"""Signed client for the Renderbus / Fox Renderfarm API (and Farmhand's own local farm).

``RenderbusClient`` wraps every endpoint; ``farmhand.api.signing`` is the
request-signing algorithm shared with the farm server; errors are typed in
``farmhand.api.errors``.
"""

from farmhand.api.client import RenderbusClient
from farmhand.api.errors import (
    AuthError,
    InvalidParameter,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    RenderbusError,
    ServerError,
    SignatureError,
    SignatureExpired,
    TransportError,
)
from farmhand.api.retry import RetryPolicy

__all__ = [
    "AuthError",
    "InvalidParameter",
    "NotFound",
    "OutcomeUnknown",
    "RateLimited",
    "RenderbusClient",
    "RenderbusError",
    "RetryPolicy",
    "ServerError",
    "SignatureError",
    "SignatureExpired",
    "TransportError",
]
