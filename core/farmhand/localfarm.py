"""Finding, starting and stopping the local farm that runs in the background.

With no config at all, ``farmhand submit`` targets Farmhand's own farm under
``$FARMHAND_HOME/farm``.  The farm is a separate program (the optional
``farmhand-farm`` distribution); the core never imports it, it only starts it
as a process and reads the two small files it leaves: ``credentials.json``
(owner-only) and the listening line in ``server.log``.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from farmhand.config import farmhand_home
from farmhand.errors import FarmhandError
from farmhand.fileio import atomic_write_text

LISTENING = re.compile(r"farmhand farm listening on http://([\w.\-]+):(\d+)")
START_TIMEOUT = 60.0


class LocalFarmError(FarmhandError):
    """The local farm could not be started, found or stopped."""


@dataclass(frozen=True)
class LocalFarm:
    host: str
    port: int
    access_id: str
    access_key: str
    pid: int = 0

    @property
    def domain(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.domain}"


def farm_dir() -> Path:
    return farmhand_home() / "farm"


def running(data_dir: Optional[Path] = None) -> Optional[LocalFarm]:
    """The background farm if it is alive and accepting connections, else None."""
    data_dir = data_dir or farm_dir()
    try:
        state = json.loads((data_dir / "server.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pid, host, port = int(state.get("pid", 0)), str(state.get("host", "")), int(state.get("port", 0))
    if not (process_alive(pid) and _accepts(host, port)):
        return None
    access_id, access_key = read_credentials(data_dir)
    return LocalFarm(host, port, access_id, access_key, pid)


def ensure_running(data_dir: Optional[Path] = None) -> LocalFarm:
    """Reuse the background farm, or start one and wait until it listens."""
    data_dir = data_dir or farm_dir()
    farm = running(data_dir)
    if farm is not None:
        return farm
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / "server.log"
    command = [sys.executable, "-m", "farmhand_farm", "serve", "--data", str(data_dir), "--port", "0"]
    with open(log_path, "wb") as log:
        try:
            process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            raise LocalFarmError(f"cannot start the local farm ({' '.join(command)}): {exc}") from exc
    host, port = _wait_for_listening(process, log_path)
    atomic_write_text(
        str(data_dir / "server.json"), json.dumps({"pid": process.pid, "host": host, "port": port})
    )
    access_id, access_key = read_credentials(data_dir)
    return LocalFarm(host, port, access_id, access_key, process.pid)


def stop(data_dir: Optional[Path] = None, timeout: float = 20.0) -> bool:
    """Stop the background farm; False if none was running."""
    data_dir = data_dir or farm_dir()
    farm = running(data_dir)
    (data_dir / "server.json").unlink(missing_ok=True)
    if farm is None:
        return False
    os.kill(farm.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while process_alive(farm.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if process_alive(farm.pid):
        os.kill(farm.pid, signal.SIGKILL)
    return True


def read_credentials(data_dir: Path) -> tuple:
    path = data_dir / "credentials.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return str(data["access_id"]), str(data["access_key"])
    except (OSError, ValueError, KeyError) as exc:
        raise LocalFarmError(f"cannot read the local farm's credentials in {path}: {exc}") from exc


def _wait_for_listening(process: subprocess.Popen, log_path: Path) -> tuple:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        text = log_path.read_text(encoding="utf-8", errors="replace")
        match = LISTENING.search(text)
        if match:
            return match.group(1), int(match.group(2))
        if process.poll() is not None:
            if "No module named farmhand_farm" in text:
                raise LocalFarmError(
                    "the local farm is not installed: pip install farmhand-farm (the farm/ folder)"
                )
            raise LocalFarmError(f"the local farm exited with code {process.returncode}:\n{text[-2000:]}")
        time.sleep(0.1)
    process.terminate()
    raise LocalFarmError(
        f"the local farm did not start listening within {START_TIMEOUT:.0f} s; see {log_path}"
    )


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (our own exited children count as gone, zombies or not)."""
    if pid <= 0:
        return False
    if _reaped(pid):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _reaped(pid: int) -> bool:
    """True when ``pid`` is our own child and has exited (a zombie still answers kill(pid, 0))."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except (ChildProcessError, OSError, AttributeError):
        return False  # not our child (or no waitpid on this platform)
    return done == pid


def _accepts(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False
