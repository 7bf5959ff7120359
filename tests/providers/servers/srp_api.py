"""SRP's task and asset API (seed 004, services.md §2.2-2.3) on loopback, with its webhooks.

Tasks need a Bearer key and an existing collection; ``render_options`` is
stored as ``options`` with ``priority`` 50 added, as the status example shows.
A task renders in a thread: its output is a PNG whose colour comes from the
task's input_data, written to a bucket served under /storage/<bucket>/, and
the task's ``output_files`` name it relative to the bucket.  Then every
registered callback is called with the documented payload: a string URL with
a POST, an object with its method and headers, its ``data`` merged into the
payload (how SRP applies ``data`` is undocumented: a guess).  ``deliveries``
sends each callback more than once, as a retrying sender would.

Assets: get_asset_upload_url hands out a signed PUT URL and a content type;
the PUT must carry both; create_asset needs the uploaded bytes to be a zip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import io
import json
import secrets
import threading
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from pathlib import Path
from typing import Any, Dict, List
from urllib.parse import parse_qs, urlsplit

from .http_base import Handler, LoopbackServer

BUCKET = "srp-renders"
ASSET_CONTENT_TYPE = "application/zip"


class SrpFake(LoopbackServer):
    def __init__(
        self, root: Path, api_key: str, collections: Dict[str, str], *, render_seconds: float = 0.05
    ):
        super().__init__(_SrpHandler)
        self.root = Path(root)
        self.api_key = api_key
        self.collections = collections  # uid -> name
        self.render_seconds = render_seconds
        self.deliveries = 1
        self.tasks: Dict[str, Dict[str, Any]] = {}
        self.assets: Dict[str, Dict[str, Any]] = {}
        self.webhook_results: List[Dict[str, Any]] = []
        self._signing = secrets.token_bytes(16)
        self._threads: List[threading.Thread] = []

    def wait_idle(self, timeout: float = 10.0) -> None:
        for thread in list(self._threads):
            thread.join(timeout)

    # -- tasks ----------------------------------------------------------------------
    def create(self, body: Dict[str, Any]) -> Dict[str, Any]:
        uid = str(body.get("collection_id") or "")
        options = dict(body.get("render_options") or {})
        options.setdefault("priority", 50)
        task = {
            "id": str(uuid.uuid4()),
            "collection": {"name": self.collections[uid], "label": self.collections[uid].title(), "uid": uid},
            "creation_date": _now(),
            "status": "pending",
            "enabled": True,
            "input_data": body["input_data"],
            "options": options,
            "created_by": {"id": 1, "name": "farmhand-test"},
            "tags": [],
            "jobs": [],
        }
        self.tasks[task["id"]] = task
        thread = threading.Thread(target=self._render, args=(task,), daemon=True)
        self._threads.append(thread)
        thread.start()
        return task

    def _render(self, task: Dict[str, Any]) -> None:
        task["status"] = "processing"
        time.sleep(self.render_seconds)
        relative = f"render/{task['collection']['name']}/{task['id']}/render.png"
        target = self.root / BUCKET / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_png_for(task["input_data"]))
        task["output_files"] = [relative]
        task["status"] = "done"
        payload = {"output_files": [relative], "status": "done", "task_id": task["id"], "timestamp": _now()}
        for _ in range(self.deliveries):
            for callback in task["options"].get("callback_urls") or []:
                self.webhook_results.append(_deliver(callback, payload))

    # -- assets ---------------------------------------------------------------------
    def sign(self, asset_id: str) -> str:
        return hmac.new(self._signing, asset_id.encode(), hashlib.sha256).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _png_for(input_data: Dict[str, Any]) -> bytes:
    from PIL import Image

    digest = hashlib.sha256(json.dumps(input_data, sort_keys=True).encode()).digest()
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), tuple(digest[:3])).save(buffer, "PNG")
    return buffer.getvalue()


def _deliver(callback: Any, payload: Dict[str, Any]) -> Dict[str, Any]:
    if isinstance(callback, dict):
        url, method = callback["url"], str(callback.get("method") or "post").upper()
        headers = dict(callback.get("headers") or {})
        body = {**payload, **(callback.get("data") or {})}
    else:
        url, method, headers, body = str(callback), "POST", {}, payload
    request = urllib.request.Request(url, json.dumps(body).encode(), method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return {"url": url, "status": response.status, "body": response.read().decode()}
    except urllib.error.HTTPError as exc:
        return {"url": url, "status": exc.code, "body": exc.read().decode()}
    except (OSError, http.client.HTTPException) as exc:  # the receiver is down: SRP just records it
        return {"url": url, "status": None, "body": str(exc)}


class _SrpHandler(Handler):
    def _authorised(self) -> bool:
        given = self.headers.get("Authorization", "")
        if secrets.compare_digest(given.encode(), f"Bearer {self.app.api_key}".encode()):
            return True
        self.send_json(401, {"detail": "Invalid token."})
        return False

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path.startswith(f"/storage/{BUCKET}/"):
            return self._storage(parts.path[len(f"/storage/{BUCKET}/") :])
        if not self._authorised():
            return None
        if parts.path.rstrip("/") == "/api/v1/tasks":
            task = self.app.tasks.get(query.get("id", ""))
            return self.send_json(200, task) if task else self.send_json(404, {"detail": "Not found."})
        if parts.path == "/api/v1/tasks/get_asset_upload_url/":
            return self._asset_url(query.get("collection_uid", ""))
        return self.send_json(404, {"detail": "Not found."})

    def _storage(self, relative: str) -> None:
        base = (self.app.root / BUCKET).resolve()
        target = (base / relative).resolve()
        if not str(target).startswith(str(base)) or not target.is_file():
            return self.send_bytes(404, b"<Error><Code>NoSuchKey</Code></Error>", "application/xml")
        return self.send_bytes(200, target.read_bytes(), "image/png")

    def do_POST(self) -> None:
        if not self._authorised():
            return None
        body, _raw = self.read_json()
        path = urlsplit(self.path).path
        if body is None:
            return self.send_json(400, {"detail": "JSON parse error"})
        if path.rstrip("/") == "/api/v1/tasks":
            return self._create(body)
        if path == "/api/v1/tasks/create_asset/":
            return self._create_asset(body)
        return self.send_json(404, {"detail": "Not found."})

    def _create(self, body: Dict[str, Any]) -> None:
        if body.get("collection_id") not in self.app.collections:
            return self.send_json(400, {"collection_id": ["Collection not found."]})
        if not isinstance(body.get("input_data"), dict):
            return self.send_json(400, {"input_data": ["This field is required."]})
        callbacks = (body.get("render_options") or {}).get("callback_urls", [])
        if not isinstance(callbacks, list) or not all(isinstance(c, (str, dict)) for c in callbacks):
            return self.send_json(
                400, {"render_options": ["callback_urls must be a list of URLs or objects"]}
            )
        return self.send_json(201, self.app.create(body))

    def _asset_url(self, collection_uid: str) -> None:
        if collection_uid not in self.app.collections:
            return self.send_json(400, {"collection_uid": ["Collection not found."]})
        asset_id = str(uuid.uuid4())
        self.app.assets[asset_id] = {"collection": collection_uid, "data": None, "created": False}
        url = f"{self.app.url}/upload/{asset_id}?signature={self.app.sign(asset_id)}"
        return self.send_json(200, {"upload_url": url, "content_type": ASSET_CONTENT_TYPE, "id": asset_id})

    def do_PUT(self) -> None:
        parts = urlsplit(self.path)
        asset_id = parts.path.rsplit("/", 1)[-1]
        signature = parse_qs(parts.query).get("signature", [""])[0]
        data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        asset = self.app.assets.get(asset_id)
        if asset is None or not hmac.compare_digest(signature, self.app.sign(asset_id)):
            return self.send_bytes(
                403, b"<Error><Code>SignatureDoesNotMatch</Code></Error>", "application/xml"
            )
        if self.headers.get("Content-Type") != ASSET_CONTENT_TYPE:
            return self.send_bytes(
                403, b"<Error><Code>SignatureDoesNotMatch</Code></Error>", "application/xml"
            )
        if "Authorization" in self.headers:
            return self.send_bytes(400, b"<Error><Code>InvalidArgument</Code></Error>", "application/xml")
        asset["data"] = data
        return self.send_bytes(200, b"", "text/plain")

    def _create_asset(self, body: Dict[str, Any]) -> None:
        asset = self.app.assets.get(str(body.get("id")))
        if asset is None or asset["data"] is None:
            return self.send_json(400, {"id": ["No uploaded asset with this id."]})
        try:
            with zipfile.ZipFile(io.BytesIO(asset["data"])) as archive:
                asset["names"] = archive.namelist()
        except zipfile.BadZipFile:
            return self.send_json(400, {"id": ["The asset is not a ZIP file."]})
        asset["created"] = True
        return self.send_json(201, {"id": body["id"], "collection_uid": asset["collection"]})
