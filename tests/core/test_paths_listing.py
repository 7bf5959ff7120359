"""The per-scan listing cache: same answers as uncached resolution, one listing per folder, no stale state."""

from __future__ import annotations

import importlib
import os
import random
import re
import tempfile
from pathlib import Path
from typing import List, Sequence, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from farmhand.model import Dependency
from farmhand.paths import ListingCache, listing_cache, resolve, resolve_dependency
from farmhand.paths.listing import active_cache

resolve_module = importlib.import_module("farmhand.paths.resolve")
listing_module = importlib.import_module("farmhand.paths.listing")

# Patterns as hosts write them, each against files the tree generator may create (or not).
PATTERNS = [
    "tex/skin{i}.<UDIM>.exr",
    "tex/Skin{i}.<udim>.exr",
    "tex/<UDIM>.exr",  # no literal prefix: the whole folder is a candidate
    "tex/skin{i}.<UDIM>.####.exr",
    "tex/skin{i}_u<U>_v<V>.png",
    "tex/skin{i}.<UVTILE>.png",
    "tex/skin{i}<tile>.tx",
    "tex/skin{i}.<UDIM>_v##.exr",
    "seq/plate{i}.####.png",
    "seq/plate{i}.%04d.png",
    "seq/plate{i}.$F4.png",
    "seq/plate{i}.<f>.png",
    "seq/plate{i}.<frame04>.png",
    "seq/cache{i}.$F4.$F2.bgeo",
    "seq/PLATE{i}.####.png",
    "frames/$F4/data{i}.bgeo",
    "tex/plain{i}.png",
    "tex/gone{i}.png",
    "tex/link{i}.png",
    "tex/dangling{i}.png",
    "absent/skin{i}.<UDIM>.exr",
    "absent/plate{i}.####.png",
    "tex/стена{i}.<UDIM>.exr",
    "tex/iskin{i}.<UDIM>.exr",
    "tex/kelvin{i}.<UDIM>.exr",
]
FRAME_SETS: List[Sequence[int]] = [(), range(1, 11), (-2, -1, 0, 1, 2)]


def touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")


def build_tree(root: Path, seed: int, sets: int = 3) -> None:
    """Tiles with gaps, sequences with missing frames, wrong paddings, decoys, case variants, links."""
    rng = random.Random(seed)
    tiles = [1001, 1002, 1003, 1011, 1012, 1101]
    frames = list(range(-2, 12))
    for i in range(sets):
        for tile in rng.sample(tiles, rng.randint(0, len(tiles))):
            touch(root / f"tex/skin{i}.{tile}.exr")
            touch(root / f"tex/stena{i}.{tile}.exr")
            touch(root / f"tex/стена{i}.{tile}.exr")
            for frame in rng.sample(frames, 3):
                touch(root / f"tex/skin{i}.{tile}.{frame:04d}.exr")
            touch(root / f"tex/skin{i}.{tile}_v{rng.randint(0, 120):02d}.exr")
        touch(root / f"tex/Skin{i}.{rng.choice(tiles)}.exr")  # a case variant of the name
        touch(root / f"tex/{rng.choice(tiles)}.exr")
        touch(root / f"tex/skin{i}0.1001.exr")  # the prefix of another set
        touch(root / f"tex/skin{i}.1000.exr")  # not a UDIM
        touch(root / f"tex/skin{i}.1001.exr.bak")
        touch(root / f"tex/skin{i}.1002.tif")  # another extension of the same length
        for u, v in rng.sample([(1, 1), (2, 1), (1, 2), (10, 3)], 2):
            touch(root / f"tex/skin{i}_u{u}_v{v}.png")
            touch(root / f"tex/skin{i}.u{u}_v{v}.png")
            touch(root / f"tex/skin{i}_u{u}_v{v}.tx")
        for frame in rng.sample(frames, rng.randint(0, len(frames))):
            spelling = rng.choice([f"{frame:04d}", f"{frame:03d}", str(frame), f"-{abs(frame):04d}"])
            touch(root / f"seq/plate{i}.{spelling}.png")
            touch(root / f"seq/PLATE{i}.{frame:04d}.png")
            touch(root / f"seq/cache{i}.{frame:04d}.{rng.choice([frame, frame + 1]):02d}.bgeo")
            touch(root / f"frames/{frame:04d}/data{i}.bgeo")
        touch(root / f"tex/plain{i}.png")
        os.symlink(root / f"tex/plain{i}.png", root / f"tex/link{i}.png")
        os.symlink(root / f"tex/nothing{i}.png", root / f"tex/dangling{i}.png")


def cases(sets: int = 3) -> List[Tuple[str, Sequence[int]]]:
    return [(p.format(i=i), frames) for i in range(sets) for p in PATTERNS for frames in FRAME_SETS]


def assert_cached_equals_uncached(root: Path) -> None:
    base = root.as_posix()
    expected = [resolve(path, base_dir=base, frames=frames) for path, frames in cases()]
    with listing_cache():  # one cache for every path, as in one scene scan
        cached = [resolve(path, base_dir=base, frames=frames) for path, frames in cases()]
    assert cached == expected
    assert any(result.files for result in expected) and any(result.missing for result in expected)


