"""A bounded worker pool that stops every worker when one fails or the user cancels."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Callable, List, Sequence, TypeVar

from farmhand.transfer.cancel import CancelToken

T = TypeVar("T")
R = TypeVar("R")


def run_parallel(
    work: Callable[[T, CancelToken], R], items: Sequence[T], *, workers: int, cancel: CancelToken
) -> List[R]:
    """Run ``work(item, token)`` for every item on at most ``workers`` threads.

    The first exception (a cancel included) cancels the siblings through a child
    token and is re-raised once they have stopped, so no thread keeps writing
    after the caller has been told the transfer ended.
    """
    if not items:
        return []
    inner = cancel.child()
    results: List[R] = [None] * len(items)  # type: ignore[list-item]
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="farmhand-transfer") as pool:
        futures = {pool.submit(work, item, inner): index for index, item in enumerate(items)}
        try:
            for future in as_completed(futures):
                results[futures[future]] = future.result()
        except BaseException:
            inner.cancel("stopped because another transfer failed")
            for future in futures:
                future.cancel()
            raise
    return results
