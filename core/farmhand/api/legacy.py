"""The legacy ``Fox`` Python API (renderbus/python-api, seed 000) for scripts written against it.

It is a thin veneer: signed calls go through :class:`RenderbusClient`, scenes
are read by Farmhand's offline readers and turned into job files by the
job-file builder, files travel through the transfer layer.  Legacy notions
map onto the current API like this (guesses are marked):

* a legacy *project* (name + software + plugins) = a project label plus a saved
  render environment of the same name (``addUserPluginConfig``);
* ``render_server`` ``wwwN.renderbus.com`` = the current API host
  ``task.renderbus.com`` with platform ``N`` (``*.foxrenderfarm.com``:
  ``jop.foxrenderfarm.com``); any other host (Farmhand's farm) is used as is;
* the legacy limit of one request per 10 s is kept for the vendor hosts only;
* ``restart_type`` 0-4 = frame states failed, abandoned, done, started, waiting;
* textual task states (``Start``, ``System_Done``...) = the status codes of
  :data:`LEGACY_TASK_STATUS` (guess: the legacy list is not published).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from farmhand.api.client import RenderbusClient
from farmhand.api.errors import RenderbusError
from farmhand.api.statuses import LEGACY_RESTART_FRAME_STATUS
from farmhand.api.submission import submit_job
from farmhand.errors import FarmhandError
from farmhand.jobfiles import JobFiles, build_job
from farmhand.model import RenderUnit, SceneDescription
from farmhand.options import JobOptions
from farmhand.paths import to_server_path
from farmhand.scenes import read_scene

log = logging.getLogger("farmhand.api")

TaskIds = Union[int, str, Iterable[Union[int, str]]]
VENDOR_HOSTS = {"renderbus.com": "task.renderbus.com", "foxrenderfarm.com": "jop.foxrenderfarm.com"}
LEGACY_INTERVAL = 10.0
#: Legacy textual task states -> current status codes (guess; only "Start" and "System_Done" are documented).
LEGACY_TASK_STATUS = {
    "wait": (0,),
    "start": (5, 8),
    "stop": (10, 15, 20, 23),
    "done": (25, 30),
    "system_done": (25,),
    "done_with_failed": (30,),
    "abandon": (35,),
    "failed": (45,),
    "analyse": (50,),
}
HOSTS = {"maya": "Maya", "houdini": "Houdini", "3ds max": "3ds Max", "max": "3ds Max", "blender": "Blender"}


class LegacyError(FarmhandError):
    """A legacy call cannot be mapped onto the current API (names the argument at fault)."""


class Fox:
    """``Fox(render_server, account, access_key)``: the legacy entry point.

    ``account`` is the access id of the current API.  ``engine`` is the
    transfer engine; by default Farmhand's HTTP storage engine is used for
    any farm that is not a vendor host (the vendor cloud needs its own tools).
    """

    def __init__(
        self,
        render_server: str,
        account: str,
        access_key: str,
        *,
        platform: Optional[str] = None,
        min_interval: Optional[float] = None,
        engine: Any = None,
        timeout: float = 60,
    ) -> None:
        protocol, domain, server_platform, vendor = parse_render_server(render_server)
        self.vendor = vendor
        self.client = RenderbusClient(
            account,
            access_key,
            domain,
            platform or server_platform,
            protocol,
            timeout=timeout,
            min_interval=(LEGACY_INTERVAL if vendor else 0.0) if min_interval is None else min_interval,
        )
        self._engine = engine
        self._base_url = f"{protocol}://{domain}"
        self._access = (account, access_key)

    # -- files ----------------------------------------------------------------------------------

    def upload(self, local_path_list: Sequence[str]) -> Any:
        """Upload files and folders to their server paths; unchanged files are skipped."""
        entries = []
        for local in local_path_list:
            if not os.path.exists(local):
                raise LegacyError(f"upload: {local} does not exist")
            for path in _walk(local):
                entries.append({"local": path, "server": to_server_path(path)})
        return self._upload_entries(entries)

    def download(self, task_id: Union[int, str], local_path: str) -> List[str]:
        """Download a task's output files into ``local_path``; files already there are skipped."""
        return list(self._transfer_engine().download(int(task_id), local_path).paths)

    # -- projects -------------------------------------------------------------------------------

    def create_project(self, project_name: str, cg_soft_name: str, plugin_name: Optional[str] = None) -> int:
        """Create (or update) a project: a label plus a render environment with the software and plugin.

        ``cg_soft_name`` is ``"<software> <version>"`` (``"maya 2015"``, ``"3ds Max 2014"``),
        ``plugin_name`` ``"<plugin> <version>"`` (``"pgYetiMaya 1.3.17"``).
        """
        project_id = self.client.ensure_project(project_name)
        cg_id, cg_name, version, os_name = self._software(cg_soft_name)
        plugin_ids = [self._plugin_id(cg_id, version, plugin_name)] if plugin_name else []
        render_system = 1 if os_name == "windows" else 0
        env = {"cgId": cg_id, "cgName": cg_name, "cgVersion": version, "editName": project_name}
        env.update(renderSystem=render_system, pluginIds=plugin_ids)
        known = self.client.render_envs(cg_id=cg_id, os_name=render_system) or []
        if any(item.get("editName") == project_name for item in known):
            self.client.edit_render_env(env)
        else:
            self.client.add_render_env(env)
        return project_id

    def get_projects(self, project_name: Optional[str] = None) -> List[Dict[str, Any]]:
        """Projects with their render environment (``cgName``, ``cgVersion``, plugins) when one exists."""
        envs = {env.get("editName"): env for env in self._all_envs()}
        result = []
        for project in self.client.projects():
            name = project.get("projectName")
            if project_name is None or name == project_name:
                result.append(dict(project, renderEnv=envs.get(name)))
        return result

    # -- users and tasks ------------------------------------------------------------------------

    def get_users(self) -> Dict[str, Any]:
        """The account: profile, settings and storage ids."""
        return self.client.account_info()

    def get_tasks(
        self,
        task_filter: Optional[Mapping[str, Any]] = None,
        project_name: Optional[str] = None,
        task_id: Optional[Union[int, str]] = None,
        has_frames: int = 0,
    ) -> List[Dict[str, Any]]:
        """Tasks, optionally one task, filtered by ``project_name`` and ``task_status``; frames on request."""
        wanted = dict(task_filter or {})
        if project_name is not None:
            wanted["project_name"] = project_name
        unknown = set(wanted) - {"project_name", "task_status"}
        if unknown:
            raise LegacyError(f"get_tasks: unknown task_filter key(s) {', '.join(sorted(unknown))}")
        tasks = [self.client.get_task(task_id)] if task_id is not None else list(self.client.iter_tasks())
        statuses = legacy_statuses(wanted["task_status"]) if "task_status" in wanted else None
        selected = [
            task
            for task in tasks
            if ("project_name" not in wanted or task.get("projectName") == wanted["project_name"])
            and (statuses is None or task.get("taskStatus") in statuses)
        ]
        if has_frames:
            for task in selected:
                task["frames"] = list(self.client.iter_frames(task["id"]))
        return selected

    def stop_tasks(self, task_id: TaskIds) -> None:
        """Stop one task or a list of tasks."""
        self.client.stop_tasks(_ids(task_id))

    def delete_tasks(self, task_id: TaskIds) -> None:
        """Delete one task or a list of tasks."""
        self.client.delete_tasks(_ids(task_id))

    def restart_tasks(self, task_id: TaskIds, restart_type: int = 0) -> None:
        """Re-render frames: 0 failed, 1 abandoned, 2 finished, 3 started, 4 waiting."""
        if restart_type not in LEGACY_RESTART_FRAME_STATUS:
            raise LegacyError(f"restart_tasks: restart_type must be 0-4, got {restart_type!r}")
        self.client.restart_failed_frames(_ids(task_id), status=[LEGACY_RESTART_FRAME_STATUS[restart_type]])

    # -- submissions ----------------------------------------------------------------------------

    def submit_task(
        self,
        project_name: str,
        input_scene_path: str,
        frames: Optional[str] = None,
        render_layer: Optional[str] = None,
        camera: Optional[str] = None,
        **extra: Any,
    ) -> int:
        """Submit a Maya scene (optionally one render layer and one camera); returns the task id."""
        scene = read_scene(input_scene_path, frames=frames)
        units = _select(scene, render_layer, "render_layer")
        if camera:
            units = [_with_camera(unit, camera, scene) for unit in units]
        return self._submit(project_name, _keep_units(scene, units), frames, extra)

    def submit_houdini(
        self, project_name: str, input_scene_path: str, rop_info: Sequence[Mapping[str, Any]], **extra: Any
    ) -> int:
        """Submit a Houdini scene; ``rop_info`` lists ``{rop, frames, option}`` (-1 render, 0 simulation)."""
        scene = read_scene(input_scene_path)
        by_name = {unit.name: unit for unit in scene.units}
        units = []
        for index, info in enumerate(rop_info):
            rop = str(info.get("rop", ""))
            if rop not in by_name:
                raise LegacyError(
                    f"rop_info[{index}]: no ROP {rop!r} in {input_scene_path}; has {sorted(by_name)}"
                )
            option = int(info.get("option", -1))
            if option not in (-1, 0, 1):
                raise LegacyError(
                    f"rop_info[{index}]: option must be -1 (render) or 0 (simulation), got {option}"
                )
            frames = str(info.get("frames") or by_name[rop].frames)
            units.append(dataclasses.replace(by_name[rop], frames=frames, option=option, enabled=True))
        return self._submit(project_name, _keep_units(scene, units), None, extra)

    def submit_blender(
        self, project_name: str, input_scene_path: str, frames: Optional[str] = None, **extra: Any
    ) -> int:
        """Submit a Blender scene for ``frames``."""
        scene = read_scene(input_scene_path, frames=frames)
        return self._submit(project_name, scene, frames, extra)

    def submit_max(
        self,
        project_name: str,
        input_scene_path: str,
        frames: str = "1",
        image_width: Optional[Union[int, str]] = None,
        image_height: Optional[Union[int, str]] = None,
        output_file_name: str = "",
        output_file_format: str = "",
        camera: str = "",
        cg_soft_name: Optional[str] = None,
        **extra: Any,
    ) -> int:
        """Submit a 3ds Max scene described by the legacy arguments (no offline .max reader is needed)."""
        if not os.path.isfile(input_scene_path):
            raise LegacyError(f"submit_max: scene file not found: {input_scene_path}")
        version = _split_soft_name(cg_soft_name)[1] if cg_soft_name else ""
        unit = RenderUnit(
            name="render",
            kind="render",
            frames=str(frames),
            cameras=[camera] if camera else [],
            all_cameras=[camera] if camera else [],
            width=int(image_width) if image_width else None,
            height=int(image_height) if image_height else None,
            output=f"{output_file_name}{output_file_format}",
            image_format=output_file_format.lstrip("."),
        )
        scene = SceneDescription(host="max", scene_file=input_scene_path, host_version=version, units=[unit])
        return self._submit(project_name, scene, str(frames), extra)

    # -- helpers --------------------------------------------------------------------------------

    def _submit(
        self, project_name: str, scene: SceneDescription, frames: Optional[str], extra: Mapping
    ) -> int:
        if extra:
            raise LegacyError(f"unknown argument(s) {', '.join(sorted(extra))}")
        env = next((item.get("renderEnv") for item in self.get_projects(project_name)), None)
        options = JobOptions(
            project_name=project_name, frames=frames, cg_version=(env or {}).get("cgVersion", "")
        )
        job = build_job(scene, options)
        if job.report.has_errors:
            problems = "; ".join(tip.describe() for tip in job.report.errors)
            raise LegacyError(f"{scene.scene_file} cannot be submitted: {problems}")
        self._upload_job_files(job)
        return submit_job(self.client, job.documents())

    def _upload_job_files(self, job: JobFiles) -> None:
        if self._engine is None and self.vendor:
            log.info("vendor farm: assets are expected to be uploaded already (Fox.upload)")
            return
        self._upload_entries(job.upload["asset"])

    def _upload_entries(self, entries: Sequence[Mapping[str, str]]) -> Any:
        from farmhand.transfer import UploadPlan

        return self._transfer_engine().upload(UploadPlan.from_entries(entries, source="Fox.upload"))

    def _transfer_engine(self) -> Any:
        if self._engine is None:
            if self.vendor:
                raise LegacyError(
                    "transfers to the Renderbus cloud need the vendor's transfer tools; "
                    "pass engine=farmhand.transfer.RaysyncEngine(...) to Fox"
                )
            from farmhand.transfer import FarmConnection, HttpEngine

            account, key = self._access
            self._engine = HttpEngine(
                FarmConnection(self._base_url, account, key, platform=self.client.platform)
            )
        return self._engine

    def _software(self, cg_soft_name: str) -> Tuple[int, str, str, str]:
        name, version = _split_soft_name(cg_soft_name)
        host = HOSTS.get(name.lower())
        listed = self.client.software_list().get("renderInfoList") or []
        match = [item for item in listed if str(item.get("cgName", "")).lower() == (host or name).lower()]
        if not match:
            offered = ", ".join(str(item.get("cgName")) for item in listed)
            raise LegacyError(f"create_project: unknown software {name!r}; the farm offers {offered}")
        cg_id = int(match[0]["cgId"])
        os_name = "linux" if match[0].get("isSupportLinux") and host in ("Maya", "Houdini") else "windows"
        versions = [
            str(v.get("cgVersion"))
            for v in self.client.software_detail(cg_id, os_name).get("cgVersion") or []
        ]
        return cg_id, str(match[0]["cgName"]), _pick_version(version, versions, cg_soft_name), os_name

    def _plugin_id(self, cg_id: int, cg_version: str, plugin_name: str) -> int:
        wanted = " ".join(plugin_name.split()).lower()
        for os_name in ("windows", "linux"):
            for plugin in self.client.software_detail(cg_id, os_name).get("cgPlugin") or []:
                for each in plugin.get("pluginVersions") or []:
                    if str(each.get("pluginVersion", "")).lower() == wanted:
                        return int(each["pluginId"])
        raise LegacyError(f"create_project: the farm has no plugin {plugin_name!r} for cgId {cg_id}")

    def _all_envs(self) -> List[Dict[str, Any]]:
        envs: List[Dict[str, Any]] = []
        for os_name in (0, 1):
            try:
                envs.extend(self.client.render_envs(os_name=os_name) or [])
            except RenderbusError as exc:
                log.debug("render environments for osName %s unavailable: %s", os_name, exc)
        return envs


