"""Checks only one host needs, with Fox's codes where Fox has them."""

from __future__ import annotations

from typing import Iterator

from farmhand.frames import FrameSpec, FrameSpecError
from farmhand.model import OPTION_RENDER, SceneDescription
from farmhand.options import JobOptions
from farmhand.validate.registry import check
from farmhand.validate.tips import ERROR, WARNING, Tip

# Blender output formats that write one movie instead of frames (Fox tip 46000).
BLENDER_MOVIE_FORMATS = ("AVI_JPEG", "AVI_RAW", "FRAMESERVER", "FFMPEG", "H264", "THEORA", "XVID")


@check(order=40, hosts=("blender",))
def blender_output_is_frames(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    for unit in scene.enabled_units:
        if unit.image_format.upper() in BLENDER_MOVIE_FORMATS:
            message = f"{unit.image_format} writes a movie; choose an image format so the farm renders frames"
            yield Tip(
                ERROR, message, "blender_output_is_frames", code="46000", node=unit.name, unit=unit.name
            )


@check(order=41, hosts=("blender",))
def blender_frame_step(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    for unit in scene.enabled_units:
        try:
            spec = FrameSpec.parse(options.frames or unit.frames)
        except FrameSpecError:
            continue  # frames_are_valid reports it
        if {step for start, end, step in spec.ranges if end > start} - {1}:
            message = "frame step is not 1; Fox's Blender nodes render every frame of the range"
            yield Tip(WARNING, message, "blender_frame_step", code="46001", node=unit.name, unit=unit.name)


@check(order=42, hosts=("blender",))
def blender_eevee_needs_gpu(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    for unit in scene.enabled_units:
        engine = (unit.renderer or scene.renderer).upper()
        if engine.startswith("BLENDER_EEVEE"):
            message = "Eevee renders on GPU nodes; on a CPU platform it is very slow or fails"
            yield Tip(
                WARNING, message, "blender_eevee_needs_gpu", code="46002", node=unit.name, unit=unit.name
            )


@check(order=43, hosts=("houdini",))
def houdini_opengl_needs_gpu(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    for unit in scene.enabled_units:
        if unit.node_type.lower() == "opengl":
            message = "the file contains an OpenGL ROP, which needs a graphics card: submit on a GPU platform"
            yield Tip(WARNING, message, "houdini_opengl_needs_gpu", node=unit.name, unit=unit.name)


@check(order=44, hosts=("houdini",))
def houdini_has_render_rop(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    if scene.enabled_units and not any(unit.option == OPTION_RENDER for unit in scene.enabled_units):
        message = "no render ROP is enabled; only caches and simulations will run"
        yield Tip(WARNING, message, "houdini_has_render_rop")


@check(order=45, hosts=("max",))
def max_output_is_saved(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    for unit in scene.enabled_units:
        if not unit.output:
            message = "no render output file is set, so the farm would render to nowhere"
            yield Tip(ERROR, message, "max_output_is_saved", node=unit.name, unit=unit.name)
        elif str(unit.settings.get("rend_save_file", "true")).lower() == "false":
            message = "'Save File' is off in Render Setup; the farm saves the output anyway"
            yield Tip(WARNING, message, "max_output_is_saved", node=unit.name, unit=unit.name)


@check(order=46, hosts=("maya",))
def maya_layer_renderer(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    for unit in scene.enabled_units:
        if not (unit.renderer or scene.renderer):
            yield Tip(
                WARNING,
                "the layer's renderer is unknown",
                "maya_layer_renderer",
                node=unit.name,
                unit=unit.name,
            )
