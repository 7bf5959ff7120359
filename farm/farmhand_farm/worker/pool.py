"""The farm's bounded worker pool: N threads, each rendering one claimed frame record at a time.

Threads only supervise; the rendering happens in child processes, so N is the
number of concurrent renders.  On start the pool first takes back frames a
dead farm left "started"; while running, a reaper hands out again frames whose
worker (in any process sharing the database) stopped heart-beating, and stops
tasks past their whole-task timeout even while every worker is busy.  ``stop``
terminates running renders and puts their frames back to waiting, so a farm
restart continues exactly where it stopped.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
from pathlib import Path
from typing import List, Optional

from farmhand_farm.db import Database
from farmhand_farm.dispatch import FrameQueue
from farmhand_farm.worker import queue
from farmhand_farm.worker.config import WorkerConfig
from farmhand_farm.worker.job import RenderJob
from farmhand_farm.worker.leases import HOST

log = logging.getLogger(__name__)


class WorkerPool:
    def __init__(self, database: Database, data_dir: Path, config: WorkerConfig) -> None:
        self.queue = FrameQueue(database, Path(data_dir))
        self.db = database
        self.config = config
        self._stopping = threading.Event()
        self._threads: List[threading.Thread] = []
        self._claims = itertools.count(1)
        self._claims_lock = threading.Lock()

    def start(self) -> None:
        recovered = queue.recover_at_start(self.db, self.config.lease_seconds)
        if recovered:
            log.warning("frames left started by a stopped farm are waiting again: %s", recovered)
        if self.config.workers <= 0:
            return
        for slot in range(1, self.config.workers + 1):
            self._spawn(f"farmhand-worker-{slot}", self._work, slot)
        self._spawn("farmhand-reaper", self._reap)

    def stop(self, timeout: Optional[float] = 30.0) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()

    def _spawn(self, name: str, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _node_id(self, slot: int) -> str:
        with self._claims_lock:
            number = next(self._claims)
        return f"{HOST}/{os.getpid()}/w{slot}/{number}"

    def _work(self, slot: int) -> None:
        while not self._stopping.is_set():
            try:
                claim = self.queue.claim_next(self._node_id(slot)) if queue.has_runnable(self.db) else None
                if claim is None:
                    self._stopping.wait(self.config.poll_seconds)
                    continue
                RenderJob(self.queue, self.config, claim, self._stopping).run()
            except Exception:  # a worker must survive a bad frame or a busy database
                log.exception("worker %s: unexpected error; continuing", slot)
                self._stopping.wait(1.0)

    def _reap(self) -> None:
        while not self._stopping.wait(self.config.heartbeat_seconds):
            try:
                reaped = queue.reap_stale(self.db, self.config.lease_seconds)
                if reaped:
                    log.warning("frames whose worker stopped answering are waiting again: %s", reaped)
                overdue = queue.stop_overdue(self.db)
                if overdue:
                    log.warning("tasks stopped after their overTimeStop: %s", overdue)
            except Exception:
                log.exception("lease reaper: unexpected error; continuing")
