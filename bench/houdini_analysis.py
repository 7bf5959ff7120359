"""Benchmark: offline analysis of the public Houdini samples, as a ratio to the archive floor.

For every ``.hip`` in ../shared/samples/houdini, best of ``--repeat``, same run:

* baseline: reading the file and splitting it into records
  (``hip_container.read_archive``), what any reader must at least do;
* analysis: ``farmhand.scenes.read_scene`` (node graph, expressions, ROP
  units, file reads resolved over the submitted frames, HDA libraries).

The ratio of the summed times is the figure recorded in docs/houdini.md.  Usage::

    .venv/bin/python bench/houdini_analysis.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import time
from typing import Callable

from farmhand.scenes import read_scene
from farmhand.scenes.hip_container import read_archive

SAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "shared")


def best(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def split_only(path: str) -> object:
    with open(path, "rb") as handle:
        return read_archive(handle.read(), path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    paths = sorted(glob.glob(os.path.join(SAMPLES, "samples", "houdini", "*.hip")))
    if not paths:
        raise SystemExit(f"no samples under {SAMPLES}/samples/houdini")
    baseline = sum(best(lambda p=p: split_only(p), args.repeat) for p in paths)
    analysis = sum(best(lambda p=p: read_scene(p), args.repeat) for p in paths)
    size = sum(os.path.getsize(p) for p in paths)
    result = {"scenes": len(paths), "bytes": size, "baseline_s": round(baseline, 4)}
    result.update({"analysis_s": round(analysis, 4), "ratio": round(analysis / baseline, 1)})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
