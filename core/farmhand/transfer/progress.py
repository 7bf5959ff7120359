"""Progress events for a transfer, thread-safe and throttled.

One plain dataclass crosses the boundary to whatever shows progress (a CLI
bar, a Qt dialog, a Blender panel), so none of them needs to know how the
engine works.  Workers report every chunk and file; the tracker coalesces those into at
most one event per ``min_interval``, plus one at every phase start and end
(so the final counts always arrive), because a UI redrawing for each of
10,000 cached files would spend more time drawing than transferring.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Deque, Optional, Tuple

PHASES = ("hashing", "uploading", "downloading")

# Seconds of history the transfer rate is averaged over: long enough to smooth
# chunk bursts, short enough to follow a changing network.
RATE_WINDOW = 5.0


@dataclass(frozen=True)
class ProgressEvent:
    """A snapshot of one transfer phase.

    ``bytes_done`` includes ``bytes_skipped`` (content the farm already had) so a
    bar reaches 100%; ``rate`` (bytes per second) counts only bytes really moved
    or hashed, and ``eta`` is None until a rate is known.
    """

    phase: str
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    bytes_skipped: int
    rate: float
    eta: Optional[float]
    current_file: str
    elapsed: float

    @property
    def fraction(self) -> float:
        if self.bytes_total > 0:
            return min(1.0, self.bytes_done / self.bytes_total)
        return 1.0 if self.files_done >= self.files_total else 0.0


ProgressCallback = Callable[[ProgressEvent], None]


class ProgressTracker:
    """Accumulates counters from many threads and emits throttled events."""

    def __init__(
        self,
        callback: Optional[ProgressCallback],
        phase: str,
        *,
        files_total: int = 0,
        bytes_total: int = 0,
        min_interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if phase not in PHASES:
            raise ValueError(f"unknown progress phase {phase!r}")
        self._callback = callback
        self._clock = clock
        self._min_interval = min_interval
        self._lock = threading.Lock()
        self._emit_lock = threading.Lock()
        self._phase = phase
        self._files_total = files_total
        self._bytes_total = bytes_total
        self._files_done = 0
        self._bytes_done = 0
        self._bytes_skipped = 0
        self._current = ""
        self._started = clock()
        self._last_emit = float("-inf")
        self._moved = 0
        self._samples: Deque[Tuple[float, int]] = deque([(self._started, 0)])

    def add_bytes(self, count: int, current_file: Optional[str] = None) -> None:
        """Bytes really transferred or hashed."""
        with self._lock:
            self._bytes_done += count
            self._moved += count
            if current_file is not None:
                self._current = current_file
            self._samples.append((self._clock(), self._moved))
        self._maybe_emit(force=False)

    def skip_bytes(self, count: int, current_file: Optional[str] = None) -> None:
        """Bytes that needed no transfer (already on the farm, or cached hash)."""
        with self._lock:
            self._bytes_done += count
            self._bytes_skipped += count
            if current_file is not None:
                self._current = current_file
        self._maybe_emit(force=False)

    def file_done(self, current_file: Optional[str] = None) -> None:
        with self._lock:
            self._files_done += 1
            if current_file is not None:
                self._current = current_file
        self._maybe_emit(force=False)

    def start_phase(self, phase: str, *, files_total: int, bytes_total: int) -> None:
        """Reset the counters for the next phase (hashing -> uploading)."""
        if phase not in PHASES:
            raise ValueError(f"unknown progress phase {phase!r}")
        with self._lock:
            self._phase = phase
            self._files_total = files_total
            self._bytes_total = bytes_total
            self._files_done = self._bytes_done = self._bytes_skipped = self._moved = 0
            self._current = ""
            self._started = self._clock()
            self._samples = deque([(self._started, 0)])
        self._maybe_emit(force=True)

    def finish(self) -> None:
        """Emit the final state of the current phase unconditionally."""
        self._maybe_emit(force=True)

    def snapshot(self) -> ProgressEvent:
        with self._lock:
            return self._snapshot_locked(self._clock())

    def _snapshot_locked(self, now: float) -> ProgressEvent:
        # The oldest kept sample is the baseline: the newest one at least a window old.
        while len(self._samples) > 1 and now - self._samples[1][0] >= RATE_WINDOW:
            self._samples.popleft()
        base_time, base_moved = self._samples[0]
        span = now - base_time
        rate = (self._moved - base_moved) / span if span > 0 else 0.0
        remaining = max(0, self._bytes_total - self._bytes_done)
        eta = remaining / rate if rate > 0 else (0.0 if remaining == 0 else None)
        return ProgressEvent(
            phase=self._phase,
            files_done=self._files_done,
            files_total=self._files_total,
            bytes_done=self._bytes_done,
            bytes_total=self._bytes_total,
            bytes_skipped=self._bytes_skipped,
            rate=rate,
            eta=eta,
            current_file=self._current,
            elapsed=now - self._started,
        )

    def _maybe_emit(self, *, force: bool) -> None:
        if self._callback is None:
            return
        # The emit lock keeps events ordered and never calls back concurrently,
        # so a UI callback need not be re-entrant.
        with self._emit_lock:
            with self._lock:
                now = self._clock()
                if not force and now - self._last_emit < self._min_interval:
                    return
                self._last_emit = now
                event = self._snapshot_locked(now)
            self._callback(event)
