"""Rendering a task row as the protocol's ``TaskInfo`` (§7.3), with its sub-tasks nested."""

from __future__ import annotations

import json
from typing import Dict, List, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from farmhand_farm.protocol import status as st
from farmhand_farm.protocol.account import OUTPUT_BID
from farmhand_farm.protocol.store import frames, task_labels, tasks
from farmhand_farm.users import now_ms

TASK_TYPE_TEXT = {"Render": "render_major_picture_task", "RenderPhoton": "render_photons_task"}


def render_tasks(conn: Connection, rows: Sequence[sa.Row], user_name: str) -> List[dict]:
    """TaskInfo for each row; parents carry their sub-tasks in ``respRenderingTaskList``."""
    parents = [row.id for row in rows if row.is_open]
    children: Dict[int, List[sa.Row]] = {}
    if parents:
        query = sa.select(tasks).where(tasks.c.parent_id.in_(parents)).order_by(tasks.c.id)
        for child in conn.execute(query):
            children.setdefault(child.parent_id, []).append(child)
    ids = [row.id for row in rows] + [c.id for group in children.values() for c in group]
    labels = _labels(conn, ids)
    counts = _frame_counts_by_task(conn, ids)

    def counts_of(owners: List[int]) -> st.Counts:
        merged: st.Counts = {}
        for owner in owners:
            for key, n in counts.get(owner, {}).items():
                merged[key] = merged.get(key, 0) + n
        return merged

    result = []
    for row in rows:
        subs = children.get(row.id, [])
        info = _info(row, counts_of([c.id for c in subs] or [row.id]), labels, user_name)
        info["respRenderingTaskList"] = [_info(c, counts_of([c.id]), labels, user_name) for c in subs]
        for sub in info["respRenderingTaskList"]:
            sub["respRenderingTaskList"] = []
        result.append(info)
    return result


def _frame_counts_by_task(conn: Connection, task_ids: List[int]) -> Dict[int, st.Counts]:
    """One grouped query for all tasks of a page instead of one per task."""
    found: Dict[int, st.Counts] = {}
    if task_ids:
        query = (
            sa.select(frames.c.task_id, frames.c.frame_type, frames.c.status, sa.func.count())
            .where(frames.c.task_id.in_(task_ids))
            .group_by(frames.c.task_id, frames.c.frame_type, frames.c.status)
        )
        for task_id, kind, state, n in conn.execute(query):
            found.setdefault(task_id, {})[(kind, state)] = int(n)
    return found


def _over_time(row: sa.Row) -> int:
    """1 when the task has run longer than its ``taskOverTime`` reminder (task_info.time_out seconds)."""
    if not row.task_over_time or not row.start_time:
        return 0
    end = row.completed_date or now_ms()
    return 1 if end - row.start_time > row.task_over_time * 1000 else 0


def _labels(conn: Connection, task_ids: List[int]) -> Dict[int, Dict[str, str]]:
    found: Dict[int, Dict[str, str]] = {}
    if task_ids:
        query = sa.select(task_labels).where(task_labels.c.task_id.in_(task_ids)).order_by(task_labels.c.id)
        for label in conn.execute(query):
            found.setdefault(label.task_id, {})[str(label.id)] = label.name
    return found


def _info(row: sa.Row, counts: st.Counts, labels: Dict[int, Dict[str, str]], user_name: str) -> dict:

    def total(states) -> int:
        return sum(n for (_, state), n in counts.items() if state in states)

    hardware = json.loads(row.hardware or "{}")
    duration = None
    if row.start_time and row.completed_date:
        duration = max(0, (row.completed_date - row.start_time) // 1000)
    return {
        "sceneName": row.scene_name,
        "id": row.id,
        "taskAlias": row.alias,
        "taskStatus": row.status,
        "statusText": None if row.status is None else f"render_task_status_{row.status}",
        "preTaskStatus": None,
        "preStatusText": None,
        "totalFrames": sum(counts.values()),
        "abortFrames": total((st.FRAME_ABORTED,)),
        "executingFrames": total((st.FRAME_STARTED,)),
        "doneFrames": total((st.FRAME_DONE,)),
        "failedFrames": total(st.FAILED_FRAMES),
        "waitingCount": total(st.PENDING_FRAMES + (st.FRAME_GOPJOBWAITING,)),
        "framesRange": row.frames_range,
        "projectName": row.project_name,
        "renderConsume": 0.0,
        "taskArrears": 0.0,
        "submitDate": row.submit_date,
        "startTime": row.start_time,
        "completedDate": row.completed_date,
        "renderDuration": duration,
        "userName": user_name,
        "userId": row.user_id,
        "producer": row.producer,
        "taskLevel": row.task_level,
        "taskUserLevel": row.task_user_level,
        "taskLimit": row.task_limit,
        "taskOverTime": row.task_over_time,
        "overTimeStop": row.over_time_stop,
        "isOverTime": _over_time(row),
        "outputFileName": row.output_file_name,
        "munuTaskId": "",
        "munuTaskIds": "",
        "layerParentId": row.parent_id,
        "cgId": row.cg_id,
        "taskKeyValueVo": {
            "tiles": str(row.tiles) if row.tiles > 1 else None,
            "allCamera": row.all_camera or None,
            "renderableCamera": row.render_camera or None,
        },
        "userAccountConsume": 0.0,
        "couponConsume": 0.0,
        "qyCouponConsume": None,
        "isOpen": row.is_open,
        "taskType": row.task_type,
        "taskTypeText": TASK_TYPE_TEXT.get(row.task_type),
        "renderCamera": row.render_camera,
        "layerName": row.layer_name,
        "cloneParentId": 0,
        "cloneOriginalId": row.clone_original_id or 0,
        "shareMainCapital": 0,
        "taskRam": row.ram,
        "hardwareConfigIds": hardware.get("hardwareConfigIds", []),
        "bid": OUTPUT_BID,
        "locationOutput": "",
        "channel": row.channel,
        "remark": "",
        "labels": json.dumps(labels.get(row.id, {}), ensure_ascii=False),
        "stopType": row.stop_type,
        "isDelete": 0 if row.is_deleted else 1,
        "respRenderingTaskList": [],
    }
