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
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa

from farmhand_farm.blobstore import hash_path
from farmhand_farm.db import Database, metadata
from farmhand_farm.protocol.store import tasks

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


def task_output_roots(
    output_root: Path, task_id: int, user_id: int, database: Database
) -> List[Tuple[str, Path]]:
    """(path prefix, folder) of everything a task rendered: its own folder, then each sub-task's.

    A layered job's outputs live in one ``<subTaskId>_<scene>`` folder per
    layer, so "the whole task" includes them, listed under that folder name.
    """
    with database.read() as connection:
        rows = connection.execute(
            sa.select(tasks.c.id, tasks.c.parent_id, tasks.c.output_file_name)
            .where(tasks.c.user_id == user_id, sa.or_(tasks.c.id == task_id, tasks.c.parent_id == task_id))
            .order_by(tasks.c.id)
        ).all()
    named = {row.id: row.output_file_name for row in rows}
    roots = []
    own = _folder(output_root, task_id, named.get(task_id))
    if own is not None:
        roots.append(("", own))
    for row in rows:
        child = _folder(output_root, row.id, row.output_file_name) if row.parent_id == task_id else None
        if child is not None:
            roots.append((child.name + "/", child))
    return roots


def _folder(output_root: Path, task_id: int, output_file_name: Optional[str]) -> Optional[Path]:
    """The task's outputFileName folder; before the task is materialised, any ``<taskId>_*`` folder."""
    if output_file_name:
        folder = output_root / output_file_name
        return folder if folder.is_dir() else None
    if not output_root.is_dir():
        return None
    prefix = f"{int(task_id)}_"
    matches = sorted(p for p in output_root.iterdir() if p.is_dir() and p.name.startswith(prefix))
    return matches[0] if matches else None


def list_task_outputs(roots: List[Tuple[str, Path]], database: Database) -> List[Dict[str, Any]]:
    files = []
    for prefix, root in roots:
        for entry in list_outputs(root, database):
            entry["path"] = prefix + entry["path"]
            files.append(entry)
    return files


def locate(roots: List[Tuple[str, Path]], relative: str) -> Tuple[Path, str]:
    """Which root a listed path belongs to, and the path inside it."""
    for prefix, root in roots[::-1]:  # sub-task prefixes first: the own folder has no prefix
        if prefix and relative.startswith(prefix):
            return root, relative[len(prefix) :]
    if roots and roots[0][0] == "":
        return roots[0][1], relative
    raise LookupError(relative)


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
