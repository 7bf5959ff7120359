"""Task endpoints: create, job files, submit, lists and details, lifecycle, priority and labels."""

from __future__ import annotations

import json
import posixpath
import shutil
from typing import Any, Dict, List

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from farmhand.fileio import atomic_write_text
from farmhand_farm.envelope import PARAMETER_CANT_BE_EMPTY, ApiError
from farmhand_farm.protocol import lifecycle, paging
from farmhand_farm.protocol import status as st
from farmhand_farm.protocol.jobs import Job, Unit, plan_frames, read_job
from farmhand_farm.protocol.store import dumps, frames, sequences, task_labels, tasks
from farmhand_farm.protocol.taskinfo import render_tasks
from farmhand_farm.users import now_ms
from farmhand_farm.validation import Field, ints
from farmhand_farm.views import Call, Endpoint

JOB_FILES = ("task.json", "upload.json", "asset.json", "tips.json")
FIRST_TASK_ID = 1000000
MAX_CREATE = 100


def allocate_ids(conn: Connection, count: int) -> List[int]:
    """``count`` fresh task ids from the persistent sequence (never reused, even after deletes)."""
    current = conn.execute(sa.select(sequences.c.value).where(sequences.c.name == "task_id")).scalar()
    if current is None:
        current = FIRST_TASK_ID - 1
        conn.execute(sequences.insert().values(name="task_id", value=current))
    conn.execute(sequences.update().where(sequences.c.name == "task_id").values(value=current + count))
    return list(range(current + 1, current + count + 1))


def alias(platform: int, task_id: int) -> str:
    return f"{platform}W{task_id}"


def _own_task(conn: Connection, call: Call, task_id: int) -> sa.Row:
    return lifecycle.load_tasks(conn, call.user.user_id, [task_id])[0]


# -- create / job files / submit --------------------------------------------------------


def create_task(call: Call):
    body = call.body
    count = body["count"]
    if not 1 <= count <= MAX_CREATE:
        raise paging.invalid(f"count must be between 1 and {MAX_CREATE}")
    labels = [str(label) for label in body.get("labels") or []]
    clone_of = body.get("cloneOriginalId")
    now = now_ms()
    with call.ctx.db.write() as conn:
        if clone_of:
            _own_task(conn, call, clone_of)
        ids = allocate_ids(conn, count)
        for task_id in ids:
            conn.execute(
                tasks.insert().values(
                    id=task_id,
                    user_id=call.user.user_id,
                    parent_id=0,
                    alias=alias(call.user.platform, task_id),
                    status=None,
                    task_user_level=body["taskUserLevel"],
                    producer=body.get("artist"),
                    out_user_id=body.get("outUserId"),
                    clone_original_id=clone_of,
                    create_date=now,
                    channel=_channel(call),
                )
            )
            for label in dict.fromkeys(labels):
                conn.execute(task_labels.insert().values(task_id=task_id, name=label))
    if clone_of:
        for task_id in ids:
            _copy_job_files(call, clone_of, task_id)
    return {
        "taskIdList": ids,
        "aliasTaskIdList": [alias(call.user.platform, i) for i in ids],
        "userId": call.user.user_id,
    }


def _channel(call: Call) -> int:
    try:
        return int(call.request.headers.get("channel", "4"))
    except ValueError:
        return 4


def _copy_job_files(call: Call, source: int, target: int) -> None:
    source_dir, target_dir = call.ctx.task_cfg_dir(source), call.ctx.task_cfg_dir(target)
    for name in JOB_FILES:
        if (source_dir / name).is_file():
            target_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source_dir / name, target_dir / name)


def task_json_file(call: Call):
    """Store one job file under the config storage ``/{taskId}/cfg/{fileName}`` (§11.7)."""
    body = call.body
    content = body["content"]
    try:
        json.loads(content)
    except ValueError as exc:
        raise paging.invalid(f"content of {body['fileName']} is not JSON: {exc}") from None
    with call.ctx.db.read() as conn:
        row = _own_task(conn, call, body["taskId"])
    if row.status is not None:
        raise paging.invalid(f"task {row.id} was already submitted; its job files can no longer change")
    target = call.ctx.task_cfg_dir(row.id) / body["fileName"]  # fileName is one of JOB_FILES (validated)
    atomic_write_text(str(target), content)
    return None


