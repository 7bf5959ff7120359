"""The open 3ds Max scene as a :class:`SceneDescription`, read through ``pymxs.runtime``.

Thin on purpose: it only asks Max for values (Render Setup's common
parameters, cameras, render elements, gamma, batch views, the bitmaps and
other assets of the scene) and hands them to the same core helpers the
offline ``.max`` reader uses, so both paths produce the same description.
``rt`` is a parameter so the adapter can be exercised against a stand-in.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Iterable, List, Optional

from farmhand.frames import FrameSpec
from farmhand.model import Dependency, RenderUnit, SceneDescription
from farmhand.scenes.max_scene import asset_kind, max_release, renderer_name, resolve_asset

# Max classes whose instances hold an input file, and the property that holds it.
ASSET_PROPERTIES = (
    ("BitmapTexture", "filename", "Bitmap"),
    ("VRayHDRI", "HDRIMapName", "Bitmap"),
    ("CoronaBitmap", "filename", "Bitmap"),
    ("ai_image", "filename", "Bitmap"),
    ("VRayProxy", "fileName", "Proxy"),
    ("RedshiftProxy", "file", "Proxy"),
    ("AlembicContainer", "source", "Animation"),
    ("Target_Light", "webFile", "Photometric"),
    ("Free_Light", "webFile", "Photometric"),
)

# rendTimeType: 1 single frame, 2 active time segment, 3 range, 4 pickup frames (MAXScript help).
SINGLE, SEGMENT, RANGE, PICKUP = 1, 2, 3, 4


def runtime() -> Any:
    from pymxs import runtime as rt  # only inside 3ds Max

    return rt


def describe_session(frames: Optional[str] = None, rt: Any = None) -> SceneDescription:
    rt = rt if rt is not None else runtime()
    scene_file = os.path.join(str(rt.maxFilePath), str(rt.maxFileName))
    renderer_class = str(rt.classOf(rt.renderers.production))
    renderer, version = renderer_name(renderer_class)
    spec = FrameSpec.parse(frames) if frames else render_frames(rt)
    unit = _render_unit(rt, spec, renderer, renderer_class)
    frame_list = spec.frames()
    return SceneDescription(
        host="max",
        scene_file=scene_file,
        host_version=max_release(str(int(rt.maxVersion()[0]) // 1000)),
        renderer=renderer,
        plugins={renderer: version} if version else {},
        project_root=str(rt.pathConfig.getCurrentProjectFolder()),
        units=[unit],
        dependencies=list(assets(rt, os.path.dirname(scene_file), frame_list)),
        cameras=list(unit.all_cameras),
        settings={"batch_render": batch_views(rt), "scene_states": scene_states(rt)},
    )


def render_frames(rt: Any) -> FrameSpec:
    """The frames Render Setup would render, from rendTimeType and its companions."""
    kind = int(rt.rendTimeType)
    step = max(1, int(rt.rendNThFrame))
    if kind == SEGMENT:
        return FrameSpec.from_range(_frame(rt.animationRange.start), _frame(rt.animationRange.end), step)
    if kind == RANGE:
        return FrameSpec.from_range(_frame(rt.rendStart), _frame(rt.rendEnd), step)
    if kind == PICKUP:
        return FrameSpec.parse(str(rt.rendPickupFrames).replace(" ", ""))
    return FrameSpec.from_frames([_frame(rt.sliderTime)])


def _frame(time_value: Any) -> int:
    return int(round(float(time_value.frame)))


def _render_unit(rt: Any, spec: FrameSpec, renderer: str, renderer_class: str) -> RenderUnit:
    cameras = [str(node.name) for node in rt.cameras if rt.superClassOf(node) == rt.camera]
    active = rt.viewport.getCamera()
    output = str(rt.rendOutputFilename).replace("\\", "/")
    elements = render_elements(rt)
    return RenderUnit(
        name="render",
        kind="render",
        frames=str(spec),
        cameras=[str(active.name)] if active is not None else [],
        all_cameras=cameras,
        width=int(rt.renderWidth),
        height=int(rt.renderHeight),
        output=output,
        image_format=os.path.splitext(output)[1].lstrip(".").lower(),
        renderer=renderer,
        settings={
            "rend_save_file": "true" if rt.rendSaveFile else "false",
            "rend_timeType": str(int(rt.rendTimeType)),
            "animation_range": f"{_frame(rt.animationRange.start)}-{_frame(rt.animationRange.end)}",
            "renderer_class": renderer_class,
            "renderer_orign": renderer_class,
            "element_active": "1" if elements else "0",
            "element_list": [name for name, _ in elements],
            "element_path_list": [path for _, path in elements],
            **gamma(rt),
        },
    )


def render_elements(rt: Any) -> List[tuple]:
    manager = rt.maxOps.GetCurRenderElementMgr()
    if not manager.GetElementsActive():
        return []
    count = int(manager.NumRenderElements())
    return [
        (
            str(manager.GetRenderElement(i).elementName),
            str(manager.GetRenderElementFilename(i)).replace("\\", "/"),
        )
        for i in range(count)
    ]


def gamma(rt: Any) -> Dict[str, str]:
    enabled = str(rt.IDisplayGamma.colorCorrectionMode) == "gamma"
    return {
        "gamma": "1" if enabled else "0",
        "gamma_val": str(rt.IDisplayGamma.gamma),
        "in_gamma": str(rt.fileInGamma),
        "out_gamma": str(rt.fileOutGamma),
    }


def batch_views(rt: Any) -> List[Dict[str, Any]]:
    manager = rt.batchRenderMgr
    views = []
    for index in range(1, int(manager.numViews) + 1):
        view = manager.GetView(index)
        camera = view.camera
        views.append(
            {
                "name": str(view.name),
                "enabled": bool(view.enabled),
                "camera": str(camera.name) if camera is not None else "",
                "output": str(view.outputFilename),
                "frames": str(FrameSpec.from_range(_frame(view.startFrame), _frame(view.endFrame))),
            }
        )
    return views


def scene_states(rt: Any) -> List[str]:
    manager = rt.sceneStateMgr
    return [str(manager.GetSceneState(i)) for i in range(1, int(manager.GetCount()) + 1)]


def assets(rt: Any, scene_dir: str, frames: List[int]) -> Iterable[Dependency]:
    """Every input file of the scene with the map, proxy or light that holds it."""
    seen = set()
    for class_name, prop, asset_type in ASSET_PROPERTIES:
        max_class = getattr(rt, class_name, None)
        if max_class is None:  # that renderer's plug-in is not loaded
            continue
        for instance in rt.getClassInstances(max_class):
            path = str(getattr(instance, prop, "") or "")
            if not path or path.lower() in seen:
                continue
            seen.add(path.lower())
            dependency = Dependency(
                path=path, node=str(instance.name), attribute=prop, kind=asset_kind(asset_type, path)
            )
            yield resolve_asset(dependency, "", scene_dir, frames)
    for index in range(1, int(rt.xrefs.getXRefFileCount()) + 1):
        path = str(rt.xrefs.getXRefFile(index).filename)
        if path.lower() not in seen:
            seen.add(path.lower())
            dependency = Dependency(path=path, node=f"XRef {index}", attribute="filename", kind="reference")
            yield resolve_asset(dependency, "", scene_dir, frames)
