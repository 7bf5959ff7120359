"""Tiled frames (task_info ``tiles`` > 1): each record renders one horizontal strip, the last one merges.

Block ``b`` of ``n`` is the b-th strip from the top.  Its renderer writes the
full-size image with only that strip rendered (Blender border render, not
cropped); the strips wait in ``<output dir>/.tiles/<file name>/<b><ext>`` (a
dot folder, so ``output/list`` does not show them) until every block of the
frame is done, and then one Pillow pass pastes each strip into the final file
under its normal name.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import List, Optional, Tuple

from PIL import Image

TILES_FOLDER = ".tiles"
# The last two strips of a frame can finish together; one merge at a time, the second finds it done.
_merging = threading.Lock()


def border(block: int, count: int) -> Tuple[float, float]:
    """Blender's (border_min_y, border_max_y) of the strip: y grows upwards in Blender."""
    return (count - block) / count, (count - block + 1) / count


def strip_rows(block: int, count: int, height: int) -> Tuple[int, int]:
    """(top, bottom) pixel rows of the strip, rounded the way Blender rounds its border to pixels."""
    low, high = border(block, count)
    ymin, ymax = _round(low * height), _round(high * height)
    return height - ymax, height - ymin


def tile_path(output_dir: Path, file_name: str, block: int) -> Path:
    suffix = Path(file_name).suffix
    return output_dir / TILES_FOLDER / file_name / f"{block}{suffix}"


def store_tiles(rendered: List[Path], output_dir: Path, block: int) -> List[Path]:
    """Move a record's rendered strips into the hidden tiles folder."""
    stored = []
    for path in rendered:
        target = tile_path(output_dir, path.name, block)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        stored.append(target)
    return stored


def merge_when_complete(output_dir: Path, file_name: str, count: int) -> Optional[Path]:
    """Merge the frame if every strip is there; None when another worker already merged it."""
    with _merging:
        folder = output_dir / TILES_FOLDER / file_name
        suffix = Path(file_name).suffix
        blocks = [folder / f"{block}{suffix}" for block in range(1, count + 1)]
        if not all(path.is_file() for path in blocks):
            return None
        return _merge(output_dir, file_name, blocks)


def _merge(output_dir: Path, file_name: str, blocks: List[Path]) -> Path:
    """Paste each block's strip into ``output_dir/file_name`` (atomically) and drop the tiles."""
    count, suffix, folder = len(blocks), Path(file_name).suffix, blocks[0].parent
    with Image.open(blocks[0]) as first:
        merged = first.copy()
    for block, path in enumerate(blocks, start=1):
        with Image.open(path) as image:
            top, bottom = strip_rows(block, count, image.height)
            merged.paste(image.crop((0, top, image.width, bottom)), (0, top))
    target = output_dir / file_name
    descriptor, temporary = tempfile.mkstemp(prefix=".merge-", suffix=suffix, dir=output_dir)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            merged.save(stream, format=Image.registered_extensions().get(suffix.lower()))
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
    shutil.rmtree(folder, ignore_errors=True)
    return target


def _round(value: float) -> int:
    return int(math.floor(value + 0.5))
