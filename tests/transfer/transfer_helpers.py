"""Shared helpers of the transfer tests (imported by name: tests/ has no packages)."""

from __future__ import annotations

import os
from pathlib import Path

# Small chunks make several chunks out of test-sized files, so resume and
# cancel points fall inside a file without writing hundreds of MiB.
TEST_CHUNK = 64 * 1024


def input_file(farm, server_path: str) -> Path:
    """Where the farm placed an input: data_dir/input/<user>/<server path>."""
    return user_dir(farm, "input").joinpath(*server_path.lstrip("/").split("/"))


def user_dir(farm, area: str) -> Path:
    """data_dir/<area>/<user id> of the fixture's only user (the farm numbers users from FIRST_USER_ID)."""
    from farmhand_farm.users import FIRST_USER_ID

    return Path(farm.data_dir) / area / str(FIRST_USER_ID)


def write_random(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(size))
    return path
