"""The Maya reader shares folder listings within a read: same dependencies as without, nothing kept after."""

from __future__ import annotations

import contextlib
import importlib
from pathlib import Path
from typing import List

from maya_scenes import write_scene

from farmhand.scenes import read_scene

maya_dependencies = importlib.import_module("farmhand.scenes.maya_dependencies")


def file_node(index: int, path: str, extra: str = "") -> str:
    return f'createNode file -n "file{index}";\n\tsetAttr ".ftn" -type "string" "{path}";\n{extra}'


def build(tmp_path: Path) -> str:
    """UDIM sets with gaps, sequences with missing frames, plain, missing and moved textures, one folder."""
    tex = tmp_path / "sourceimages"
    tex.mkdir()
    nodes: List[str] = []
    for i in range(12):
        for tile in (1001, 1002, 1012)[: 1 + i % 3]:
            (tex / f"udim{i}.{tile}.exr").write_bytes(b"x")
        nodes.append(file_node(3 * i, f"{tex.as_posix()}/udim{i}.1001.exr", '\tsetAttr ".uvt" 3;\n'))
        for frame in range(1, 6):
            if frame != 1 + i % 5:  # one frame missing per sequence
                (tex / f"seq{i}.{frame:04d}.png").write_bytes(b"x")
        nodes.append(file_node(3 * i + 1, f"{tex.as_posix()}/seq{i}.0002.png", '\tsetAttr ".ufe" yes;\n'))
        if i % 2:
            (tex / f"plain{i}.png").write_bytes(b"x")
        nodes.append(file_node(3 * i + 2, f"{tex.as_posix()}/plain{i}.png"))
    (tmp_path / "moved.png").write_bytes(b"x")  # written elsewhere, found by name next to the scene
    nodes.append(file_node(99, "/nowhere/moved.png"))
    globals_ = 'select -ne :defaultRenderGlobals;\n\tsetAttr ".an" yes;\n\tsetAttr ".ef" 5;\n'
    return write_scene(tmp_path, "".join(nodes) + globals_)


def test_dependencies_are_the_same_with_and_without_the_shared_listings(tmp_path, monkeypatch):
    scene = build(tmp_path)
    cached = read_scene(scene).dependencies
    monkeypatch.setattr(maya_dependencies, "listing_cache", contextlib.nullcontext)
    uncached = read_scene(scene).dependencies
    assert cached == uncached
    assert sum(len(dep.files) for dep in cached) == 12 * 2 + 12 * 4 + 6 + 1
    assert sum(len(dep.missing) for dep in cached) == 12 + 6


def test_files_written_after_a_read_are_seen_by_the_next_read(tmp_path):
    scene = build(tmp_path)
    tex = tmp_path / "sourceimages"
    first = {dep.node: dep for dep in read_scene(scene).dependencies}
    assert len(first["file0"].files) == 1 and len(first["file1"].missing) == 1
    (tex / "udim0.1002.exr").write_bytes(b"x")
    (tex / "seq0.0001.png").write_bytes(b"x")
    (tex / "plain0.png").write_bytes(b"x")
    second = {dep.node: dep for dep in read_scene(scene).dependencies}
    assert len(second["file0"].files) == 2
    assert second["file1"].missing == [] and len(second["file1"].files) == 5
    assert second["file2"].exists is True
