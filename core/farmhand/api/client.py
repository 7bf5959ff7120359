"""``RenderbusClient``: every endpoint of the Renderbus API as a documented Python method.

Results are the envelope's ``data`` exactly as the farm sent it (``null`` stays
``None``).  Paged endpoints also have ``iter_*`` generators.  Calls that create
something (task ids, submissions, projects, task labels, render environments)
are never repeated blindly: after a failure that may have taken effect, the
client looks at the farm first (see :meth:`RenderbusClient._create_once`).
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from itertools import islice
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Union

import requests

from farmhand.api import endpoints as ep
from farmhand.api.errors import NotFound, OutcomeUnknown, RenderbusError, ServerError, TransportError
from farmhand.api.paging import first_items, iter_items
from farmhand.api.retry import RetryPolicy
from farmhand.api.transport import Timeout, Transport

log = logging.getLogger("farmhand.api")

TaskId = Union[int, str]
JOB_FILE_NAMES = ("task.json", "upload.json", "asset.json", "tips.json")
#: Prefix of the label that lets the client recognise a task it created (see ``create_task``).
MARKER_PREFIX = "farmhand-req-"
#: How many tasks to scan for a creation marker when the farm's keyword search does not find it.
MARKER_SCAN_LIMIT = 500
_MISSING = object()


class RenderbusClient:
    """A signed client for Renderbus / Fox Renderfarm, or Farmhand's own local farm.

    ``domain`` may carry a port (``127.0.0.1:18431``); it is signed verbatim.
    ``zone`` (1 China, 2 elsewhere) defaults from the domain once, and is then
    used consistently (the SDK inverts it for one endpoint).  ``min_interval``
    spaces requests for farms that enforce the legacy one-request-per-10-s rule.
    ``mark_creations`` adds a unique label to every ``createTask`` so an
    ambiguous failure can be resolved by finding that label.
    """

    def __init__(
        self,
        access_id: Optional[str] = None,
        access_key: Optional[str] = None,
        domain: str = "task.renderbus.com",
        platform: str = "2",
        protocol: str = "https",
        *,
        timeout: Timeout = 60,
        session: Optional[requests.Session] = None,
        retry: Optional[RetryPolicy] = None,
        min_interval: float = 0.0,
        language: str = "1",
        zone: Optional[int] = None,
        channel: str = "4",
        version: str = "2.0.0",
        mark_creations: bool = True,
        settle_delay: Optional[float] = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        access_id = access_id or os.environ.get("RAYVISION_API_ACCESS_ID")
        access_key = access_key or os.environ.get("RAYVISION_API_KEY")
        self._transport = Transport(
            access_id or "",
            access_key or "",
            domain,
            platform=platform,
            protocol=protocol,
            channel=channel,
            version=version,
            language=language,
            timeout=timeout,
            session=session,
            retry=retry,
            min_interval=min_interval,
            sleep=sleep,
        )
        self.zone = int(zone) if zone is not None else (1 if "renderbus" in domain.lower() else 2)
        self.mark_creations = mark_creations
        # How long to let a request that timed out finish on the farm before looking for its effect.
        self.settle_delay = settle_delay if settle_delay is not None else _first_timeout(timeout)
        self._sleep = sleep
        self._profile: Optional[Dict[str, Any]] = None

    # -- plumbing ---------------------------------------------------------------------------------

    @property
    def domain(self) -> str:
        return self._transport.domain

    @property
    def platform(self) -> str:
        return self._transport.platform

    @property
    def transport(self) -> Transport:
        """The signed transport (for callers that need a path this class does not wrap)."""
        return self._transport

    def __repr__(self) -> str:
        return f"RenderbusClient({self._transport.base_url!r}, platform={self.platform!r})"

    def __enter__(self) -> RenderbusClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Release pooled connections."""
        self._transport.close()

    def call(self, path: str, body: Optional[Mapping[str, Any]] = None, *, safe: bool = True) -> Any:
        """POST any API path and return its ``data`` (escape hatch for endpoints added later)."""
        return self._transport.post(path, body, safe=safe)

    def _post(self, path: str, body: Optional[Mapping[str, Any]] = None) -> Any:
        return self._transport.post(path, body, safe=path not in ep.NON_IDEMPOTENT)

    # -- account ----------------------------------------------------------------------------------

    def platforms(self) -> List[Dict[str, Any]]:
        """Platforms (render clusters) this account may use: ``[{platform, name}]``."""
        return self._post(ep.PLATFORMS, {"zone": self.zone})

    def user_profile(self, *, refresh: bool = False) -> Dict[str, Any]:
        """The account profile (``userId``, ``userName``, ...); cached after the first call."""
        if self._profile is None or refresh:
            self._profile = self._post(ep.USER_PROFILE)
        return self._profile

    def user_id(self) -> int:
        """The numeric user id (from the cached profile, unlike the SDK's round trip per access)."""
        profile = self.user_profile()
        if not profile or "userId" not in profile:
            raise RenderbusError("the farm's user profile has no userId", path=ep.USER_PROFILE)
        return int(profile["userId"])

    def user_settings(self) -> Dict[str, Any]:
        """Account settings (``taskOverTime`` hours, ``autoCommit``, ``singleNodeRenderFrames``, ...)."""
        return self._post(ep.USER_SETTINGS)

    def update_user_settings(self, task_over_time_sec: int) -> None:
        """Set the account's task timeout, in seconds."""
        return self._post(ep.UPDATE_USER_SETTINGS, {"taskOverTimeSec": int(task_over_time_sec)})

    def transfer_bids(self) -> Dict[str, Any]:
        """Storage ids: ``config_bid``, ``input_bid``, ``output_bid``, ``parent_input_bid``, ..."""
        return self._post(ep.TRANSFER_BIDS)

    def account_info(self) -> Dict[str, Any]:
        """Profile, settings and storage ids merged, like the SDK's login (but tolerant of ``null``)."""
        merged: Dict[str, Any] = {}
        for part in (self.user_profile(), self.user_settings(), self.transfer_bids()):
            merged.update(part or {})
        return merged

    def transfer_config(self) -> Dict[str, Any]:
        """Transfer engines, lines and storage ids (``resqEngines``, ``inputBid``, ...)."""
        return self._post(ep.TRANSFER_CONFIG)

    def transfer_server_info(self) -> Dict[str, Any]:
        """Raysync server information for this account's zone (same zone as :meth:`platforms`)."""
        return self._post(ep.TRANSFER_SERVER_INFO, {"zone": self.zone})

    def raysync_user_key(self) -> Dict[str, Any]:
        """The Raysync credentials object (``raySyncUserKey``, ``userName``, ``platform``, ...)."""
        return self._post(ep.RAYSYNC_USER_KEY)

    def hardware_configs(self, task_ids: Optional[Iterable[TaskId]] = None) -> List[Dict[str, Any]]:
        """Hardware configurations of the platform; with ``task_ids``, ``current`` marks each task's own."""
        body: Dict[str, Any] = {"cloneTask": "false"}
        if task_ids is not None:
            body["taskIds"] = [str(int(task_id)) for task_id in task_ids]
        return self._post(ep.HARDWARE_CONFIGS, body)

    def pack_node_info(self) -> Any:
        """Booked ("packed") render nodes of the account (shape undocumented)."""
        return self._post(ep.PACK_NODE_INFO)

    def task_records(
        self, page_num: int = 1, page_size: int = 20, start_date: str = "", end_date: str = ""
    ) -> Dict[str, Any]:
        """One page of the account's task records (``startDate``/``endDate`` as ``YYYY-MM-DD HH:MM:SS``)."""
        body = {
            "platform": int(self.platform),
            "pageNum": int(page_num),
            "pageSize": int(page_size),
            "startDate": str(start_date),
            "endDate": str(end_date),
        }
        return self._post(ep.TASK_RECORDS, body)

    def iter_task_records(
        self, start_date: str = "", end_date: str = "", page_size: int = 100
    ) -> Iterator[Any]:
        """Every task record in the date range."""
        return iter_items(
            lambda n: self.task_records(n, page_size, start_date, end_date), path=ep.TASK_RECORDS
        )

    def login_records(
        self, page_num: int = 1, page_size: int = 20, start_date: str = "", end_date: str = ""
    ) -> Dict[str, Any]:
        """One page of the account's login records."""
        body = {
            "pageNum": int(page_num),
            "pageSize": int(page_size),
            "startDate": start_date,
            "endDate": end_date,
        }
        return self._post(ep.LOGIN_RECORDS, body)

    def iter_login_records(
        self, start_date: str = "", end_date: str = "", page_size: int = 100
    ) -> Iterator[Any]:
        """Every login record in the date range."""
        return iter_items(
            lambda n: self.login_records(n, page_size, start_date, end_date), path=ep.LOGIN_RECORDS
        )

    # -- submission -------------------------------------------------------------------------------

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

    # -- tasks ------------------------------------------------------------------------------------

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
        return self._post(ep.TASK_INFO, {"taskIds": _ids(task_ids)})

    def get_task(self, task_id: TaskId) -> Dict[str, Any]:
        """One task's details; :class:`NotFound` when the farm does not know it."""
        for item in first_items(self.task_info([task_id])):
            if _same_id(item.get("id"), task_id):
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
        return self._post(ep.STOP_TASK, {"taskIds": _ids(task_ids)})

    def start_tasks(self, task_ids: Iterable[TaskId]) -> None:
        """Resume stopped tasks."""
        return self._post(ep.START_TASK, {"taskIds": _ids(task_ids)})

    def abandon_tasks(self, task_ids: Iterable[TaskId]) -> None:
        """Abandon the tasks (status 35); they can no longer be started."""
        return self._post(ep.ABANDON_TASK, {"taskIds": _ids(task_ids)})

    def delete_tasks(self, task_ids: Iterable[TaskId]) -> None:
        """Delete the tasks."""
        return self._post(ep.DELETE_TASK, {"taskIds": _ids(task_ids)})

    def update_priority(self, task_id: TaskId, task_user_level: int) -> None:
        """Set a task's user priority (50 normal, 60 high)."""
        return self._post(ep.UPDATE_PRIORITY, {"taskId": int(task_id), "taskUserLevel": int(task_user_level)})

    def set_overtime_stop(self, task_ids: Iterable[TaskId], overtime_sec: int) -> Any:
        """Stop the tasks' frames that render longer than ``overtime_sec`` seconds."""
        return self._post(ep.OVERTIME_STOP, {"taskIds": _ids(task_ids), "overTime": int(overtime_sec)})

    def full_speed(self, task_ids: Iterable[TaskId]) -> Any:
        """Render the tasks at full speed (no node limit)."""
        return self._post(ep.FULL_SPEED, {"taskIds": _ids(task_ids)})

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
            "taskIds": _ids(task_ids),
            "hardwareConfigIds": [int(item) for item in hardware_config_ids],
            "model": str(model),
            "gpuNum": str(gpu_num),
            "ram": str(ram),
        }
        return self._post(ep.EDIT_HARDWARE_CONFIG, body)

    # -- frames -----------------------------------------------------------------------------------

    def task_frames(
        self, task_id: TaskId, page_num: int = 1, page_size: int = 100, search_keyword: Optional[str] = None
    ) -> Dict[str, Any]:
        """One page of a task's frames (``FrameInfo`` items)."""
        body: Dict[str, Any] = {"taskId": int(task_id), "pageNum": int(page_num), "pageSize": int(page_size)}
        if search_keyword is not None:
            body["searchKeyword"] = str(search_keyword)
        return self._post(ep.TASK_FRAMES, body)

    def iter_frames(
        self, task_id: TaskId, page_size: int = 100, search_keyword: Optional[str] = None
    ) -> Iterator[Dict[str, Any]]:
        """Every frame record of a task."""
        return iter_items(
            lambda n: self.task_frames(task_id, n, page_size, search_keyword), path=ep.TASK_FRAMES
        )

    def all_frame_stats(self) -> Dict[str, Any]:
        """Frame totals over the account (``doneFramesTotal``, ``failedFramesTotal``, ...)."""
        return self._post(ep.ALL_FRAME_STATS)

    def restart_failed_frames(
        self, task_ids: Iterable[TaskId], status: Optional[Iterable[int]] = None
    ) -> None:
        """Re-render the tasks' frames in ``status`` (frame status codes; default: failed frames)."""
        body: Dict[str, Any] = {"taskIds": _ids(task_ids)}
        if status is not None:
            body["status"] = [int(item) for item in status]
        return self._post(ep.RESTART_FAILED_FRAMES, body)

    def restart_frames(
        self,
        task_id: TaskId,
        frame_ids: Optional[Iterable[int]] = None,
        status: Optional[Iterable[int]] = None,
    ) -> None:
        """Re-render frames by record ``id`` (all frames when ``frame_ids`` is None)."""
        return self._post(ep.RESTART_FRAMES, _frame_selection(task_id, frame_ids, status))

    def stop_frames(
        self,
        task_id: TaskId,
        frame_ids: Optional[Iterable[int]] = None,
        status: Optional[Iterable[int]] = None,
    ) -> Any:
        """Stop frames by record ``id`` (all frames when ``frame_ids`` is None)."""
        return self._post(ep.STOP_FRAMES, _frame_selection(task_id, frame_ids, status))

    def frame_ids_for(self, task_id: TaskId, frame_labels: Iterable[str]) -> List[int]:
        """Record ids of the frames whose ``frameIndex`` is one of ``frame_labels`` (``"6"``, ``"7-9[1]"``).

        Unknown labels raise :class:`NotFound` instead of being silently ignored.
        """
        wanted = {str(label) for label in frame_labels}
        found: Dict[str, List[int]] = {}
        for frame in self.iter_frames(task_id):
            label = str(frame.get("frameIndex"))
            if label in wanted:
                found.setdefault(label, []).append(int(frame["id"]))
        missing = sorted(wanted - set(found))
        if missing:
            raise NotFound(f"task {task_id} has no frame {', '.join(missing)}", path=ep.TASK_FRAMES)
        return [frame_id for label in sorted(found) for frame_id in found[label]]

    def restart_frames_by_number(self, task_id: TaskId, frame_labels: Iterable[str]) -> None:
        """Re-render the frames with these ``frameIndex`` labels."""
        return self.restart_frames(task_id, self.frame_ids_for(task_id, frame_labels))

    def stop_frames_by_number(self, task_id: TaskId, frame_labels: Iterable[str]) -> Any:
        """Stop the frames with these ``frameIndex`` labels."""
        return self.stop_frames(task_id, self.frame_ids_for(task_id, frame_labels))

    def task_progress_image(self, task_id: TaskId, frame_type: Optional[int] = None) -> Any:
        """Progress image information of a 3ds Max task (``frame_type`` 2 photon, 5 picture)."""
        body: Dict[str, Any] = {"taskId": int(task_id)}
        if frame_type is not None:
            body["frameType"] = int(frame_type)
        return self._post(ep.TASK_PROGRESS_IMAGE, body)

    def frame_thumbnail(self, frame_id: int, frame_status: int = 4) -> Any:
        """Thumbnail of a frame (only done frames, status 4, have one)."""
        return self._post(ep.FRAME_THUMBNAIL, {"id": int(frame_id), "frameStatus": int(frame_status)})

    def render_log(
        self, frame_id: int, rendering_type: str = "render", page_num: int = 1, page_size: int = 1
    ) -> Any:
        """One page of a frame's render log."""
        body = {"renderingType": str(rendering_type), "pageNum": int(page_num), "pageSize": int(page_size)}
        body["id"] = int(frame_id)
        return self._post(ep.RENDER_LOG, body)

    def output_files(self, tree_path: str = "/", task_id: Optional[TaskId] = None) -> List[Dict[str, Any]]:
        """Entries of the output storage under ``tree_path`` (for a layered task use the layer's id)."""
        body: Dict[str, Any] = {"treePath": str(tree_path)}
        if task_id is not None:
            body["taskId"] = int(task_id)
        return self._post(ep.OUTPUT_FILES, body)

    # -- projects and labels ----------------------------------------------------------------------

    def add_project(self, name: str, status: int = 0) -> None:
        """Create a project label (``status`` 0 on, 1 off); never duplicated by a retry."""
        body = {"newName": str(name), "status": int(status)}
        return self._create_once(ep.ADD_PROJECT, body, lambda: self._project_exists(str(name)))

    def delete_project(self, name: str) -> None:
        """Delete a project label by name."""
        return self._post(ep.DELETE_PROJECT, {"delName": str(name)})

    def project_names(self) -> Dict[str, Any]:
        """``{projectNameList: [{projectId, projectName}]}`` of the account."""
        return self._post(ep.PROJECT_NAMES)

    def projects(self, flag: int = 0) -> List[Dict[str, Any]]:
        """Projects: ``flag`` 0 own, 1 own + main account, 2 whole master account."""
        data = self._post(ep.PROJECT_LIST, {"flag": int(flag)})
        return list((data or {}).get("projectNameList") or [])

    def ensure_project(self, name: str, flag: int = 2) -> int:
        """The id of project ``name``, creating it if needed; fails loudly instead of returning ``''``."""
        for attempt in range(2):
            for project in self.projects(flag):
                if project.get("projectName") == name:
                    return int(project["projectId"])
            if attempt == 0:
                self.add_project(name)
        raise RenderbusError(
            f"project {name!r} was added but the farm does not list it", path=ep.PROJECT_LIST
        )

    def add_task_label(self, label: str, task_ids: Iterable[TaskId]) -> None:
        """Attach a label to tasks; after an ambiguous failure, checks the tasks before repeating."""
        ids = _ids(task_ids)
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
            "taskIds": _ids(task_ids),
            "labelNames": [str(name) for name in label_names],
            "labelIds": [int(item) for item in label_ids],
        }
        return self._post(ep.DELETE_TASK_LABEL, body)

    # -- software and render environments ---------------------------------------------------------

    def software_list(self) -> Dict[str, Any]:
        """Supported DCCs: ``{isAutoCommit, renderInfoList, defaultCgId}``."""
        return self._post(ep.SOFTWARE_LIST)

    def software_detail(self, cg_id: int, os_name: str = "windows") -> Dict[str, Any]:
        """Versions and plugins of one DCC: ``{cgVersion, cgPlugin}``; ``os_name`` windows or linux."""
        if os_name not in ("windows", "linux"):
            raise ValueError(f"os_name must be 'windows' or 'linux', got {os_name!r}")
        return self._post(ep.SOFTWARE_DETAIL, {"cgId": int(cg_id), "osName": os_name})

    def render_envs(
        self, cg_id: Optional[int] = None, cg_ids: Optional[Iterable[int]] = None, os_name: int = 1
    ) -> List[Dict[str, Any]]:
        """Saved render environments (``os_name`` 0 Linux, 1 Windows)."""
        body: Dict[str, Any] = {}
        if cg_id is not None:
            body["cgId"] = int(cg_id)
        if cg_ids is not None:
            body["cgIds"] = [int(item) for item in cg_ids]
        body["osName"] = int(os_name)
        return self._post(ep.RENDER_ENVS, body)

    def add_render_env(self, env: Mapping[str, Any]) -> Dict[str, Any]:
        """Save a render environment; returns ``{editName}``; never duplicated by a retry.

        ``env`` keys: ``cgId``, ``cgName``, ``cgVersion``, ``editName``, ``renderSystem`` (0 Linux,
        1 Windows), ``pluginIds``; optional ``renderLayerType``, ``projectPath``.
        """
        body = _render_env_body(env)
        name = body["editName"]
        lookup = lambda: self._render_env_exists(name, body["cgId"], body["renderSystem"])  # noqa: E731
        return self._create_once(ep.ADD_RENDER_ENV, body, lookup, found_result={"editName": name})

    def edit_render_env(self, env: Mapping[str, Any]) -> None:
        """Replace a saved render environment (same keys as :meth:`add_render_env`)."""
        return self._post(ep.EDIT_RENDER_ENV, _render_env_body(env))

    def delete_render_env(self, edit_name: str) -> None:
        """Delete a saved render environment."""
        return self._post(ep.DELETE_RENDER_ENV, {"editName": str(edit_name)})

    def set_default_render_env(self, edit_name: str) -> None:
        """Make a saved render environment the default one."""
        return self._post(ep.DEFAULT_RENDER_ENV, {"editName": str(edit_name)})

    # -- creations that must not happen twice -----------------------------------------------------

    def _create_once(
        self,
        path: str,
        body: Mapping[str, Any],
        lookup: Optional[Callable[[], Any]],
        *,
        found_result: Any = _MISSING,
    ) -> Any:
        """POST a creation so that it takes effect at most once.

        The transport repeats it only when it provably never reached the farm.
        After an ambiguous failure, wait for a late request to land, then ask
        ``lookup()`` whether it took effect: a value (the data to return) ends the
        call, ``_MISSING`` means "not there, safe to send again".  When the farm
        cannot answer, :class:`OutcomeUnknown` is raised instead of guessing.
        """
        policy = self._transport.retry
        failures = 0
        while True:
            try:
                return self._transport.post(path, body, safe=False)
            except (TransportError, ServerError) as exc:
                if not exc.ambiguous or lookup is None:
                    raise
                failures += 1
                found = self._look_after_failure(path, exc, lookup)
                if found is _MISSING and failures >= policy.attempts:
                    raise
            except RenderbusError:
                # A resend refused ("already submitted") after an earlier ambiguous attempt:
                # that attempt may have landed late, so look once more before reporting it.
                if failures == 0 or lookup is None:
                    raise
                found = lookup()
                if found is _MISSING:
                    raise
            if found is not _MISSING:
                log.info("%s had taken effect despite an ambiguous failure; not sending it again", path)
                return found if found_result is _MISSING else found_result
            delay = policy.delay(failures)
            log.warning("%s did not take effect; sending it again in %.2fs", path, delay)
            self._sleep(delay)

    def _look_after_failure(self, path: str, exc: RenderbusError, lookup: Callable[[], Any]) -> Any:
        if isinstance(exc, TransportError) and self.settle_delay > 0:
            self._sleep(self.settle_delay)
        try:
            return lookup()
        except RenderbusError as lookup_error:
            raise OutcomeUnknown(
                f"the request failed ({exc.message}) and checking whether it took effect failed too "
                f"({lookup_error.message}); check the farm before trying again",
                path=path,
            ) from exc

    def _created_by_marker(self, marker: str, count: int) -> Any:
        tasks = self._find_marked_tasks(marker)
        if not tasks:
            return _MISSING
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
            return _MISSING
        return None if _is_submitted(task) else _MISSING

    def _project_exists(self, name: str) -> Any:
        names = {project.get("projectName") for project in self.projects(2)}
        return None if name in names else _MISSING

    def _labelled(self, task_ids: List[int], label: str) -> Any:
        tasks = first_items(self.task_info(task_ids))
        if len(tasks) < len(task_ids) or any("labels" not in task for task in tasks):
            raise RenderbusError("the farm does not report task labels", path=ep.TASK_INFO)
        return None if all(_has_label(task, label) for task in tasks) else _MISSING

    def _render_env_exists(self, name: str, cg_id: int, render_system: int) -> Any:
        envs = self.render_envs(cg_id=cg_id, os_name=render_system) or []
        return {"editName": name} if any(env.get("editName") == name for env in envs) else _MISSING


