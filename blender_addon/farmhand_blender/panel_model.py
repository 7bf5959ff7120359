"""Everything the Farmhand N-panel shows, as plain data computed from ``bpy`` and the add-on state.

The panel classes in :mod:`.panel` only lay this out; keeping the decisions here (what is missing,
what blocks Submit, what a view layer renders with) makes them testable in ``bpy`` without a
window, and keeps ``draw`` free of logic that could differ from what the operators do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

import bpy

from farmhand.scenes.blender_common import MOVIE_FORMATS, BlenderScene

from .analysis import Analysis, FramesCheck, analyze, check_frames
from .background import RUNNER, JobView
from .properties import layer_choice, profile_names
from .scene import read_scenes
from .state import STATE, Connection


@dataclass
class LayerRow:
    scene: str
    layer: str
    cameras: List[str]
    render: bool
    use: bool  # Blender's own "Use for Rendering"
    chosen: bool  # the user ticked or unticked it (else it follows Blender)


@dataclass
class OutputRow:
    scene: str
    engine: str
    width: int  # final pixels, after the resolution percentage
    height: int
    percentage: int
    frame_path: str  # the first frame's file, exactly as Blender writes it
    file_format: str
    is_movie: bool


@dataclass
class DependencyRow:
    path: str
    datablock: str
    kind: str
    found: int
    missing: int


@dataclass
class TipRow:
    severity: str
    message: str
    subject: str


@dataclass
class PanelModel:
    profiles: List[str]
    profile: str
    config_error: str
    connection: Optional[Connection]
    job_name: str
    project: str
    priority: int
    frames: FramesCheck
    layers: List[LayerRow]
    outputs: List[OutputRow]
    saved: bool
    dirty: bool
    analysed: bool
    stale: bool
    analysis_error: str
    dependencies: List[DependencyRow] = field(default_factory=list)
    tips: List[TipRow] = field(default_factory=list)
    task_json: str = ""
    busy: bool = False
    job: JobView = field(default_factory=JobView)
    blocked: str = ""  # why Submit is disabled ("" when it is enabled)

    @property
    def can_submit(self) -> bool:
        return not self.blocked

    @property
    def missing(self) -> List[DependencyRow]:
        return [row for row in self.dependencies if row.missing]

    @property
    def errors(self) -> List[TipRow]:
        return [tip for tip in self.tips if tip.severity == "error"]

    @property
    def warnings(self) -> List[TipRow]:
        return [tip for tip in self.tips if tip.severity == "warning"]


def panel_model(context) -> PanelModel:
    """What the panel shows for ``context.scene`` now (analyses the file once if never analysed)."""
    scene = context.scene
    settings = scene.farmhand
    names, config_error = profile_names()
    STATE.drain_connections()
    analysis = _analysis(scene)
    model = PanelModel(
        profiles=names,
        profile=settings.profile,
        config_error=config_error,
        connection=STATE.connections.get(settings.profile),
        job_name=settings.job_name,
        project=settings.project,
        priority=settings.priority,
        frames=check_frames(scene),
        layers=layer_rows(analysis),
        outputs=output_rows(),
        saved=bool(bpy.data.filepath),
        dirty=bool(bpy.data.is_dirty),
        analysed=analysis is not None,
        stale=STATE.stale,
        analysis_error=analysis.error if analysis is not None else "",
        busy=RUNNER.busy,
        job=RUNNER.view,
    )
    if analysis is not None and analysis.scene is not None:
        model.dependencies = dependency_rows(analysis)
        model.tips = [TipRow(t.severity, t.message, _subject(t)) for t in analysis.report.tips]
        model.task_json = analysis.task_json
    model.blocked = blocked_reason(model, analysis)
    return model


def _analysis(scene) -> Optional[Analysis]:
    """The cached analysis; a saved file that was never analysed is analysed now (once)."""
    analysis = STATE.current_analysis()
    if analysis is None and bpy.data.filepath:
        analysis = analyze(scene)
        STATE.store(analysis)
    return analysis


def blocked_reason(model: PanelModel, analysis: Optional[Analysis]) -> str:
    """Errors block Submit, warnings do not; a stale analysis is re-checked when Submit runs."""
    if model.busy:
        return "a submission is running"
    if not model.saved:
        return "save the file first"
    if model.frames.error:
        return "the frame spec is not valid"
    if analysis is not None and not model.stale:
        if analysis.error:
            return analysis.error
        if analysis.report.has_errors:
            return f"{len(analysis.report.errors)} error(s) to fix"
    return ""


def layer_rows(analysis: Optional[Analysis] = None) -> List[LayerRow]:
    """Every local scene's view layers with the cameras the render uses.

    Cameras come from the analysis when there is one (the job's own list: marker cameras only
    when their marker falls in the frames rendered), else from the scene's settings.
    """
    cameras_of = {read.name: _cameras(read) for read in read_scenes()}
    units = {}
    if analysis is not None and analysis.scene is not None:
        units = {unit.name: list(unit.cameras) for unit in analysis.scene.units}
    rows = []
    for scene in bpy.data.scenes:
        if scene.library is not None:
            continue
        for layer in scene.view_layers:
            rows.append(
                LayerRow(
                    scene=scene.name,
                    layer=layer.name,
                    cameras=units.get(f"{scene.name}/{layer.name}", cameras_of.get(scene.name, [])),
                    render=bool(layer.farmhand_render),
                    use=bool(layer.use),
                    chosen=layer_choice(layer) is not None,
                )
            )
    return rows


def _cameras(scene: BlenderScene) -> List[str]:
    """The scene camera, then the cameras markers switch to (the order the job files use)."""
    names = ([scene.camera] if scene.camera else []) + scene.marker_cameras
    return list(dict.fromkeys(names))


def output_rows() -> List[OutputRow]:
    rows = []
    for scene in bpy.data.scenes:
        if scene.library is not None:
            continue
        render = scene.render
        file_format = render.image_settings.file_format
        percentage = render.resolution_percentage
        rows.append(
            OutputRow(
                scene=scene.name,
                engine=render.engine,
                width=render.resolution_x * percentage // 100,
                height=render.resolution_y * percentage // 100,
                percentage=percentage,
                frame_path=render.frame_path(frame=scene.frame_start),
                file_format=file_format,
                is_movie=file_format in MOVIE_FORMATS,
            )
        )
    return rows


def dependency_rows(analysis: Analysis) -> List[DependencyRow]:
    """Every external file with the datablock that uses it; missing ones first."""
    assert analysis.scene is not None
    rows = [
        DependencyRow(dep.path, dep.node, dep.kind, len(dep.files), len(dep.missing) + len(dep.unresolved))
        for dep in analysis.scene.dependencies
    ]
    return sorted(rows, key=lambda row: (row.missing == 0, row.kind, row.path))


def _subject(tip) -> str:
    subject = ".".join(part for part in (tip.node, tip.attribute) if part)
    return ", ".join(part for part in (subject, tip.path) if part)
