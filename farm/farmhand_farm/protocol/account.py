"""Account endpoints: platforms, profile, settings, storage ids, transfer configuration, records."""

from __future__ import annotations

import sqlalchemy as sa

from farmhand_farm import __version__
from farmhand_farm.protocol import paging
from farmhand_farm.protocol.store import login_records, tasks
from farmhand_farm.users import now_ms, users
from farmhand_farm.validation import Field
from farmhand_farm.views import Call, Endpoint

# Storage ids (bids) of the farm's three storage areas (§11.1); one farm, one set.
CONFIG_BID = "30201"
INPUT_BID = "10201"
OUTPUT_BID = "20201"


def _user_row(call: Call) -> sa.Row:
    with call.ctx.db.read() as conn:
        return conn.execute(sa.select(users).where(users.c.user_id == call.user.user_id)).one()


def platforms(call: Call):
    return [{"platform": call.ctx.settings.platform, "name": f"query_platform_w{call.ctx.settings.platform}"}]


def profile(call: Call):
    row = _user_row(call)
    with call.ctx.db.write() as conn:
        ip = call.request.client.host if call.request.client else ""
        conn.execute(login_records.insert().values(user_id=row.user_id, login_time=now_ms(), ip=ip))
    return {
        "userId": row.user_id,
        "userName": row.user_name,
        "platform": call.ctx.settings.platform,
        "phone": "",
        "email": "",
        "company": "",
        "name": row.user_name,
        "job": "",
        "communicationNumber": "",
        "softType": 2000,
        "softStatus": 1,
        "businessType": 1,
        "status": 1,
        "infoStatus": 0,
        "accountType": 1,
        "userType": 1,
        "mainUserId": 0,
        "level": 49,
        "pictureLever": None,
        "zone": 2,
        "rmbbalance": 0,
        "usdbalance": 0,
        "rmbCumulative": 0,
        "usdCumulative": 0,
        "credit": 0,
        "coupon": 0,
        "description": "Farmhand local farm",
        "country": "",
        "city": "",
        "address": "",
        "cpuPrice": 0,
        "gpuPrice": 0,
        "shareMainCapital": 0,
        "subDeleteTask": 0,
        "useMainBalance": 0,
        "hideBalance": 0,
        "hideJobCharge": 0,
        "useLevelDirectory": 1,
        "downloadDisable": row.download_disable,
        "displaySubaccount": 0,
        "subaccountLimits": 0,
        "houdiniFlag": 1,
        "c4dFlag": 0,
        "blenderFlag": 1,
        "keyshotFlag": 0,
        "studentEndTime": None,
    }


def user_setting(call: Call):
    row = _user_row(call)
    return {
        "infoStatus": 0,
        "accountType": 1,
        "shareMainCapital": 0,
        "subDeleteTask": 0,
        "useMainBalance": 0,
        "singleNodeRenderFrames": row.single_node_render_frames,
        "maxIgnoreMapFlag": row.max_ignore_map_flag,
        "autoCommit": row.auto_commit,
        "separateAccountFlag": 0,
        "mifileSwitchFlag": 0,
        "assfileSwitchFlag": 0,
        "manuallyStartAnalysisFlag": 0,
        "downloadDisable": row.download_disable,
        "taskOverTime": row.task_over_time_sec // 3600,
        "taskOverTimeSec": row.task_over_time_sec,
    }


def update_user_setting(call: Call):
    seconds = call.body["taskOverTimeSec"]
    if seconds < 0:
        raise paging.invalid("taskOverTimeSec must not be negative")
    with call.ctx.db.write() as conn:
        conn.execute(
            users.update().where(users.c.user_id == call.user.user_id).values(task_over_time_sec=seconds)
        )
    return None


def bids(call: Call):
    return {
        "config_bid": CONFIG_BID,
        "input_bid": INPUT_BID,
        "output_bid": OUTPUT_BID,
        "parent_input_bid": INPUT_BID,
        "sub_user_output_bids": [],
    }