def _ids(task_ids: Iterable[TaskId]) -> List[int]:
    if isinstance(task_ids, (str, int)):
        raise TypeError("task ids must be given as a list, e.g. [12345]")
    ids = [int(task_id) for task_id in task_ids]
    if not ids:
        raise ValueError("at least one task id is required")
    return ids


def _same_id(left: Any, right: Any) -> bool:
    try:
        return int(left) == int(right)
    except (TypeError, ValueError):
        return False


def _frame_selection(
    task_id: TaskId, frame_ids: Optional[Iterable[int]], status: Optional[Iterable[int]]
) -> Dict[str, Any]:
    body: Dict[str, Any] = {"taskId": int(task_id)}
    if frame_ids is None:
        body["selectAll"] = 1
    else:
        body["ids"] = [int(item) for item in frame_ids]
        body["selectAll"] = 0
        if not body["ids"]:
            raise ValueError("no frame ids given (pass None to select every frame)")
    if status is not None:
        body["status"] = [int(item) for item in status]
    return body


def _render_env_body(env: Mapping[str, Any]) -> Dict[str, Any]:
    required = ("cgId", "cgName", "cgVersion", "editName", "renderSystem", "pluginIds")
    missing = [key for key in required if key not in env]
    if missing:
        raise ValueError(f"render environment lacks {', '.join(missing)}")
    body: Dict[str, Any] = {
        "cgId": int(env["cgId"]),
        "cgName": str(env["cgName"]),
        "cgVersion": str(env["cgVersion"]),
        "renderLayerType": int(env.get("renderLayerType", 0)),
        "editName": str(env["editName"]),
        "renderSystem": int(env["renderSystem"]),
        "pluginIds": [int(item) for item in env["pluginIds"]],
    }
    if env.get("projectPath") is not None:
        body["projectPath"] = str(env["projectPath"])
    return body


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


def _first_timeout(timeout: Timeout) -> float:
    if isinstance(timeout, (tuple, list)):
        return float(timeout[-1])
    return float(timeout)
