"""The open file as it would be submitted now: description, job options, validation, task.json.

The N-panel and the submit operator share this one function, so what the panel shows (missing
files, errors, the task.json preview) is exactly what the submission will send.  It runs on the
main thread (it reads ``bpy``) and is cached in :mod:`.state` because walking every datablock and
checking every file on disk is too slow to repeat on each redraw.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

import bpy

from farmhand.errors import FarmhandError
from farmhand.frames import FrameSpec, FrameSpecError
from farmhand.jobfiles import build_job
from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.validate import ValidationReport, validate

from .scene import describe_session


@dataclass
class FramesCheck:
    """The frames the job renders, or why the user's spec cannot be read (with where)."""

    spec: str
    custom: bool
    error: str = ""
    position: int = -1


@dataclass
class Analysis:
    scene: Optional[SceneDescription] = None
    options: JobOptions = field(default_factory=JobOptions)
    report: ValidationReport = field(default_factory=ValidationReport)
    task_json: str = ""
    # Why there is no description at all (unsaved file, unreadable frames...).
    error: str = ""

    @property
    def can_submit(self) -> bool:
        return self.scene is not None and not self.error and not self.report.has_errors


def check_frames(scene) -> FramesCheck:
    """The job's frame spec from the scene's settings; a bad custom spec says where it breaks."""
    settings = scene.farmhand
    if not settings.use_custom_frames:
        return check_frames_default(scene)
    text = settings.frames
    try:
        return FramesCheck(FrameSpec.parse(text).to_fox(), custom=True)
    except FrameSpecError as exc:
        return FramesCheck(text, custom=True, error=str(exc), position=exc.position)


def job_options(scene, frames: FramesCheck) -> JobOptions:
    settings = scene.farmhand
    blend = os.path.splitext(os.path.basename(bpy.data.filepath))[0]
    return JobOptions(
        project_name=settings.project.strip(),
        job_name=settings.job_name.strip() or blend,
        priority=settings.priority,
        frames=frames.spec if frames.custom else None,
        frames_per_task=settings.frames_per_task,
    )


def apply_layer_choices(description: SceneDescription) -> None:
    """Units are ``"<scene>/<view layer>"``; each is submitted as its view layer's toggle says."""
    for unit in description.units:
        scene_name, _, layer_name = unit.name.partition("/")
        scene = bpy.data.scenes.get(scene_name)
        layer = scene.view_layers.get(layer_name) if scene is not None else None
        if layer is not None:
            unit.enabled = bool(layer.farmhand_render)


def analyze(scene) -> Analysis:
    """Describe the session with the user's choices applied, validate it, and build the task.json."""
    frames = check_frames(scene)
    custom = frames.custom and not frames.error
    options = job_options(scene, frames) if custom else job_options(scene, check_frames_default(scene))
    try:
        description = describe_session(frames.spec if custom else None)
    except FarmhandError as exc:
        return Analysis(options=options, error=str(exc))
    apply_layer_choices(description)
    report = validate(description, options)
    analysis = Analysis(description, options, report)
    if frames.error:
        # Files and checks are still shown (for the scene's own frames); only submitting is refused.
        analysis.error = f"frames: {frames.error}"
    elif description.enabled_units:
        analysis.task_json = build_job(description, options, report).text("task.json")
    return analysis


def check_frames_default(scene) -> FramesCheck:
    """The scene's own start/end/step as a frame spec."""
    from .properties import scene_frame_spec

    return FramesCheck(scene_frame_spec(scene), custom=False)
