"""Submit a built job (the four job files) through the API: create, upload with taskJsonFile, submit.

This is the vendor check step's bookkeeping done in the right order (reference
§10.12, SDK defect #19): the caller validates first, the task id is allocated
last, ``task_info`` gets the ids the farm assigned, and a job whose files could
not be delivered does not leave a dangling task behind.
"""

from __future__ import annotations

import copy
import json
import logging
from typing import Any, Mapping, Optional, Sequence

from farmhand.api.client import JOB_FILE_NAMES, RenderbusClient
from farmhand.api.errors import RenderbusError

log = logging.getLogger("farmhand.api")


def submit_job(
    client: RenderbusClient,
    documents: Mapping[str, Any],
    *,
    labels: Optional[Sequence[str]] = None,
    producer: Optional[str] = None,
    task_user_level: int = 50,
) -> int:
    """Create a task for ``documents`` (file name -> JSON object or text), deliver them, submit; the task id.

    ``task.json`` is required.  Its ``task_info.task_id``/``user_id`` are filled
    in, and ``project_id`` too when a ``project_name`` is given without one.
    """
    unknown = sorted(set(documents) - set(JOB_FILE_NAMES))
    if unknown:
        raise ValueError(f"not job files: {', '.join(unknown)} (expected {', '.join(JOB_FILE_NAMES)})")
    if "task.json" not in documents:
        raise ValueError("a job needs its task.json")
    task = _as_object(documents["task.json"])
    project_id = _project_id(client, task)
    task_id = client.create_task_id(labels=labels, task_user_level=task_user_level)
    try:
        info = task.setdefault("task_info", {})
        info.update(task_id=str(task_id), user_id=str(client.user_id()))
        if project_id is not None:
            info["project_id"] = str(project_id)
        for name in JOB_FILE_NAMES:
            if name in documents:
                client.upload_task_json(task_id, task if name == "task.json" else documents[name], name)
    except RenderbusError:
        _discard(client, task_id)
        raise
    # Not inside the clean-up: a submission whose outcome is unknown must not be deleted.
    client.submit_task(task_id, producer)
    log.info("submitted task %s", task_id)
    return task_id


def _as_object(document: Any) -> dict:
    parsed = json.loads(document) if isinstance(document, str) else copy.deepcopy(document)
    if not isinstance(parsed, dict):
        raise ValueError("task.json must be a JSON object")
    return parsed


def _project_id(client: RenderbusClient, task: Mapping[str, Any]) -> Optional[int]:
    info = task.get("task_info") or {}
    name = str(info.get("project_name") or "")
    if not name or str(info.get("project_id") or ""):
        return None
    return client.ensure_project(name)


def _discard(client: RenderbusClient, task_id: int) -> None:
    """Best effort: delete a task that was created but could not be submitted."""
    try:
        client.delete_tasks([task_id])
    except RenderbusError as exc:
        log.warning("could not delete unsubmitted task %s: %s", task_id, exc)