needs_symlinks = pytest.mark.skipif(os.name == "nt", reason="creating symbolic links needs privileges")


@needs_symlinks
@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_cache_gives_the_uncached_answer_on_generated_trees(seed):
    with tempfile.TemporaryDirectory() as folder:
        build_tree(Path(folder), seed)
        assert_cached_equals_uncached(Path(folder))


@needs_symlinks
@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_cache_gives_the_uncached_answer_with_case_insensitive_names(seed):
    # Windows matches names ignoring case; the cache narrows candidates differently there.
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(resolve_module, "_NAME_FLAGS", re.IGNORECASE)
        build_tree(Path(folder), seed)
        # Non-ASCII names the regex engine folds onto ASCII letters where str.lower() does not (İ, ı, K).
        for name in ("İskin0.1001.exr", "ıskin1.1002.exr", "\u212aelvin0.1001.exr", "kelvin0.1002.exr"):
            touch(Path(folder) / "tex" / name)
        assert_cached_equals_uncached(Path(folder))


@needs_symlinks
def test_resolve_dependency_with_an_explicit_cache_matches_and_fills_it(tmp_path):
    build_tree(tmp_path, seed=7)
    cache = ListingCache()
    for path, frames in cases():
        dep = Dependency(path=path, node="file1", attribute="ftn", kind="texture")
        plain = resolve_dependency(dep, base_dir=tmp_path.as_posix(), frames=frames)
        cached = resolve_dependency(dep, base_dir=tmp_path.as_posix(), frames=frames, cache=cache)
        assert cached == plain
    assert cache.listing((tmp_path / "tex").as_posix()) is not None
    assert active_cache() is None  # an explicit cache opens no block


def test_one_scan_lists_a_folder_once(tmp_path, monkeypatch):
    for i in range(40):
        touch(tmp_path / f"tex/skin{i}.1001.exr")
        touch(tmp_path / f"tex/plate{i}.0001.png")
    scanned: List[str] = []
    real_scandir = os.scandir

    def counting_scandir(path):
        scanned.append(os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(listing_module.os, "scandir", counting_scandir)
    base = tmp_path.as_posix()
    with listing_cache():
        for i in range(40):
            assert len(resolve(f"tex/skin{i}.<UDIM>.exr", base_dir=base).files) == 1
            assert len(resolve(f"tex/plate{i}.####.png", base_dir=base, frames=[1, 2]).files) == 1
    assert scanned == [f"{base}/tex"]


def test_plain_files_in_a_listed_folder_are_answered_from_the_listing(tmp_path, monkeypatch):
    touch(tmp_path / "tex/skin.1001.exr")
    touch(tmp_path / "tex/a.png")
    base = tmp_path.as_posix()
    with listing_cache():
        resolve("tex/skin.<UDIM>.exr", base_dir=base)  # lists tex/
        monkeypatch.setattr(listing_module.os.path, "exists", pytest.fail)
        assert resolve("tex/a.png", base_dir=base).files == [f"{base}/tex/a.png"]
        assert resolve("tex/b.png", base_dir=base).missing == [f"{base}/tex/b.png"]


def test_a_file_created_after_a_scan_began_is_seen_by_the_next_scan(tmp_path):
    touch(tmp_path / "tex/skin.1001.exr")
    touch(tmp_path / "seq/plate.0001.png")
    base = tmp_path.as_posix()
    with listing_cache():
        assert len(resolve("tex/skin.<UDIM>.exr", base_dir=base).files) == 1
        assert resolve("seq/plate.####.png", base_dir=base, frames=[1, 2]).missing == [
            f"{base}/seq/plate.0002.png"
        ]
        touch(tmp_path / "tex/skin.1002.exr")
        touch(tmp_path / "seq/plate.0002.png")
    with listing_cache():
        assert len(resolve("tex/skin.<UDIM>.exr", base_dir=base).files) == 2
        assert resolve("seq/plate.####.png", base_dir=base, frames=[1, 2]).missing == []
    assert len(resolve("tex/skin.<UDIM>.exr", base_dir=base).files) == 2


def test_blocks_nest_into_one_scan_and_leave_nothing_behind():
    assert active_cache() is None
    with listing_cache() as outer:
        with listing_cache() as inner:
            assert inner is outer
        assert active_cache() is outer
    assert active_cache() is None


def test_a_folder_that_cannot_be_listed_gives_the_uncached_answer(tmp_path):
    touch(tmp_path / "not-a-folder")
    base = tmp_path.as_posix()
    paths = ["not-a-folder/a.<UDIM>.exr", "not-a-folder/a.png", "nowhere/a.####.png", "nowhere/b.png"]
    expected = [resolve(path, base_dir=base, frames=[1]) for path in paths]
    with listing_cache():
        assert [resolve(path, base_dir=base, frames=[1]) for path in paths] == expected
    assert all(result.missing and not result.files for result in expected)
