"""Listing a task's outputs with their SHA-256, cached so a poll costs stats, not reads.

Clients poll ``output/list`` while a task renders to fetch frames as they
finish; hashing every output on every poll would re-read whole EXR sequences,
so digests are cached in the database keyed on (path, size, mtime_ns).
Files still being written by a renderer (``*.part``, ``*.tmp``, dot files) are
not listed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Dict, List, Optional

import sqlalchemy as sa

from farmhand_farm.blobstore import hash_path
from farmhand_farm.db import Database, metadata

output_hashes = sa.Table(
    "output_hashes",
    metadata,
    sa.Column("path", sa.Text, primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("mtime_ns", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
)

FRAME_PATTERN = re.compile(r"(\d+)(?!.*\d)")
UNFINISHED_SUFFIXES = (".part", ".tmp")


def task_output_root(output_root: Path, task_id: int) -> Optional[Path]:
    """``<output root>/<taskId>_<scene>``, the outputFileName folder, if it exists yet."""
    if not output_root.is_dir():
        return None
    prefix = f"{int(task_id)}_"
    matches = sorted(p for p in output_root.iterdir() if p.is_dir() and p.name.startswith(prefix))
    return matches[0] if matches else None


def list_outputs(task_root: Path, database: Database) -> List[Dict[str, Any]]:
    files = []
    for folder, dirs, names in os.walk(task_root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or name.endswith(UNFINISHED_SUFFIXES):
                continue
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            info = path.stat()
            files.append(
                {
                    "path": path.relative_to(task_root).as_posix(),
                    "size": info.st_size,
                    "sha256": _digest(path, info, database),
                    "frame": frame_number(name),
                    "mtime": info.st_mtime_ns // 1_000_000,
                }
            )
    return files


def frame_number(name: str) -> Optional[int]:
    """The last run of digits before the extension (``shot.0012.exr`` -> 12), if any."""
    match = FRAME_PATTERN.search(os.path.splitext(name)[0])
    return int(match.group(1)) if match else None


def _digest(path: Path, info: os.stat_result, database: Database) -> str:
    key = str(path)
    with database.read() as connection:
        row = connection.execute(sa.select(output_hashes).where(output_hashes.c.path == key)).first()
    if row is not None and row.size == info.st_size and row.mtime_ns == info.st_mtime_ns:
        return row.sha256
    digest = hash_path(path)
    values = {"size": info.st_size, "mtime_ns": info.st_mtime_ns, "sha256": digest}
    with database.write() as connection:
        if not connection.execute(
            output_hashes.update().where(output_hashes.c.path == key).values(**values)
        ).rowcount:
            connection.execute(output_hashes.insert().values(path=key, **values))
    return digest
