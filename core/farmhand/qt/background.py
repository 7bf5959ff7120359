"""Work that must not run on the UI thread, and the one road its results take back.

Host UIs freeze if the main thread hashes a 2 GB cache or waits on the
network, and Qt widgets must only be touched from the thread that owns them.
So every result crosses back through a Qt signal delivered with a queued
connection: the worker thread only ever emits, the UI thread only ever draws.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import Any, Callable, Optional, Tuple

from Qt import QtCore

QUEUED = QtCore.Qt.ConnectionType.QueuedConnection
# Nice value of background threads: hashing and uploading saturate the cores,
# and the host's UI thread must still get the CPU within a frame or two.
BACKGROUND_NICE = 10


def lower_thread_priority() -> None:
    """Run the calling thread (and the threads it starts) at a lower CPU priority.

    Linux schedules threads individually and new threads inherit their
    creator's nice value, so niceing the thread that starts a submission
    covers its whole worker pool.  Elsewhere ``setpriority`` would apply to the
    whole host process, so it is left alone there.
    """
    if not sys.platform.startswith("linux"):
        return
    # A sandbox may forbid it; the work then runs at normal priority.
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)


class Relay(QtCore.QObject):
    """A signal carrying any Python object from a worker thread to the UI thread."""

    delivered = QtCore.Signal(object)

    def connect_queued(self, slot: Callable[[Any], None]) -> None:
        self.delivered.connect(slot, QUEUED)

    def send(self, payload: Any) -> None:
        """Callable from any thread; the connected slot runs later on the UI thread.

        Once the dialog is gone (the host deleted it mid-submission) there is
        nobody to tell: the event is dropped rather than failing the worker.
        """
        with contextlib.suppress(RuntimeError):  # raised when the C++ object was deleted
            self.delivered.emit(payload)


class LatestOnlyWorker:
    """One daemon thread running only the newest request; older pending ones are dropped.

    Typing in the frames field or ticking ten layers in a row queues ten
    previews; only the last one matters, and building stale ones would delay it.
    Results arrive as ``(generation, result, error)`` so the UI can ignore any
    that a newer request has superseded.
    """

    def __init__(self, on_result: Callable[[Tuple[int, Any, Optional[BaseException]]], None]) -> None:
        self._relay = Relay()
        self._relay.connect_queued(on_result)
        self._condition = threading.Condition()
        self._pending: Optional[Tuple[int, Callable[[], Any]]] = None
        self._generation = 0
        self._stopped = False
        self._thread = threading.Thread(target=self._loop, name="farmhand-preview", daemon=True)
        self._thread.start()

    @property
    def generation(self) -> int:
        return self._generation

    def request(self, job: Callable[[], Any]) -> int:
        with self._condition:
            self._generation += 1
            self._pending = (self._generation, job)
            self._condition.notify()
            return self._generation

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._pending = None
            self._condition.notify()

    def _loop(self) -> None:
        lower_thread_priority()
        while True:
            with self._condition:
                while self._pending is None and not self._stopped:
                    self._condition.wait()
                if self._stopped:
                    return
                generation, job = self._pending  # type: ignore[misc]
                self._pending = None
            try:
                self._relay.send((generation, job(), None))
            except Exception as exc:  # shown in the preview; the worker keeps serving requests
                self._relay.send((generation, None, exc))
