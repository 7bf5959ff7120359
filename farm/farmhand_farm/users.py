"""Farm accounts: one row per access id, created on first start, with the user's settings.

The access *key* is never stored here: it stays in the credentials file (or the
process settings) so a database dump does not leak it.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from farmhand_farm.db import metadata

FIRST_USER_ID = 100001

users = sa.Table(
    "users",
    metadata,
    sa.Column("user_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("access_id", sa.String(128), nullable=False, unique=True),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("task_over_time_sec", sa.Integer, nullable=False, default=43200),
    sa.Column("single_node_render_frames", sa.String(16), nullable=False, default="1"),
    sa.Column("auto_commit", sa.String(4), nullable=False, default="2"),
    sa.Column("max_ignore_map_flag", sa.String(4), nullable=False, default="1"),
    sa.Column("download_disable", sa.Integer, nullable=False, default=0),
    # Opaque token handed out by getRaySyncUserKey; never the access key.
    sa.Column("transfer_key", sa.String(64), nullable=False),
)


@dataclass(frozen=True)
class User:
    """Who a verified request came from."""

    user_id: int
    user_name: str
    access_id: str
    platform: int


def now_ms() -> int:
    return int(time.time() * 1000)


def ensure_user(conn: Connection, access_id: str, user_name: str) -> int:
    """The user id for ``access_id``, creating the account on first sight."""
    found = conn.execute(sa.select(users.c.user_id).where(users.c.access_id == access_id)).scalar()
    if found is not None:
        return int(found)
    highest = conn.execute(sa.select(sa.func.max(users.c.user_id))).scalar()
    user_id = FIRST_USER_ID if highest is None else int(highest) + 1
    conn.execute(
        users.insert().values(
            user_id=user_id,
            access_id=access_id,
            user_name=user_name,
            created_at=now_ms(),
            transfer_key=secrets.token_hex(20),
        )
    )
    return user_id


def find_user(conn: Connection, access_id: str) -> Optional[sa.Row]:
    return conn.execute(sa.select(users).where(users.c.access_id == access_id)).first()
