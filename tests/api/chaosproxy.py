"""A loopback HTTP proxy that damages a share of the requests it forwards to a real farm.

Faults, drawn per request from a seeded generator:

* ``drop``        close the connection, forward nothing;
* ``drop_after``  forward, let the farm do the work, then close without answering;
* ``bad_gateway`` answer an HTML 502, forward nothing;
* ``bad_gateway_after`` forward, then answer an HTML 502 instead of the farm's answer;
* ``stall``       hold the request ``stall_seconds`` (past the client's timeout), then forward it:
                  the farm does the work after the client has given up.

With no rates it is a recording proxy (``recorded``).  The ``Host`` header is passed through
unchanged, so the farm verifies the signature against the domain the client signed (the
proxy's ``host:port``).
"""

from __future__ import annotations

import contextlib
import http.client
import random
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Tuple

KINDS = ("drop", "drop_after", "bad_gateway", "bad_gateway_after", "stall")
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}
BAD_GATEWAY = b"<html><head><title>502 Bad Gateway</title></head><body>upstream failed</body></html>"


class ChaosProxy:
    """Use as ``with ChaosProxy((host, port), {"drop": 0.1}) as proxy``; clients talk to ``proxy.domain``."""

    def __init__(
        self, upstream: Tuple[str, int], rates: Dict[str, float], *, seed: int = 1, stall_seconds: float = 1.0
    ) -> None:
        unknown = set(rates) - set(KINDS)
        if unknown or sum(rates.values()) > 1:
            raise ValueError(f"bad fault rates {rates}")
        self.upstream = upstream
        self.rates = dict(rates)
        self.stall_seconds = stall_seconds
        self.injected: Counter = Counter()
        #: Every request as received: path, header names in order, headers, raw body, upstream answer.
        self.recorded: List[Dict[str, Any]] = []
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.domain = f"127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> ChaosProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def pick(self) -> str:
        with self._lock:
            draw = self._random.random()
            for kind in KINDS:
                rate = self.rates.get(kind, 0.0)
                if draw < rate:
                    self.injected[kind] += 1
                    return kind
                draw -= rate
            self.injected["none"] += 1
            return ""

    def forward(self, path: str, headers: Dict[str, str], body: bytes) -> Tuple[int, str, bytes]:
        connection = http.client.HTTPConnection(*self.upstream, timeout=30)
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type", "application/json"), response.read()
        finally:
            connection.close()


def _handler(proxy: ChaosProxy) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            record = {"path": self.path, "order": list(self.headers), "headers": headers, "body": body}
            proxy.recorded.append(record)
            fault = proxy.pick()
            if fault == "drop":
                return self._drop()
            if fault == "bad_gateway":
                return self._send(502, "text/html", BAD_GATEWAY)
            if fault == "stall":
                time.sleep(proxy.stall_seconds)
            status, content_type, payload = proxy.forward(self.path, headers, body)
            record["answer"] = payload
            if fault == "drop_after":
                return self._drop()
            if fault == "bad_gateway_after":
                return self._send(502, "text/html", BAD_GATEWAY)
            self._send(status, content_type, payload)

        def _drop(self) -> None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

        def _send(self, status: int, content_type: str, payload: bytes) -> None:
            with contextlib.suppress(OSError):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

    return Handler
