"""Hashing throughput: Farmhand's streamed SHA-256 vs ``sha256sum`` on the same files.

Also measures blake2b and md5 through hashlib (and ``b2sum``/``md5sum``) to
record why SHA-256 was chosen.  Files are read once before timing so both
sides hash from the page cache; each side runs single-threaded over the same
file list, best of ``--repeat``.

    .venv/bin/python bench/transfer_hash.py [--files 8] [--size-mib 64] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import time

from transfer_common import machine, scratch, warm, write_random_file

from farmhand.transfer.hashing import hash_file

# Command-line hashers per algorithm; the ratio is taken against the fastest one present.
TOOLS = {
    "sha256": [["sha256sum"], ["openssl", "dgst", "-sha256"]],
    "blake2b": [["b2sum"], ["openssl", "dgst", "-blake2b512"]],
    "md5": [["md5sum"], ["openssl", "dgst", "-md5"]],
}


def best(repeat, function):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--size-mib", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with scratch() as root:
        paths = [str(write_random_file(root / f"f{i}.bin", args.size_mib << 20)) for i in range(args.files)]
        warm(paths)
        total = args.files * (args.size_mib << 20)
        results = {}
        for algorithm, tools in TOOLS.items():
            ours = best(args.repeat, lambda a=algorithm: [hash_file(p, algorithm=a) for p in paths])
            entry = {"farmhand_MBps": round(total / ours / 1e6, 1)}
            fastest = None
            for tool in tools:
                if shutil.which(tool[0]) is None:
                    continue
                theirs = best(
                    args.repeat, lambda t=tool: subprocess.run([*t, *paths], check=True, capture_output=True)
                )
                entry[" ".join(tool) + "_MBps"] = round(total / theirs / 1e6, 1)
                fastest = theirs if fastest is None else min(fastest, theirs)
            if fastest is not None:
                entry["ratio_vs_fastest_tool"] = round(fastest / ours, 3)
            results[algorithm] = entry
        print(
            json.dumps(
                {"bytes": total, "files": args.files, "results": results, "machine": machine()}, indent=2
            )
        )


if __name__ == "__main__":
    main()
