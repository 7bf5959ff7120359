"""Cooperative cancellation shared by every transfer thread.

Transfers run off the host's UI thread; the UI keeps the token and calls
:meth:`CancelToken.cancel`.  Workers check it between chunks and between hash
blocks, so a cancel takes effect within one block (a few MiB), never after a
whole file.
"""

from __future__ import annotations

import threading
import time
from typing import Optional

from farmhand.transfer.errors import TransferCancelled


class CancelToken:
    """A thread-safe, one-way "stop now" flag."""

    def __init__(self, parent: Optional[CancelToken] = None) -> None:
        self._event = threading.Event()
        self._parent = parent
        self.reason = ""

    def cancel(self, reason: str = "cancelled by the user") -> None:
        self.reason = reason
        self._event.set()

    def child(self) -> CancelToken:
        """A token cancelled with this one that can also be cancelled alone.

        A worker pool uses one to stop its siblings after a failure without
        touching the caller's token.
        """
        return CancelToken(parent=self)

    @property
    def cancelled(self) -> bool:
        return self._event.is_set() or (self._parent is not None and self._parent.cancelled)

    def raise_if_cancelled(self) -> None:
        if self._parent is not None:
            self._parent.raise_if_cancelled()
        if self._event.is_set():
            raise TransferCancelled(f"transfer cancelled: {self.reason}")

    def sleep(self, seconds: float) -> None:
        """Wait for a retry back-off, waking soon (and raising) when cancelled."""
        deadline = time.monotonic() + seconds
        while not self.cancelled:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            self._event.wait(min(remaining, 0.1))
        self.raise_if_cancelled()


def ensure_token(cancel: Optional[CancelToken]) -> CancelToken:
    """Callers may pass None; the code below always has a token to check."""
    return cancel if cancel is not None else CancelToken()
