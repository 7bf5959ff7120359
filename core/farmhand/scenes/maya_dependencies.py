"""File dependencies of a Maya scene: references, and paths per node type.

Each path becomes a :class:`~farmhand.model.Dependency` that names the node
and attribute it came from.  Maya-specific meaning is applied before the
shared resolver (:func:`farmhand.paths.resolve_dependency`) expands tokens
and looks at the disk:

* a ``file`` node in UDIM / ZBrush / Mudbox tiling mode stores one concrete
  tile; the reader rebuilds the tile pattern so every tile is found;
* ``useFrameExtension`` turns the frame number in the name into ``#``;
* a path Maya would not find as written is looked up the way Maya does when a
  file moved with its scene: relative to the project, then by file name next
  to the scene (flagged low-confidence: the file alone cannot prove Maya
  would pick the same file);
* USD proxy shapes pull in the layers their root layer references; RenderMan
  texture nodes read ``<file>.tex`` made by txmake.

References in deferred (unloaded) state are still dependencies (Maya keeps the
path and the user may load them on the farm) but are not opened; loaded
references that exist on disk are read in turn, recursively.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple

from farmhand.model import Dependency
from farmhand.paths.listing import listing_cache
from farmhand.paths.tokens import has_frame_token, has_tile_token
from farmhand.scenes import maya_attributes as A
from farmhand.scenes.maya_data import MayaNode, MayaReference, MayaScene
from farmhand.scenes.maya_layers import truthy as _truthy
from farmhand.scenes.usd_layers import layer_assets

_UDIM = re.compile(r"(?<!\d)(1\d{3})(?!\d)")
_UV_TILE = re.compile(r"_u-?\d+_v-?\d+", re.I)
_FRAME = re.compile(r"(\d+)(?!.*\d)")
_MAX_REFERENCE_DEPTH = 16

Resolver = Callable[..., Dependency]


class Context:
    """What resolution needs: scene folder, project root, frames and variables."""

    def __init__(
        self,
        scene_dir: str,
        project_root: str,
        source_images: str,
        frames: Optional[Sequence[int]],
        variables: Optional[Dict[str, str]] = None,
        scene_name: str = "",
    ) -> None:
        self.scene_dir = scene_dir
        self.scene_name = scene_name  # file name without extension: XGen names its sidecars after it
        self.project_root = project_root
        self.source_images = source_images
        self.frames = frames
        self.variables = dict(os.environ) if variables is None else variables
        self._listing: Dict[str, Set[str]] = {}
        # path as the scene writes it -> the file found by Maya's moved-file search; the farm needs
        # this mapping (a dirmap) to open the scene where the files were uploaded
        self.moved: Dict[str, str] = {}

    def file_exists(self, path: str) -> bool:
        """``os.path.isfile`` through a per-directory listing cache (scenes reuse folders)."""
        directory, name = os.path.split(path)
        listing = self._listing.get(directory)
        if listing is None:
            try:
                listing = set(os.listdir(directory))
            except OSError:
                listing = set()
            self._listing[directory] = listing
        return name in listing


def collect(scene: MayaScene, context: Context, resolver: Resolver) -> List[Dependency]:
    """Dependencies of ``scene`` and of the loaded references it pulls in."""
    seen_scenes: Set[str] = {os.path.normcase(os.path.abspath(scene.path))}
    with listing_cache():  # one scan: each texture folder is listed once, not once per UDIM set
        return _without_repeated_references(_collect(scene, context, resolver, seen_scenes, depth=0))


def _without_repeated_references(found: List[Dependency]) -> List[Dependency]:
    """A nested reference is named by its parent scene's depth records and again inside the child file."""
    kept: List[Dependency] = []
    seen: Set[Tuple[str, ...]] = set()
    for dep in found:
        if dep.kind == "reference":
            key = tuple(dep.files) if dep.files else (dep.path,)
            if key in seen:
                continue
            seen.add(key)
        kept.append(dep)
    return kept


