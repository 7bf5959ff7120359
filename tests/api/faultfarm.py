"""A small loopback Renderbus farm that misbehaves on request, for the client's transport tests.

It speaks the real envelope, verifies every signature with ``farmhand.api.signing``
(611 on mismatch, 610 outside a +-300 s window or on a reused nonce) and keeps a
tiny in-memory state for the calls whose retry safety is under test (task
creation and submission, projects, render environments, task list and info).
Faults are queued per path by the test: each request to that path takes the
next fault, so a test states exactly which attempt fails and how.

Fault kinds: ``http502`` (HTML 502, nothing done), ``http502_after`` (done, then
HTML 502), ``drop`` (connection closed, nothing done), ``drop_after`` (done, then
closed), ``stall`` or ``stall:<seconds>`` (wait ``stall_seconds``, then do it and answer late),
``code500`` (envelope 500, nothing done), ``nonjson`` (HTTP 200 with text),
``ok_500`` (done, HTTP 500 carrying a success envelope), ``ratelimit`` (the
legacy "interval less than 10s" refusal), ``redirect`` (301 to https, nothing done).
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Deque, Dict, List, Optional, Tuple

from farmhand.api import RetryPolicy, signing
from farmhand.api import endpoints as ep

WINDOW_SECONDS = 300
#: Retry bounds for tests: the real policy's shape with millisecond waits.
FAST_RETRY = RetryPolicy(
    attempts=4, base_delay=0.01, max_delay=0.05, rate_limit_wait=0.01, rate_limit_retries=2
)


class FarmState:
    """In-memory accounts, tasks, projects and render environments."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.next_id = 1000
        self.tasks: Dict[int, Dict[str, Any]] = {}
        self.projects: List[Dict[str, Any]] = []
        self.envs: List[Dict[str, Any]] = []
        self.submits: Dict[int, int] = defaultdict(int)

    def handle(self, path: str, body: Dict[str, Any]) -> Tuple[int, str, Any]:
        handler = HANDLERS.get(path)
        if handler is None:
            return 404, "resource not found", None
        with self.lock:
            return handler(self, body)


def _create_task(state: FarmState, body: Dict[str, Any]) -> Tuple[int, str, Any]:
    if not isinstance(body.get("count"), int) or not isinstance(body.get("taskUserLevel"), int):
        return 601, "count and taskUserLevel are required integers", None
    ids = []
    for _ in range(body["count"]):
        state.next_id += 1
        task_id = state.next_id
        state.tasks[task_id] = {
            "id": task_id,
            "taskAlias": f"2W{task_id}",
            "taskStatus": None,
            "submitDate": None,
            "labels": list(body.get("labels") or []),
            "userId": 100001,
            "respRenderingTaskList": [],
        }
        ids.append(task_id)
    return 200, "success", {"taskIdList": ids, "aliasTaskIdList": [f"2W{i}" for i in ids], "userId": 100001}


def _submit(state: FarmState, body: Dict[str, Any]) -> Tuple[int, str, Any]:
    task = state.tasks.get(body.get("taskId"))
    if task is None:
        return 404, "task not found", None
    state.submits[task["id"]] += 1
    if task["taskStatus"] is not None:
        return 600, "task already submitted", None
    task["taskStatus"] = 0
    task["submitDate"] = int(time.time() * 1000)
    return 200, "success", None