def submit_task(call: Call):
    """Read the uploaded task.json, create sub-tasks and frames, and queue the task (status 0).

    Submitting a task that is already submitted changes nothing and succeeds, so a
    client that lost the first answer can safely ask again.
    """
    task_id = call.body["taskId"]
    with call.ctx.db.read() as conn:
        row = _own_task(conn, call, task_id)
    if row.status is not None:
        return None
    job = read_job(_load_task_json(call, task_id))
    with call.ctx.db.write() as conn:
        row = _own_task(conn, call, task_id)
        if row.status is None:
            _materialise(conn, call, row, job)
    return None


def _load_task_json(call: Call, task_id: int) -> Any:
    path = call.ctx.task_cfg_dir(task_id) / "task.json"
    if not path.is_file():
        raise paging.invalid(
            f"task {task_id} has no task.json; upload it with /api/render/submit/taskJsonFile first"
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise paging.invalid(f"task {task_id}: task.json is not JSON: {exc}") from None


def _materialise(conn: Connection, call: Call, row: sa.Row, job: Job) -> None:
    now = now_ms()
    stem = posixpath.splitext(job.scene_name)[0]
    has_sims = any(unit.simulation for unit in job.units)
    common = {
        "status": st.TASK_WAITING,
        "submit_date": now,
        "scene_name": job.scene_name,
        "cg_id": job.cg_id,
        "project_name": job.text("project_name"),
        "ram": _int_or_none(job.text("ram")),
        "hardware": dumps({"hardwareConfigIds": [str(i) for i in job.info.get("hardwareConfigIds") or []]}),
        "tiles": max(1, job.number("tiles", 1)),
        "task_type": "GopRender" if has_sims else "Render",
        "producer": call.body.get("producer") or row.producer,
        "task_over_time": _int_or_none(job.text("time_out")),
        "over_time_stop": _int_or_none(job.text("task_stop_time")) or None,
    }
    first_stage = min(unit.stage for unit in job.units)
    hold = 1 if job.text("stop_after_test") == "1" and job.text("pre_frames", "000")[:3] != "000" else 0
    if job.layered:
        sub_ids = allocate_ids(conn, len(job.units))
        conn.execute(
            tasks.update()
            .where(tasks.c.id == row.id)
            .values(is_open=1, output_file_name=f"{row.id}_{stem}", **_unit_values(job.units), **common)
        )
        for unit, sub_id in zip(job.units, sub_ids):
            conn.execute(
                tasks.insert().values(
                    id=sub_id,
                    user_id=row.user_id,
                    parent_id=row.id,
                    alias=alias(call.user.platform, sub_id),
                    task_user_level=row.task_user_level,
                    create_date=now,
                    channel=row.channel,
                    layer_name=unit.name,
                    output_file_name=f"{sub_id}_{stem}",
                    test_hold=hold,
                    **_unit_values([unit]),
                    **common,
                )
            )
            _insert_frames(conn, sub_id, job, [unit], first_stage)
    else:
        conn.execute(
            tasks.update()
            .where(tasks.c.id == row.id)
            .values(output_file_name=f"{row.id}_{stem}", test_hold=hold, **_unit_values(job.units), **common)
        )
        _insert_frames(conn, row.id, job, job.units, first_stage)


def _unit_values(units: List[Unit]) -> Dict[str, str]:
    cameras = list(dict.fromkeys(c for unit in units for c in unit.cameras))
    all_cameras = list(dict.fromkeys(c for unit in units for c in unit.all_cameras))
    return {
        "frames_range": ",".join(unit.frames_range for unit in units),
        "render_camera": ",".join(cameras),
        "all_camera": ",".join(all_cameras),
    }


def _insert_frames(conn: Connection, task_id: int, job: Job, units: List[Unit], first_stage: int) -> None:
    """Frames of the job's first stage wait (1); later stages wait for it (10)."""
    plans = [plan for unit in units for plan in plan_frames(job, unit)]
    # Earlier stages first, priority frames first within a stage, then the rest in order.
    plans.sort(key=lambda plan: (plan.stage, 0 if plan.frame_type == st.TYPE_PRIORITY else 1))
    rows = [
        {
            "task_id": task_id,
            "seq": index,
            "frame_index": plan.label,
            "frame_block": plan.block,
            "frame_type": plan.frame_type,
            "status": st.FRAME_WAITING if plan.stage == first_stage else st.FRAME_GOPJOBWAITING,
            "stage": plan.stage,
            "unit": plan.unit,
            "frames_spec": plan.label,
        }
        for index, plan in enumerate(plans)
    ]
    if rows:
        conn.execute(frames.insert(), rows)


def _int_or_none(text: str):
    digits = "".join(ch for ch in str(text) if ch.isdigit())
    return int(digits) if digits else None


# -- lists and details --------------------------------------------------------------------


def task_list(call: Call):
    body = call.body
    query = sa.select(tasks).where(tasks.c.user_id == call.user.user_id, tasks.c.parent_id == 0)
    query = query.where(tasks.c.is_deleted == (1 if str(body.get("recycleFlag", "0")) == "1" else 0))
    if body.get("statusList"):
        query = query.where(tasks.c.status.in_(body["statusList"]))
    keyword = (body.get("searchKeyword") or "").strip()
    if keyword:
        query = query.where(_matches(keyword))
    query = paging.date_range(query, tasks.c.submit_date, body.get("startTime"), body.get("endTime"))
    with call.ctx.db.read() as conn:
        page = paging.page(conn, query.order_by(tasks.c.id.desc()), body)
        items = render_tasks(conn, page.rows, call.user.user_name)
    data = page.data(lambda row: row)
    data["items"] = items
    return data


def task_info(call: Call):
    with call.ctx.db.read() as conn:
        rows = lifecycle.load_tasks(conn, call.user.user_id, call.body["taskIds"])
        items = render_tasks(conn, rows, call.user.user_name)
    return {"pageCount": 1 if items else 0, "pageNum": 1, "total": len(items), "size": 100, "items": items}


def _matches(keyword: str):
    """Fuzzy search over scene name, id, alias and label names (labels: how a client finds its own tasks)."""
    pattern = f"%{keyword}%"
    labelled = sa.select(task_labels.c.task_id).where(task_labels.c.name.like(pattern))
    return sa.or_(
        tasks.c.scene_name.like(pattern),
        sa.cast(tasks.c.id, sa.String).like(pattern),
        tasks.c.alias.like(pattern),
        tasks.c.id.in_(labelled),
    )


# -- lifecycle ------------------------------------------------------------------------------


def _lifecycle(action):
    def handler(call: Call):
        with call.ctx.db.write() as conn:
            action(conn, lifecycle.load_tasks(conn, call.user.user_id, call.body["taskIds"]))
        return None

    handler.__name__ = action.__name__
    return handler


def update_priority(call: Call):
    level = call.body["taskUserLevel"]
    if not 0 <= level <= 100:
        raise paging.invalid("taskUserLevel must be between 0 and 100")
    return _update_family(call, [call.body["taskId"]], task_user_level=level)


def _update_family(call: Call, task_ids: List[int], **values: Any):
    with call.ctx.db.write() as conn:
        rows = lifecycle.family(conn, lifecycle.load_tasks(conn, call.user.user_id, task_ids))
        conn.execute(tasks.update().where(tasks.c.id.in_([r.id for r in rows])).values(**values))
    return None


def overtime_stop(call: Call):
    if call.body["overTime"] < 0:
        raise paging.invalid("overTime must not be negative")
    _update_family(call, call.body["taskIds"], over_time_stop=call.body["overTime"])
    return "SUCCESS"


def full_speed(call: Call):
    _update_family(call, call.body["taskIds"], full_speed=1)
    return "成功"


def update_task_limit(call: Call):
    limit = call.body.get("taskLimit")
    if limit is None or limit < 1:
        raise paging.invalid("taskLimit must be 1 or more")
    return _update_family(call, [call.body["taskId"]], task_limit=limit)


def edit_hardware(call: Call):
    body = call.body
    hardware = {
        "hardwareConfigIds": [str(i) for i in body["hardwareConfigIds"]],
        "model": body["model"],
        "ram": body["ram"],
        "gpuNum": body["gpuNum"],
    }
    ram = _int_or_none(body["ram"])
    return _update_family(call, body["taskIds"], hardware=dumps(hardware), ram=ram)


# -- labels on tasks ----------------------------------------------------------------------


def add_task_label(call: Call):
    label = (call.body.get("label") or "").strip()
    if not label:
        raise ApiError(PARAMETER_CANT_BE_EMPTY, "parameter label can not be empty")
    with call.ctx.db.write() as conn:
        rows = lifecycle.load_tasks(conn, call.user.user_id, call.body.get("taskIds") or [])
        present = {
            (r.task_id, r.name)
            for r in conn.execute(
                sa.select(task_labels).where(task_labels.c.task_id.in_([row.id for row in rows]))
            )
        }
        fresh = [{"task_id": row.id, "name": label} for row in rows if (row.id, label) not in present]
        if fresh:
            conn.execute(task_labels.insert(), fresh)
    return None


def delete_task_label(call: Call):
    body = call.body
    label_ids = [int(i) for i in body.get("labelIds") or [] if str(i).isdigit()]
    names = [str(n) for n in body.get("labelNames") or []]
    if not label_ids and not names:
        raise ApiError(PARAMETER_CANT_BE_EMPTY, "parameter labelIds or labelNames can not be empty")
    with call.ctx.db.write() as conn:
        owned = sa.select(tasks.c.id).where(tasks.c.user_id == call.user.user_id)
        if body.get("taskIds"):
            owned = owned.where(
                tasks.c.id.in_([r.id for r in lifecycle.load_tasks(conn, call.user.user_id, body["taskIds"])])
            )
        conditions = []
        if label_ids:
            conditions.append(task_labels.c.id.in_(label_ids))
        if names:
            conditions.append(task_labels.c.name.in_(names))
        conn.execute(task_labels.delete().where(task_labels.c.task_id.in_(owned), sa.or_(*conditions)))
    return None


_TASK_IDS = ints("taskIds")

ENDPOINTS = [
    Endpoint(
        ("/api/render/submit/createTask", "/api/render/task/createTask"),
        create_task,
        {
            "count": Field("int", required=True),
            "taskUserLevel": Field("int", required=True),
            "labels": Field("list", items="str"),
            "outUserId": Field("int"),
            "cloneOriginalId": Field("int"),
            "artist": Field("str"),
        },
    ),
    Endpoint(
        ("/api/render/submit/taskJsonFile",),
        task_json_file,
        {
            "taskId": Field("int", required=True),
            "fileName": Field("str", required=True, allowed=JOB_FILES),
            "content": Field("str", required=True),
        },
    ),
    Endpoint(
        ("/api/render/submit/task",),
        submit_task,
        {"taskId": Field("int", required=True), "producer": Field("str")},
    ),
    Endpoint(
        ("/api/render/handle/getTaskList/v2", "/api/render/handle/getTaskList"),
        task_list,
        {
            "pageNum": Field("int"),
            "pageSize": Field("int"),
            "statusList": Field("list", items="int"),
            "searchKeyword": Field("str"),
            "startTime": Field("str"),
            "endTime": Field("str"),
            "recycleFlag": Field("int_or_str"),
        },
    ),
    Endpoint(
        ("/api/render/handle/queryTaskInfo/v2", "/api/render/handle/queryTaskInfo"), task_info, _TASK_IDS
    ),
    Endpoint(
        ("/api/rendering/task/renderingTask/stopTask", "/api/render/handle/stopTask"),
        _lifecycle(lifecycle.stop),
        _TASK_IDS,
    ),
    Endpoint(
        ("/api/rendering/task/renderingTask/startTask", "/api/render/handle/startTask"),
        _lifecycle(lifecycle.start),
        _TASK_IDS,
    ),
    Endpoint(("/api/render/handle/abandonTask",), _lifecycle(lifecycle.abandon), _TASK_IDS),
    Endpoint(("/api/render/handle/deleteTask",), _lifecycle(lifecycle.delete), _TASK_IDS),
    Endpoint(
        ("/api/rendering/task/renderingTask/updateTaskUserLevel",),
        update_priority,
        {"taskId": Field("int", required=True), "taskUserLevel": Field("int", required=True)},
    ),
    Endpoint(
        ("/api/render/handle/setTaskOverTimeStop",),
        overtime_stop,
        {**_TASK_IDS, "overTime": Field("int", required=True)},
    ),
    Endpoint(("/api/render/handle/fullSpeedRendering",), full_speed, _TASK_IDS),
    Endpoint(
        ("/api/render/handle/updateTaskLimit",),
        update_task_limit,
        {"taskId": Field("int", required=True), "taskLimit": Field("int", required=True)},
    ),
    Endpoint(
        ("/api/render/handle/editTaskHardwareConfig",),
        edit_hardware,
        {
            **_TASK_IDS,
            "hardwareConfigIds": Field("list", required=True),
            "model": Field("str", required=True),
            "ram": Field("str", required=True),
            "gpuNum": Field("str", required=True),
        },
    ),
    Endpoint(
        ("/api/render/handle/addTaskLabel",),
        add_task_label,
        {"label": Field("str", required=True), **ints("taskIds")},
    ),
    Endpoint(
        ("/api/render/handle/deleteTaskLabel", "/api/render/task/deleteTaskLabel"),
        delete_task_label,
        {"taskIds": Field("list", items="int"), "labelNames": Field("list"), "labelIds": Field("list")},
    ),
]
