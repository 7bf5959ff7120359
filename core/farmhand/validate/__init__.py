"""Validation: small independent checks over a SceneDescription, every problem reported.

Importing the check modules registers them; ``validate`` runs them all and
never stops at the first problem.
"""

from __future__ import annotations

from typing import Optional

from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.validate import checks_files, checks_hosts, checks_job  # noqa: F401  (registers checks)
from farmhand.validate.registry import CHECKS, check, run_checks
from farmhand.validate.tips import ERROR, INFO, WARNING, Tip, ValidationReport

__all__ = ["CHECKS", "ERROR", "INFO", "WARNING", "Tip", "ValidationReport", "check", "validate"]


def validate(scene: SceneDescription, options: Optional[JobOptions] = None) -> ValidationReport:
    return ValidationReport(run_checks(scene, options))
