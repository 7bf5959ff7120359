"""Terminal progress for a submission: one redrawn line per stage, plain lines when piped."""

from __future__ import annotations

import sys
from typing import Optional, TextIO

from farmhand.humanize import human_bytes, human_rate
from farmhand.submit.events import SubmissionEvent


class TerminalProgress:
    """Shows hashing/upload/download bars and frame progress on stderr."""

    def __init__(self, stream: Optional[TextIO] = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.live = self.stream.isatty()
        self._open_line = False

    def __call__(self, event: SubmissionEvent) -> None:
        if self.quiet and event.level == "info":
            return
        if event.transfer is not None:
            self._bar(self._transfer_line(event))
        elif event.task is not None:
            task = event.task
            gauge = self._gauge(task.frames_done, task.frames_total)
            self._bar(f"rendering  {gauge} {event.message} ({task.status})")
        elif event.message:
            self._line(f"{event.stage}: {event.message}")

    def _transfer_line(self, event: SubmissionEvent) -> str:
        t = event.transfer
        assert t is not None
        eta = f" eta {t.eta:.0f}s" if t.eta is not None else ""
        return (
            f"{t.phase:<11}{self._gauge(t.bytes_done, t.bytes_total)} {t.files_done}/{t.files_total} files "
            f"{human_bytes(t.bytes_done)}/{human_bytes(t.bytes_total)} {human_rate(t.rate)}{eta}"
        )

    @staticmethod
    def _gauge(done: float, total: float, width: int = 24) -> str:
        fraction = 1.0 if total <= 0 else min(1.0, done / total)
        filled = int(fraction * width)
        return f"[{'#' * filled}{'.' * (width - filled)}] {fraction * 100:5.1f}%"

    def _bar(self, text: str) -> None:
        if self.live:
            self.stream.write("\r" + text[:160].ljust(100))
            self._open_line = True
        self.stream.flush()

    def _line(self, text: str) -> None:
        if self._open_line:
            self.stream.write("\n")
            self._open_line = False
        self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._open_line:
            self.stream.write("\n")
            self._open_line = False
