"""Rentaflop's rendering API (seed 003, services.md §1.2), one method per endpoint.

The only credential is the ``api_key`` field of every JSON body, so bodies are
never logged and error messages quote only what the server said, with the key
blanked out should the server echo it.  A failure is a non-2xx HTTP status or
a body ``status`` other than 200; unknown keys in answers are ignored.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Optional

import requests

from farmhand.errors import FarmhandError
from farmhand.transfer.errors import FarmUnreachable

DEFAULT_URL = "https://api.rentaflop.com/v1"
log = logging.getLogger("farmhand.rentaflop")


class RentaflopError(FarmhandError):
    """Rentaflop answered, but not with success."""

    def __init__(self, endpoint: str, http_status: int, status: Any, detail: str) -> None:
        super().__init__(f"Rentaflop {endpoint} failed (HTTP {http_status}, status {status}): {detail}")
        self.endpoint = endpoint
        self.http_status = http_status
        self.status = status


class RentaflopClient:
    def __init__(
        self,
        api_key: str,
        url: str = DEFAULT_URL,
        *,
        session: Optional[requests.Session] = None,
        timeout=60.0,
    ) -> None:
        self._api_key = api_key
        self.url = url.rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout

    def __repr__(self) -> str:  # the key must not appear in tracebacks or logs
        return f"RentaflopClient(url={self.url!r})"

    def health(self) -> Dict[str, Any]:
        return self._call("GET", "health", None)

    def upload(self, filename: str) -> Dict[str, Any]:
        """Where to POST the file: ``filename`` (the S3 key), ``url`` and ``fields``."""
        answer = self._call("POST", "upload", {"filename": filename})
        for key in ("filename", "url", "fields"):
            if key not in answer:
                raise RentaflopError("/upload", 200, answer.get("status"), f"the answer has no {key!r}")
        if not isinstance(answer["fields"], dict):
            raise RentaflopError("/upload", 200, answer.get("status"), "'fields' is not an object")
        return answer

    def confirm_upload(self, filename: str) -> str:
        return str(self._require(self._call("POST", "confirm-upload", {"filename": filename}), "upload_id"))

    def render(self, upload_id: str, blender_version: str) -> str:
        body = {"upload_id": upload_id, "blender_version": blender_version}
        return str(self._require(self._call("POST", "render", body), "job_id"))

    def progress(self, job_id: str) -> Dict[str, Any]:
        return self._call("POST", "progress", {"job_id": job_id})

    def download_url(self, job_id: str) -> str:
        return str(self._require(self._call("POST", "download", {"job_id": job_id}), "url"))

    # -- plumbing ----------------------------------------------------------------
    def _call(self, method: str, endpoint: str, body: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        url = f"{self.url}/{endpoint}"
        log.debug("Rentaflop %s /%s", method, endpoint)  # never the body: it holds the key
        payload = None if body is None else {"api_key": self._api_key, **body}
        try:
            response = self.session.request(method, url, json=payload, timeout=self.timeout)
        except requests.RequestException as exc:
            raise FarmUnreachable(f"cannot reach Rentaflop at {self.url}: {type(exc).__name__}") from None
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise RentaflopError(f"/{endpoint}", response.status_code, None, self._clean(response.text[:200]))
        if not response.ok or answer.get("status") != 200:
            detail = answer.get("message") or answer.get("error") or answer.get("detail") or "no message"
            raise RentaflopError(
                f"/{endpoint}", response.status_code, answer.get("status"), self._clean(str(detail))
            )
        return answer

    def _require(self, answer: Dict[str, Any], key: str) -> Any:
        if answer.get(key) in (None, ""):
            raise RentaflopError("answer", 200, answer.get("status"), f"no {key!r} in the answer")
        return answer[key]

    def _clean(self, text: str) -> str:
        text = " ".join(text.split()) or "(empty body)"
        return text.replace(self._api_key, "***") if self._api_key else text
