"""Small JPEG previews of finished frames, kept outside the task's outputs (``data_dir/thumbs``).

Kept apart from the outputs so downloads and ``output/list`` only ever show
what the renderer wrote.  One thumbnail per frame record (its first image
output); formats Pillow cannot read (EXR, for one) simply get none.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable, Optional

from PIL import Image, UnidentifiedImageError

THUMBNAIL_SIZE = 160
# Served by farmhand_farm.worker.routes; the progress image's grabUrl points here.
THUMBNAIL_ROUTE = "/api/farmhand/thumbnail/{frame_id}"
JPEG_QUALITY = 85


def thumbnail_path(data_dir: Path, frame_id: int) -> Path:
    return Path(data_dir) / "thumbs" / f"{int(frame_id)}.jpg"


def grab_url(data_dir: Path, frame_id: int) -> str:
    """Where a client fetches the frame's preview (signed GET), or "" while there is none."""
    if not thumbnail_path(data_dir, frame_id).is_file():
        return ""
    return THUMBNAIL_ROUTE.format(frame_id=int(frame_id))


def make_thumbnail(source: Path, target: Path) -> bool:
    """Write a JPEG preview of ``source`` to ``target`` atomically; False if Pillow cannot read it."""
    try:
        with Image.open(source) as image:
            image.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            preview = _flatten(image)
    except (OSError, UnidentifiedImageError, ValueError):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=".thumb-", suffix=".jpg", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            preview.save(stream, "JPEG", quality=JPEG_QUALITY)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
    return True


def thumbnail_for_frame(data_dir: Path, frame_id: int, outputs: Iterable[Path]) -> Optional[Path]:
    """The frame's preview from the first output Pillow can read, if any."""
    target = thumbnail_path(data_dir, frame_id)
    for output in outputs:
        if make_thumbnail(output, target):
            return target
    return None


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on black for images with alpha (JPEG has none); 16-bit and float images scaled to 8 bits."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda value: value / 256).convert("L")
    if image.mode in ("RGBA", "LA", "PA", "P"):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (0, 0, 0, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def frame_thumbnail(
    data_dir: Path, frame_id: int, output_dir: Optional[Path], outputs: Iterable[str]
) -> Optional[Path]:
    """The frame's preview, made now from its recorded outputs if the worker did not make one."""
    existing = thumbnail_path(data_dir, frame_id)
    if existing.is_file():
        return existing
    if output_dir is None:
        return None
    return thumbnail_for_frame(data_dir, frame_id, (output_dir / name for name in outputs))
