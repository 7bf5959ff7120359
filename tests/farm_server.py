"""Farmhand's real farm server as a child process, for tests (stdlib only: loaded on Python 3.9 too).

Import it as ``from farm_server import FarmServer`` (a unique module name: several
test folders have their own conftest.py, so ``from conftest import ...`` may pick
another folder's).  The fixtures using it are in tests/conftest.py.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

FARM_ACCESS_ID = "AKFH_TEST_ID"
FARM_ACCESS_KEY = "farmhand-test-secret-key"
FARM_START_TIMEOUT = 60.0
_LISTENING_PREFIX = "farmhand farm listening on http://"
# How a farm is started: the farm package directly, or the core's ``farmhand farm`` command.
FARM_MODULE_LAUNCHER = (sys.executable, "-m", "farmhand_farm")
FARMHAND_CLI_LAUNCHER = (sys.executable, "-m", "farmhand", "farm")


class FarmServer:
    """A running farm process; ``restart()`` keeps the data directory (persistence tests)."""

    def __init__(
        self,
        data_dir: Path,
        access_id: str = FARM_ACCESS_ID,
        access_key: str = FARM_ACCESS_KEY,
        env: Optional[Dict[str, str]] = None,
        args: Sequence[str] = (),
        launcher: Sequence[str] = FARM_MODULE_LAUNCHER,
        own_session: bool = False,
    ) -> None:
        self.data_dir = Path(data_dir)
        # In its own session Linux schedules the farm as a separate group, like a farm on another machine.
        self.own_session = own_session
        self.launcher = list(launcher)
        self.access_id = access_id
        self.access_key = access_key
        self.host = "127.0.0.1"
        self.port = 0
        self._env = dict(env or {})
        self._args = list(args)
        self.process: Optional[subprocess.Popen] = None
        self.log_path = self.data_dir / "server.log"  # stderr
        self.output: List[str] = []  # stdout lines (the listening line, uvicorn's access log)

    @property
    def url(self) -> str:
        return f"http://{self.domain}"

    @property
    def domain(self) -> str:
        return f"{self.host}:{self.port}"

    def start(self) -> FarmServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env.update({"FARMHAND_FARM_ACCESS_ID": self.access_id, "FARMHAND_FARM_ACCESS_KEY": self.access_key})
        # No renders unless a test asks (env or --workers): most tests watch frames stay where they put them.
        env["FARMHAND_FARM_WORKERS"] = "0"
        env.update(self._env)
        command = [*self.launcher, "serve", "--data", str(self.data_dir)]
        command += ["--host", self.host, "--port", "0", *self._args]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=log,
                stdin=subprocess.DEVNULL,
                env=env,
                text=True,
                start_new_session=self.own_session,
            )
        self.port = self._wait_for_listening()
        return self

    def _wait_for_listening(self) -> int:
        assert self.process is not None and self.process.stdout is not None
        lines: queue.Queue[Optional[str]] = queue.Queue()
        stdout = self.process.stdout

        def pump() -> None:
            for line in stdout:
                self.output.append(line)
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        while True:
            try:
                line = lines.get(timeout=FARM_START_TIMEOUT)
            except queue.Empty:
                self.stop()
                raise RuntimeError(f"the farm did not listen within {FARM_START_TIMEOUT} s") from None
            if line is None:
                self.process.wait()
                raise RuntimeError(f"the farm exited ({self.process.returncode}):\n{self.log()}")
            if line.startswith(_LISTENING_PREFIX):
                return int(line.strip().rsplit(":", 1)[1])

    def log(self) -> str:
        """Everything the server printed so far: stderr, then stdout."""
        errors = self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""
        return errors + "".join(self.output)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> FarmServer:
        self.stop()
        return self.start()

    def client(self, **options: Any) -> Any:
        """A ``farmhand.api.RenderbusClient`` pointed at this farm (platform 2, plain HTTP)."""
        from farmhand.api import RenderbusClient

        options.setdefault("platform", "2")
        options.setdefault("protocol", "http")
        return RenderbusClient(self.access_id, self.access_key, domain=self.domain, **options)
