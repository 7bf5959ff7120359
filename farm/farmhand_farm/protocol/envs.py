"""Render environments: named DCC version + plug-in sets per user (``plugin/*UserPluginConfig``)."""

from __future__ import annotations

import json
from typing import List

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from farmhand_farm.envelope import NOT_FOUND, ApiError
from farmhand_farm.protocol import paging
from farmhand_farm.protocol.store import cg_versions, dumps, loads_list, plugins, render_envs, software
from farmhand_farm.validation import Field
from farmhand_farm.views import Call, Endpoint


def _checked_values(conn: Connection, body: dict) -> dict:
    """The row values for an add/edit, after checking software, version and plug-ins exist."""
    product = conn.execute(sa.select(software).where(software.c.cg_id == body["cgId"])).first()
    if product is None:
        raise paging.invalid(f"cgId {body['cgId']} is not a software this farm renders")
    version = conn.execute(
        sa.select(cg_versions).where(
            cg_versions.c.cg_id == body["cgId"], cg_versions.c.cg_version == body["cgVersion"]
        )
    ).first()
    if version is None:
        raise paging.invalid(f"{product.cg_name} {body['cgVersion']} is not available on this farm")
    wanted = list(dict.fromkeys(body["pluginIds"]))
    known = set(conn.execute(sa.select(plugins.c.plugin_id).where(plugins.c.plugin_id.in_(wanted))).scalars())
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise paging.invalid(f"plugin id(s) {unknown} do not exist (see querySoftwareDetail)")
    if body["renderSystem"] not in (0, 1):
        raise paging.invalid("renderSystem must be 0 (Linux) or 1 (Windows)")
    return {
        "cg_id": body["cgId"],
        "cg_name": body["cgName"],
        "cg_version": body["cgVersion"],
        "render_layer_type": body.get("renderLayerType") or 0,
        "render_system": body["renderSystem"],
        "project_path": body.get("projectPath") or "",
        "plugin_ids": dumps(wanted),
    }


def add(call: Call):
    name = call.body["editName"].strip()
    if not name:
        raise paging.invalid("editName must not be blank")
    try:
        with call.ctx.db.write() as conn:
            values = _checked_values(conn, call.body)
            conn.execute(render_envs.insert().values(user_id=call.user.user_id, edit_name=name, **values))
    except IntegrityError:
        raise paging.invalid(f"a render environment named {name!r} already exists") from None
    return {"editName": name}


def _where(call: Call):
    return sa.and_(
        render_envs.c.user_id == call.user.user_id, render_envs.c.edit_name == call.body["editName"]
    )


def _require(conn: Connection, call: Call) -> None:
    if conn.execute(sa.select(render_envs.c.id).where(_where(call))).first() is None:
        raise ApiError(NOT_FOUND, f"render environment {call.body['editName']!r} does not exist")


def edit(call: Call):
    with call.ctx.db.write() as conn:
        _require(conn, call)
        conn.execute(render_envs.update().where(_where(call)).values(**_checked_values(conn, call.body)))
    return None


def delete(call: Call):
    with call.ctx.db.write() as conn:
        _require(conn, call)
        conn.execute(render_envs.delete().where(_where(call)))
    return None


def set_default(call: Call):
    """One default per software: the chosen one, the others of its cgId lose the flag."""
    with call.ctx.db.write() as conn:
        _require(conn, call)
        cg_id = conn.execute(sa.select(render_envs.c.cg_id).where(_where(call))).scalar_one()
        conn.execute(
            render_envs.update()
            .where(render_envs.c.user_id == call.user.user_id, render_envs.c.cg_id == cg_id)
            .values(is_default=0)
        )
        conn.execute(render_envs.update().where(_where(call)).values(is_default=1))
    return None


def get(call: Call):
    body = call.body
    os_name = body.get("osName", 1)
    cg_ids: List[int] = list(body.get("cgIds") or [])
    if body.get("cgId") is not None:
        cg_ids.append(body["cgId"])
    query = sa.select(render_envs).where(
        render_envs.c.user_id == call.user.user_id, render_envs.c.render_system == os_name
    )
    if cg_ids:
        query = query.where(render_envs.c.cg_id.in_(cg_ids))
    with call.ctx.db.read() as conn:
        rows = conn.execute(query.order_by(render_envs.c.id)).all()
        plugin_ids = {i for row in rows for i in loads_list(row.plugin_ids)}
        catalogue = {
            p.plugin_id: p
            for p in conn.execute(sa.select(plugins).where(plugins.c.plugin_id.in_(plugin_ids)))
        }
    return [
        {
            "cgId": row.cg_id,
            "editName": row.edit_name,
            "cgName": row.cg_name,
            "cgVersion": row.cg_version,
            "osName": row.render_system,
            "renderLayerType": row.render_layer_type,
            "isDefault": row.is_default,
            "projectPath": row.project_path,
            "isMainUserId": 1,
            "respUserPluginInfoVos": [
                {
                    "pluginId": i,
                    "pluginName": catalogue[i].plugin_name,
                    "pluginVersion": catalogue[i].plugin_version,
                }
                for i in json.loads(row.plugin_ids)
                if i in catalogue
            ],
        }
        for row in rows
    ]


_ENV = {
    "cgId": Field("int", required=True),
    "cgName": Field("str", required=True),
    "cgVersion": Field("str", required=True),
    "editName": Field("str", required=True),
    "renderSystem": Field("int", required=True),
    "pluginIds": Field("list", required=True, items="int"),
    "renderLayerType": Field("int"),
    "projectPath": Field("str"),
}
_NAME = {"editName": Field("str", required=True)}

ENDPOINTS = [
    Endpoint(("/api/render/plugin/addUserPluginConfig",), add, _ENV),
    Endpoint(("/api/render/plugin/editUserPluginConfig",), edit, _ENV),
    Endpoint(("/api/render/plugin/deleteUserPluginConfig",), delete, _NAME),
    Endpoint(("/api/render/plugin/setDefaultUserPluginConfig",), set_default, _NAME),
    Endpoint(
        ("/api/render/plugin/getUserPluginConfig",),
        get,
        {"cgId": Field("int"), "cgIds": Field("list", items="int"), "osName": Field("int", allowed=(0, 1))},
    ),
]
