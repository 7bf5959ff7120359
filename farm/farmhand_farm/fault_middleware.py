"""ASGI middleware that applies a :class:`FaultPolicy` to every request (see faults.py)."""

from __future__ import annotations

import asyncio
import json
import time

from farmhand_farm.faults import FaultPolicy

_HTML_502 = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"


class InjectedDrop(Exception):
    """Raised after the response started, so the server cuts the connection mid-response."""


class FaultMiddleware:
    def __init__(self, app, policy: FaultPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope, receive, send) -> None:
        kind = self.policy.pick(scope.get("path", "")) if scope["type"] == "http" else None
        if kind is None:
            await self.app(scope, receive, send)
            return
        if kind == "stall":
            await asyncio.sleep(self.policy.stall_seconds)
            await self.app(scope, receive, send)
        elif kind == "code":
            await _send(send, 200, b"application/json", _error_envelope())
        elif kind == "http5xx":
            await _send(send, 502, b"text/html", _HTML_502)
        elif kind == "http5xx_after":
            await self.app(scope, receive, _swallow)
            await _send(send, 502, b"text/html", _HTML_502)
        elif kind in ("drop", "drop_after"):
            if kind == "drop_after":
                await self.app(scope, receive, _swallow)
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"4096")],
                }
            )
            raise InjectedDrop(f"fault injection: dropped {scope.get('path')}")


async def _swallow(message) -> None:
    return None


async def _send(send, status: int, content_type: bytes, body: bytes) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _error_envelope() -> bytes:
    body = {
        "version": "2.0.0",
        "result": False,
        "message": "internal error (injected)",
        "code": 500,
        "data": None,
        "serverTime": int(time.time() * 1000),
        "requestId": None,
    }
    return json.dumps(body).encode()