def _collect(
    scene: MayaScene, context: Context, resolver: Resolver, seen: Set[str], depth: int
) -> List[Dependency]:
    found: List[Dependency] = []
    for node in scene.nodes:
        found.extend(node_dependencies(node, context, resolver, untyped=scene.format == "binary"))
    references = [
        (reference, reference_dependency(reference, context, resolver)) for reference in scene.references
    ]
    found.extend(dep for _, dep in references)  # before the children, so names from this scene win
    for reference, dep in references:
        if reference.deferred or reference.parent or not dep.files or depth >= _MAX_REFERENCE_DEPTH:
            continue
        found.extend(_referenced_scene(dep.files[0], context, resolver, seen, depth))
    return found


def _referenced_scene(
    path: str, context: Context, resolver: Resolver, seen: Set[str], depth: int
) -> List[Dependency]:
    key = os.path.normcase(os.path.abspath(path))
    if key in seen:
        return []
    seen.add(key)
    from farmhand.scenes import SceneReadError, maya_ascii, maya_binary

    parser = {".ma": maya_ascii.parse, ".mb": maya_binary.parse}.get(os.path.splitext(path)[1].lower())
    if parser is None:
        return []
    try:
        child = parser(path)
    except SceneReadError as exc:
        note = Dependency(path=path, files=[path], kind="reference", exists=True)
        note.low_confidence["files"] = f"could not read the referenced scene: {exc}"
        return [note]
    return _collect(child, context, resolver, seen, depth + 1)


def reference_dependency(reference: MayaReference, context: Context, resolver: Resolver) -> Dependency:
    """One reference as a dependency (the in-host adapter calls this for each reference node too)."""
    dep = Dependency(
        path=reference.path, node=reference.reference_node, attribute="fileName", kind="reference"
    )
    dep = _resolve(dep, context, resolver)
    dep.low_confidence.update(reference.low_confidence)
    if reference.deferred:
        dep.low_confidence.setdefault(
            "kind", "deferred (unloaded) reference: its own dependencies are not listed"
        )
    return dep


def node_dependencies(
    node: MayaNode, context: Context, resolver: Resolver, *, untyped: bool = False
) -> List[Dependency]:
    """Dependencies held by one node's path attributes (shared by the offline reader and the adapter).

    ``untyped``: the node's type could not be named (a Maya Binary plug-in
    type id), so attributes whose names alone say "path" are used.
    """
    table = A.PATH_ATTRIBUTES.get(node.type)
    if table is None:
        if node.type == A.CACHE_FILE[0]:
            return _ncache(node, context, resolver)
        if node.type == "colorManagementGlobals":
            return _ocio_config(node, context, resolver)
        if node.type not in ("unknown", "") or not untyped:
            return []
        table = [
            A.PathAttribute((name,), kind)
            for name, kind in A.UNAMBIGUOUS_PATH_NAMES.items()
            if name in node.attrs
        ]
    found = []
    for entry in table:
        for attribute, value in _values(node, entry):
            found.extend(_path_dependencies(node, attribute, value, entry.kind, context, resolver))
    if node.type == "xgmPalette" and context.scene_name:
        found.append(_xgen_sidecar(node, context, resolver))
    return found


def _xgen_sidecar(node: MayaNode, context: Context, resolver: Resolver) -> Dependency:
    """XGen keeps each collection in ``<scene>__<collection>.xgen`` next to the scene."""
    collection = node.name.rsplit(":", 1)[-1]
    path = os.path.join(context.scene_dir, f"{context.scene_name}__{collection}.xgen")
    dep = _resolve(Dependency(path=path, node=node.name, attribute="", kind="other"), context, resolver)
    dep.low_confidence.setdefault("path", "XGen sidecar named after the scene; not written in the scene file")
    return dep


def _values(node: MayaNode, entry: A.PathAttribute) -> Iterator[Tuple[str, str]]:
    for name in entry.names:
        value = node.attrs.get(name)
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip():
                yield name, item
        return


