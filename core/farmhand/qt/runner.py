"""Starting a submission off the UI thread and relaying its events back.

Creating the provider may itself be slow (starting the local farm, a first
login), so that too happens on a worker thread.  The cancel token exists from
the first moment, so Cancel works in every stage, even before the farm answers.
"""

from __future__ import annotations

import threading
from typing import Callable, Optional

from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.providers.base import FarmProvider
from farmhand.qt.background import Relay, lower_thread_priority
from farmhand.submit import Submission, SubmissionEvent
from farmhand.transfer.cancel import CancelToken
from farmhand.transfer.errors import TransferCancelled

ProviderFactory = Callable[[str], FarmProvider]


class SubmissionRunner:
    """One submission from the dialog: provider creation, then :meth:`Submission.start`."""

    def __init__(self, relay: Relay) -> None:
        self.relay = relay
        self.cancel = CancelToken()
        self.submission: Optional[Submission] = None
        self._setup_error: Optional[BaseException] = None

    @property
    def error(self) -> Optional[BaseException]:
        if self._setup_error is not None:
            return self._setup_error
        return self.submission.error if self.submission is not None else None

    def start(
        self,
        scene: SceneDescription,
        options: JobOptions,
        profile: str,
        factory: ProviderFactory,
        *,
        wait: bool,
        download_dir: Optional[str],
    ) -> None:
        def launch() -> None:
            lower_thread_priority()
            try:
                provider = factory(profile)
                self.cancel.raise_if_cancelled()
            except BaseException as exc:  # reported like any submission failure
                self._setup_error = exc
                self.relay.send(SubmissionEvent("done", _setup_message(profile, exc), level="error"))
                return
            self.submission = Submission(
                scene,
                options,
                provider,
                on_event=self.relay.send,
                cancel=self.cancel,
                wait=wait,
                download_dir=download_dir or None,
            )
            self.submission.start()

        self.relay.send(SubmissionEvent("validate", f"connecting to profile {profile}"))
        threading.Thread(target=launch, name="farmhand-provider", daemon=True).start()


def _setup_message(profile: str, exc: BaseException) -> str:
    if isinstance(exc, TransferCancelled):
        return str(exc)
    return f"cannot use profile {profile}: {exc}"