def parse_render_server(render_server: str) -> Tuple[str, str, str, bool]:
    """``(protocol, domain, platform, is_vendor_host)`` for a legacy ``render_server`` string."""
    text = render_server.strip().rstrip("/")
    scheme, _, rest = text.rpartition("://")
    host = rest.split("/")[0]
    if not host:
        raise LegacyError(f"render_server {render_server!r} has no host name")
    name = host.split(":")[0].lower()
    for suffix, api_host in VENDOR_HOSTS.items():
        if name == suffix or name.endswith("." + suffix):
            found = re.match(r"www(\d+)\.", name)
            return scheme or "https", api_host, found.group(1) if found else "2", True
    local = name in ("localhost", "127.0.0.1", "::1")
    return scheme or ("http" if local else "https"), host, "2", False


def legacy_statuses(value: Any) -> Tuple[int, ...]:
    """Status codes for a legacy ``task_status`` (text such as ``"Start"``, or a code)."""
    if isinstance(value, int) or str(value).isdigit():
        return (int(value),)
    key = str(value).strip().lower()
    if key not in LEGACY_TASK_STATUS:
        raise LegacyError(f"task_status {value!r} is not one of {', '.join(sorted(LEGACY_TASK_STATUS))}")
    return LEGACY_TASK_STATUS[key]


