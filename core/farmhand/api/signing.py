"""Renderbus request signing (protocol reference §3), shared by the client and the local farm.

The algorithm is the vendor's, reproduced byte for byte: merge the body over the
signed headers (body wins), flatten nested dicts/lists into ``key -> scalar``
pairs, sort by code point, render each value as Python's ``str`` would, and MAC
``"[POST]" + domain + ":" + path + "&" + pairs`` with HMAC-SHA256 + Base64.

Values are rendered with Python semantics (``True``, ``None``, ``1e+20``) because
that is what the vendor does; the server verifies over the *decoded* JSON body,
never over the raw bytes, so ``\\uXXXX`` escapes on the wire do not matter.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from typing import Any, Dict, Mapping, Optional

#: Header names that are sent but never signed.
UNSIGNED_HEADERS = frozenset({"signature", "content-type", "languageflag"})

#: The signed headers in the order the vendor SDK sends them.
SIGNED_HEADER_NAMES = ("accessId", "channel", "platform", "UTCTimestamp", "nonce", "version")


def flatten(mapping: Mapping[str, Any]) -> Dict[str, Any]:
    """Flatten nested dicts (``a.b``) and lists (``a0``, no separator) into scalar pairs.

    Empty dicts and lists vanish; colliding keys (``a[1][0]`` vs ``a[10]``) keep the
    later value, exactly like the vendor's dict-based implementation.
    """
    flat: Dict[str, Any] = {}
    for key, value in mapping.items():
        _flatten_into(flat, str(key), value)
    return flat


def _flatten_into(flat: Dict[str, Any], prefix: str, value: Any) -> None:
    # Scalars first: the ABC check (isinstance(x, Mapping)) is slow, and large bodies are mostly scalars.
    if isinstance(value, (str, int, float, bool)) or value is None:
        flat[prefix] = value
    elif isinstance(value, (dict, Mapping)):
        for child_key, child in value.items():
            _flatten_into(flat, f"{prefix}.{child_key}", child)
    elif isinstance(value, (list, tuple)):
        for index, child in enumerate(value):
            _flatten_into(flat, f"{prefix}{index}", child)
    else:
        flat[prefix] = value


def _signed_subset(headers: Mapping[str, Any]) -> Dict[str, Any]:
    return {name: value for name, value in headers.items() if name.lower() not in UNSIGNED_HEADERS}


def string_to_sign(
    domain: str, path: str, headers: Mapping[str, Any], body: Optional[Mapping[str, Any]]
) -> str:
    """Build the canonical string: ``[POST]domain:path&k1=v1&k2=v2...`` (body keys override headers)."""
    merged: Dict[str, Any] = _signed_subset(headers)
    merged.update(body or {})
    flat = flatten(merged)
    pairs = "&".join(f"{key}={flat[key]}" for key in sorted(flat))
    return f"[POST]{domain}:{path}&{pairs}"


def mac(access_key: str, message: str) -> str:
    """Base64 HMAC-SHA256 of ``message`` keyed by ``access_key`` (both UTF-8)."""
    digest = hmac.new(access_key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def sign(
    access_key: str,
    domain: str,
    path: str,
    headers: Mapping[str, Any],
    body: Optional[Mapping[str, Any]],
) -> str:
    """Signature of one request: 44 Base64 characters."""
    return mac(access_key, string_to_sign(domain, path, headers, body))


def new_nonce() -> str:
    """Six decimal digits, like the SDK's range 100000-999998 (but from a CSPRNG)."""
    return str(100000 + secrets.randbelow(899999))


def signed_headers(
    access_id: str,
    access_key: str,
    domain: str,
    path: str,
    body: Optional[Mapping[str, Any]],
    *,
    platform: str,
    channel: str = "4",
    version: str = "2.0.0",
    timestamp: Optional[int] = None,
    nonce: Optional[str] = None,
) -> Dict[str, str]:
    """All protocol headers for one attempt, signature included, in the SDK's order.

    ``languageFlag`` is not signed; callers add it afterwards if they want it.
    A fresh timestamp and nonce are drawn unless given (every attempt must re-sign).
    """
    headers: Dict[str, str] = {
        "accessId": str(access_id),
        "channel": str(channel),
        "platform": str(platform),
        "UTCTimestamp": str(int(time.time()) if timestamp is None else int(timestamp)),
        "nonce": str(new_nonce() if nonce is None else nonce),
    }
    headers["version"] = str(version)
    signature = sign(access_key, domain, path, headers, body)
    return {
        "accessId": headers["accessId"],
        "channel": headers["channel"],
        "platform": headers["platform"],
        "UTCTimestamp": headers["UTCTimestamp"],
        "nonce": headers["nonce"],
        "signature": signature,
        "version": headers["version"],
        "Content-Type": "application/json",
    }


def verify(
    access_key: str,
    domain: str,
    path: str,
    headers: Mapping[str, Any],
    body: Optional[Mapping[str, Any]],
    signature: str,
) -> bool:
    """Constant-time check of ``signature`` against the one ``headers`` + decoded ``body`` deserve.

    ``headers`` may use any capitalisation; only the six signed names are used,
    with their canonical spelling, as §3.4 requires.
    """
    lowered = {str(name).lower(): value for name, value in headers.items()}
    canonical = {name: lowered[name.lower()] for name in SIGNED_HEADER_NAMES if name.lower() in lowered}
    expected = sign(access_key, domain, path, canonical, body)
    return hmac.compare_digest(expected.encode("ascii"), str(signature).encode("utf-8", "replace"))
