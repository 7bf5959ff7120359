"""Unchanged re-submission of a many-file project: bytes sent (must be 0) and time vs an os.stat walk.

Builds a project of ``--files`` files (default 10,000 x 200 kB = 2 GB) in
nested folders, uploads it once to a local farm, then times submitting it
again unchanged (warm hash cache: stat, cache lookup, one check and one link
round per 500 files) against a bare ``os.walk`` + ``os.stat`` of the same
files.  A cold-cache re-submission (every file re-hashed, still nothing sent)
is reported for comparison.

    .venv/bin/python bench/transfer_resubmit.py [--files 10000] [--size 200000]
"""

from __future__ import annotations

import argparse
import json
import os
import time

from transfer_common import machine, running_farm, scratch, timed, write_random_file

from farmhand.transfer import HashCache, HttpEngine, UploadPlan


def build_project(root, count: int, size: int):
    paths = []
    for index in range(count):
        path = root / f"seq{index // 100:03d}" / f"tex_{index:05d}.png"
        paths.append(write_random_file(path, size))
    return paths


def stat_walk(root) -> int:
    seen = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            os.stat(os.path.join(folder, name))
            seen += 1
    return seen


def submit(connection, cache, paths):
    plan = UploadPlan.from_entries({"local": str(p), "server": "/D/project/" + p.name} for p in paths)
    return HttpEngine(connection, cache=cache, workers=4).upload(plan)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with scratch() as root:
        os.environ["FARMHAND_HOME"] = str(root / "home")
        start = time.perf_counter()
        paths = build_project(root / "project", args.files, args.size)
        build_seconds = time.perf_counter() - start
        with running_farm(root) as farm, HashCache() as cache:
            connection = farm.connection()
            first_seconds, first = timed(submit, connection, cache, paths)
            again = [timed(submit, connection, cache, paths) for _ in range(args.repeat)]
            walks = [timed(stat_walk, root / "project")[0] for _ in range(args.repeat)]
            with HashCache(root / "cold.sqlite3") as cold:
                cold_seconds, cold_report = timed(submit, connection, cold, paths)
        best_again = min(again, key=lambda pair: pair[0])
        result = {
            "files": args.files,
            "bytes": args.files * args.size,
            "build_seconds": round(build_seconds, 2),
            "first_upload_seconds": round(first_seconds, 2),
            "first_upload_bytes_sent": first.bytes_sent,
            "resubmit_seconds": round(best_again[0], 3),
            "resubmit_bytes_sent": max(r.bytes_sent for _, r in again),
            "resubmit_files_hashed": max(r.files_hashed for _, r in again),
            "stat_walk_seconds": round(min(walks), 4),
            "ratio_resubmit_vs_stat_walk": round(best_again[0] / min(walks), 1),
            "cold_cache_resubmit_seconds": round(cold_seconds, 2),
            "cold_cache_bytes_sent": cold_report.bytes_sent,
            "cold_cache_files_hashed": cold_report.files_hashed,
            "machine": machine(),
        }
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
