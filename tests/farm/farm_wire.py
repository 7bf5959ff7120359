"""Raw signed requests to the farm, built with farmhand.api.signing (no client library in between)."""

from __future__ import annotations

import json
import time
from typing import Any, Dict, Optional

import requests

from farmhand.api import signing


def signed_post(
    farm: Any,
    path: str,
    body: Optional[Dict[str, Any]] = None,
    *,
    key: Optional[str] = None,
    access_id: Optional[str] = None,
    timestamp: Optional[int] = None,
    nonce: Optional[str] = None,
    domain: Optional[str] = None,
) -> requests.Response:
    body = {} if body is None else body
    headers = signing.signed_headers(
        access_id or farm.access_id,
        key or farm.access_key,
        domain or farm.domain,
        path,
        body,
        platform="2",
        timestamp=timestamp,
        nonce=nonce,
    )
    return requests.post(farm.url + path, data=json.dumps(body), headers=headers, timeout=30)


def call(farm: Any, path: str, body: Optional[Dict[str, Any]] = None, **options: Any) -> Dict[str, Any]:
    """The envelope of a signed call; asserts HTTP 200 and the envelope's keys."""
    response = signed_post(farm, path, body, **options)
    assert response.status_code == 200, response.text
    envelope = response.json()
    assert set(envelope) == {"version", "result", "message", "code", "data", "serverTime", "requestId"}
    assert envelope["result"] is (envelope["code"] == 200)
    assert abs(envelope["serverTime"] - time.time() * 1000) < 60_000
    return envelope


def data(farm: Any, path: str, body: Optional[Dict[str, Any]] = None, **options: Any) -> Any:
    """The ``data`` of a call that must succeed."""
    envelope = call(farm, path, body, **options)
    assert envelope["code"] == 200, envelope
    return envelope["data"]
