"""Frame endpoints: frame pages and totals, re-rendering and stopping frames, logs, progress, thumbnails."""

from __future__ import annotations

from typing import List, Optional

import sqlalchemy as sa

from farmhand_farm.envelope import NOT_FOUND, PARAMETER_CANT_BE_EMPTY, ApiError
from farmhand_farm.protocol import lifecycle, paging
from farmhand_farm.protocol import status as st
from farmhand_farm.protocol.store import frames, loads_list, tasks
from farmhand_farm.validation import Field, ints
from farmhand_farm.views import Call, Endpoint
from farmhand_farm.worker import thumbnails


def frame_info(row: sa.Row, user_id: int, platform: int) -> dict:
    duration = None
    if row.start_time and row.end_time:
        duration = max(0, (row.end_time - row.start_time) // 1000)
    return {
        "id": row.id,
        "userId": user_id,
        "framePrice": None,
        "feeType": None,
        "platform": platform,
        "frameIndex": row.frame_index,
        "frameBlock": row.frame_block,
        "frameStatus": row.status,
        "frameStatusText": f"task_frame_status_{row.status}",
        "feeAmount": 0.0,
        "couponFee": 0.0,
        "arrearsFee": None,
        "startTime": row.start_time or 0,
        "endTime": row.end_time or 0,
        "frameExecuteTime": duration or 0,
        "currentRenderTime": 0,
        "munuJobId": str(row.seq),
        "taskId": row.task_id,
        "munuTaskId": "",
        "frameType": row.frame_type,
        "recommitFlag": row.recommit_flag,
        "isCopy": None,
        "taskOverTime": None,
        "isOverTime": 0,
        "overOneMonth": None,
        "gopName": row.unit if row.frame_type == st.TYPE_SIMULATION else None,
        "layerName": row.unit,
        "frameRam": None,
        "renderRam": None,
        "openRenderRam": None,
        "averageCpu": 0,
        "averageMemory": 0,
        "nodeId": row.node_id,
    }


def task_frames(call: Call):
    """Frame records of a task (all its sub-tasks' for a layered parent); searchKeyword filters frameIndex."""
    body = call.body
    with call.ctx.db.read() as conn:
        row = lifecycle.load_tasks(conn, call.user.user_id, [body["taskId"]])[0]
        query = sa.select(frames).where(frames.c.task_id.in_(lifecycle.leaf_ids(conn, row.id)))
        keyword = (body.get("searchKeyword") or "").strip()
        if keyword:
            query = query.where(frames.c.frame_index.like(f"%{keyword}%"))
        page = paging.page(conn, query.order_by(frames.c.task_id, frames.c.seq), body)
    return page.data(lambda frame: frame_info(frame, call.user.user_id, call.user.platform))


def all_frame_stats(call: Call):
    with call.ctx.db.read() as conn:
        owned = sa.select(tasks.c.id).where(tasks.c.user_id == call.user.user_id, tasks.c.is_deleted == 0)
        query = (
            sa.select(frames.c.status, sa.func.count())
            .where(frames.c.task_id.in_(owned))
            .group_by(frames.c.status)
        )
        counts = {state: int(n) for state, n in conn.execute(query)}

    def total(states) -> int:
        return sum(counts.get(state, 0) for state in states)

    return {
        "executingFramesTotal": total((st.FRAME_STARTED,)),
        "doneFramesTotal": total((st.FRAME_DONE,)),
        "failedFramesTotal": total(st.FAILED_FRAMES),
        "waitingFramesTotal": total(st.PENDING_FRAMES + (st.FRAME_GOPJOBWAITING,)),
        "abandonFramesTotal": total((st.FRAME_ABORTED,)),
        "totalFrames": sum(counts.values()),
    }


def _statuses(call: Call, default: tuple) -> tuple:
    """``status`` (frame states) or the legacy ``restartType`` 0-4 (§8.4); else ``default``."""
    if call.body.get("status"):
        return tuple(call.body["status"])
    legacy = call.body.get("restartType")
    if legacy is not None:
        if legacy not in st.LEGACY_RESTART_STATUS:
            raise paging.invalid(
                "restartType must be 0 (failed), 1 (abandoned), 2 (done), 3 (started) or 4 (waiting)"
            )
        return st.LEGACY_RESTART_STATUS[legacy]
    return default


def recommit_tasks(call: Call):
    statuses = _statuses(call, st.FAILED_FRAMES)
    with call.ctx.db.write() as conn:
        for row in lifecycle.load_tasks(conn, call.user.user_id, call.body["taskIds"]):
            lifecycle.recommit(conn, row, statuses)
    return None


def _selection(call: Call) -> Optional[List[int]]:
    if call.body.get("selectAll", 1) == 1:
        return None
    ids = call.body.get("ids")
    if not ids:
        raise ApiError(PARAMETER_CANT_BE_EMPTY, "parameter ids can not be empty when selectAll is 0")
    return [int(i) for i in ids]


def recommit_task_frames(call: Call):
    frame_ids = _selection(call)
    everything = (st.FRAME_WAITING, st.FRAME_STARTED, st.FRAME_ABORTED, st.FRAME_DONE) + st.FAILED_FRAMES
    statuses = _statuses(call, everything)
    with call.ctx.db.write() as conn:
        row = lifecycle.load_tasks(conn, call.user.user_id, [call.body["taskId"]])[0]
        lifecycle.recommit(conn, row, statuses, frame_ids)
    return None


def stop_task_frames(call: Call):
    frame_ids = _selection(call)
    with call.ctx.db.write() as conn:
        row = lifecycle.load_tasks(conn, call.user.user_id, [call.body["taskId"]])[0]
        lifecycle.stop_frames(conn, row, call.body.get("status"), frame_ids)
    return None


def _own_frame(call: Call, frame_id: int) -> sa.Row:
    with call.ctx.db.read() as conn:
        frame = conn.execute(sa.select(frames).where(frames.c.id == frame_id)).first()
        if frame is not None:
            lifecycle.load_tasks(conn, call.user.user_id, [frame.task_id])
    if frame is None:
        raise ApiError(NOT_FOUND, f"frame {frame_id} does not exist")
    return frame


def show_log(call: Call):
    """Lines of a frame's render log, paged (pageSize lines per page)."""
    frame = _own_frame(call, call.body.get("id") or 0)
    path = call.ctx.task_dir(frame.task_id) / "logs" / f"{frame.id}.log"
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines() if path.is_file() else []
    return paging.page_list(lines, call.body).data(lambda line: line)


def frame_thumbnail(call: Call):
    frame = _own_frame(call, call.body["id"])
    if frame.status != st.FRAME_DONE:
        raise paging.invalid(f"frame {frame.id} is not done; thumbnails exist only for done frames")
    with call.ctx.db.read() as conn:
        task = conn.execute(sa.select(tasks).where(tasks.c.id == frame.task_id)).one()
    folder = call.ctx.output_root(task.user_id) / task.output_file_name if task.output_file_name else None
    if thumbnails.frame_thumbnail(call.ctx.data_dir, frame.id, folder, loads_list(frame.outputs)) is None:
        raise paging.invalid(f"frame {frame.id} has no thumbnail: no output is an image the farm reads")
    return "SUCCESS"


def process_img(call: Call):
    """Block-by-block progress of a task (Fox shows it for 3ds Max; answered for every task here)."""
    with call.ctx.db.read() as conn:
        row = lifecycle.load_tasks(conn, call.user.user_id, [call.body["taskId"]])[0]
        query = sa.select(frames).where(frames.c.task_id.in_(lifecycle.leaf_ids(conn, row.id)))
        rows = conn.execute(query.order_by(frames.c.task_id, frames.c.seq)).all()
    return {
        "width": None,
        "height": None,
        "block": max(1, row.tiles),
        "isRenderPhoton": False,
        "currentTaskType": "Render",
        "sceneName": f"{row.scene_name}-{row.render_camera}" if row.render_camera else row.scene_name,
        "startTime": paging.format_time(row.start_time),
        "endTime": paging.format_time(row.completed_date),
        "completedTime": paging.format_time(row.completed_date),
        "grabInfo": [[_grab(frame, call.ctx.data_dir) for frame in rows]],
    }


def _grab(frame: sa.Row, data_dir) -> dict:
    used = (frame.end_time - frame.start_time) // 1000 if frame.start_time and frame.end_time else 0
    return {
        "startTime": paging.format_time(frame.start_time),
        "endTime": paging.format_time(frame.end_time),
        "frameStatus": str(frame.status),
        "isMaxPrice": "0",
        "feeAmount": "0.00",
        "couponFee": "0.00",
        "frameIndex": frame.frame_index,
        "frameBlock": frame.frame_block,
        "framePercent": "100" if frame.status == st.FRAME_DONE else "0",
        "frameUsed": str(used),
        "frameEst": "0",
        "renderInfo": "",
        "grabUrl": thumbnails.grab_url(data_dir, frame.id),
    }


_FRAME_SELECTION = {
    "taskId": Field("int", required=True),
    "selectAll": Field("int", allowed=(0, 1)),
    "ids": Field("list", items="int"),
    "status": Field("list", items="int"),
}

ENDPOINTS = [
    Endpoint(
        ("/api/render/handle/queryTaskFrames",),
        task_frames,
        {
            "taskId": Field("int", required=True),
            "pageNum": Field("int"),
            "pageSize": Field("int"),
            "searchKeyword": Field("str"),
        },
    ),
    Endpoint(("/api/render/handle/queryAllFrameStats",), all_frame_stats),
    Endpoint(
        ("/api/render/handle/recommitTasks",),
        recommit_tasks,
        {**ints("taskIds"), "status": Field("list", items="int"), "restartType": Field("int")},
    ),
    Endpoint(
        ("/api/render/handle/recommitTaskFrames",),
        recommit_task_frames,
        {**_FRAME_SELECTION, "restartType": Field("int")},
    ),
    Endpoint(("/api/render/handle/stopTaskFrames",), stop_task_frames, _FRAME_SELECTION),
    Endpoint(
        ("/api/render/handle/showLog",),
        show_log,
        {
            "id": Field("int", required=True),
            "pageNum": Field("int"),
            "pageSize": Field("int"),
            "renderingType": Field("str"),
        },
    ),
    Endpoint(
        ("/api/render/handle/loadingFrameThumbnail",),
        frame_thumbnail,
        {"id": Field("int", required=True), "frameStatus": Field("int", required=True)},
    ),
    Endpoint(
        ("/api/render/handle/loadTaskProcessImg",),
        process_img,
        {"taskId": Field("int", required=True), "frameType": Field("int")},
    ),
]
