"""A strict S3 stand-in on loopback: browser POST uploads and presigned GETs, with S3's XML errors.

POST /<bucket>/ takes a presigned form and enforces the policy (s3_policy);
GET /<bucket>/<key> requires a valid, unexpired SigV4 query signature and
honours ``Range``.  Objects live as files under a directory.  ``cut_next_get``
simulates a network drop: the next GET sends only that many bytes and closes.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qsl, unquote, urlsplit
from xml.sax.saxutils import escape

from .http_base import Handler, LoopbackServer
from .multipart_stream import MalformedForm, read_form
from .s3_policy import Refusal, check_post
from .sigv4 import get_string_to_sign, presigned_get, presigned_post, signing_key

ACCESS_KEY = "AKIDFARMHANDTEST"
SECRET_KEY = "farmhand-test-s3-secret"
REGION = "us-east-1"
_RANGE = re.compile(r"bytes=(\d+)-(\d*)$")


class StrictS3(LoopbackServer):
    def __init__(self, root: Path, buckets: List[str]) -> None:
        super().__init__(_S3Handler)
        self.root = Path(root)
        self.buckets = set(buckets)
        for bucket in buckets:
            (self.root / bucket).mkdir(parents=True, exist_ok=True)
        self.credentials = {ACCESS_KEY: SECRET_KEY}
        self.clock_offset = dt.timedelta(0)
        self.requests: List[Dict[str, Any]] = []
        self.cut_next_get: Optional[int] = None
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + self.clock_offset

    def object_path(self, bucket: str, key: str) -> Path:
        path = (self.root / bucket / key).resolve()
        if not str(path).startswith(str((self.root / bucket).resolve()) + os.sep):
            raise Refusal(400, "InvalidArgument", "key escapes the bucket")
        return path

    def presign_post(
        self, bucket: str, key: str, *, expires_in: float = 3600, conditions=()
    ) -> Dict[str, Any]:
        return presigned_post(
            url=f"{self.url}/{bucket}/",
            bucket=bucket,
            key=key,
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            region=REGION,
            expires_in=expires_in,
            conditions=list(conditions),
            now=self.now(),
        )

    def presign_get(self, bucket: str, key: str, *, expires: int = 3600) -> str:
        return presigned_get(
            base=self.url,
            host=self.netloc,
            path=f"/{bucket}/{key}",
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            region=REGION,
            expires=expires,
            now=self.now(),
        )

    def put_object(self, bucket: str, key: str, data: bytes) -> None:
        path = self.object_path(bucket, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def record(self, **entry: Any) -> None:
        with self._lock:
            self.requests.append(entry)

    def take_cut(self) -> Optional[int]:
        with self._lock:
            cut, self.cut_next_get = self.cut_next_get, None
            return cut


def error_xml(code: str, message: str, extra: Optional[Dict[str, str]] = None) -> bytes:
    items = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in (extra or {}).items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{escape(message)}</Message>{items}"
        "<RequestId>FARMHANDFAKE</RequestId><HostId>fake</HostId></Error>"
    ).encode()


class _S3Handler(Handler):
    def _refuse(self, refusal: Refusal) -> None:
        body = error_xml(refusal.code, refusal.message, refusal.extra)
        self.send_bytes(refusal.status, body, "application/xml")

    def do_POST(self) -> None:
        app: StrictS3 = self.app
        bucket = urlsplit(self.path).path.strip("/")
        length = int(self.headers.get("Content-Length") or -1)
        try:
            if bucket not in app.buckets:
                raise Refusal(404, "NoSuchBucket", "The specified bucket does not exist")
            if length < 0:
                raise Refusal(411, "MissingContentLength", "You must provide the Content-Length HTTP header.")
            self._store_post(app, bucket, length)
        except Refusal as refusal:
            self._refuse(refusal)

    def _store_post(self, app: StrictS3, bucket: str, length: int) -> None:
        with tempfile.NamedTemporaryFile(dir=app.root, prefix=".incoming-", delete=False) as spool:
            try:
                form = read_form(self.rfile, length, self.headers.get("Content-Type", ""), spool)
            except MalformedForm as exc:
                os.unlink(spool.name)
                raise Refusal(
                    400, "MalformedPOSTRequest", f"The body of your POST request is not well-formed: {exc}"
                ) from exc
        app.record(method="POST", fields=[n for n, _ in form.fields], after_file=form.ignored_after_file)
        try:
            if form.filename is None:
                raise Refusal(400, "InvalidArgument", "POST requires exactly one file upload per request.")
            values = check_post(
                form.fields,
                form.file_size,
                bucket=bucket,
                credentials=app.credentials,
                region=REGION,
                now=app.now(),
            )
            key = values["key"].replace("${filename}", form.filename)
            target = app.object_path(bucket, key)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(spool.name, target)
        finally:
            if os.path.exists(spool.name):
                os.unlink(spool.name)
        self._answer_success(values.get("success_action_status", ""), bucket, key)

    def _answer_success(self, wanted: str, bucket: str, key: str) -> None:
        if wanted == "201":
            body = (
                f"<PostResponse><Location>{escape(self.app.url)}/{escape(bucket)}/{escape(key)}</Location>"
                f"<Bucket>{escape(bucket)}</Bucket><Key>{escape(key)}</Key></PostResponse>"
            ).encode()
            self.send_bytes(201, body, "application/xml")
        else:
            self.send_bytes(200 if wanted == "200" else 204, b"", "text/plain")

    def do_GET(self) -> None:
        app: StrictS3 = self.app
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        app.record(
            method="GET", path=path, range=self.headers.get("Range"), if_range=self.headers.get("If-Range")
        )
        try:
            self._verify_query(app, path, dict(parse_qsl(parts.query, keep_blank_values=True)))
            bucket, _, key = path.lstrip("/").partition("/")
            target = app.object_path(bucket, key)
            if bucket not in app.buckets or not target.is_file():
                raise Refusal(404, "NoSuchKey", "The specified key does not exist.")
            self._send_object(app, target)
        except Refusal as refusal:
            self._refuse(refusal)

    def _verify_query(self, app: StrictS3, path: str, params: Dict[str, str]) -> None:
        try:
            access_key, date, region = params["X-Amz-Credential"].split("/")[:3]
            signed = dt.datetime.strptime(params["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(
                tzinfo=dt.timezone.utc
            )
            expires = int(params["X-Amz-Expires"])
            given = params["X-Amz-Signature"]
        except (KeyError, ValueError) as exc:
            raise Refusal(
                403, "AccessDenied", "Query-string authentication requires the X-Amz parameters"
            ) from exc
        secret = app.credentials.get(access_key)
        if secret is None:
            raise Refusal(
                403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."
            )
        if app.now() > signed + dt.timedelta(seconds=expires):
            raise Refusal(403, "AccessDenied", "Request has expired")
        to_sign = get_string_to_sign(path, params, self.headers.get("Host", ""))
        expected = hmac.new(signing_key(secret, date, region), to_sign.encode(), "sha256").hexdigest()
        if not hmac.compare_digest(expected.encode(), given.encode()):
            raise Refusal(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided.",
            )

    def _send_object(self, app: StrictS3, target: Path) -> None:
        info = target.stat()
        size = info.st_size
        etag = f'"{info.st_size:x}-{info.st_mtime_ns:x}"'
        start, end, status = 0, size - 1, 200
        wanted = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if wanted and (if_range is None or if_range == etag):
            match = _RANGE.match(wanted.strip())
            if not match or int(match.group(1)) >= size:
                self.send_bytes(
                    416,
                    error_xml("InvalidRange", "The requested range is not satisfiable"),
                    "application/xml",
                    {"Content-Range": f"bytes */{size}"},
                )
                return
            start, status = int(match.group(1)), 206
            end = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", etag)
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        self._copy(target, start, end - start + 1, app.take_cut())

    def _copy(self, target: Path, start: int, count: int, cut: Optional[int]) -> None:
        limit = count if cut is None else min(cut, count)
        with open(target, "rb") as source:
            source.seek(start)
            while limit > 0:
                block = source.read(min(1 << 20, limit))
                if not block:
                    break
                self.wfile.write(block)
                limit -= len(block)
        if cut is not None:
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
