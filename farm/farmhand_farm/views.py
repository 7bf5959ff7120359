"""Turning a plain handler into a signed, validated Renderbus endpoint.

Handlers are synchronous functions of one :class:`Call`; they run in a worker
thread (database work blocks) and return the envelope's ``data``.  Anything
they raise as :class:`ApiError` becomes an error envelope; anything else is a
bug, logged with its traceback and answered as code 500 without details.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional, Sequence

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from farmhand_farm.envelope import (
    ILLEGAL_PROTOCOL,
    INTERNAL_ERROR,
    PARAMETER_INVALID,
    ApiError,
    envelope,
    error_envelope,
)
from farmhand_farm.users import User
from farmhand_farm.validation import Schema, validate

if TYPE_CHECKING:  # pragma: no cover
    from farmhand_farm.context import FarmContext

log = logging.getLogger(__name__)


@dataclass
class Call:
    ctx: FarmContext
    user: User
    body: Dict[str, Any]
    request: Request


Handler = Callable[[Call], Any]

# Largest JSON body accepted (a task.json posted through taskJsonFile can be big).
MAX_JSON_BODY = 32 * 1024 * 1024


@dataclass(frozen=True)
class Endpoint:
    paths: Sequence[str]
    handler: Handler
    schema: Optional[Schema] = None


async def read_json_object(request: Request) -> Dict[str, Any]:
    raw = await request.body()
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ApiError(ILLEGAL_PROTOCOL, "illegal request: the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ApiError(PARAMETER_INVALID, "illegal parameter: the body must be a JSON object")
    return body


def make_view(ctx: FarmContext, endpoint: Endpoint) -> Callable[[Request], Any]:
    async def view(request: Request) -> Response:
        try:
            body = await read_json_object(request)
            user = await run_in_threadpool(ctx.verify, request, body)
            validate(body, endpoint.schema)
            data = await run_in_threadpool(endpoint.handler, Call(ctx, user, body, request))
        except ApiError as error:
            return error_envelope(error)
        except Exception:
            log.exception("internal error in %s", request.url.path)
            return envelope(None, code=INTERNAL_ERROR, message="internal error")
        return envelope(data)

    return view


def routes_for(ctx: FarmContext, endpoints: Sequence[Endpoint]) -> list:
    return [
        Route(path, make_view(ctx, endpoint), methods=["POST"], max_body_size=MAX_JSON_BODY)
        for endpoint in endpoints
        for path in endpoint.paths
    ]
