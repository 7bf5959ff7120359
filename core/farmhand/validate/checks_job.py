"""Checks every host shares: units, frames, job options, outputs."""

from __future__ import annotations

import os
from typing import Iterator

from farmhand.frames import FrameSpec, FrameSpecError, PriorityFrames
from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.paths import is_within
from farmhand.validate.registry import check
from farmhand.validate.tips import ERROR, INFO, WARNING, Tip

# Houdini render ROP types that render without a camera.
CAMERALESS_ROPS = ("comp", "baketexture", "labs::baketexture")


@check(order=0)
def scene_file_exists(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    if not os.path.isfile(scene.scene_file):
        yield Tip(
            ERROR, "the scene file does not exist", "scene_file_exists", code="15024", path=scene.scene_file
        )


@check(order=1)
def has_render_units(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    if not scene.units:
        yield Tip(
            ERROR, "the scene has nothing to render (no render layer, ROP or view layer)", "has_render_units"
        )
    elif not scene.enabled_units:
        yield Tip(ERROR, "every render unit is disabled; enable at least one", "has_render_units")


@check(order=2)
def frames_are_valid(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    if options.frames:
        try:
            FrameSpec.parse(options.frames)
        except FrameSpecError as exc:
            yield Tip(ERROR, f"job frames: {exc}", "frames_are_valid")
            return
    for unit in scene.enabled_units:
        if options.frames:
            continue
        if not unit.frames:
            yield Tip(ERROR, "no frames to render", "frames_are_valid", node=unit.name, unit=unit.name)
            continue
        try:
            FrameSpec.parse(unit.frames)
        except FrameSpecError as exc:
            yield Tip(ERROR, str(exc), "frames_are_valid", node=unit.name, unit=unit.name)


@check(order=3)
def job_options_are_consistent(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    name = "job_options_are_consistent"
    if options.frames_per_task < 1:
        yield Tip(ERROR, f"frames per task must be at least 1, not {options.frames_per_task}", name)
    if options.tiles < 1:
        yield Tip(ERROR, f"tiles must be at least 1, not {options.tiles}", name)
    if options.tiles > 1 and options.frames_per_task > 1:
        yield Tip(ERROR, "tiles and several frames per task cannot be combined on Fox farms", name)
    if options.priority not in (50, 60):
        yield Tip(WARNING, f"priority {options.priority} is not one Renderbus knows (50 or 60)", name)
    try:
        PriorityFrames.parse(options.pre_frames)
    except FrameSpecError as exc:
        yield Tip(ERROR, f"priority frames: {exc}", name)


@check(order=10)
def cameras_are_set(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    code = "46003" if scene.host == "blender" else "15006"
    for unit in scene.enabled_units:
        if unit.kind == "rop" and (unit.option != -1 or unit.node_type.split("::")[0] in CAMERALESS_ROPS):
            continue  # caches, simulations, compositing and texture baking need no camera
        if not unit.cameras and scene.host == "max":
            message = "no render camera: 3ds Max will render the active viewport"
            yield Tip(WARNING, message, "cameras_are_set", code="10035", node=unit.name, unit=unit.name)
        elif not unit.cameras:
            message = "no renderable camera"
            yield Tip(ERROR, message, "cameras_are_set", code=code, node=unit.name, unit=unit.name)
        known = unit.all_cameras or scene.cameras
        for camera in unit.cameras:  # each named camera must exist
            if known and camera not in known:
                message = f"the camera {camera} does not exist in the scene"
                yield Tip(ERROR, message, "cameras_are_set", code=code, node=unit.name, unit=unit.name)


@check(order=20)
def outputs_inside_project(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    if not scene.project_root:
        return
    for unit in scene.enabled_units:
        output = unit.output
        if output and _is_absolute(output) and not is_within(output, scene.project_root):
            yield Tip(
                WARNING,
                f"the output is outside the project {scene.project_root}",
                "outputs_inside_project",
                node=unit.name,
                path=output,
                unit=unit.name,
            )


def _is_absolute(path: str) -> bool:
    return path.startswith(("/", "\\")) or (len(path) > 2 and path[1] == ":")


@check(order=21)
def outputs_are_distinct(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    owners = {}
    for unit in scene.enabled_units:
        if unit.output and "<" not in unit.output and unit.output in owners:
            message = f"writes the same output as {owners[unit.output]}; frames would overwrite each other"
            yield Tip(
                WARNING, message, "outputs_are_distinct", node=unit.name, path=unit.output, unit=unit.name
            )
        owners.setdefault(unit.output, unit.name)


@check(order=90)
def reader_notes_shown(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    for note in scene.reader_notes:
        yield Tip(
            WARNING,
            note.get("message", ""),
            "reader_notes_shown",
            node=note.get("node", ""),
            attribute=note.get("attribute", ""),
            path=note.get("path", ""),
        )


@check(order=91)
def uncertain_values_flagged(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    name = "uncertain_values_flagged"
    for field, reason in scene.low_confidence.items():
        yield Tip(INFO, f"{field} may be inaccurate: {reason}", name)
    for unit in scene.enabled_units:
        for field, reason in unit.low_confidence.items():
            yield Tip(INFO, f"{field} may be inaccurate: {reason}", name, node=unit.name, unit=unit.name)
