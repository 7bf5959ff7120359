"""Paged answers (§4.3) and small request helpers shared by the areas.

Beyond the last page the answer is ``items: []`` (the SDK's page walkers stop
on that), never an error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, List, Mapping, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from farmhand_farm.envelope import PARAMETER_INVALID, ApiError

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def invalid(message: str) -> ApiError:
    return ApiError(PARAMETER_INVALID, message)


@dataclass
class Page:
    rows: List[Any]
    page_num: int
    page_size: int
    total: int

    def data(self, render: Callable[[Any], Any]) -> dict:
        return {
            "pageCount": math.ceil(self.total / self.page_size) if self.total else 0,
            "pageNum": self.page_num,
            "total": self.total,
            "size": self.page_size,
            "items": [render(row) for row in self.rows],
        }


def page_args(body: Mapping[str, Any]) -> tuple:
    page_num = body.get("pageNum") or 1
    page_size = body.get("pageSize") or DEFAULT_PAGE_SIZE
    if page_num < 1:
        raise invalid("pageNum must be 1 or more")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise invalid(f"pageSize must be between 1 and {MAX_PAGE_SIZE}")
    return page_num, page_size


def page(conn: Connection, query: sa.Select, body: Mapping[str, Any]) -> Page:
    page_num, page_size = page_args(body)
    total = conn.execute(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    rows = conn.execute(query.limit(page_size).offset((page_num - 1) * page_size)).all()
    return Page(list(rows), page_num, page_size, int(total))


def page_list(items: List[Any], body: Mapping[str, Any]) -> Page:
    page_num, page_size = page_args(body)
    start = (page_num - 1) * page_size
    return Page(items[start : start + page_size], page_num, page_size, len(items))


def parse_date(text: Optional[str], name: str) -> Optional[int]:
    """``YYYY-MM-DD HH:MM:SS`` (UTC) -> epoch ms; empty -> None."""
    if not text:
        return None
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(text.strip(), pattern).replace(tzinfo=timezone.utc)
            return int(moment.timestamp() * 1000)
        except ValueError:
            continue
    raise invalid(f"{name} must look like 2020-01-31 23:59:59, not {text!r}")


def date_range(query: sa.Select, column, start: Optional[str], end: Optional[str]) -> sa.Select:
    low, high = parse_date(start, "start date"), parse_date(end, "end date")
    if low is not None:
        query = query.where(column >= low)
    if high is not None:
        query = query.where(column <= high)
    return query


def format_time(ms: Optional[int]) -> str:
    if ms is None:
        return ""
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
