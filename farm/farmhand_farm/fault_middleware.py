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
        elif kind in ("http500_success", "null_data"):
            status, body = await _captured(self.app, scope, receive)
            if kind == "null_data":
                body = _without_data(body)
            await _send(send, 500 if kind == "http500_success" else status, b"application/json", body)
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


async def _captured(app, scope, receive) -> tuple:
    """Run the app and keep its answer: (HTTP status, body bytes)."""
    answer = {"status": 200, "body": b""}

    async def keep(message) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    await app(scope, receive, keep)
    return answer["status"], answer["body"]


def _without_data(body: bytes) -> bytes:
    try:
        envelope = json.loads(body)
    except ValueError:
        return body
    if isinstance(envelope, dict):
        envelope["data"] = None
    return json.dumps(envelope).encode()


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
