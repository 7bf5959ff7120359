"""What to upload: local files and the Fox server paths they must land at.

The plan is read from an ``upload.json``-like document (only its ``asset``
list matters, as for the vendor's engines).  Server paths are checked here,
before anything is hashed, with the same rule the farm enforces, so a bad
entry fails at once naming the entry instead of after a long upload.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Tuple, Union

from farmhand.transfer.errors import TransferError

DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024
MAX_CHUNK_SIZE = 64 * 1024 * 1024


@dataclass(frozen=True)
class UploadItem:
    local: str
    server: str


@dataclass(frozen=True)
class UploadPlan:
    items: Tuple[UploadItem, ...]

    @classmethod
    def from_entries(cls, entries: Iterable[Mapping[str, Any]], *, source: str = "upload list") -> UploadPlan:
        """Build from ``[{"local": ..., "server": ...}]``; duplicates of one server path must agree."""
        by_server: Dict[str, UploadItem] = {}
        for index, entry in enumerate(entries):
            local, server = entry.get("local"), entry.get("server")
            if not isinstance(local, str) or not local or not isinstance(server, str):
                raise TransferError(f"{source}: entry {index} needs string 'local' and 'server' fields")
            item = UploadItem(local=local, server=check_server_path(server, where=f"{source} entry {index}"))
            known = by_server.get(item.server)
            if known is not None and os.path.abspath(known.local) != os.path.abspath(item.local):
                raise TransferError(
                    f"{source}: server path {item.server} is given two local files, "
                    f"{known.local} and {item.local}"
                )
            by_server.setdefault(item.server, item)
        return cls(items=tuple(by_server.values()))

    @classmethod
    def from_upload_json(cls, document: Union[str, os.PathLike, Mapping[str, Any]]) -> UploadPlan:
        """Read the ``asset`` list of an upload.json (a path or the parsed document)."""
        source = "upload.json"
        if not isinstance(document, Mapping):
            source = os.fspath(document)
            try:
                with open(source, encoding="utf-8") as stream:
                    document = json.load(stream)
            except (OSError, ValueError) as exc:
                raise TransferError(f"cannot read upload list {source}: {exc}") from exc
        assets = document.get("asset") if isinstance(document, Mapping) else None
        if not isinstance(assets, list):
            raise TransferError(f"{source}: no 'asset' list")
        return cls.from_entries(assets, source=source)


def check_server_path(server: str, *, where: str = "server path") -> str:
    """Return ``server`` if it is an absolute POSIX path with no '..', NUL or backslash."""
    problem = server_path_problem(server)
    if problem:
        raise TransferError(f"{where}: bad server path {server!r}: {problem}")
    return server


def server_path_problem(server: str) -> str:
    """Why a server path is unsafe, or '' when it is fine (shared with the farm's rule)."""
    if not server.startswith("/"):
        return "must start with '/'"
    if "\x00" in server:
        return "contains a NUL character"
    if "\\" in server:
        return "contains a backslash"
    parts = server.split("/")[1:]
    if any(part in ("", ".", "..") for part in parts):
        return "has an empty, '.' or '..' component"
    return ""


def check_chunk_size(chunk_size: int) -> int:
    """The farm takes chunks of up to 64 MiB; anything else is a programming error."""
    if not 0 < chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(f"chunk size must be in 1..{MAX_CHUNK_SIZE}, got {chunk_size}")
    return chunk_size


def plan_entries(plan: UploadPlan) -> List[Dict[str, str]]:
    """The plan back as upload.json ``asset`` entries (for engines that read a file)."""
    return [{"local": item.local, "server": item.server} for item in plan.items]
