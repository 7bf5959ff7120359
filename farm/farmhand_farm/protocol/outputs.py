"""The output storage tree (``getOutputUserDirFile``), confined to the user's output root."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

from farmhand_farm.protocol import lifecycle, paging
from farmhand_farm.validation import Field
from farmhand_farm.views import Call, Endpoint


def confined(root: Path, tree_path: str) -> Path:
    """``root / tree_path``, refusing anything that would leave ``root`` (``..``, NUL, backslashes, links)."""
    if "\x00" in tree_path or "\\" in tree_path:
        raise paging.invalid("treePath must be a POSIX path without NUL or backslashes")
    parts = [p for p in tree_path.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise paging.invalid("treePath must stay inside the output storage")
    target = root.joinpath(*parts)
    resolved_root = root.resolve()
    try:
        target.resolve().relative_to(resolved_root)
    except ValueError:
        raise paging.invalid("treePath must stay inside the output storage") from None
    return target


def output_files(call: Call):
    tree_path = call.body["treePath"] or "/"
    root = call.ctx.output_root(call.user.user_id)
    allowed: Optional[str] = None
    if call.body.get("taskId") is not None:
        with call.ctx.db.read() as conn:
            row = lifecycle.load_tasks(conn, call.user.user_id, [call.body["taskId"]])[0]
        allowed = row.output_file_name
        if not allowed:
            return []
    target = confined(root, tree_path)
    relative = target.relative_to(root).as_posix() if target != root else ""
    if allowed and relative and relative.split("/")[0] != allowed:
        raise paging.invalid(f"treePath {tree_path!r} is not inside the output of task {call.body['taskId']}")
    if not target.is_dir():
        return []
    entries = sorted(target.iterdir(), key=lambda p: (not p.is_dir(), p.name))
    if allowed and not relative:
        entries = [entry for entry in entries if entry.name == allowed]
    return [_entry(root, entry) for entry in entries if not entry.name.startswith(".")]


def _entry(root: Path, path: Path) -> dict:
    info = path.stat()
    directory = path.is_dir()
    return {
        "fileName": path.name,
        "fileSize": None if directory else info.st_size,
        "iconPath": "",
        "lastModify": paging.format_time(int(info.st_mtime * 1000)),
        "fileType": None if directory else (path.suffix.lstrip(".") or None),
        "filePath": "/" + path.relative_to(root).as_posix(),
        "directory": directory,
        "isArrears": 0,
    }


ENDPOINTS: List = [
    Endpoint(
        ("/api/render/file/operate/getOutputUserDirFile",),
        output_files,
        {"treePath": Field("str", required=True), "taskId": Field("int")},
    ),
]
