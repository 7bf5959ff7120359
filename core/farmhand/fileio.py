"""Writing files so that a reader never sees a half-written one.

Job files, config and downloaded frames all go through here: the content is
written to a temporary file in the same directory, flushed to disk, and only
then renamed over the target, which is atomic on every platform we run on.
"""

from __future__ import annotations

import os
import tempfile
from typing import Optional


def atomic_write_text(path: str, text: str, *, mode: Optional[int] = None) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode)


def atomic_write_bytes(path: str, data: bytes, *, mode: Optional[int] = None) -> None:
    """Replace ``path`` with ``data``; ``mode`` (e.g. 0o600) is set before the file becomes visible."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        if mode is not None:
            os.chmod(temporary, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