def transfer_config(call: Call):
    """Our only transfer "engine" is the farm's HTTP storage (storage-protocol.md)."""
    settings = call.ctx.settings
    line = {
        "name": "farmhand_http",
        "server": settings.public_host,
        "port": str(settings.public_port),
        "isDefault": 1,
        "lineId": 1,
        "type": 0,
    }
    return {
        "inputBid": INPUT_BID,
        "outputBid": OUTPUT_BID,
        "configBid": CONFIG_BID,
        "parentInputBid": INPUT_BID,
        "resqEngines": [
            {
                "engineName": "FarmhandHTTP",
                "isDefault": 1,
                "automaticCheck": 0,
                "checkServer": settings.public_host,
                "checkPort": str(settings.public_port),
                "checkEnable": "0",
                "checkExcludType": "",
                "resqEngineAccounts": [],
                "respTaskEngineLines": [line],
            }
        ],
        "subUserOutputBids": [],
    }


def server_info(call: Call):
    """No Raysync server here; the shape is kept so callers can read it."""
    return {"clientVersion": __version__, "protocolVersion": __version__, "raysyncTransfer": None}


def raysync_user_key(call: Call):
    row = _user_row(call)
    return {
        "raySyncUserKey": row.transfer_key,
        "userName": row.user_name,
        "platform": call.ctx.settings.platform,
        "id": row.user_id,
        "channel": 4,
        "version": "2.0.0",
        "accountType": 1,
        "shareMainCapital": 0,
        "downloadDisable": row.download_disable,
    }


def task_record(call: Call):
    """Submitted tasks of the user between startDate and endDate (format ``YYYY-MM-DD HH:MM:SS``)."""
    query = sa.select(tasks).where(tasks.c.user_id == call.user.user_id, tasks.c.parent_id == 0)
    query = paging.date_range(
        query, tasks.c.submit_date, call.body.get("startDate"), call.body.get("endDate")
    )
    with call.ctx.db.read() as conn:
        page = paging.page(conn, query.order_by(tasks.c.id.desc()), call.body)
    return page.data(
        lambda row: {
            "taskId": row.id,
            "taskAlias": row.alias,
            "sceneName": row.scene_name,
            "taskStatus": row.status,
            "submitDate": row.submit_date,
            "completedDate": row.completed_date,
            "renderConsume": 0,
        }
    )


def login_record(call: Call):
    query = sa.select(login_records).where(login_records.c.user_id == call.user.user_id)
    query = paging.date_range(
        query, login_records.c.login_time, call.body.get("startDate"), call.body.get("endDate")
    )
    with call.ctx.db.read() as conn:
        page = paging.page(conn, query.order_by(login_records.c.id.desc()), call.body)
    return page.data(
        lambda row: {"id": row.id, "loginTime": row.login_time, "ip": row.ip, "userName": call.user.user_name}
    )


def pack_node_info(call: Call):
    """Booked ("packed") nodes: a local farm has none."""
    return []


_PAGE = {"pageNum": Field("int", required=True), "pageSize": Field("int", required=True)}
_DATES = {"startDate": Field("str"), "endDate": Field("str")}

ENDPOINTS = [
    Endpoint(("/api/render/common/queryPlatforms",), platforms, {"zone": Field("int", required=True)}),
    Endpoint(("/api/render/setUp/queryUserProfile", "/api/render/user/queryUserProfile"), profile),
    Endpoint(("/api/render/setUp/queryUserSetting",), user_setting),
    Endpoint(
        ("/api/render/setUp/updateUserSetting",),
        update_user_setting,
        {"taskOverTimeSec": Field("int", required=True)},
    ),
    Endpoint(("/api/render/transfer/getBid",), bids),
    Endpoint(("/api/render/transfer/getConfig",), transfer_config),
    Endpoint(("/api/render/transfer/getServerInfo",), server_info, {"zone": Field("int", allowed=(1, 2))}),
    Endpoint(
        ("/api/render/transfer/getRaySyncUserKey", "/api/render/user/getRaySyncUserKey"), raysync_user_key
    ),
    Endpoint(
        ("/api/render/handle/operate/sdk/taskRecord",),
        task_record,
        {**_PAGE, **_DATES, "platform": Field("int", required=True)},
    ),
    Endpoint(("/api/render/handle/operate/sdk/loginRecord",), login_record, {**_PAGE, **_DATES}),
    Endpoint(("/api/render/submit/getUserPackNodeInfo",), pack_node_info),
]
