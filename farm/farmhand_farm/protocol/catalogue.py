"""Catalogue endpoints: software list and versions, hardware configurations, analysis error codes."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any, Dict, List

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from farmhand_farm.envelope import PARAMETER_CANT_BE_EMPTY, ApiError
from farmhand_farm.protocol import catalogue_data as data
from farmhand_farm.protocol import paging
from farmhand_farm.protocol.store import (
    cg_versions,
    dumps,
    error_codes,
    hardware_configs,
    loads_list,
    plugins,
    software,
    tasks,
)
from farmhand_farm.validation import Field
from farmhand_farm.views import Call, Endpoint

if TYPE_CHECKING:  # pragma: no cover
    from farmhand_farm.context import FarmContext


def seed(ctx: FarmContext) -> None:
    """Insert the catalogue rows that are not there yet; rows already stored are left alone."""
    with ctx.db.write() as conn:
        _insert_missing(conn, software, "cg_id", [_software_row(entry) for entry in data.SOFTWARE])
        version_rows, plugin_rows = _version_rows()
        _insert_missing(conn, cg_versions, "id", version_rows)
        _insert_missing(conn, plugins, "plugin_id", plugin_rows)
        _insert_missing(
            conn, hardware_configs, "id", [_hardware_row(e, ctx.settings.platform) for e in data.HARDWARE]
        )
        now = int(time.time() * 1000)
        codes = [
            {
                "id": index,
                "code": code,
                "type": kind,
                "description": text,
                "solution": fix,
                "update_time": now,
            }
            for index, (code, (kind, text, fix)) in enumerate(sorted(data.ERROR_CODES.items()), start=1)
        ]
        _insert_missing(conn, error_codes, "code", codes)


def _insert_missing(conn: Connection, table: sa.Table, key: str, rows: List[Dict[str, Any]]) -> None:
    present = set(conn.execute(sa.select(table.c[key])).scalars())
    fresh = [row for row in rows if row[key] not in present]
    if fresh:
        conn.execute(table.insert(), fresh)


def _software_row(entry) -> Dict[str, Any]:
    cg_id, name, kinds, icon, project_path, analyse, linux = entry
    return {
        "cg_id": cg_id,
        "cg_name": name,
        "cg_type": kinds,
        "icon_path": icon,
        "is_need_project_path": project_path,
        "is_need_analyse": analyse,
        "is_support_linux": linux,
    }


def _version_rows():
    """Stable ids: versions numbered per DCC block of 1000, plug-in versions per version block of 100."""
    versions, plugin_rows = [], []
    for cg_id, names in data.VERSIONS.items():
        for index, name in enumerate(names):
            version_id = (cg_id - 1999) * 1000 + index
            versions.append({"id": version_id, "cg_id": cg_id, "cg_version": name})
            number = 0
            for plugin, plugin_versions in data.PLUGINS.get(cg_id, {}).items():
                for plugin_version in plugin_versions:
                    plugin_rows.append(
                        {
                            "plugin_id": version_id * 100 + number,
                            "cv_id": version_id,
                            "plugin_name": plugin,
                            "plugin_version": f"{plugin} {plugin_version}",
                        }
                    )
                    number += 1
    return versions, plugin_rows


def _hardware_row(entry, platform: int) -> Dict[str, Any]:
    config_id, kind, model, ram, gpu_num, status, cg_ids, codes, cg_version_names, plugin_patterns = entry
    return {
        "id": config_id,
        "type": kind,
        "model": model,
        "ram": ram,
        "gpu_num": gpu_num,
        "platform": platform,
        "status": status,
        "not_support_cg_id": dumps(cg_ids),
        "not_support_code": dumps(codes),
        "not_support_cg_versions": dumps(cg_version_names),
        "not_support_plugin_list": dumps(plugin_patterns),
    }


# -- endpoints ------------------------------------------------------------------------


def software_list(call: Call):
    with call.ctx.db.read() as conn:
        rows = conn.execute(sa.select(software).order_by(software.c.cg_id)).all()
    return {
        "isAutoCommit": 2,
        "renderInfoList": [
            {
                "cgId": row.cg_id,
                "cgName": row.cg_name,
                "cgType": row.cg_type,
                "iconPath": row.icon_path,
                "isNeedProjectPath": row.is_need_project_path,
                "isNeedAnalyse": row.is_need_analyse,
                "isSupportLinux": row.is_support_linux,
            }
            for row in rows
        ],
        "defaultCgId": data.DEFAULT_CG_ID,
    }


def software_detail(call: Call):
    cg_id = call.body["cgId"]
    with call.ctx.db.read() as conn:
        product = conn.execute(sa.select(software).where(software.c.cg_id == cg_id)).first()
        if product is None:
            raise paging.invalid(f"cgId {cg_id} is not a software this farm renders")
        if call.body["osName"] == "linux" and not product.is_support_linux:
            return {"cgPlugin": [], "cgVersion": []}
        versions = conn.execute(
            sa.select(cg_versions).where(cg_versions.c.cg_id == cg_id).order_by(cg_versions.c.id)
        ).all()
        plugin_rows = conn.execute(
            sa.select(plugins)
            .where(plugins.c.cv_id.in_([v.id for v in versions]))
            .order_by(plugins.c.plugin_id)
        ).all()
    grouped: Dict[tuple, List[dict]] = {}
    for row in plugin_rows:
        grouped.setdefault((row.cv_id, row.plugin_name), []).append(
            {"pluginId": row.plugin_id, "pluginName": row.plugin_name, "pluginVersion": row.plugin_version}
        )
    return {
        "cgPlugin": [
            {"cvId": cv_id, "pluginName": name, "pluginVersions": entries}
            for (cv_id, name), entries in grouped.items()
        ],
        "cgVersion": [
            {"id": v.id, "cgId": v.cg_id, "cgName": product.cg_name, "cgVersion": v.cg_version}
            for v in versions
        ],
    }


def hardware_list(call: Call):
    """Configurations of the caller's platform; ``current`` marks the configs of the given tasks."""
    current: set = set()
    with call.ctx.db.read() as conn:
        rows = conn.execute(
            sa.select(hardware_configs)
            .where(hardware_configs.c.platform == call.user.platform)
            .order_by(hardware_configs.c.id)
        ).all()
        task_ids = [_task_id(value) for value in call.body.get("taskIds") or []]
        if task_ids:
            for row in conn.execute(sa.select(tasks.c.hardware).where(tasks.c.id.in_(task_ids))):
                current.update(str(i) for i in _hardware_ids(row.hardware))
    return [
        {
            "id": row.id,
            "type": row.type,
            "model": row.model,
            "ram": row.ram,
            "gpuNum": row.gpu_num,
            "platform": row.platform,
            "current": str(row.id) in current,
            "status": row.status,
            "notSupportCgId": loads_list(row.not_support_cg_id),
            "notSupportCode": loads_list(row.not_support_code),
            "notSupportCgVersions": loads_list(row.not_support_cg_versions),
            "notSupportPluginList": loads_list(row.not_support_plugin_list),
        }
        for row in rows
    ]


