"""The protocol's tables: tasks and sub-tasks, frames, labels, projects, render environments, catalogue.

Conventions: ids are integers; times are epoch milliseconds (BigInteger), as
the protocol sends them; lists are JSON text, because portable SQL has no
array type.  A task whose ``status`` is NULL was created but not submitted.
"""

from __future__ import annotations

import json
from typing import Any, List

import sqlalchemy as sa

from farmhand_farm.db import metadata

sequences = sa.Table(
    "sequences",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

tasks = sa.Table(
    "tasks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("user_id", sa.Integer, nullable=False, index=True),
    sa.Column("parent_id", sa.Integer, nullable=False, default=0, index=True),
    sa.Column("alias", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=True),
    sa.Column("scene_name", sa.String(512), nullable=False, default=""),
    sa.Column("cg_id", sa.Integer, nullable=True),
    sa.Column("frames_range", sa.Text, nullable=False, default=""),
    sa.Column("project_name", sa.String(256), nullable=False, default=""),
    sa.Column("producer", sa.String(256), nullable=True),
    sa.Column("task_user_level", sa.Integer, nullable=False, default=50),
    sa.Column("task_level", sa.Integer, nullable=False, default=80),
    sa.Column("task_limit", sa.Integer, nullable=True),
    sa.Column("over_time_stop", sa.Integer, nullable=True),
    sa.Column("task_over_time", sa.Integer, nullable=True),
    sa.Column("output_file_name", sa.String(512), nullable=True),
    sa.Column("layer_name", sa.String(512), nullable=False, default=""),
    sa.Column("render_camera", sa.Text, nullable=False, default=""),
    sa.Column("all_camera", sa.Text, nullable=False, default=""),
    sa.Column("task_type", sa.String(32), nullable=False, default=""),
    sa.Column("clone_original_id", sa.Integer, nullable=True),
    sa.Column("out_user_id", sa.BigInteger, nullable=True),
    sa.Column("create_date", sa.BigInteger, nullable=False),
    sa.Column("submit_date", sa.BigInteger, nullable=True),
    sa.Column("start_time", sa.BigInteger, nullable=True),
    sa.Column("completed_date", sa.BigInteger, nullable=True),
    sa.Column("ram", sa.Integer, nullable=True),
    sa.Column("hardware", sa.Text, nullable=False, default="{}"),
    sa.Column("is_open", sa.Integer, nullable=False, default=0),
    sa.Column("is_deleted", sa.Integer, nullable=False, default=0),
    sa.Column("stop_type", sa.Integer, nullable=False, default=0),
    sa.Column("channel", sa.Integer, nullable=False, default=4),
    sa.Column("test_hold", sa.Integer, nullable=False, default=0),
    sa.Column("full_speed", sa.Integer, nullable=False, default=0),
    sa.Column("tiles", sa.Integer, nullable=False, default=1),
)

task_labels = sa.Table(
    "task_labels",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("task_id", sa.Integer, nullable=False, index=True),
    sa.Column("name", sa.String(256), nullable=False),
    sa.UniqueConstraint("task_id", "name"),
)

frames = sa.Table(
    "frames",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("task_id", sa.Integer, nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("frame_index", sa.String(256), nullable=False),
    sa.Column("frame_block", sa.String(16), nullable=False, default=""),
    sa.Column("frame_type", sa.Integer, nullable=False),
    sa.Column("status", sa.Integer, nullable=False, index=True),
    # Frames of a job run stage by stage (Houdini caches in order, then renders); see jobs.py.
    sa.Column("stage", sa.Integer, nullable=False, default=1),
    # The render unit (layer / ROP / "") and the frames this record renders, as Fox frame text.
    sa.Column("unit", sa.String(512), nullable=False, default=""),
    sa.Column("frames_spec", sa.Text, nullable=False),
    sa.Column("start_time", sa.BigInteger, nullable=True),
    sa.Column("end_time", sa.BigInteger, nullable=True),
    sa.Column("recommit_flag", sa.Integer, nullable=False, default=0),
    sa.Column("node_id", sa.String(256), nullable=False, default=""),
    sa.Column("error", sa.Text, nullable=False, default=""),
    sa.Column("outputs", sa.Text, nullable=False, default="[]"),
)

projects = sa.Table(
    "projects",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, nullable=False, index=True),
    sa.Column("name", sa.String(256), nullable=False),
    sa.Column("status", sa.Integer, nullable=False, default=1),
    sa.UniqueConstraint("user_id", "name"),
)

render_envs = sa.Table(
    "render_envs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, nullable=False, index=True),
    sa.Column("edit_name", sa.String(256), nullable=False),
    sa.Column("cg_id", sa.Integer, nullable=False),
    sa.Column("cg_name", sa.String(128), nullable=False),
    sa.Column("cg_version", sa.String(128), nullable=False),
    sa.Column("render_layer_type", sa.Integer, nullable=False, default=0),
    sa.Column("render_system", sa.Integer, nullable=False),
    sa.Column("project_path", sa.Text, nullable=False, default=""),
    sa.Column("is_default", sa.Integer, nullable=False, default=0),
    sa.Column("plugin_ids", sa.Text, nullable=False, default="[]"),
    sa.UniqueConstraint("user_id", "edit_name"),
)

login_records = sa.Table(
    "login_records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, nullable=False, index=True),
    sa.Column("login_time", sa.BigInteger, nullable=False),
    sa.Column("ip", sa.String(64), nullable=False, default=""),
)

# -- catalogue (seeded from farmhand_farm.protocol.catalogue_data) ---------------------

software = sa.Table(
    "software",
    metadata,
    sa.Column("cg_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("cg_name", sa.String(128), nullable=False),
    sa.Column("cg_type", sa.String(128), nullable=False),
    sa.Column("icon_path", sa.String(256), nullable=False),
    sa.Column("is_need_project_path", sa.Integer, nullable=False),
    sa.Column("is_need_analyse", sa.Integer, nullable=False),
    sa.Column("is_support_linux", sa.Integer, nullable=False),
)

cg_versions = sa.Table(
    "cg_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("cg_id", sa.Integer, nullable=False, index=True),
    sa.Column("cg_version", sa.String(64), nullable=False),
    sa.UniqueConstraint("cg_id", "cg_version"),
)

plugins = sa.Table(
    "plugins",
    metadata,
    sa.Column("plugin_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("cv_id", sa.Integer, nullable=False, index=True),
    sa.Column("plugin_name", sa.String(128), nullable=False),
    sa.Column("plugin_version", sa.String(128), nullable=False),
)

hardware_configs = sa.Table(
    "hardware_configs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("type", sa.Integer, nullable=False),
    sa.Column("model", sa.String(64), nullable=False),
    sa.Column("ram", sa.String(32), nullable=False),
    sa.Column("gpu_num", sa.String(32), nullable=True),
    sa.Column("platform", sa.Integer, nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("not_support_cg_id", sa.Text, nullable=False, default="[]"),
    sa.Column("not_support_code", sa.Text, nullable=False, default="[]"),
    sa.Column("not_support_cg_versions", sa.Text, nullable=False, default="[]"),
    sa.Column("not_support_plugin_list", sa.Text, nullable=False, default="[]"),
)

error_codes = sa.Table(
    "error_codes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("code", sa.String(32), nullable=False, unique=True),
    sa.Column("type", sa.Integer, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("solution", sa.Text, nullable=False, default=""),
    sa.Column("is_repair", sa.Integer, nullable=False, default=0),
    sa.Column("update_time", sa.BigInteger, nullable=False),
)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def loads_list(text: str) -> List[Any]:
    value = json.loads(text or "[]")
    return value if isinstance(value, list) else []
