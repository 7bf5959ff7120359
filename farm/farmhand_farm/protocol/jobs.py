"""From an uploaded task.json to render units and frame records (what submit/task creates).

Units come from ``scene_info_render`` (or ``scene_info`` when that is empty),
per DCC (§10.4-10.7): Maya render layers, Houdini ROPs (render, cache,
distributed simulation), the 3ds Max render, the Blender scene.  Frame records
follow Fox's rules: priority frames (``pre_frames``) first as single-frame
records of type 4, the rest chunked by ``frames_per_task`` (type 5), or split
into ``tiles`` blocks; Houdini caches and simulations are one record each
(type 8).  Units run in stages: caches in ``geoDependencySort`` order, renders
after every cache; frames of a later stage wait (status 10) until every frame of
the earlier stages is done, across the sub-tasks of a layered job.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from farmhand.frames import FrameSpec, FrameSpecError, PriorityFrames
from farmhand_farm.protocol import status as st
from farmhand_farm.protocol.paging import invalid

MAYA, MAX, HOUDINI, BLENDER = 2000, 2001, 2004, 2007
# Hosts whose units may become sub-tasks (enable_layered); Fox has no layered Max/Blender jobs.
LAYERED_HOSTS = (MAYA, HOUDINI)
MAX_FRAME_RECORDS = 100_000


@dataclass
class Unit:
    name: str
    frames: FrameSpec
    cameras: List[str] = field(default_factory=list)
    all_cameras: List[str] = field(default_factory=list)
    simulation: bool = False
    stage: int = 1

    @property
    def frames_range(self) -> str:
        """``framesRange`` as Fox shows it; Houdini prefixes the ROP path (§10.5)."""
        return f"{self.name}{self.frames.to_fox()}" if self.name.startswith("/") else self.frames.to_fox()


@dataclass
class FramePlan:
    unit: str
    frames: FrameSpec
    frame_type: int
    stage: int
    block: str = ""

    @property
    def label(self) -> str:
        return self.frames.to_fox()


@dataclass
class Job:
    cg_id: int
    scene_name: str
    units: List[Unit]
    info: Dict[str, str]

    @property
    def layered(self) -> bool:
        return self.info.get("enable_layered") == "1" and self.cg_id in LAYERED_HOSTS and len(self.units) > 0

    def text(self, key: str, default: str = "") -> str:
        value = self.info.get(key, default)
        return default if value is None else str(value)

    def number(self, key: str, default: int) -> int:
        text = self.text(key, str(default)).strip()
        try:
            return int(text or default)
        except ValueError:
            raise invalid(f"task.json: task_info.{key} must be a whole number, not {text!r}") from None


def read_job(document: Any) -> Job:
    if not isinstance(document, dict) or not isinstance(document.get("task_info"), dict):
        raise invalid("task.json: no task_info object")
    info = document["task_info"]
    try:
        cg_id = int(str(info.get("cg_id", "")).strip())
    except ValueError:
        raise invalid(f"task.json: task_info.cg_id {info.get('cg_id')!r} is not a software id") from None
    scene = document.get("scene_info_render") or document.get("scene_info") or {}
    if not isinstance(scene, dict):
        raise invalid("task.json: scene_info_render must be an object")
    reader = _READERS.get(cg_id, _read_common)
    units = [unit for unit in reader(scene) if unit is not None]
    if not units:
        raise invalid("task.json: scene_info_render has no renderable layer, ROP or frame range")
    _assign_stages(units)
    scene_file = str(info.get("input_cg_file", "")).replace("\\", "/")
    return Job(cg_id, posixpath.basename(scene_file), units, info)


def _spec(text: Any, where: str) -> FrameSpec:
    try:
        return FrameSpec.parse(str(text))
    except FrameSpecError as exc:
        raise invalid(f"task.json: {where}: {exc}") from None


def _names(value: Any) -> List[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)] if value not in (None, "") else []


def _read_maya(scene: Dict[str, Any]) -> List[Optional[Unit]]:
    units: List[Optional[Unit]] = []
    for layer, entry in scene.items():
        if not isinstance(entry, dict) or str(entry.get("renderable", "1")) != "1":
            continue
        common = entry.get("common") or {}
        frames = common.get("frames") or _maya_range(common, layer)
        units.append(
            Unit(layer, _spec(frames, f"{layer}.common.frames"), _names(common.get("render_camera")),
                 _names(common.get("all_camera")))
        )  # fmt: skip
    return units


def _maya_range(common: Dict[str, Any], layer: str) -> str:
    if "start" not in common:
        raise invalid(f"task.json: layer {layer} has no frames")
    return f"{common['start']}-{common.get('end', common['start'])}[{common.get('by_frame', 1)}]"


def _read_houdini(scene: Dict[str, Any]) -> List[Optional[Unit]]:
    units: List[Optional[Unit]] = []
    for group, simulation in (("geo_node", True), ("distributedsim_node", True), ("rop_node", False)):
        for index, entry in enumerate(scene.get(group) or []):
            if not isinstance(entry, dict) or str(entry.get("render", "1")) != "1":
                continue
            where = f"{group}[{index}]"
            if not entry.get("node"):
                raise invalid(f"task.json: {where} has no node path")
            is_sim = simulation or str(entry.get("option", "-1")) != "-1"
            unit = Unit(
                str(entry["node"]), _spec(entry.get("frames", ""), f"{where}.frames"), simulation=is_sim
            )
            unit.stage = _sort_order(entry.get("geoDependencySort"), where) if is_sim else 0
            units.append(unit)
    return units


def _sort_order(value: Any, where: str) -> int:
    """``geoDependencySort``: 1-based cache order written by the Houdini wrapper (absent: 1)."""
    if value in (None, ""):
        return 1
    try:
        return max(1, int(str(value)))
    except ValueError:
        raise invalid(f"task.json: {where}.geoDependencySort must be a whole number, not {value!r}") from None


def _assign_stages(units: List[Unit]) -> None:
    """Caches keep their order; renders come after the last cache (stage 1 when there is none)."""
    last_cache = max((unit.stage for unit in units if unit.simulation), default=0)
    for unit in units:
        if not unit.simulation:
            unit.stage = last_cache + 1


def _read_common(scene: Dict[str, Any]) -> List[Optional[Unit]]:
    """Max, Blender and anything with one ``common`` block."""
    common = scene.get("common")
    if not isinstance(common, dict) or not common.get("frames"):
        return []
    cameras = _names(common.get("renderable_camera") or common.get("camera_name"))
    return [Unit("", _spec(common["frames"], "common.frames"), cameras, _names(common.get("all_camera")))]


_READERS = {MAYA: _read_maya, HOUDINI: _read_houdini, MAX: _read_common, BLENDER: _read_common}


def plan_frames(job: Job, unit: Unit) -> List[FramePlan]:
    """The frame records of one unit, priority frames first."""
    if unit.simulation:
        return [FramePlan(unit.name, unit.frames, st.TYPE_SIMULATION, unit.stage)]
    stage = unit.stage
    priority = _priority(job).select(unit.frames)
    plans = [
        FramePlan(unit.name, FrameSpec.from_frames([f]), st.TYPE_PRIORITY, stage) for f in priority or []
    ]
    rest = unit.frames - priority if priority is not None else unit.frames
    if rest is None:
        return plans
    tiles = job.number("tiles", 1)
    if tiles > 1:
        for frame in rest:
            single = FrameSpec.from_frames([frame])
            plans.extend(
                FramePlan(unit.name, single, st.TYPE_MAIN, stage, str(b)) for b in range(1, tiles + 1)
            )
            _check_size(plans)
        return plans
    per_task = max(1, job.number("frames_per_task", 1))
    for chunk in rest.chunks(per_task):
        plans.append(FramePlan(unit.name, chunk, st.TYPE_MAIN, stage))
        _check_size(plans)
    return plans


def _priority(job: Job) -> PriorityFrames:
    text = job.text("pre_frames", "000").strip() or "000"
    try:
        return PriorityFrames.parse(text)
    except FrameSpecError as exc:
        raise invalid(f"task.json: task_info.pre_frames: {exc}") from None


def _check_size(plans: List[FramePlan]) -> None:
    if len(plans) > MAX_FRAME_RECORDS:
        raise invalid(f"task.json: more than {MAX_FRAME_RECORDS} frame records; raise frames_per_task")