def _task_id(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise paging.invalid(f"taskIds: {value!r} is not a task id") from None


def _hardware_ids(text: str) -> List[Any]:
    value = json.loads(text or "{}")
    return list(value.get("hardwareConfigIds") or []) if isinstance(value, dict) else []


def error_detail(call: Call):
    """One entry per requested code the farm knows; unknown codes are simply absent (§9.1)."""
    codes = list(call.body.get("codes") or [])
    if call.body.get("code"):
        codes.insert(0, call.body["code"])
    if not codes:
        raise ApiError(PARAMETER_CANT_BE_EMPTY, "parameter code or codes can not be empty")
    language = _language(call.body.get("language", 0))
    with call.ctx.db.read() as conn:
        rows = conn.execute(
            sa.select(error_codes).where(error_codes.c.code.in_([str(c) for c in codes]))
        ).all()
    by_code = {row.code: row for row in rows}
    return [_code_info(by_code[str(code)], language) for code in dict.fromkeys(codes) if str(code) in by_code]


def _language(value: Any) -> int:
    if str(value) not in ("0", "1"):
        raise paging.invalid("language must be 0 (Chinese) or 1 (English)")
    return int(value)


def _code_info(row, language: int) -> dict:
    return {
        "id": row.id,
        "code": row.code,
        "type": row.type,
        "languageFlag": language,
        "desDescriptionCn": row.description,
        "desSolutionCn": row.solution,
        "solutionPath": "",
        "isRepair": row.is_repair,
        "isDelete": 1,
        "isOpen": 1,
        "lastModifyAdmin": "",
        "updateTime": row.update_time,
    }


ENDPOINTS = [
    Endpoint(("/api/render/plugin/querySoftwareList",), software_list),
    Endpoint(
        ("/api/render/plugin/querySoftwareDetail",),
        software_detail,
        {
            "cgId": Field("int", required=True),
            "osName": Field("str", required=True, allowed=("windows", "linux")),
        },
    ),
    Endpoint(("/api/render/hardwareConfig/list",), hardware_list, {"taskIds": Field("list")}),
    Endpoint(
        ("/api/render/submit/queryAnalyseErrorDetail",),
        error_detail,
        {"code": Field("str"), "codes": Field("list", items="str"), "language": Field("int_or_str")},
    ),
]
