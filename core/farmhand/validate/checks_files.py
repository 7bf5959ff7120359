"""Checks on dependencies: every missing or unresolved file is listed, none dropped."""

from __future__ import annotations

from typing import Iterator

from farmhand.model import Dependency, SceneDescription
from farmhand.options import JobOptions
from farmhand.paths import is_windows_path
from farmhand.validate.registry import check
from farmhand.validate.tips import WARNING, Tip

# Fox's missing-file code per host (renderbus-protocol.md §10.10).
_MISSING_CODE = {"houdini": "50001", "blender": "35001"}


def _tip(dependency: Dependency, message: str, code: str, path: str) -> Tip:
    return Tip(
        WARNING,
        message,
        "dependencies_exist",
        code=code,
        node=dependency.node,
        attribute=dependency.attribute,
        path=path,
    )


@check(order=30)
def dependencies_exist(scene: SceneDescription, options: JobOptions) -> Iterator[Tip]:
    code = _MISSING_CODE.get(scene.host, "10012")
    local_windows = is_windows_path(scene.scene_file)
    submitted = {unit.name for unit in scene.enabled_units}
    for dependency in scene.dependencies:
        if dependency.produced_by in submitted:
            continue  # a cache this job writes before anything reads it
        for path in dependency.missing:
            yield _tip(
                dependency, f"missing {dependency.kind} file{_foreign(path, local_windows)}", code, path
            )
        for token in dependency.unresolved:
            yield _tip(dependency, f"cannot resolve {token} in the path", code, dependency.path)
        if not dependency.files and not dependency.missing and not dependency.unresolved:
            yield _tip(dependency, f"no file matches this {dependency.kind} path", code, dependency.path)


def _foreign(path: str, local_windows: bool) -> str:
    """Why a path cannot be found here: it belongs to another operating system."""
    if is_windows_path(path) != local_windows and not path.startswith("//"):
        return " (a path of another operating system: it cannot be checked or uploaded from this machine)"
    return ""
