"""File reads of a Houdini scene -> :class:`Dependency` objects resolved on disk for the submitted frames.

Shared by the offline reader and the in-host adapter.  The dependency keeps
the path as the scene writes it; resolution uses the text after Houdini's
own evaluation (backticks, ``chs()``, ``$OS``) when that succeeded, so the
farm gets the files the scene really opens.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Dict, List, Mapping, Optional, Tuple

from farmhand.frames import FrameSpec, FrameSpecError
from farmhand.model import Dependency, SceneDescription
from farmhand.paths import ListingCache, resolve_dependency
from farmhand.scenes.houdini_units import FileRead
from farmhand.scenes.usd_layers import layer_assets


def resolve_reads(
    reads: List[Tuple[FileRead, str]],
    base_dir: str,
    frames: Optional[str],
    variables: Mapping[str, str],
    written_by: Optional[Dict[str, str]] = None,
) -> List[Dependency]:
    """One dependency per (node, parm) read; ``written_by`` maps an expanded path to the ROP writing it."""
    frame_list = _frames(frames)
    cache = ListingCache()  # this scan's folder listings: a folder read by many parms is listed once
    dependencies: List[Dependency] = []
    for read, kind in reads:
        dependency = Dependency(path=read.raw, node=read.node, attribute=read.parm, kind=kind)
        if read.unresolved:
            dependency.low_confidence["path"] = read.unresolved
        probe = replace(dependency, path=read.expanded)
        resolved = resolve_dependency(
            probe, base_dir=base_dir, frames=frame_list, variables=variables, cache=cache
        )
        resolved = replace(resolved, path=read.raw)
        if _is_relative(read.expanded):
            resolved.low_confidence.setdefault("path", "relative path, resolved against the scene's folder")
        writer = (written_by or {}).get(read.expanded)
        if writer is not None:
            resolved.produced_by = writer
        dependencies.append(resolved)
        dependencies.extend(nested_usd_assets(resolved))
    return dependencies


def nested_usd_assets(dependency: Dependency) -> List[Dependency]:
    """Layers and assets that a ``.usda`` layer the scene reads pulls in (sublayers, references...)."""
    found: List[Dependency] = []
    for layer in dependency.files if dependency.kind == "usd" else []:
        root = os.path.normcase(os.path.abspath(layer))
        for asset in layer_assets(layer):
            if os.path.normcase(asset.resolved) == root:
                continue
            exists = os.path.isfile(asset.resolved)
            nested = Dependency(
                path=asset.path,
                files=[asset.resolved] if exists else [],
                missing=[] if exists else [asset.resolved],
                node=dependency.node,
                attribute=dependency.attribute,
                kind=asset.kind,
                exists=exists,
            )
            nested.low_confidence["node"] = f"named in USD layer {asset.layer}, not in the Houdini scene"
            found.append(nested)
    return found


def union_frames(scene: SceneDescription) -> str:
    """Every frame an enabled unit renders, as one spec: what sequences are expanded over by default."""
    frames: set = set()
    for unit in scene.enabled_units:
        if unit.frames:
            frames.update(FrameSpec.parse(unit.frames).frames())
    return str(FrameSpec.from_frames(frames)) if frames else ""


def _frames(frames: Optional[str]) -> List[int]:
    if not frames:
        return []
    try:
        return FrameSpec.parse(frames).frames()
    except FrameSpecError:
        return []


def _is_relative(path: str) -> bool:
    text = path.strip()
    return not (text.startswith(("/", "\\", "$", "`")) or (len(text) > 1 and text[1] == ":"))
