"""The Renderbus response envelope and the errors that become one (renderbus-protocol.md §4, §5)."""

from __future__ import annotations

import secrets
import time
from typing import Any

from starlette.responses import JSONResponse

API_VERSION = "2.0.0"

# Envelope codes the farm answers with (§5.1).
SUCCESS = 200
FAIL = 100
FORBIDDEN = 403
NOT_FOUND = 404
INTERNAL_ERROR = 500
PARAMETER_INVALID = 600
PARAMETER_CANT_BE_EMPTY = 601
ILLEGAL_PROTOCOL = 603
SIGNATURE_EXPIRED = 610
SIGNATURE_INVALID = 611


class ApiError(Exception):
    """Raised anywhere below a view; the view answers it as an envelope with this code."""

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.data = data


def request_id() -> str:
    return f"fh-{secrets.token_hex(8)}-{int(time.time() * 1000)}"


def envelope(
    data: Any = None, code: int = SUCCESS, message: str = "success", status: int = 200
) -> JSONResponse:
    """Always the full envelope; API errors travel with HTTP 200 by default (§4.4)."""
    body = {
        "version": API_VERSION,
        "result": code == SUCCESS,
        "message": message,
        "code": code,
        "data": data,
        "serverTime": int(time.time() * 1000),
        "requestId": request_id(),
    }
    return JSONResponse(body, status_code=status)


def error_envelope(error: ApiError) -> JSONResponse:
    return envelope(error.data, code=error.code, message=error.message)
