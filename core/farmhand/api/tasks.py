"""Task calls: create, deliver job files, submit, list, inspect, control, label.

``createTask`` gets a unique marker label so that after an ambiguous failure
the task the first attempt made can be found instead of allocating another.
"""

from __future__ import annotations

import json
import logging
import uuid
from itertools import islice
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Union

from farmhand.api import endpoints as ep
from farmhand.api.base import MISSING, ClientBase, TaskId, same_id, task_id_list
from farmhand.api.errors import NotFound, RenderbusError
from farmhand.api.paging import first_items, iter_items

log = logging.getLogger("farmhand.api")

JOB_FILE_NAMES = ("task.json", "upload.json", "asset.json", "tips.json")
#: Prefix of the label that lets the client recognise a task it created (see ``create_task``).
MARKER_PREFIX = "farmhand-req-"
#: How many tasks to scan for a creation marker when the farm's keyword search does not find it.
MARKER_SCAN_LIMIT = 500


class TaskCalls(ClientBase):
    """Everything about tasks as a whole; frames are in :mod:`farmhand.api.frames`."""

    def create_task(
        self,
        count: int = 1,
        task_user_level: int = 50,
        *,
        out_user_id: Optional[int] = None,
        labels: Optional[Sequence[str]] = None,
        clone_original_id: Optional[TaskId] = None,
        artist: Optional[str] = None,
    ) -> Dict[str, Any]:
        """Allocate task ids: ``{taskIdList, aliasTaskIdList, userId}``.

        With ``mark_creations`` a unique ``farmhand-req-...`` label is added, so
        that after a timeout or a dropped connection the client can find the
        task the first attempt made instead of allocating a second one.
        """
        body: Dict[str, Any] = {"count": int(count), "taskUserLevel": int(task_user_level)}
        if out_user_id is not None:
            body["outUserId"] = int(out_user_id)
        all_labels = [str(label) for label in labels or ()]
        marker = f"{MARKER_PREFIX}{uuid.uuid4().hex}" if self.mark_creations else None
        if marker:
            all_labels.append(marker)
        if all_labels:
            body["labels"] = all_labels
        if clone_original_id is not None:
            body["cloneOriginalId"] = int(clone_original_id)
        if artist is not None:
            body["artist"] = str(artist)
        lookup = (lambda: self._created_by_marker(marker, int(count))) if marker else None
        return self._create_once(ep.CREATE_TASK, body, lookup)

    def create_task_id(self, **kwargs: Any) -> int:
        """Allocate one task id and return it."""
        created = self.create_task(1, **kwargs)
        ids = (created or {}).get("taskIdList") or []
        if not ids:
            raise RenderbusError("createTask answered without a task id", path=ep.CREATE_TASK, data=created)
        return int(ids[0])

    def upload_task_json(
        self, task_id: TaskId, content: Union[str, Mapping[str, Any]], file_name: str
    ) -> None:
        """Store one job file (``task.json``, ``upload.json``, ``asset.json``, ``tips.json``) with the task.

        A mapping is serialised like the vendor's check step (UTF-8, ``indent=4``).
        Repeating it overwrites the same file, so it is retried like a read.
        """
        if file_name not in JOB_FILE_NAMES:
            raise ValueError(f"job file name must be one of {', '.join(JOB_FILE_NAMES)}, got {file_name!r}")
        if not isinstance(content, str):
            content = json.dumps(content, indent=4, ensure_ascii=False)
        body = {"taskId": int(task_id), "fileName": file_name, "content": content}
        return self._post(ep.TASK_JSON_FILE, body)

    def submit_task(self, task_id: TaskId, producer: Optional[str] = None) -> None:
        """Start processing a created task whose job files are in place.

        After an ambiguous failure the task is looked up: if the farm already has
        it submitted, the submission is not sent again.
        """
        body: Dict[str, Any] = {"taskId": int(task_id)}
        if producer is not None:
            body["producer"] = str(producer)
        return self._create_once(ep.SUBMIT_TASK, body, lambda: self._submitted(int(task_id)))

    def analyse_error_details(
        self, code: Optional[str] = None, codes: Optional[Iterable[str]] = None, language: int = 1
    ) -> List[Dict[str, Any]]:
        """Descriptions of analysis tips codes; ``type`` 0 = warning, 1 = error (blocks submission)."""
        if code is None and codes is None:
            raise ValueError("analyse_error_details needs a code or a list of codes")
        body: Dict[str, Any] = {"language": int(language)}
        if code is not None:
            body["code"] = str(code)
        if codes is not None:
            body["codes"] = [str(item) for item in codes]
        return self._post(ep.ANALYSE_ERROR_DETAIL, body)

    def task_list(
        self,
        page_num: int = 1,
        page_size: int = 100,
        *,
        status_list: Optional[Iterable[int]] = None,
        search_keyword: Optional[str] = None,
        start_time: Optional[str] = None,
        end_time: Optional[str] = None,
        recycle_flag: Optional[int] = None,
    ) -> Dict[str, Any]:
        """One page of tasks (``{pageCount, pageNum, total, size, items}``), times ``YYYY-MM-DD HH:MM:SS``."""
        body: Dict[str, Any] = {"pageNum": int(page_num), "pageSize": int(page_size)}
        if status_list is not None:
            body["statusList"] = [int(status) for status in status_list]
        if search_keyword is not None:
            body["searchKeyword"] = str(search_keyword)
        if start_time is not None:
            body["startTime"] = str(start_time)
        if end_time is not None:
            body["endTime"] = str(end_time)
        if recycle_flag is not None:
            body["recycleFlag"] = int(recycle_flag)
        return self._post(ep.TASK_LIST, body)

    def iter_tasks(self, page_size: int = 100, **filters: Any) -> Iterator[Dict[str, Any]]:
        """Every task matching ``filters`` (the keyword arguments of :meth:`task_list`)."""
        return iter_items(lambda n: self.task_list(n, page_size, **filters), path=ep.TASK_LIST)

    def task_info(self, task_ids: Iterable[TaskId]) -> Dict[str, Any]:
        """Details of tasks (paged object); layered tasks list their layers in ``respRenderingTaskList``."""
        return self._post(ep.TASK_INFO, {"taskIds": task_id_list(task_ids)})

    def get_task(self, task_id: TaskId) -> Dict[str, Any]:
        """One task's details; :class:`NotFound` when the farm does not know it."""
        for item in first_items(self.task_info([task_id])):
            if same_id(item.get("id"), task_id):
                return item
        raise NotFound(f"task {task_id} not found", path=ep.TASK_INFO)

    def sub_task_ids(self, task_id: TaskId) -> List[int]:
        """Ids of a layered task's sub-tasks, or ``[task_id]`` when it has none (``null`` is tolerated)."""
        items = first_items(self.task_info([task_id]))
        if not items:
            return [int(task_id)]
        subs = items[0].get("respRenderingTaskList") or []
        return [int(sub["id"]) for sub in subs if sub.get("id") is not None] or [int(task_id)]

    def stop_tasks(self, task_ids: Iterable[TaskId]) -> None:
        """Stop rendering the tasks."""
        return self._post(ep.STOP_TASK, {"taskIds": task_id_list(task_ids)})

    def start_tasks(self, task_ids: Iterable[TaskId]) -> None:
        """Resume stopped tasks."""
        return self._post(ep.START_TASK, {"taskIds": task_id_list(task_ids)})

    def abandon_tasks(self, task_ids: Iterable[TaskId]) -> None:
        """Abandon the tasks (status 35); they can no longer be started."""
        return self._post(ep.ABANDON_TASK, {"taskIds": task_id_list(task_ids)})

    def delete_tasks(self, task_ids: Iterable[TaskId]) -> None:
        """Delete the tasks."""
        return self._post(ep.DELETE_TASK, {"taskIds": task_id_list(task_ids)})

    def update_priority(self, task_id: TaskId, task_user_level: int) -> None:
        """Set a task's user priority (50 normal, 60 high)."""
        return self._post(ep.UPDATE_PRIORITY, {"taskId": int(task_id), "taskUserLevel": int(task_user_level)})

    def set_overtime_stop(self, task_ids: Iterable[TaskId], overtime_sec: int) -> Any:
        """Stop the tasks' frames that render longer than ``overtime_sec`` seconds."""
        return self._post(
            ep.OVERTIME_STOP, {"taskIds": task_id_list(task_ids), "overTime": int(overtime_sec)}
        )

    def full_speed(self, task_ids: Iterable[TaskId]) -> Any:
        """Render the tasks at full speed (no node limit)."""
        return self._post(ep.FULL_SPEED, {"taskIds": task_id_list(task_ids)})

    def update_task_limit(self, task_id: TaskId, task_limit: int) -> Any:
        """Limit how many nodes render the task at once."""
        return self._post(ep.TASK_LIMIT, {"taskId": int(task_id), "taskLimit": int(task_limit)})

    def edit_task_hardware_config(
        self,
        task_ids: Iterable[TaskId],
        hardware_config_ids: Iterable[int],
        model: str,
        gpu_num: str,
        ram: str,
    ) -> Any:
        """Move tasks to another hardware configuration (``model`` / ``gpuNum`` / ``ram`` as strings)."""
        body = {
            "taskIds": task_id_list(task_ids),
            "hardwareConfigIds": [int(item) for item in hardware_config_ids],
            "model": str(model),
            "gpuNum": str(gpu_num),
            "ram": str(ram),
        }
        return self._post(ep.EDIT_HARDWARE_CONFIG, body)

    def add_task_label(self, label: str, task_ids: Iterable[TaskId]) -> None:
        """Attach a label to tasks; after an ambiguous failure, checks the tasks before repeating."""
        ids = task_id_list(task_ids)
        body = {"label": str(label), "taskIds": ids}
        return self._create_once(ep.ADD_TASK_LABEL, body, lambda: self._labelled(ids, str(label)))

    def delete_task_labels(
        self,
        task_ids: Iterable[TaskId],
        label_names: Iterable[str] = (),
        label_ids: Iterable[int] = (),
    ) -> None:
        """Remove labels (by name and/or id) from tasks."""
        body = {
            "taskIds": task_id_list(task_ids),
            "labelNames": [str(name) for name in label_names],
            "labelIds": [int(item) for item in label_ids],
        }
        return self._post(ep.DELETE_TASK_LABEL, body)

    def _created_by_marker(self, marker: str, count: int) -> Any:
        tasks = self._find_marked_tasks(marker)
        if not tasks:
            return MISSING
        tasks.sort(key=lambda task: int(task["id"]))
        kept = tasks[:count]
        extra = [int(task["id"]) for task in tasks[count:]]
        if extra:
            # A late duplicate of our own request: it was never submitted, remove it.
            log.warning("createTask ran more than once; deleting the extra task ids %s", extra)
            self.delete_tasks(extra)
        user_id = kept[0].get("userId")
        return {
            "taskIdList": [int(task["id"]) for task in kept],
            "aliasTaskIdList": [task.get("taskAlias") for task in kept],
            "userId": user_id,
        }

    def _find_marked_tasks(self, marker: str) -> List[Dict[str, Any]]:
        page = self.task_list(1, 100, search_keyword=marker)
        hits = [task for task in first_items(page) if _has_label(task, marker)]
        if hits:
            return hits
        return [task for task in islice(self.iter_tasks(100), MARKER_SCAN_LIMIT) if _has_label(task, marker)]

    def _submitted(self, task_id: int) -> Any:
        try:
            task = self.get_task(task_id)
        except NotFound:
            return MISSING
        return None if _is_submitted(task) else MISSING

    def _labelled(self, task_ids: List[int], label: str) -> Any:
        tasks = first_items(self.task_info(task_ids))
        if len(tasks) < len(task_ids) or any("labels" not in task for task in tasks):
            raise RenderbusError("the farm does not report task labels", path=ep.TASK_INFO)
        return None if all(_has_label(task, label) for task in tasks) else MISSING


def _has_label(task: Mapping[str, Any], label: str) -> bool:
    """Whether a task carries ``label``, whatever shape the farm gives ``labels`` (list, dicts, JSON text)."""
    return label in _label_strings(task.get("labels"))


def _label_strings(labels: Any) -> List[str]:
    if isinstance(labels, str):
        try:
            labels = json.loads(labels)
        except ValueError:
            return [part.strip() for part in labels.split(",")]
        if isinstance(labels, str):
            return [labels]
    if isinstance(labels, Mapping):
        return [text for value in labels.values() for text in _label_strings(value)]
    if isinstance(labels, (list, tuple)):
        return [text for value in labels for text in _label_strings(value)]
    return [] if labels is None else [str(labels)]


def _is_submitted(task: Mapping[str, Any]) -> bool:
    """A task has been submitted once the farm gives it a status or a submit date."""
    return task.get("taskStatus") is not None or bool(task.get("submitDate"))
