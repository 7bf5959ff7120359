"""Projects, which the API also calls custom labels (``project/*``)."""

from __future__ import annotations

import sqlalchemy as sa

from farmhand_farm.envelope import NOT_FOUND, ApiError
from farmhand_farm.protocol import paging
from farmhand_farm.protocol.store import projects
from farmhand_farm.validation import Field
from farmhand_farm.views import Call, Endpoint


def add(call: Call):
    """Create a project; adding an existing name only updates its status (safe to retry)."""
    name = call.body["newName"].strip()
    if not name:
        raise paging.invalid("newName must not be blank")
    status = call.body.get("status", 1)
    if status not in (0, 1):
        raise paging.invalid("status must be 0 (on) or 1 (off)")
    with call.ctx.db.write() as conn:
        where = sa.and_(projects.c.user_id == call.user.user_id, projects.c.name == name)
        if conn.execute(sa.select(projects.c.id).where(where)).first():
            conn.execute(projects.update().where(where).values(status=status))
        else:
            conn.execute(projects.insert().values(user_id=call.user.user_id, name=name, status=status))
    return None


def delete(call: Call):
    name = call.body["delName"]
    with call.ctx.db.write() as conn:
        result = conn.execute(
            projects.delete().where(projects.c.user_id == call.user.user_id, projects.c.name == name)
        )
    if not result.rowcount:
        raise ApiError(NOT_FOUND, f"project {name!r} does not exist")
    return None


def project_list(call: Call):
    """One account per farm, so every ``flag`` (own / with main account / whole account) is the same list."""
    with call.ctx.db.read() as conn:
        rows = conn.execute(
            sa.select(projects).where(projects.c.user_id == call.user.user_id).order_by(projects.c.id)
        ).all()
    return {"projectNameList": [{"projectId": row.id, "projectName": row.name} for row in rows]}


ENDPOINTS = [
    Endpoint(
        ("/api/render/project/add",), add, {"newName": Field("str", required=True), "status": Field("int")}
    ),
    Endpoint(("/api/render/project/delete",), delete, {"delName": Field("str", required=True)}),
    Endpoint(("/api/render/project/getList",), project_list),
    Endpoint(
        ("/api/render/project/list",), project_list, {"flag": Field("int", required=True, allowed=(0, 1, 2))}
    ),
]
