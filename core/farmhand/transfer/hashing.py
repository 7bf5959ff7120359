"""Content hashing: SHA-256 of a whole file, streamed in fixed blocks.

SHA-256 because the farm protocol names it, it is in every Python's hashlib
(no native module to vendor into Maya or Houdini), and hashlib's OpenSSL
backend uses the CPU's SHA extensions where present; bench/hash_throughput.py
measures it against blake2b and md5 and against ``sha256sum``
(docs/transfer-benchmarks.md).  The file is read into one reused buffer, so
memory stays constant whatever the file size, and hashlib releases the GIL
on large updates, so a thread pool hashes several files in parallel.
"""

from __future__ import annotations

import hashlib
from typing import Callable, Optional

from farmhand.transfer.cancel import CancelToken

HASH_NAME = "sha256"
BLOCK_SIZE = 4 * 1024 * 1024


def new_hasher():  # -> hashlib._Hash, which is not a public name
    return hashlib.new(HASH_NAME)


def hash_bytes(data: bytes) -> str:
    return hashlib.new(HASH_NAME, data).hexdigest()


def hash_file(
    path: str,
    *,
    cancel: Optional[CancelToken] = None,
    on_bytes: Optional[Callable[[int], None]] = None,
    block_size: int = BLOCK_SIZE,
    algorithm: str = HASH_NAME,
) -> str:
    """Hex digest of ``path``'s content; checks ``cancel`` between blocks."""
    hasher = hashlib.new(algorithm)
    buffer = bytearray(block_size)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as stream:
        while True:
            if cancel is not None:
                cancel.raise_if_cancelled()
            count = stream.readinto(buffer)
            if not count:
                break
            hasher.update(view[:count])
            if on_bytes is not None:
                on_bytes(count)
    return hasher.hexdigest()
