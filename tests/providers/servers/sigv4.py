"""AWS Signature Version 4 as S3 uses it for browser POST policies and presigned GETs.

Written from the published recipe (services.md §1.7 for the POST policy, AWS's
query-string authentication for GET), used by the fakes both to issue URLs the
way Rentaflop's backend does and to verify what comes back.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from typing import Any, Dict, List, Mapping
from urllib.parse import quote

ALGORITHM = "AWS4-HMAC-SHA256"


def signing_key(secret_key: str, date: str, region: str, service: str = "s3") -> bytes:
    key = hmac.new(f"AWS4{secret_key}".encode(), date.encode(), hashlib.sha256).digest()
    for part in (region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def policy_signature(secret_key: str, policy_b64: str, date: str, region: str) -> str:
    return hmac.new(signing_key(secret_key, date, region), policy_b64.encode(), hashlib.sha256).hexdigest()


def presigned_post(
    *,
    url: str,
    bucket: str,
    key: str,
    access_key: str,
    secret_key: str,
    region: str,
    expires_in: float,
    conditions: List[Any],
    now: dt.datetime,
) -> Dict[str, Any]:
    """What boto3's generate_presigned_post returns for SigV4 (services.md §1.5), field order kept."""
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    credential = f"{access_key}/{amz_date[:8]}/{region}/s3/aws4_request"
    expiration = (now + dt.timedelta(seconds=expires_in)).strftime("%Y-%m-%dT%H:%M:%SZ")
    policy = {
        "expiration": expiration,
        "conditions": [
            *conditions,
            {"bucket": bucket},
            {"key": key},
            {"x-amz-algorithm": ALGORITHM},
            {"x-amz-credential": credential},
            {"x-amz-date": amz_date},
        ],
    }
    policy_b64 = base64.b64encode(json.dumps(policy).encode()).decode()
    fields = {
        "key": key,
        "x-amz-algorithm": ALGORITHM,
        "x-amz-credential": credential,
        "x-amz-date": amz_date,
        "policy": policy_b64,
        "x-amz-signature": policy_signature(secret_key, policy_b64, amz_date[:8], region),
    }
    return {"url": url, "fields": fields}


def _canonical_query(params: Mapping[str, str]) -> str:
    pairs = sorted((quote(k, safe="-_.~"), quote(v, safe="-_.~")) for k, v in params.items())
    return "&".join(f"{k}={v}" for k, v in pairs)


def get_string_to_sign(path: str, params: Mapping[str, str], host: str) -> str:
    unsigned = {k: v for k, v in params.items() if k != "X-Amz-Signature"}
    canonical = "\n".join(
        [
            "GET",
            quote(path, safe="/-_.~"),
            _canonical_query(unsigned),
            f"host:{host}\n",
            "host",
            "UNSIGNED-PAYLOAD",
        ]
    )
    scope = params["X-Amz-Credential"].split("/", 1)[1]
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return "\n".join([ALGORITHM, params["X-Amz-Date"], scope, digest])


def presigned_get(
    *,
    base: str,
    host: str,
    path: str,
    access_key: str,
    secret_key: str,
    region: str,
    expires: int,
    now: dt.datetime,
) -> str:
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    params = {
        "X-Amz-Algorithm": ALGORITHM,
        "X-Amz-Credential": f"{access_key}/{amz_date[:8]}/{region}/s3/aws4_request",
        "X-Amz-Date": amz_date,
        "X-Amz-Expires": str(expires),
        "X-Amz-SignedHeaders": "host",
    }
    key = signing_key(secret_key, amz_date[:8], region)
    params["X-Amz-Signature"] = hmac.new(
        key, get_string_to_sign(path, params, host).encode(), hashlib.sha256
    ).hexdigest()
    return f"{base}{quote(path, safe='/-_.~')}?{_canonical_query(params)}"
