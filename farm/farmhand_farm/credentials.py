"""The farm's access id and key: from flags, the environment, or generated once and kept private.

The generated pair lives in ``<data>/credentials.json`` created with mode 0600
(owner-only) before any byte is written, and replaced atomically, so a reader
never sees a half-written or world-readable key.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Optional, Tuple

from farmhand.errors import FarmhandError
from farmhand.fileio import atomic_write_text

FILE_NAME = "credentials.json"
ENV_ID = "FARMHAND_FARM_ACCESS_ID"
ENV_KEY = "FARMHAND_FARM_ACCESS_KEY"


class CredentialsError(FarmhandError):
    """The credentials file or the given credentials are unusable."""


def resolve(
    data_dir: Path, access_id: Optional[str] = None, access_key: Optional[str] = None
) -> Tuple[str, str]:
    """Flags win, then the environment, then the stored pair (generated on first use)."""
    access_id = access_id or os.environ.get(ENV_ID) or None
    access_key = access_key or os.environ.get(ENV_KEY) or None
    if access_id and access_key:
        return access_id, access_key
    if access_id or access_key:
        raise CredentialsError(
            f"give both an access id and an access key (--access-id/--access-key or {ENV_ID}/{ENV_KEY})"
        )
    return load_or_create(data_dir)


def load_or_create(data_dir: Path) -> Tuple[str, str]:
    path = Path(data_dir) / FILE_NAME
    if path.exists():
        return _load(path)
    pair = ("AKFH" + secrets.token_hex(12).upper(), secrets.token_urlsafe(32))
    _write_private(path, {"access_id": pair[0], "access_key": pair[1]})
    return pair


def _load(path: Path) -> Tuple[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return str(data["access_id"]), str(data["access_key"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CredentialsError(f"{path}: not a farm credentials file ({exc})") from None


def _write_private(path: Path, data: dict) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write_text(str(path), json.dumps(data, indent=2), mode=0o600)
