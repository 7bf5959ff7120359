"""Walk Renderbus paged results (``{pageCount, pageNum, total, size, items}``) item by item.

Callers should not write paging loops.  The walk stops at the first page whose
``items`` is empty (what the vendor's own helpers rely on) or once ``pageNum``
reaches ``pageCount``, and a hard page cap protects against a farm that
ignores ``pageNum`` and returns the same page forever.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterator, Optional

from farmhand.api.errors import RenderbusError

MAX_PAGES = 10000


def iter_items(
    fetch_page: Callable[[int], Any],
    *,
    start_page: int = 1,
    max_pages: int = MAX_PAGES,
    path: str = "",
) -> Iterator[Dict[str, Any]]:
    """Yield every item of the pages ``fetch_page(1)``, ``fetch_page(2)``, ...

    ``fetch_page(n)`` returns the envelope ``data`` of page ``n``; ``None`` counts as an empty page.
    """
    page_num = start_page
    for _ in range(max_pages):
        page = fetch_page(page_num)
        if page is None:
            return
        if not isinstance(page, dict):
            raise RenderbusError(f"expected a paged object, got {type(page).__name__}", path=path)
        items = page.get("items") or []
        yield from items
        page_count = page.get("pageCount")
        if not items or (isinstance(page_count, int) and page_num >= page_count):
            return
        page_num += 1
    raise RenderbusError(f"gave up after {max_pages} pages; the farm keeps returning items", path=path)


def first_items(page: Optional[Dict[str, Any]]) -> list:
    """The ``items`` of one page, ``[]`` for ``null`` or a missing key."""
    if not page:
        return []
    return list(page.get("items") or [])
