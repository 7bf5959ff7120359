"""Request authentication: the Renderbus signature, the clock window and nonce replay (§3.4).

The signature is checked before anything is stored, so unauthenticated
requests cannot fill the nonce table.  Seen nonces live in the database, so a
restart inside the window does not reopen replays.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, List, Mapping, Optional

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from starlette.requests import Request

from farmhand.api import signing
from farmhand_farm.db import Database, metadata
from farmhand_farm.envelope import SIGNATURE_EXPIRED, SIGNATURE_INVALID, ApiError
from farmhand_farm.users import User, ensure_user, find_user

if TYPE_CHECKING:  # pragma: no cover
    from farmhand_farm.settings import FarmSettings

log = logging.getLogger(__name__)

nonces = sa.Table(
    "nonces",
    metadata,
    sa.Column("access_id", sa.String(128), primary_key=True),
    sa.Column("nonce", sa.String(64), primary_key=True),
    sa.Column("timestamp", sa.BigInteger, primary_key=True),
    sa.Column("seen_at", sa.BigInteger, nullable=False, index=True),
)

# Forget nonces this often (seconds); anything older than the window is rejected by time anyway.
_PURGE_EVERY = 60


class Verifier:
    def __init__(self, settings: FarmSettings, database: Database) -> None:
        self._keys = dict(settings.credentials)
        self._window = int(settings.signature_window)
        self._domain = settings.domain
        self._db = database
        self._platform_default = settings.platform
        self._last_purge = 0.0
        with database.write() as conn:
            for access_id in self._keys:
                ensure_user(conn, access_id, settings.user_name)

    def verify(self, request: Request, signed_params: Mapping[str, Any]) -> User:
        headers = {name.lower(): value for name, value in request.headers.items()}
        access_id = headers.get("accessid", "")
        key = self._keys.get(access_id)
        if key is None:
            raise ApiError(SIGNATURE_INVALID, "signature invalid: unknown accessId")
        signature = headers.get("signature", "")
        path = request.scope["path"]
        if not any(
            signing.verify(key, domain, path, headers, signed_params, signature)
            for domain in self._domains(request)
        ):
            raise ApiError(SIGNATURE_INVALID, "signature invalid")
        timestamp = _timestamp(headers.get("utctimestamp"))
        if abs(time.time() - timestamp) > self._window:
            raise ApiError(
                SIGNATURE_EXPIRED,
                f"signature expired: UTCTimestamp is outside +-{self._window} s of server time",
            )
        self._remember_nonce(access_id, headers.get("nonce", ""), timestamp)
        return self._user(access_id, headers.get("platform"))

    def _domains(self, request: Request) -> List[str]:
        """The domain strings a client may have signed (§3.4 step 5: requests drops default ports)."""
        if self._domain:
            return [self._domain]
        host = request.headers.get("host", "")
        default_port = "443" if request.url.scheme == "https" else "80"
        if _has_port(host):
            name, _, port = host.rpartition(":")
            return [host, name] if port == default_port else [host]
        return [host, f"{host}:{default_port}"]

    def _remember_nonce(self, access_id: str, nonce: str, timestamp: int) -> None:
        now = time.time()
        try:
            with self._db.write() as conn:
                if now - self._last_purge > _PURGE_EVERY:
                    cutoff = int((now - 2 * self._window) * 1000)
                    conn.execute(nonces.delete().where(nonces.c.seen_at < cutoff))
                    self._last_purge = now
                conn.execute(
                    nonces.insert().values(
                        access_id=access_id, nonce=nonce, timestamp=timestamp, seen_at=int(now * 1000)
                    )
                )
        except IntegrityError:
            raise ApiError(
                SIGNATURE_EXPIRED, "signature expired: nonce already used (replayed request)"
            ) from None

    def _user(self, access_id: str, platform: Optional[str]) -> User:
        with self._db.read() as conn:
            row = find_user(conn, access_id)
        if row is None:  # credentials added without a restart cannot happen; keep the check honest
            raise ApiError(SIGNATURE_INVALID, "signature invalid: unknown accessId")
        return User(
            user_id=int(row.user_id),
            user_name=row.user_name,
            access_id=access_id,
            platform=_platform(platform, self._platform_default),
        )


def _timestamp(value: Optional[str]) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise ApiError(
            SIGNATURE_EXPIRED, "signature expired: UTCTimestamp header missing or not a number"
        ) from None


def _platform(value: Optional[str], default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default


def _has_port(host: str) -> bool:
    if host.startswith("["):  # [::1]:8080
        return "]:" in host
    return ":" in host
