"""Transfer failures, each one a :class:`FarmhandError` so the CLI prints one line.

They are split by what the user can do about them: a cancelled transfer is not
a failure to report, a file changed under us needs a re-submission, and a farm
refusal carries the envelope code so callers can tell protocol errors apart.
"""

from __future__ import annotations

from typing import Any, Optional

from farmhand.errors import FarmhandError


class TransferError(FarmhandError):
    """An upload or download could not complete."""


class TransferCancelled(TransferError):
    """The user (or the host) cancelled the transfer through its CancelToken."""


class FileChangedError(TransferError):
    """A local file changed while it was being hashed or uploaded."""


class FarmUnreachable(TransferError):
    """The farm could not be reached or answered garbage (network drop, 5xx, HTML page).

    Worth retrying: a transfer resumes from what the farm already holds.
    """


class FarmRefused(TransferError):
    """The farm answered with a non-200 envelope code."""

    def __init__(self, path: str, code: int, message: str, data: Optional[Any] = None) -> None:
        super().__init__(f"farm refused {path}: {message} (code {code})")
        self.path = path
        self.code = code
        self.message = message
        self.data = data
