"""Paging walks and the promise that every documented endpoint has a client method."""

from __future__ import annotations

import inspect

import pytest

from farmhand.api import RenderbusClient, RenderbusError, account, catalogue, endpoints, frames, tasks
from farmhand.api.paging import iter_items


def _pages(items, size, *, page_count=True):
    def fetch(num):
        chunk = items[(num - 1) * size : num * size]
        page = {"pageNum": num, "size": size, "total": len(items), "items": chunk}
        if page_count:
            page["pageCount"] = -(-len(items) // size)
        fetch.calls.append(num)
        return page

    fetch.calls = []
    return fetch


def test_walk_stops_at_page_count_without_an_extra_request():
    fetch = _pages(list(range(7)), 3)
    assert list(iter_items(fetch)) == list(range(7))
    assert fetch.calls == [1, 2, 3]


def test_walk_without_page_count_stops_on_the_first_empty_page():
    fetch = _pages(list(range(6)), 3, page_count=False)
    assert list(iter_items(fetch)) == list(range(6))
    assert fetch.calls == [1, 2, 3]


def test_null_page_is_empty_and_a_non_page_is_an_error():
    assert list(iter_items(lambda num: None)) == []
    with pytest.raises(RenderbusError, match="expected a paged object"):
        list(iter_items(lambda num: [1, 2], path="/p"))


def test_a_farm_ignoring_page_num_cannot_loop_forever():
    with pytest.raises(RenderbusError, match="gave up after 5 pages"):
        list(iter_items(lambda num: {"items": [1]}, max_pages=5))


def test_every_endpoint_path_has_a_client_method():
    source = "".join(inspect.getsource(module) for module in (account, catalogue, frames, tasks))
    unwrapped = [
        name for name, path in vars(endpoints).items() if path in endpoints.ALL and f"ep.{name}" not in source
    ]
    assert unwrapped == []
    assert len(endpoints.ALL) == 49


def test_public_methods_are_documented():
    public = [
        name
        for name, _ in inspect.getmembers(RenderbusClient, inspect.isfunction)
        if not name.startswith("_")
    ]
    assert len(public) > 60
    assert [name for name in public if not inspect.getdoc(getattr(RenderbusClient, name))] == []
