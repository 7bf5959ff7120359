"""The submission pipeline hosts and the CLI share."""

from farmhand.submit.events import STAGES, SubmissionEvent
from farmhand.submit.pipeline import Submission, SubmissionResult, ValidationFailed

__all__ = ["STAGES", "Submission", "SubmissionEvent", "SubmissionResult", "ValidationFailed"]
