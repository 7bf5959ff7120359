"""Catalogue calls: project labels, supported software and plugins, saved render environments."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional

from farmhand.api import endpoints as ep
from farmhand.api.base import MISSING, ClientBase
from farmhand.api.errors import RenderbusError


class CatalogueCalls(ClientBase):
    """Projects, software catalogue and render environments."""

    def add_project(self, name: str, status: int = 0) -> None:
        """Create a project label (``status`` 0 on, 1 off); never duplicated by a retry."""
        body = {"newName": str(name), "status": int(status)}
        return self._create_once(ep.ADD_PROJECT, body, lambda: self._project_exists(str(name)))

    def delete_project(self, name: str) -> None:
        """Delete a project label by name."""
        return self._post(ep.DELETE_PROJECT, {"delName": str(name)})

    def project_names(self) -> Dict[str, Any]:
        """``{projectNameList: [{projectId, projectName}]}`` of the account."""
        return self._post(ep.PROJECT_NAMES)

    def projects(self, flag: int = 0) -> List[Dict[str, Any]]:
        """Projects: ``flag`` 0 own, 1 own + main account, 2 whole master account."""
        data = self._post(ep.PROJECT_LIST, {"flag": int(flag)})
        return list((data or {}).get("projectNameList") or [])

    def ensure_project(self, name: str, flag: int = 2) -> int:
        """The id of project ``name``, creating it if needed; fails loudly instead of returning ``''``."""
        for attempt in range(2):
            for project in self.projects(flag):
                if project.get("projectName") == name:
                    return int(project["projectId"])
            if attempt == 0:
                self.add_project(name)
        raise RenderbusError(
            f"project {name!r} was added but the farm does not list it", path=ep.PROJECT_LIST
        )

    def software_list(self) -> Dict[str, Any]:
        """Supported DCCs: ``{isAutoCommit, renderInfoList, defaultCgId}``."""
        return self._post(ep.SOFTWARE_LIST)

    def software_detail(self, cg_id: int, os_name: str = "windows") -> Dict[str, Any]:
        """Versions and plugins of one DCC: ``{cgVersion, cgPlugin}``; ``os_name`` windows or linux."""
        if os_name not in ("windows", "linux"):
            raise ValueError(f"os_name must be 'windows' or 'linux', got {os_name!r}")
        return self._post(ep.SOFTWARE_DETAIL, {"cgId": int(cg_id), "osName": os_name})

    def render_envs(
        self, cg_id: Optional[int] = None, cg_ids: Optional[Iterable[int]] = None, os_name: int = 1
    ) -> List[Dict[str, Any]]:
        """Saved render environments (``os_name`` 0 Linux, 1 Windows)."""
        body: Dict[str, Any] = {}
        if cg_id is not None:
            body["cgId"] = int(cg_id)
        if cg_ids is not None:
            body["cgIds"] = [int(item) for item in cg_ids]
        body["osName"] = int(os_name)
        return self._post(ep.RENDER_ENVS, body)

    def add_render_env(self, env: Mapping[str, Any]) -> Dict[str, Any]:
        """Save a render environment; returns ``{editName}``; never duplicated by a retry.

        ``env`` keys: ``cgId``, ``cgName``, ``cgVersion``, ``editName``, ``renderSystem`` (0 Linux,
        1 Windows), ``pluginIds``; optional ``renderLayerType``, ``projectPath``.
        """
        body = _render_env_body(env)
        name = body["editName"]
        lookup = lambda: self._render_env_exists(name, body["cgId"], body["renderSystem"])  # noqa: E731
        return self._create_once(ep.ADD_RENDER_ENV, body, lookup, found_result={"editName": name})

    def edit_render_env(self, env: Mapping[str, Any]) -> None:
        """Replace a saved render environment (same keys as :meth:`add_render_env`)."""
        return self._post(ep.EDIT_RENDER_ENV, _render_env_body(env))

    def delete_render_env(self, edit_name: str) -> None:
        """Delete a saved render environment."""
        return self._post(ep.DELETE_RENDER_ENV, {"editName": str(edit_name)})

    def set_default_render_env(self, edit_name: str) -> None:
        """Make a saved render environment the default one."""
        return self._post(ep.DEFAULT_RENDER_ENV, {"editName": str(edit_name)})

    def _project_exists(self, name: str) -> Any:
        names = {project.get("projectName") for project in self.projects(2)}
        return None if name in names else MISSING

    def _render_env_exists(self, name: str, cg_id: int, render_system: int) -> Any:
        envs = self.render_envs(cg_id=cg_id, os_name=render_system) or []
        return {"editName": name} if any(env.get("editName") == name for env in envs) else MISSING


def _render_env_body(env: Mapping[str, Any]) -> Dict[str, Any]:
    required = ("cgId", "cgName", "cgVersion", "editName", "renderSystem", "pluginIds")
    missing = [key for key in required if key not in env]
    if missing:
        raise ValueError(f"render environment lacks {', '.join(missing)}")
    body: Dict[str, Any] = {
        "cgId": int(env["cgId"]),
        "cgName": str(env["cgName"]),
        "cgVersion": str(env["cgVersion"]),
        "renderLayerType": int(env.get("renderLayerType", 0)),
        "editName": str(env["editName"]),
        "renderSystem": int(env["renderSystem"]),
        "pluginIds": [int(item) for item in env["pluginIds"]],
    }
    if env.get("projectPath") is not None:
        body["projectPath"] = str(env["projectPath"])
    return body