def _path_dependencies(
    node: MayaNode, attribute: str, path: str, kind: str, context: Context, resolver: Resolver
) -> List[Dependency]:
    dep = Dependency(path=path, node=node.name, attribute=attribute, kind=kind)
    pattern, reason = _file_node_pattern(node, path) if node.type in A.SEQUENCE_NODE_TYPES else (path, "")
    dep = _resolve(dep, context, resolver, pattern=pattern)
    if reason:
        dep.low_confidence.setdefault("files", reason)
    found = [dep]
    if node.type in A.RENDERMAN_TEXTURE_NODES:
        found.append(_renderman_tex(dep, context, resolver))
    if kind == "texture" and dep.files:
        tiled = _arnold_tx(dep, context)
        if tiled is not None:
            found.append(tiled)
    if kind == "usd" and dep.files:
        found.extend(_usd_layers(node, attribute, dep.files[0], context))
    return found


def _file_node_pattern(node: MayaNode, path: str) -> Tuple[str, str]:
    """The pattern Maya reads for a file node or image plane: tiles and frame numbers replaced by tokens."""
    directory, name = _split_name(path)
    mode = _int(node.get(A.UV_TILING_MODE, "0"))
    reason = ""
    if mode and has_tile_token(name):
        pass  # the user typed the token (<UDIM>, u<U>_v<V>...) into the path: the resolver expands it
    elif mode == 3:
        if _UDIM.search(name):
            name = _replace_last(_UDIM, name, "<UDIM>")
        else:
            reason = "UDIM tiling is on but the file name has no 4-digit tile number"
    elif mode in (1, 2):
        if _UV_TILE.search(name):
            # ZBrush tiles count from 0 (u<u>_v<v>), Mudbox from 1 (u<U>_v<V>)
            name = _replace_last(_UV_TILE, name, "_u<u>_v<v>" if mode == 1 else "_u<U>_v<V>")
        else:
            reason = "UV tiling is on but the file name has no _u<N>_v<N> part"
    elif mode == 4:
        reason = "explicit UV tiles: the tile list is kept in Maya, only the written file is listed"
    if _truthy(node.get(A.USE_FRAME_EXTENSION, "no")) and not has_frame_token(name):
        stem, extension = os.path.splitext(name)
        match = _FRAME.search(stem)
        if match:
            name = stem[: match.start()] + "#" * len(match.group(1)) + stem[match.end() :] + extension
            reason = reason or "image sequence: frames follow the render range (frameExtension not evaluated)"
        else:
            reason = "useFrameExtension is on but the file name has no frame number"
    return directory + name, reason


def _split_name(path: str) -> Tuple[str, str]:
    cut = max(path.rfind("/"), path.rfind("\\"))
    return path[: cut + 1], path[cut + 1 :]


def _replace_last(pattern: re.Pattern[str], text: str, token: str) -> str:
    matches = list(pattern.finditer(text))
    last = matches[-1]
    return text[: last.start()] + token + text[last.end() :]


def _renderman_tex(source: Dependency, context: Context, resolver: Resolver) -> Dependency:
    dep = Dependency(path=source.path + ".tex", node=source.node, attribute=source.attribute, kind="texture")
    dep = _resolve(dep, context, resolver)
    dep.low_confidence.setdefault(
        "path", "RenderMan reads the txmake output <file>.tex, not named in the scene"
    )
    return dep


def _arnold_tx(source: Dependency, context: Context) -> Optional[Dependency]:
    """``<name>.tx`` files beside the textures: Arnold renders those instead when they exist.

    mtoa's "use existing .tx" is on by default, so a farm without the ``.tx``
    files renders differently (or spends time making them).  Only files that
    exist are listed: a missing ``.tx`` is not an error.
    """
    tiled = []
    for path in source.files:
        stem, extension = os.path.splitext(path)
        if extension.lower() != ".tx" and context.file_exists(stem + ".tx"):
            tiled.append(stem + ".tx")
    if not tiled:
        return None
    stem, _ = os.path.splitext(source.path)
    dep = Dependency(path=stem + ".tx", files=tiled, node=source.node, attribute=source.attribute)
    dep.kind, dep.exists = "texture", True
    dep.low_confidence["path"] = "Arnold's tiled copy of the texture, used when present; not in the scene"
    return dep


