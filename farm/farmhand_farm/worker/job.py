"""Rendering one claimed frame record: start the renderer, watch it, record how it ended.

The renderer runs as a child process (its own session, so stopping it takes
its children too).  While it runs, the supervisor heart-beats the lease and
polls whether the claim is still wanted: a task stopped, abandoned, deleted or
restarted revokes the claim, and the render is terminated at once.  Endings:

* success: outputs move from staging into the task's output folder, the frame
  is done (4), a thumbnail is made;
* renderer exit code != 0, missing renderer, bad job files: the frame fails (5)
  with the reason, and the log says it too;
* renderer killed by a signal (crash, OOM killer, someone's ``kill -9``): the
  frame goes back to waiting, up to ``crash_retries`` times, then fails;
* farm shutting down: the render is terminated and the frame goes back to waiting.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import List

from farmhand_farm.dispatch import FrameClaim, FrameQueue
from farmhand_farm.worker import leases, publish, queue, tiles
from farmhand_farm.worker.config import WorkerConfig
from farmhand_farm.worker.renderers import Command, MissingRenderer, commands_for, require_renderer
from farmhand_farm.worker.request import RenderRequest, RequestError, build_request, read_task
from farmhand_farm.worker.thumbnails import thumbnail_for_frame

log = logging.getLogger(__name__)

TERMINATE_GRACE_SECONDS = 5.0
LOG_TAIL_LINES = 15
# Never handed to a renderer: the farm's own secrets.
SECRET_ENV_PREFIXES = ("FARMHAND_FARM_ACCESS",)


class Revoked(Exception):
    """The claim was taken back (task stopped, abandoned, deleted, frame restarted)."""


class ShuttingDown(Exception):
    pass


class TileMergeFailed(Exception):
    pass


class RenderJob:
    def __init__(
        self, frame_queue: FrameQueue, config: WorkerConfig, claim: FrameClaim, stopping: threading.Event
    ) -> None:
        self.queue = frame_queue
        self.db = frame_queue.db
        self.config = config
        self.claim = claim
        self.stopping = stopping
        attempt = claim.node_id.rsplit("/", 1)[-1].replace(".", "-")
        self.staging = publish.staging_dir(claim.output_dir, claim.frame_id, attempt)

    def run(self) -> None:
        leases.take(self.db, self.claim.frame_id, self.claim.node_id, os.getpid())
        started = time.monotonic()
        try:
            self._run()
        except Revoked:
            self._log("the task was stopped or the frame restarted: render terminated, result discarded")
        except ShuttingDown:
            queue.give_back(self.db, self.claim)
            self._log("the farm is shutting down: render terminated, the frame waits for the next start")
        except Exception as exc:  # never leave a record "started" behind a worker bug or a full disk
            log.exception("frame record %s: worker error", self.claim.frame_id)
            self._log(f"FAILED: farm worker error: {exc!r}")
            self.queue.mark_failed(self.claim, f"farm worker error: {exc!r}")
        finally:
            publish.discard(self.staging)
            leases.release(self.db, self.claim.frame_id, self.claim.node_id)
            log.info("frame record %s finished in %.1f s", self.claim.frame_id, time.monotonic() - started)

    def _run(self) -> None:
        try:
            task = read_task(self.claim)
            require_renderer(task, self.config)
            request = build_request(self.claim, self.staging, task)
            title, commands = commands_for(request, self.config)
        except (RequestError, MissingRenderer) as exc:
            self._fail(str(exc))
            return
        self._log(f"{self.claim.node_id}: rendering frames {self.claim.frame_spec} with {title}")
        for command in commands:
            code = self._run_command(command)
            if code < 0:
                self._crashed(-code)
                return
            if code > 0:
                self._fail(f"{title} exited with code {code}{self._log_tail()}")
                return
        self._finish(request)

    def _run_command(self, command: Command) -> int:
        self.staging.mkdir(parents=True, exist_ok=True)
        self.claim.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.claim.log_path, "ab") as log_file:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                env=_renderer_env(),
                start_new_session=True,
            )
        leases.beat(self.db, self.claim.frame_id, self.claim.node_id, render_pid=process.pid)
        try:
            return self._supervise(process)
        except BaseException:
            _terminate(process)
            raise

    def _supervise(self, process: subprocess.Popen) -> int:
        last_beat = time.monotonic()
        while True:
            try:
                return process.wait(timeout=self.config.poll_seconds)
            except subprocess.TimeoutExpired:
                pass
            if self.stopping.is_set():
                raise ShuttingDown()
            if not self.queue.still_wanted(self.claim):
                raise Revoked()
            if time.monotonic() - last_beat >= self.config.heartbeat_seconds:
                leases.beat(self.db, self.claim.frame_id, self.claim.node_id)
                last_beat = time.monotonic()

    def _finish(self, request: RenderRequest) -> None:
        if self._tiled:
            self._finish_tile()
            return
        outputs = publish.publish(self.staging, self.claim.output_dir)
        if not outputs:
            self._fail("the renderer finished but wrote no output file")
            return
        relative = [path.relative_to(self.claim.output_dir).as_posix() for path in outputs]
        if not self.queue.mark_done(self.claim, relative):
            raise Revoked()
        self._log(f"done: {', '.join(relative)}")
        thumbnail_for_frame(self.queue.data_dir, self.claim.frame_id, outputs)

    @property
    def _tiled(self) -> bool:
        return self.claim.tiles > 1 and bool(self.claim.frame_block)

    def _finish_tile(self) -> None:
        """Keep this strip; whoever completes a frame's strips merges them into the output.

        The merge happens before the last record is marked done, so a client that
        sees the task done finds the frame; the check after marking covers two
        last strips finishing at the same moment.
        """
        rendered = publish.staged_files(self.staging)
        if not rendered:
            self._fail("the renderer finished but wrote no output file")
            return
        names = [path.name for path in rendered]
        tiles.store_tiles(rendered, self.claim.output_dir, int(self.claim.frame_block))
        try:
            merged = self._merge_if_complete(names, others_only=True)
        except TileMergeFailed as exc:
            self._fail(str(exc))
            return
        if not self.queue.mark_done(self.claim, names):
            raise Revoked()
        self._log(f"strip {self.claim.frame_block}/{self.claim.tiles} done: {', '.join(names)}")
        merged += self._merge_if_complete(names, others_only=False)
        if merged:
            self._log(f"merged {self.claim.tiles} strips: {', '.join(path.name for path in merged)}")
            thumbnail_for_frame(self.queue.data_dir, self.claim.frame_id, merged)

    def _merge_if_complete(self, names: List[str], others_only: bool) -> List[Path]:
        if not queue.all_blocks_done(self.db, self.claim, others_only):
            return []
        output_dir, count = self.claim.output_dir, self.claim.tiles
        try:
            merged = [tiles.merge_when_complete(output_dir, name, count) for name in names]
        except (OSError, ValueError) as exc:  # e.g. EXR strips: Pillow cannot read them
            raise TileMergeFailed(f"cannot merge the strips of {', '.join(names)}: {exc}") from exc
        return [path for path in merged if path is not None]

    def _crashed(self, signal_number: int) -> None:
        count = leases.release(self.db, self.claim.frame_id, self.claim.node_id, crashed=True)
        name = _signal_name(signal_number)
        if count <= self.config.crash_retries:
            self._log(f"the renderer was killed by {name} (crash {count}): the frame goes back to waiting")
            queue.give_back(self.db, self.claim)
        else:
            self._fail(f"the renderer was killed by {name} {count} times; giving up on this frame")

    def _fail(self, message: str) -> None:
        self._log(f"FAILED: {message}")
        if not self.queue.mark_failed(self.claim, message):
            raise Revoked()

    def _log(self, text: str) -> None:
        self.queue.append_log(self.claim, f"[farmhand {time.strftime('%H:%M:%S')}] {text}")

    def _log_tail(self) -> str:
        try:
            lines = self.claim.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        tail = [line for line in lines if line.strip()][-LOG_TAIL_LINES:]
        return (":\n" + "\n".join(tail)) if tail else ""


def _renderer_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith(SECRET_ENV_PREFIXES)}


def _terminate(process: subprocess.Popen) -> None:
    """SIGTERM the renderer's whole process group, SIGKILL it if it does not go."""
    for sig, wait in ((signal.SIGTERM, TERMINATE_GRACE_SECONDS), (signal.SIGKILL, None)):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
