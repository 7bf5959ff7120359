"""Snark Render Platform's task API (seed 004, services.md §2.2), one method per call.

Every call carries ``Authorization: Bearer <key>``; the key lives only in the
session headers and never in a message or a log line.  The answer to task
creation is undocumented, so any JSON object is accepted as long as it names
the task's ``id``.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, Optional

import requests

from farmhand.errors import FarmhandError
from farmhand.transfer.errors import FarmUnreachable

DEFAULT_URL = "https://srp.snark.art"
log = logging.getLogger("farmhand.srp")


class SrpError(FarmhandError):
    """SRP answered with an error status."""

    def __init__(self, what: str, status: int, detail: str) -> None:
        super().__init__(f"SRP {what} failed (HTTP {status}): {detail}")
        self.status = status


class SrpClient:
    def __init__(
        self,
        api_key: str,
        url: str = DEFAULT_URL,
        *,
        session: Optional[requests.Session] = None,
        timeout=60.0,
    ) -> None:
        self.url = url.rstrip("/")
        self.session = session or requests.Session()
        self.session.headers["Authorization"] = f"Bearer {api_key}"
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"SrpClient(url={self.url!r})"

    def create_task(self, body: Dict[str, Any]) -> Dict[str, Any]:
        answer = self._json("POST", "/api/v1/tasks", "task creation", json=body)
        if not answer.get("id"):
            raise SrpError("task creation", 200, "the answer names no task id")
        return answer

    def get_task(self, task_id: str) -> Dict[str, Any]:
        return self._json("GET", "/api/v1/tasks", f"status of task {task_id}", params={"id": task_id})

    def asset_upload_url(self, collection_uid: str) -> Dict[str, Any]:
        path = "/api/v1/tasks/get_asset_upload_url/"
        answer = self._json("GET", path, "asset upload URL", params={"collection_uid": collection_uid})
        for key in ("upload_url", "content_type", "id"):
            if not answer.get(key):
                raise SrpError("asset upload URL", 200, f"the answer has no {key!r}")
        return answer

    def put_asset(self, upload_url: str, content_type: str, path: str) -> None:
        """PUT the zip to the signed URL, streamed from disk, with exactly the content type SRP gave."""
        with open(path, "rb") as body:
            headers = {"Content-Type": content_type, "Content-Length": str(os.fstat(body.fileno()).st_size)}
            try:  # a bare request: the signed URL must not receive the Bearer key
                response = requests.put(upload_url, data=body, headers=headers, timeout=self.timeout)
            except requests.RequestException as exc:
                raise FarmUnreachable(f"cannot reach the asset upload URL: {type(exc).__name__}") from None
        if not response.ok:
            raise SrpError("asset upload", response.status_code, _short(response.text))

    def create_asset(self, asset_id: str) -> Dict[str, Any]:
        return self._json("POST", "/api/v1/tasks/create_asset/", "asset creation", json={"id": asset_id})

    def _json(self, method: str, path: str, what: str, **kwargs: Any) -> Dict[str, Any]:
        log.debug("SRP %s %s", method, path)
        try:
            response = self.session.request(method, self.url + path, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise FarmUnreachable(f"cannot reach SRP at {self.url}: {type(exc).__name__}") from None
        if not response.ok:
            raise SrpError(what, response.status_code, _short(response.text))
        try:
            answer = response.json()
        except ValueError:
            raise SrpError(what, response.status_code, f"not JSON: {_short(response.text)}") from None
        if not isinstance(answer, dict):
            raise SrpError(what, response.status_code, "the answer is not a JSON object")
        return answer


def _short(text: str) -> str:
    return " ".join(text.split())[:300] or "(empty body)"
