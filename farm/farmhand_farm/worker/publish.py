"""Moving a finished render from its hidden staging folder into the task's output folder.

Renderers write into ``<output dir>/.farmhand-<frame id>-<attempt>/``: dot
folders are not listed by ``output/list``, so a half-written frame, or one
whose claim was revoked, is never shown.  Only when the renderer succeeded
are its files moved (``os.replace``, atomic per file) next to the other
frames; the staging folder is always removed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import List

STAGING_PREFIX = ".farmhand-"


def staging_dir(output_dir: Path, frame_id: int, attempt: str) -> Path:
    return output_dir / f"{STAGING_PREFIX}{int(frame_id)}-{attempt}"


def staged_files(staging: Path) -> List[Path]:
    found: List[Path] = []
    for folder, dirs, names in os.walk(staging):
        dirs.sort()
        found.extend(Path(folder) / name for name in sorted(names))
    return found


def publish(staging: Path, output_dir: Path) -> List[Path]:
    """Move every file under ``staging`` to the same relative place under ``output_dir``."""
    published = []
    for source in staged_files(staging):
        target = output_dir / source.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        published.append(target)
    discard(staging)
    return published


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
