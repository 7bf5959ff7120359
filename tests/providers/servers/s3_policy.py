"""S3's checks of a browser POST, in the order services.md §1.8 step 4 gives them.

Expiry, then every condition (object form and ``eq`` exact, ``starts-with``
prefix, ``content-length-range`` on the file size), then that every form field
is covered by a condition, then the SigV4 (or SigV2) signature recomputed and
compared in constant time.  A refusal carries S3's status, code and message.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

from .sigv4 import policy_signature

S3_POST_LIMIT = 5 * 1024**3
# Form fields no condition needs to cover.
UNCOVERED = {"policy", "x-amz-signature", "signature", "awsaccesskeyid", "file"}


@dataclass
class Refusal(Exception):
    status: int
    code: str
    message: str
    extra: Dict[str, str] = field(default_factory=dict)


def check_post(
    fields: List[Tuple[str, str]],
    file_size: int,
    *,
    bucket: str,
    credentials: Mapping[str, str],
    region: str,
    now: dt.datetime,
) -> Dict[str, str]:
    """The form as a lower-cased dict if S3 would accept it; raises :class:`Refusal` otherwise."""
    form = {name.lower(): value for name, value in fields}
    if "key" not in form:
        raise Refusal(400, "InvalidArgument", "Bucket POST must contain a field named 'key'.")
    if "policy" not in form:
        raise Refusal(403, "AccessDenied", "Access Denied")
    policy = _decode(form["policy"])
    _check_expiry(policy, now)
    conditions = policy.get("conditions")
    if not isinstance(conditions, list):
        raise Refusal(400, "InvalidPolicyDocument", "Invalid Policy: Policy missing conditions.")
    covered = {"bucket"}
    for condition in conditions:
        covered.add(_check_condition(condition, form, file_size, bucket))
    _check_coverage(form, covered)
    if file_size > S3_POST_LIMIT:
        raise _size_refusal("EntityTooLarge", file_size, S3_POST_LIMIT)
    _check_signature(form, credentials, region)
    return form


def _decode(policy_b64: str) -> Dict[str, Any]:
    try:
        policy = json.loads(base64.b64decode(policy_b64, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise Refusal(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.") from exc
    if not isinstance(policy, dict):
        raise Refusal(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.")
    return policy


def _check_expiry(policy: Dict[str, Any], now: dt.datetime) -> None:
    try:
        text = str(policy["expiration"]).replace("Z", "+00:00")
        expiration = dt.datetime.fromisoformat(text.replace(".000", ""))
    except (KeyError, ValueError) as exc:
        raise Refusal(400, "InvalidPolicyDocument", "Invalid Policy: Invalid 'expiration' value.") from exc
    if expiration <= now:
        raise Refusal(403, "AccessDenied", "Invalid according to Policy: Policy expired.")


def _failed(condition: Any) -> Refusal:
    text = json.dumps(condition)
    return Refusal(403, "AccessDenied", f"Invalid according to Policy: Policy Condition failed: {text}")


def _check_condition(condition: Any, form: Dict[str, str], size: int, bucket: str) -> str:
    """Checks one condition; returns the (lower-case) field name it covers."""
    if isinstance(condition, dict) and len(condition) == 1:
        name, expected = next(iter(condition.items()))
        actual = bucket if name.lower() == "bucket" else form.get(name.lower())
        if actual != expected:
            raise _failed(["eq", f"${name}", expected])
        return name.lower()
    if isinstance(condition, list) and len(condition) == 3:
        operator = str(condition[0]).lower()
        if operator == "content-length-range":
            low, high = int(condition[1]), int(condition[2])
            if size > high:
                raise _size_refusal("EntityTooLarge", size, high)
            if size < low:
                raise _size_refusal("EntityTooSmall", size, low)
            return ""
        if operator in ("eq", "starts-with") and str(condition[1]).startswith("$"):
            name = str(condition[1])[1:].lower()
            actual = bucket if name == "bucket" else form.get(name)
            ok = (
                actual == condition[2]
                if operator == "eq"
                else str(actual or "").startswith(str(condition[2]))
            )
            if actual is None or not ok:
                raise _failed(condition)
            return name
    raise Refusal(400, "InvalidPolicyDocument", f"Invalid Policy: Invalid Condition: {json.dumps(condition)}")


def _size_refusal(code: str, size: int, limit: int) -> Refusal:
    if code == "EntityTooLarge":
        message, limit_name = "Your proposed upload exceeds the maximum allowed size", "MaxSizeAllowed"
    else:
        message, limit_name = (
            "Your proposed upload is smaller than the minimum allowed size",
            "MinSizeAllowed",
        )
    status = 400
    return Refusal(status, code, message, {"ProposedSize": str(size), limit_name: str(limit)})


def _check_coverage(form: Dict[str, str], covered: set) -> None:
    for name in form:
        if name in UNCOVERED or name.startswith("x-ignore-") or name in covered:
            continue
        raise Refusal(403, "AccessDenied", f"Invalid according to Policy: Extra input fields: {name}")


def _check_signature(form: Dict[str, str], credentials: Mapping[str, str], region: str) -> None:
    if "x-amz-signature" in form:
        access_key, date, cred_region = _credential(form.get("x-amz-credential", ""), form)
        if cred_region != region:
            raise Refusal(400, "AuthorizationQueryParametersError", f"the region '{cred_region}' is wrong")
        secret = _secret(credentials, access_key)
        expected = policy_signature(secret, form["policy"], date, region)
        given = form["x-amz-signature"]
    elif "signature" in form:
        secret = _secret(credentials, form.get("awsaccesskeyid", ""))
        digest = hmac.new(secret.encode(), form["policy"].encode(), hashlib.sha1).digest()
        expected, given = base64.b64encode(digest).decode(), form["signature"]
    else:
        raise Refusal(403, "AccessDenied", "Access Denied")
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise Refusal(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. "
            "Check your key and signing method.",
        )


def _credential(credential: str, form: Dict[str, str]) -> Tuple[str, str, str]:
    parts = credential.split("/")
    date = form.get("x-amz-date", "")[:8]
    if len(parts) != 5 or parts[3:] != ["s3", "aws4_request"] or parts[1] != date:
        raise Refusal(400, "InvalidArgument", "Invalid according to Policy: malformed x-amz-credential")
    return parts[0], parts[1], parts[2]


def _secret(credentials: Mapping[str, str], access_key: str) -> str:
    secret: Optional[str] = credentials.get(access_key)
    if secret is None:
        raise Refusal(
            403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."
        )
    return secret
