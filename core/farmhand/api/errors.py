"""Typed Renderbus failures, so callers can tell "fix your input" from "try later" from "unknown outcome".

The official SDK raises one exception type for everything and retries all of
them; we classify by envelope ``code`` (protocol reference §5.1) and by HTTP
status, and record whether a failed request may still have taken effect
(``ambiguous``), which is what the retry logic of non-idempotent calls needs.
"""

from __future__ import annotations

from typing import Any, Optional

from farmhand.errors import FarmhandError

#: Server message of the legacy rate limit (reference §5.4).
RATE_LIMIT_TEXT = "interval less than"


class RenderbusError(FarmhandError):
    """A Renderbus call failed; carries what the farm said and where.

    ``ambiguous`` is True when the request may have been carried out even
    though we saw a failure (timeout after sending, dropped connection, 5xx).
    """

    retryable = False

    def __init__(
        self,
        message: str,
        *,
        code: Optional[int] = None,
        request_id: Optional[str] = None,
        path: str = "",
        http_status: Optional[int] = None,
        server_time: Optional[int] = None,
        ambiguous: bool = False,
        data: Any = None,
    ) -> None:
        self.message = message
        self.code = code
        self.request_id = request_id
        self.path = path
        self.http_status = http_status
        self.server_time = server_time
        self.ambiguous = ambiguous
        self.data = data
        super().__init__(self._describe())

    def _describe(self) -> str:
        parts = [f"{self.path}: {self.message}" if self.path else self.message]
        if self.code is not None:
            parts.append(f"code {self.code}")
        if self.http_status is not None:
            parts.append(f"HTTP {self.http_status}")
        if self.request_id:
            parts.append(f"requestId {self.request_id}")
        return parts[0] + (f" ({', '.join(parts[1:])})" if len(parts) > 1 else "")


class SignatureError(RenderbusError):
    """611: the farm rejected the signature (wrong access key, or a domain/port mismatch)."""


class SignatureExpired(RenderbusError):
    """610: timestamp outside the farm's window or nonce reused (clock skew, replay)."""


class AuthError(RenderbusError):
    """Not allowed: login required (602), forbidden (403/605), account problems (800-815)."""


class RateLimited(RenderbusError):
    """The farm wants fewer requests ("The interval less than 10s from the last time", HTTP 429)."""

    retryable = True


class NotFound(RenderbusError):
    """404: the task, frame or resource does not exist."""


class InvalidParameter(RenderbusError):
    """600/601 (also 400/603): the request was malformed or missed a required field."""


class ServerError(RenderbusError):
    """The farm failed internally (500, 513, 1000 or an HTTP 5xx); safe to retry only for reads."""

    retryable = True

    def __init__(self, message: str, **kwargs: Any) -> None:
        kwargs.setdefault("ambiguous", True)
        super().__init__(message, **kwargs)


class TransportError(RenderbusError):
    """No usable answer: connection failure, timeout, or a body that is not a Renderbus envelope.

    ``sent`` is False only when the request provably never reached the farm
    (connection refused, connect timeout), which makes even a create safe to repeat.
    """

    retryable = True

    def __init__(self, message: str, *, sent: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("ambiguous", sent)
        self.sent = sent
        super().__init__(message, **kwargs)


class OutcomeUnknown(RenderbusError):
    """A non-idempotent call failed ambiguously and the farm state could not tell whether it took effect.

    Raised instead of repeating the call blindly; the user should check the farm before resubmitting.
    """


_SERVER_CODES = frozenset({500, 513, 1000})
_AUTH_CODES = frozenset({403, 602, 605, 608}) | frozenset(range(800, 816))
_PARAMETER_CODES = frozenset({400, 600, 601, 603})


def error_class_for_code(code: Optional[int], message: str = "") -> type:
    """The exception class for an envelope ``code`` (and the legacy rate-limit message)."""
    if RATE_LIMIT_TEXT in (message or "").lower():
        return RateLimited
    if code == 611:
        return SignatureError
    if code == 610:
        return SignatureExpired
    if code == 404:
        return NotFound
    if code in _AUTH_CODES:
        return AuthError
    if code in _PARAMETER_CODES:
        return InvalidParameter
    if code in _SERVER_CODES:
        return ServerError
    return RenderbusError


def error_class_for_http(status: int) -> type:
    """The exception class for a non-2xx HTTP status that came without a usable envelope."""
    if status == 429:
        return RateLimited
    if status in (401, 403):
        return AuthError
    if status == 404:
        return NotFound
    if status >= 500:
        return ServerError
    return RenderbusError
