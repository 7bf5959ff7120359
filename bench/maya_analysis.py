"""Benchmark: offline analysis of a large Maya ASCII scene, as a ratio to the I/O floor.

Generates a ``.ma`` with 20,000 ``file`` nodes (plain textures, UDIM sets and
image sequences) plus the files they name, then times

* baseline: reading the scene file once + one ``os.stat`` per referenced file
  (every tile and every frame) — what any analysis must at least do;
* analysis: ``farmhand.scenes.read_scene`` (parse, layers, dependency
  resolution including UDIM and frame expansion);
* parse only: the ``.ma`` interpreter alone, to show where the time goes.

Both are measured in the same run, best of ``--repeat``; the ratio is the
figure recorded in docs/maya.md.  Usage::

    .venv/bin/python bench/maya_analysis.py [--nodes 20000] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from typing import List, Tuple

from farmhand.scenes import maya_ascii, read_scene

FRAMES = 5  # render range 1-5: each sequence node needs 5 frames
TILES = (1001, 1002, 1011, 1012)


def generate(root: str, nodes: int) -> Tuple[str, List[str]]:
    """Write the scene and its textures; return (scene path, every referenced file)."""
    textures = os.path.join(root, "sourceimages")
    os.makedirs(textures)
    lines = [
        "//Maya ASCII 2023 scene",
        "//Name: bench.ma",
        'requires maya "2023";',
        "currentUnit -l centimeter -a degree -t film;",
        'fileInfo "product" "Maya 2023";',
    ]
    files: List[str] = []
    for index in range(nodes):
        folder = os.path.join(textures, f"set{index // 1000:03d}")
        if index % 1000 == 0:
            os.makedirs(folder)
        lines.append(f'createNode file -n "file{index}";')
        lines.append(f'\trename -uid "BENCH-{index:08d}";')
        kind = index % 10
        if kind == 8:  # UDIM set
            names = [f"udim{index}.{tile}.exr" for tile in TILES]
            lines.append(f'\tsetAttr ".ftn" -type "string" "{folder}/{names[0]}";')
            lines.append('\tsetAttr ".uvt" 3;')
        elif kind == 9:  # image sequence
            names = [f"seq{index}.{frame:04d}.png" for frame in range(1, FRAMES + 1)]
            lines.append(f'\tsetAttr ".ftn" -type "string" "{folder}/{names[0]}";')
            lines.append('\tsetAttr ".ufe" yes;')
        else:
            names = [f"tex{index}.png"]
            lines.append(f'\tsetAttr ".ftn" -type "string" "{folder}/{names[0]}";')
        lines.append('\tsetAttr ".cs" -type "string" "sRGB";')
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "wb"):
                pass
            files.append(path)
    lines += ["select -ne :defaultRenderGlobals;", '\tsetAttr ".an" yes;', f'\tsetAttr ".ef" {FRAMES};']
    lines += [f'connectAttr "file{index}.oc" "shader{index}.c";' for index in range(nodes)]
    lines.append("// End of bench.ma")
    scene = os.path.join(root, "scenes", "bench.ma")
    os.makedirs(os.path.dirname(scene))
    with open(scene, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    with open(os.path.join(root, "workspace.mel"), "w", encoding="utf-8") as handle:
        handle.write('workspace -fr "images" "images";\n')
    return scene, files


def baseline(scene: str, files: List[str]) -> float:
    start = time.perf_counter()
    with open(scene, "rb") as handle:
        handle.read()
    for path in files:
        os.stat(path)
    return time.perf_counter() - start


def analysis(scene: str, expected_files: int, nodes: int) -> float:
    start = time.perf_counter()
    description = read_scene(scene)
    elapsed = time.perf_counter() - start
    found = sum(len(dep.files) for dep in description.dependencies)
    missing = sum(len(dep.missing) for dep in description.dependencies)
    count = len(description.dependencies)
    if count != nodes or found != expected_files or missing:
        raise SystemExit(f"analysis is wrong: {count} dependencies, {found} files, {missing} missing")
    return elapsed


def parse_only(scene: str) -> float:
    """The interpreter alone (no defaults, layers or disk), to show where the time goes."""
    start = time.perf_counter()
    maya_ascii.parse(scene)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", help="generate into this folder and keep it")
    args = parser.parse_args()
    root = args.keep or tempfile.mkdtemp(prefix="farmhand-maya-bench-")
    try:
        scene, files = generate(root, args.nodes)
        analysis(scene, len(files), args.nodes)  # warm the OS cache for both measurements
        base = min(baseline(scene, files) for _ in range(args.repeat))
        full = min(analysis(scene, len(files), args.nodes) for _ in range(args.repeat))
        parse = min(parse_only(scene) for _ in range(args.repeat))
        print(
            json.dumps(
                {
                    "file_nodes": args.nodes,
                    "referenced_files": len(files),
                    "scene_bytes": os.path.getsize(scene),
                    "baseline_s": round(base, 4),
                    "analysis_s": round(full, 4),
                    "parse_only_s": round(parse, 4),
                    "ratio": round(full / base, 1),
                },
                indent=2,
            )
        )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
