"""A threaded standard-library HTTP server on 127.0.0.1 with a free port, for the fakes."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple, Type


class _QuietServer(ThreadingHTTPServer):
    """Keeps handler crashes (a client that hung up mid-body) for the test instead of printing them."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        self.app.errors.append(sys.exc_info()[1])  # type: ignore[attr-defined]


class LoopbackServer:
    """Runs ``handler`` (which can reach this object as ``self.server.app``) in a thread."""

    def __init__(self, handler: Type[BaseHTTPRequestHandler]) -> None:
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.httpd.app = self  # type: ignore[attr-defined]
        self.errors: List[BaseException] = []
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def netloc(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"{host}:{port}"

    def start(self):
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Handler(BaseHTTPRequestHandler):
    """JSON helpers; quiet unless a test wants the access log."""

    @property
    def app(self) -> Any:
        return self.server.app  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def read_json(self) -> Tuple[Optional[Dict[str, Any]], bytes]:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            data = json.loads(raw or b"null")
        except ValueError:
            return None, raw
        return (data if isinstance(data, dict) else None), raw

    def send_json(self, status: int, data: Any, headers: Optional[Dict[str, str]] = None) -> None:
        body = json.dumps(data).encode()
        self.send_bytes(status, body, "application/json", headers)

    def send_bytes(
        self, status: int, body: bytes, content_type: str, headers: Optional[Dict[str, str]] = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)
