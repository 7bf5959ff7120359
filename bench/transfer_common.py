"""Shared by the transfer benchmarks: a farm child process, test data, timing helpers.

The farm runs exactly as users run it (``python -m farmhand_farm serve``) in a
temporary data directory; every figure is a ratio to a baseline measured in
the same run on the same files, so the numbers survive a slower machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ACCESS_ID = "AKFH_BENCH"
ACCESS_KEY = "farmhand-bench-secret"
LISTENING = "farmhand farm listening on http://"


class Farm:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        env = dict(os.environ, FARMHAND_FARM_ACCESS_ID=ACCESS_ID, FARMHAND_FARM_ACCESS_KEY=ACCESS_KEY)
        command = [sys.executable, "-m", "farmhand_farm", "serve", "--data", str(data_dir), "--port", "0"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
        for line in self.process.stdout:
            if line.startswith(LISTENING):
                self.domain = line.strip()[len(LISTENING) :]
                break
        else:
            raise RuntimeError("the farm did not start")
        self.url = f"http://{self.domain}"

    def connection(self):
        from farmhand.transfer import FarmConnection

        return FarmConnection(self.url, ACCESS_ID, ACCESS_KEY)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


@contextmanager
def running_farm(root: Path) -> Iterator[Farm]:
    farm = Farm(root / "farm")
    try:
        yield farm
    finally:
        farm.stop()


@contextmanager
def scratch(keep: bool = False, base: str = "") -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="farmhand-bench-", dir=base or None))
    try:
        yield root
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def write_random_file(path: Path, size: int, block: int = 8 * 1024 * 1024) -> Path:
    """Incompressible content written in blocks (never the whole file in memory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as stream:
        remaining = size
        while remaining:
            count = min(block, remaining)
            stream.write(os.urandom(count))
            remaining -= count
    return path


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def machine() -> dict:
    """Context for the figures: the machine is shared, so its load is part of the result."""
    return {"cpus": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2)}


def warm(paths) -> None:
    for path in paths:
        with open(path, "rb") as stream:
            while stream.read(8 * 1024 * 1024):
                pass