def _page(items: List[Any], body: Dict[str, Any]) -> Dict[str, Any]:
    size = int(body.get("pageSize", 100))
    num = int(body.get("pageNum", 1))
    count = max(1, -(-len(items) // size))
    return {
        "pageCount": count,
        "pageNum": num,
        "total": len(items),
        "size": size,
        "items": items[(num - 1) * size : num * size],
    }


def _task_list(state: FarmState, body: Dict[str, Any]) -> Tuple[int, str, Any]:
    keyword = body.get("searchKeyword")
    tasks = [dict(t) for t in sorted(state.tasks.values(), key=lambda t: -t["id"])]
    if keyword:
        tasks = [t for t in tasks if keyword in t["labels"] or keyword in str(t["id"])]
    return 200, "success", _page(tasks, body)


def _task_info(state: FarmState, body: Dict[str, Any]) -> Tuple[int, str, Any]:
    ids = body.get("taskIds")
    if not isinstance(ids, list):
        return 601, "taskIds is required", None
    tasks = [dict(state.tasks[i]) for i in ids if i in state.tasks]
    return 200, "success", _page(tasks, {"pageSize": 100})


def _project_add(state: FarmState, body: Dict[str, Any]) -> Tuple[int, str, Any]:
    state.projects.append({"projectId": len(state.projects) + 1, "projectName": body["newName"]})
    return 200, "success", None


def _project_list(state: FarmState, body: Dict[str, Any]) -> Tuple[int, str, Any]:
    return 200, "success", {"projectNameList": [dict(p) for p in state.projects]}


def _env_add(state: FarmState, body: Dict[str, Any]) -> Tuple[int, str, Any]:
    state.envs.append(dict(body, osName=body["renderSystem"]))
    return 200, "success", {"editName": body["editName"]}


def _env_list(state: FarmState, body: Dict[str, Any]) -> Tuple[int, str, Any]:
    envs = [
        e for e in state.envs if body.get("cgId") in (None, e["cgId"]) and e["osName"] == body.get("osName")
    ]
    return 200, "success", envs


def _delete_tasks(state: FarmState, body: Dict[str, Any]) -> Tuple[int, str, Any]:
    for task_id in body.get("taskIds") or []:
        state.tasks.pop(task_id, None)
    return 200, "success", None


def _profile(state: FarmState, body: Dict[str, Any]) -> Tuple[int, str, Any]:
    return 200, "success", {"userId": 100001, "userName": "tester", "shareMainCapital": 0, "mainUserId": 0}


HANDLERS = {
    ep.CREATE_TASK: _create_task,
    ep.SUBMIT_TASK: _submit,
    ep.TASK_LIST: _task_list,
    ep.TASK_INFO: _task_info,
    ep.ADD_PROJECT: _project_add,
    ep.PROJECT_LIST: _project_list,
    ep.ADD_RENDER_ENV: _env_add,
    ep.RENDER_ENVS: _env_list,
    ep.USER_PROFILE: _profile,
    ep.DELETE_TASK: _delete_tasks,
}


class FaultFarm:
    """The server: start with ``with FaultFarm() as farm`` and point a client at ``farm.domain``."""

    def __init__(self, access_id: str = "AKID_TEST", access_key: str = "SECRET_TEST") -> None:
        self.access_id = access_id
        self.access_key = access_key
        self.state = FarmState()
        self.faults: Dict[str, Deque[str]] = defaultdict(deque)
        self.stall_seconds = 1.0
        self.clock_offset = 0.0
        self.requests: List[Dict[str, Any]] = []
        self._nonces: set = set()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self.domain = f"127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> FaultFarm:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def inject(self, path: str, *kinds: Optional[str]) -> None:
        """Queue faults for the next requests to ``path`` (``None`` = answer normally)."""
        self.faults[path].extend(kind or "" for kind in kinds)

    def calls(self, path: str) -> int:
        return sum(1 for record in self.requests if record["path"] == path)

    def now_ms(self) -> int:
        return int((time.time() + self.clock_offset) * 1000)

    def envelope(self, code: int, message: str, data: Any) -> bytes:
        body = {
            "version": "2.0.0",
            "result": code == 200,
            "message": message,
            "code": code,
            "data": data,
            "serverTime": self.now_ms(),
            "requestId": f"fault-{len(self.requests)}",
        }
        return json.dumps(body).encode()

    def check_auth(
        self, path: str, headers: Dict[str, str], body: Dict[str, Any]
    ) -> Optional[Tuple[int, str]]:
        """None when the request is signed, fresh and new; else the envelope code and message."""
        if headers.get("accessid") != self.access_id:
            return 611, "unknown access id"
        if not signing.verify(
            self.access_key, self.domain, path, headers, body, headers.get("signature", "")
        ):
            return 611, "signature invalid"
        try:
            stamp = int(headers.get("utctimestamp", ""))
        except ValueError:
            return 610, "timestamp missing"
        if abs(stamp - (time.time() + self.clock_offset)) > WINDOW_SECONDS:
            return 610, "signature expired"
        key = (headers.get("nonce"), stamp)
        with self._lock:
            if key in self._nonces:
                return 610, "nonce reused"
            self._nonces.add(key)
        return None


def _make_handler(farm: FaultFarm) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {name.lower(): value for name, value in self.headers.items()}
            farm.requests.append(
                {"path": self.path, "raw": raw, "headers": headers, "order": list(self.headers)}
            )
            fault = farm.faults[self.path].popleft() if farm.faults[self.path] else ""
            if fault in ("http502", "drop", "code500", "nonjson", "ratelimit", "redirect"):
                return self._fault_before(fault)
            try:
                body = json.loads(raw.decode("utf-8") or "{}")
            except ValueError:
                return self._send(200, farm.envelope(600, "body is not JSON", None))
            refused = farm.check_auth(self.path, headers, body)
            if refused:
                return self._send(200, farm.envelope(refused[0], refused[1], None))
            if fault.startswith("stall"):
                time.sleep(float(fault.partition(":")[2] or farm.stall_seconds))
            code, message, data = farm.state.handle(self.path, body)
            if fault == "drop_after":
                return self._drop()
            if fault == "http502_after":
                return self._send(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")
            status = 500 if fault == "ok_500" else 200
            self._send(status, farm.envelope(code, message, data))

        def _fault_before(self, fault: str) -> None:
            if fault == "http502":
                self._send(502, b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>", "text/html")
            elif fault == "drop":
                self._drop()
            elif fault == "code500":
                self._send(200, farm.envelope(500, "internal error", None))
            elif fault == "redirect":
                self.send_response(301)
                self.send_header("Location", "https://" + farm.domain + self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif fault == "nonjson":
                self._send(200, b"Welcome to the maintenance page", "text/plain")
            else:
                self._send(
                    200, farm.envelope(100, "Error: The interval less than 10s from the last time", None)
                )

        def _drop(self) -> None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

        def _send(self, status: int, payload: bytes, content_type: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(payload)

    return Handler
