"""Where client-supplied paths may land on the farm's disk, and nowhere else.

Two kinds of client paths reach the farm: Fox server paths of inputs
(``/D/proj/tex/a.jpg``) and output paths relative to a task's output root.
Both are checked lexically (no '..', NUL, backslash, empty component) and then
again after resolving symlinks, so neither a crafted string nor a symlink
planted in the tree can move a write or a read outside its root.
"""

from __future__ import annotations

from pathlib import Path

from farmhand.transfer.plan import server_path_problem
from farmhand_farm.envelope import PARAMETER_INVALID, ApiError


def input_target(input_root: Path, server_path: object) -> Path:
    """The file a server path names inside the user's input storage (``input_root`` resolved)."""
    if not isinstance(server_path, str):
        raise ApiError(PARAMETER_INVALID, f"server path must be a string, got {type(server_path).__name__}")
    problem = server_path_problem(server_path)
    if problem:
        raise ApiError(PARAMETER_INVALID, f"refused server path {server_path!r}: {problem}")
    return confined(input_root, server_path.lstrip("/"), server_path)


def output_file(task_root: Path, relative: str) -> Path:
    """A path inside one task's output folder (``task_root`` resolved); anything else is refused."""
    if not relative or relative.startswith("/") or server_path_problem("/" + relative):
        raise ApiError(PARAMETER_INVALID, f"refused output path {relative!r}")
    return confined(task_root, relative, relative)


def confined(root: Path, relative: str, shown: str) -> Path:
    """``root/relative`` if it stays inside ``root``, which the caller has resolved (once per batch)."""
    target = root.joinpath(*relative.split("/"))
    # resolve(strict=False) follows every symlink that exists along the way.
    if root not in target.resolve().parents:
        raise ApiError(PARAMETER_INVALID, f"refused path {shown!r}: it leaves its storage root")
    return target
