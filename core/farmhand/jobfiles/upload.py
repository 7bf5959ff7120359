"""upload.json and asset.json: what travels to the farm and where it lands.

Every dependency file is listed with its Fox server path; missing files are
never silently dropped — they go to asset.json's ``missing`` list (and to the
validation tips) so the user sees them.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from typing import Any, Dict, Iterable, Iterator, List

from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.paths import normalize, to_server_path


def upload_entries(scene: SceneDescription, options: JobOptions) -> List[Dict[str, str]]:
    """Every local file the job needs, scene first, de-duplicated, exclusions applied."""
    seen: Dict[str, Dict[str, str]] = {}
    for local in _candidate_files(scene, options):
        key = normalize(local)
        if key in seen or _excluded(key, options.exclude_patterns):
            continue
        seen[key] = {"local": key, "server": to_server_path(key)}
    return list(seen.values())


def _candidate_files(scene: SceneDescription, options: JobOptions) -> Iterator[str]:
    yield scene.scene_file
    for dependency in scene.dependencies:
        yield from dependency.files
    for extra in options.extra_files:
        yield from _walk(extra)


def _walk(path: str) -> Iterable[str]:
    if not os.path.isdir(path):
        return [path]
    found = []
    for root, dirs, files in os.walk(path):
        dirs.sort()
        found.extend(os.path.join(root, name) for name in sorted(files))
    return found


def _excluded(path: str, patterns: List[str]) -> bool:
    name = path.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(name, p) for p in patterns)


def build_upload(scene: SceneDescription, options: JobOptions) -> Dict[str, Any]:
    entries = upload_entries(scene, options)
    scene_entry = dict(entries[0])
    if os.path.isfile(scene.scene_file):
        scene_entry["hash"] = file_md5(scene.scene_file)
    # Max's analyser writes the scene as an object; Maya and Houdini as a list (§10.8).
    scene_value: Any = scene_entry if scene.host == "max" else [scene_entry]
    return {"scene": scene_value, "asset": entries}


def build_asset(scene: SceneDescription) -> Dict[str, List[str]]:
    """Found and missing paths, plus one list per dependency kind (§10.9)."""
    asset: Dict[str, List[str]] = {"asset": [], "missing": []}
    for dependency in scene.dependencies:
        asset["asset"].extend(normalize(f) for f in dependency.files)
        asset["missing"].extend(normalize(f) for f in dependency.missing)
        if dependency.unresolved or (not dependency.files and not dependency.missing):
            asset["missing"].append(dependency.path)
        asset.setdefault(dependency.kind, []).extend(normalize(f) for f in dependency.files)
    return {key: _dedupe(values) for key, values in asset.items()}


def _dedupe(values: List[str]) -> List[str]:
    return list(dict.fromkeys(values))


def file_md5(path: str) -> str:
    """MD5 hex of the scene, the checksum Fox's upload.json carries (not our transfer hash)."""
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
