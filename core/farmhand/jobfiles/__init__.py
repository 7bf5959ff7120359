"""The four Fox job files (task.json, upload.json, asset.json, tips.json).

``build_job`` turns a validated scene plus the user's choices into the
files; ``write_job`` puts them on disk so that a reader never sees a
half-written file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Dict, Optional

from farmhand.errors import FarmhandError
from farmhand.fileio import atomic_write_text
from farmhand.jobfiles.task import build_task
from farmhand.jobfiles.upload import build_asset, build_upload
from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.validate import ValidationReport, validate

JOB_FILE_NAMES = ("task.json", "upload.json", "asset.json", "tips.json")

__all__ = ["JOB_FILE_NAMES", "JobFiles", "JobOptions", "JobWriteError", "build_job", "write_job"]


class JobWriteError(FarmhandError):
    """The job folder cannot be made or written (a file in the way, no permission, a full disk)."""


@dataclass
class JobFiles:
    task: Dict[str, Any]
    upload: Dict[str, Any]
    asset: Dict[str, Any]
    tips: Dict[str, Any]
    report: ValidationReport

    def documents(self) -> Dict[str, Dict[str, Any]]:
        return {
            "task.json": self.task,
            "upload.json": self.upload,
            "asset.json": self.asset,
            "tips.json": self.tips,
        }

    def text(self, name: str) -> str:
        """A job file exactly as it is written and sent (4-space indent, UTF-8, §10.1)."""
        return json.dumps(self.documents()[name], indent=4, ensure_ascii=False) + "\n"


def build_job(
    scene: SceneDescription, options: Optional[JobOptions] = None, report: Optional[ValidationReport] = None
) -> JobFiles:
    options = options or JobOptions()
    report = report if report is not None else validate(scene, options)
    return JobFiles(
        task=build_task(scene, options),
        upload=build_upload(scene, options),
        asset=build_asset(scene),
        tips=report.fox_tips(),
        report=report,
    )


def write_job(job: JobFiles, directory: str) -> Dict[str, str]:
    """Write the four files into ``directory``; each appears complete or not at all."""
    if not directory:
        raise JobWriteError("no job folder given")
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise JobWriteError(f"cannot write the job files into {directory}: it is a file, not a folder")
    written = {}
    try:
        os.makedirs(directory, exist_ok=True)
        for name in JOB_FILE_NAMES:
            target = os.path.join(directory, name)
            atomic_write_text(target, job.text(name))
            written[name] = target
    except OSError as exc:
        raise JobWriteError(f"cannot write the job files into {directory}: {exc.strerror or exc}") from exc
    return written