def _split_soft_name(cg_soft_name: str) -> Tuple[str, str]:
    parts = cg_soft_name.strip().rsplit(" ", 1)
    if len(parts) != 2 or not parts[1]:
        raise LegacyError(f"cg_soft_name must be '<software> <version>', got {cg_soft_name!r}")
    return parts[0], parts[1]


def _pick_version(version: str, versions: List[str], asked: str) -> str:
    if version in versions:
        return version
    prefixed = [v for v in versions if v.startswith(version + ".")]
    if len(prefixed) == 1:
        return prefixed[0]
    raise LegacyError(f"{asked!r} is not supported by the farm; versions: {', '.join(versions)}")


def _ids(task_id: TaskIds) -> List[int]:
    if isinstance(task_id, (int, str)):
        return [int(task_id)]
    return [int(item) for item in task_id]


def _walk(path: str) -> List[str]:
    if os.path.isfile(path):
        return [os.path.abspath(path)]
    found: List[str] = []
    for root, dirs, files in os.walk(path):
        dirs.sort()
        found.extend(os.path.abspath(os.path.join(root, name)) for name in sorted(files))
    return found


def _select(scene: SceneDescription, name: Optional[str], argument: str) -> List[RenderUnit]:
    if not name:
        return [unit for unit in scene.units if unit.enabled]
    chosen = [dataclasses.replace(unit, enabled=True) for unit in scene.units if unit.name == name]
    if not chosen:
        raise LegacyError(
            f"{argument}: no {name!r} in {scene.scene_file}; has {[u.name for u in scene.units]}"
        )
    return chosen


def _with_camera(unit: RenderUnit, camera: str, scene: SceneDescription) -> RenderUnit:
    known = set(unit.all_cameras) | set(scene.cameras)
    shapes = [name for name in known if name in (camera, camera + "Shape") or name.endswith("|" + camera)]
    if known and not shapes:
        raise LegacyError(f"camera: no {camera!r} in {scene.scene_file}; has {sorted(known)}")
    return dataclasses.replace(unit, cameras=sorted(shapes) or [camera])


def _keep_units(scene: SceneDescription, units: List[RenderUnit]) -> SceneDescription:
    return dataclasses.replace(scene, units=units)