def _usd_layers(node: MayaNode, attribute: str, root_layer: str, context: Context) -> List[Dependency]:
    found = []
    root = os.path.normcase(os.path.abspath(root_layer))
    for asset in layer_assets(root_layer):
        if os.path.normcase(asset.resolved) == root:
            continue  # a layer naming itself (treeRef.usda does)
        exists = context.file_exists(asset.resolved)
        dep = Dependency(
            path=asset.path,
            files=[asset.resolved] if exists else [],
            missing=[] if exists else [asset.resolved],
            node=node.name,
            attribute=attribute,
            kind=asset.kind,
            exists=exists,
        )
        dep.low_confidence["node"] = f"named in USD layer {asset.layer}, not in the Maya scene"
        found.append(dep)
    return found


def _ncache(node: MayaNode, context: Context, resolver: Resolver) -> List[Dependency]:
    directory = _single_text(node.get(A.CACHE_FILE[1]))
    name = _single_text(node.get(A.CACHE_FILE[2]))
    if not directory or not name:
        return []
    path = directory.rstrip("/\\") + "/" + name + ".xml"
    dep = _resolve(
        Dependency(path=path, node=node.name, attribute="cachePath", kind="cache"), context, resolver
    )
    dep.low_confidence.setdefault(
        "files", "only the nCache description is listed; its .mc/.mcx data sit beside it"
    )
    return [dep]


def _ocio_config(node: MayaNode, context: Context, resolver: Resolver) -> List[Dependency]:
    path = _single_text(node.get(("cfp", "configFilePath")))
    if not path or path.startswith("<MAYA_RESOURCES>") or not _truthy(node.get(("cfe",), "yes")):
        return []
    return [_resolve(Dependency(path=path, node=node.name, attribute="cfp", kind="other"), context, resolver)]


def _single_text(value: object) -> str:
    """A string attribute's value, or "" when unset or (a damaged file) not one string."""
    return value if isinstance(value, str) else ""


def _resolve(
    dep: Dependency, context: Context, resolver: Resolver, pattern: Optional[str] = None
) -> Dependency:
    """Resolve ``pattern`` (default: the path as written), keeping ``dep.path`` as the scene wrote it."""
    probe = _fresh(dep, pattern or dep.path)
    result = _call(resolver, probe, context, context.project_root)
    if not result.files and result.missing and not result.unresolved:
        fallback = _maya_fallback(_fresh(probe, probe.path), context, resolver)
        if fallback is not None:
            result = fallback
            if len(result.files) == 1:
                context.moved[dep.path] = result.files[0]
    result.path = dep.path
    return result


def _maya_fallback(dep: Dependency, context: Context, resolver: Resolver) -> Optional[Dependency]:
    """Maya's search for a moved file: scene folder, then project sourceimages, by file name."""
    _, name = _split_name(dep.path)
    relative = dep.path.replace("\\", "/").lstrip("/")
    candidates = [(context.scene_dir, relative)] if not _is_absolute(dep.path) else []
    candidates.append((context.scene_dir, name))
    if dep.kind == "texture":
        candidates.append((context.source_images, name))
    for base, candidate in candidates:
        result = _call(resolver, _fresh(dep, candidate), context, base)
        if result.files and not result.missing:
            where = os.path.join(base, candidate)
            result.low_confidence.setdefault(
                "files", f"not found as written; found at {where}, where Maya looks for a moved file"
            )
            return result
    return None


def default_resolver() -> Resolver:
    from farmhand.paths import resolve_dependency

    return resolve_dependency


def _fresh(dep: Dependency, path: str) -> Dependency:
    """A copy of ``dep`` to resolve ``path`` with, sharing no lists with ``dep``."""
    return replace(
        dep,
        path=path,
        files=[],
        missing=[],
        unresolved=[],
        exists=False,
        low_confidence=dict(dep.low_confidence),
    )


def _call(resolver: Resolver, dep: Dependency, context: Context, base_dir: str) -> Dependency:
    frames = context.frames or ()
    result = resolver(
        dep, base_dir=base_dir, frames=frames, variables=context.variables, blender_relative=False
    )
    return result if isinstance(result, Dependency) else dep


def _is_absolute(path: str) -> bool:
    return path.startswith(("/", "\\", "$", "<")) or (len(path) > 1 and path[1] == ":")


def _int(value: Any) -> int:
    try:
        return int(float(value if not isinstance(value, list) else value[0]))
    except (TypeError, ValueError):
        return 0
