"""Upload throughput over loopback vs curl, and peak memory of the uploader process.

Throughput: the same file is PUT to the same farm as the same 8 MiB chunks,
once by curl (one process, one keep-alive connection, chunks pre-split and
requests pre-signed so curl does nothing but stream) and once by Farmhand's
HttpEngine with a warm hash cache (so both sides skip the whole-file hash; the
per-chunk SHA-256 Farmhand computes is included in its time).  The farm's work
(chunk hash check, fsync, final whole-blob verification) is the same for both.

Memory: a separate uploader process (tests/transfer/upload_child.py) uploads a
small and a large file with a cold cache; its peak RSS comes from wait4().

    .venv/bin/python bench/transfer_upload.py [--size-mib 1024] [--big-gib 4] [--small-mib 256]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from transfer_common import (
    ACCESS_ID,
    ACCESS_KEY,
    machine,
    running_farm,
    scratch,
    timed,
    warm,
    write_random_file,
)

from farmhand.api import signing
from farmhand.transfer import HashCache, HttpEngine, UploadPlan
from farmhand.transfer.client import StorageClient
from farmhand.transfer.hashing import hash_bytes, hash_file

CHILD = Path(__file__).resolve().parent.parent / "tests" / "transfer" / "upload_child.py"
CHUNK = 8 * 1024 * 1024


def curl_upload(farm, path: Path, digest: str, work: Path) -> float:
    size = path.stat().st_size
    command = ["curl", "-sS", "--fail"]
    with open(path, "rb") as stream:
        offset = 0
        while offset < size:
            chunk = stream.read(CHUNK)
            chunk_file = work / f"chunk{offset}"
            chunk_file.write_bytes(chunk)
            params = {"size": str(size), "offset": str(offset), "chunkSha256": hash_bytes(chunk)}
            url_path = f"/api/farmhand/blob/{digest}"
            headers = signing.signed_headers(
                ACCESS_ID, ACCESS_KEY, farm.domain, url_path, params, platform="2"
            )
            headers.update({"Content-Type": "application/octet-stream", "Expect": ""})
            query = "&".join(f"{k}={v}" for k, v in params.items())
            if offset:
                command.append("--next")
            command += ["-o", "/dev/null", "-T", str(chunk_file), f"{farm.url}{url_path}?{query}"]
            for name, value in headers.items():
                command += ["-H", f"{name}: {value}"]
            offset += len(chunk)
    warm(sorted(work.glob("chunk*")))
    seconds, _ = timed(subprocess.run, command, check=True)
    return seconds


def forget_blob(farm, digest: str) -> None:
    """Remove a stored blob so the next uploader has to send it again."""
    blob = farm.data_dir / "store" / digest[:2] / digest
    os.chmod(blob, 0o644)
    blob.unlink()


def child_peak_rss(farm, path: Path, home: Path, work: Path) -> dict:
    plan = work / f"plan-{path.name}.json"
    plan.write_text(json.dumps({"asset": [{"local": str(path), "server": f"/D/{path.name}"}]}))
    env = dict(os.environ, FARMHAND_HOME=str(home))
    command = [
        sys.executable,
        str(CHILD),
        farm.url,
        ACCESS_ID,
        ACCESS_KEY,
        str(plan),
        str(CHUNK),
        "--workers",
        "1",
    ]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"uploader failed with status {status}")
    return {
        "bytes": path.stat().st_size,
        "seconds": round(seconds, 2),
        "peak_rss_MiB": round(usage.ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--small-mib", type=int, default=256)
    parser.add_argument("--big-gib", type=float, default=4.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    result = {}
    with scratch() as root:
        home = root / "home"
        os.environ["FARMHAND_HOME"] = str(home)
        source = write_random_file(root / "data" / "throughput.bin", args.size_mib << 20)
        digest = hash_file(str(source))
        with running_farm(root) as farm, HashCache() as cache:
            connection = farm.connection()
            plan = UploadPlan.from_entries([{"local": str(source), "server": "/D/throughput.bin"}])
            cache.store(str(source), source.stat().st_size, source.stat().st_mtime_ns, digest)
            curl_times, our_times = [], []
            for attempt in range(args.repeat):
                work = root / f"curl{attempt}"
                work.mkdir()
                curl_times.append(curl_upload(farm, source, digest, work))
                assert (
                    StorageClient(connection).check([{"hash": digest, "size": source.stat().st_size}])[0][
                        "state"
                    ]
                    == "present"
                )
                forget_blob(farm, digest)
                for chunk in work.glob("chunk*"):
                    chunk.unlink()
                engine = HttpEngine(connection, cache=cache, workers=1, chunk_size=CHUNK)
                seconds, report = timed(engine.upload, plan)
                assert report.bytes_sent == source.stat().st_size and report.files_hashed == 0
                our_times.append(seconds)
                forget_blob(farm, digest)
            size = source.stat().st_size
            result["throughput"] = {
                "bytes": size,
                "chunk_bytes": CHUNK,
                "curl_MBps": round(size / min(curl_times) / 1e6, 1),
                "farmhand_MBps": round(size / min(our_times) / 1e6, 1),
                "ratio_farmhand_vs_curl": round(min(curl_times) / min(our_times), 3),
            }
            source.unlink()
            work = root / "rss"
            work.mkdir()
            small = write_random_file(root / "data" / "small.bin", args.small_mib << 20)
            result["peak_memory_small"] = child_peak_rss(farm, small, home, work)
            small.unlink()
            if args.big_gib > 0:
                big = write_random_file(root / "data" / "big.bin", int(args.big_gib * (1 << 30)))
                result["peak_memory_big"] = child_peak_rss(farm, big, home, work)
                state = StorageClient(connection).check(
                    [{"hash": hash_file(str(big)), "size": big.stat().st_size}]
                )
                result["peak_memory_big"]["farm_state"] = state[0]["state"]
    result["machine"] = machine()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
