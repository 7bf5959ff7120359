"""Every Renderbus API path the client uses (the SDK 3.0.4.3 forms, reference §7.1).

Kept in one place so the farm server, the tests and the docs can check coverage.
Where the vendor docs and the SDK disagree (§7.2) the SDK path is used: it is
what the production service answers to.
"""

from __future__ import annotations

PLATFORMS = "/api/render/common/queryPlatforms"
USER_PROFILE = "/api/render/setUp/queryUserProfile"
USER_SETTINGS = "/api/render/setUp/queryUserSetting"
UPDATE_USER_SETTINGS = "/api/render/setUp/updateUserSetting"
TRANSFER_BIDS = "/api/render/transfer/getBid"
TRANSFER_CONFIG = "/api/render/transfer/getConfig"
TRANSFER_SERVER_INFO = "/api/render/transfer/getServerInfo"
RAYSYNC_USER_KEY = "/api/render/transfer/getRaySyncUserKey"
HARDWARE_CONFIGS = "/api/render/hardwareConfig/list"
TASK_RECORDS = "/api/render/handle/operate/sdk/taskRecord"
LOGIN_RECORDS = "/api/render/handle/operate/sdk/loginRecord"
PACK_NODE_INFO = "/api/render/submit/getUserPackNodeInfo"

CREATE_TASK = "/api/render/submit/createTask"
SUBMIT_TASK = "/api/render/submit/task"
TASK_JSON_FILE = "/api/render/submit/taskJsonFile"
ANALYSE_ERROR_DETAIL = "/api/render/submit/queryAnalyseErrorDetail"

TASK_LIST = "/api/render/handle/getTaskList/v2"
TASK_INFO = "/api/render/handle/queryTaskInfo/v2"
TASK_FRAMES = "/api/render/handle/queryTaskFrames"
ALL_FRAME_STATS = "/api/render/handle/queryAllFrameStats"

STOP_TASK = "/api/rendering/task/renderingTask/stopTask"
START_TASK = "/api/rendering/task/renderingTask/startTask"
UPDATE_PRIORITY = "/api/rendering/task/renderingTask/updateTaskUserLevel"
ABANDON_TASK = "/api/render/handle/abandonTask"
DELETE_TASK = "/api/render/handle/deleteTask"
OVERTIME_STOP = "/api/render/handle/setTaskOverTimeStop"
FULL_SPEED = "/api/render/handle/fullSpeedRendering"
TASK_LIMIT = "/api/render/handle/updateTaskLimit"
EDIT_HARDWARE_CONFIG = "/api/render/handle/editTaskHardwareConfig"
RESTART_FAILED_FRAMES = "/api/render/handle/recommitTasks"
RESTART_FRAMES = "/api/render/handle/recommitTaskFrames"
STOP_FRAMES = "/api/render/handle/stopTaskFrames"

TASK_PROGRESS_IMAGE = "/api/render/handle/loadTaskProcessImg"
FRAME_THUMBNAIL = "/api/render/handle/loadingFrameThumbnail"
RENDER_LOG = "/api/render/handle/showLog"
OUTPUT_FILES = "/api/render/file/operate/getOutputUserDirFile"

ADD_PROJECT = "/api/render/project/add"
DELETE_PROJECT = "/api/render/project/delete"
PROJECT_NAMES = "/api/render/project/getList"
PROJECT_LIST = "/api/render/project/list"
ADD_TASK_LABEL = "/api/render/handle/addTaskLabel"
DELETE_TASK_LABEL = "/api/render/handle/deleteTaskLabel"

SOFTWARE_LIST = "/api/render/plugin/querySoftwareList"
SOFTWARE_DETAIL = "/api/render/plugin/querySoftwareDetail"
ADD_RENDER_ENV = "/api/render/plugin/addUserPluginConfig"
EDIT_RENDER_ENV = "/api/render/plugin/editUserPluginConfig"
DELETE_RENDER_ENV = "/api/render/plugin/deleteUserPluginConfig"
DEFAULT_RENDER_ENV = "/api/render/plugin/setDefaultUserPluginConfig"
RENDER_ENVS = "/api/render/plugin/getUserPluginConfig"

#: Calls that create something each time they run: never repeated without looking first.
NON_IDEMPOTENT = frozenset({CREATE_TASK, SUBMIT_TASK, ADD_PROJECT, ADD_TASK_LABEL, ADD_RENDER_ENV})

ALL = tuple(value for name, value in sorted(globals().items()) if name.isupper() and isinstance(value, str))
