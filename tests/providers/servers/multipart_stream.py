"""A streaming multipart/form-data reader: fields in memory, the file part spooled to disk.

A 2 GiB upload must not be held in memory on the server side either, so the
body is read in chunks and the file part is written out as it arrives.  Like
S3, form fields that come after the file part are ignored (AWS: "the file
must be the last field in the form"), which is what makes "file last" matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import BinaryIO, List, Optional, Tuple

CHUNK = 1024 * 1024
MAX_HEADER = 16 * 1024
MAX_FIELD = 1024 * 1024


class MalformedForm(ValueError):
    pass


@dataclass
class UploadedForm:
    fields: List[Tuple[str, str]] = field(default_factory=list)
    filename: Optional[str] = None
    file_size: int = 0
    ignored_after_file: List[str] = field(default_factory=list)


class _Body:
    def __init__(self, stream: BinaryIO, length: int) -> None:
        self.stream = stream
        self.left = length
        self.buffer = b""

    def fill(self) -> bool:
        if self.left <= 0:
            return False
        data = self.stream.read(min(CHUNK, self.left))
        if not data:
            raise MalformedForm("the body ended before its Content-Length")
        self.left -= len(data)
        self.buffer += data
        return True

    def take(self, count: int) -> bytes:
        while len(self.buffer) < count:
            if not self.fill():
                raise MalformedForm("the body ended inside the form")
        out, self.buffer = self.buffer[:count], self.buffer[count:]
        return out

    def read_until(self, delimiter: bytes, limit: int) -> bytes:
        while True:
            found = self.buffer.find(delimiter)
            if found >= 0:
                out, self.buffer = self.buffer[:found], self.buffer[found + len(delimiter) :]
                return out
            if len(self.buffer) > limit:
                raise MalformedForm("a form part is too large")
            if not self.fill():
                raise MalformedForm("a form delimiter is missing")

    def stream_until(self, delimiter: bytes, sink: BinaryIO) -> int:
        total = 0
        keep = len(delimiter) - 1
        while True:
            found = self.buffer.find(delimiter)
            if found >= 0:
                sink.write(self.buffer[:found])
                self.buffer = self.buffer[found + len(delimiter) :]
                return total + found
            if len(self.buffer) > keep:
                sink.write(self.buffer[:-keep])
                total += len(self.buffer) - keep
                self.buffer = self.buffer[-keep:]
            if not self.fill():
                raise MalformedForm("the file part has no closing delimiter")

    def drain(self) -> None:
        while self.fill():
            self.buffer = b""


def boundary_of(content_type: str) -> str:
    match = re.search(r'boundary="?([^";]+)"?', content_type or "")
    if not content_type.startswith("multipart/form-data") or not match:
        raise MalformedForm("the request is not multipart/form-data with a boundary")
    return match.group(1)


def read_form(stream: BinaryIO, length: int, content_type: str, sink: BinaryIO) -> UploadedForm:
    """Parse the whole body; the (first) file part's bytes go to ``sink``."""
    boundary = boundary_of(content_type).encode()
    body = _Body(stream, length)
    body.read_until(b"--" + boundary, MAX_HEADER)
    form = UploadedForm()
    while body.take(2) == b"\r\n":
        name, filename = _disposition(body.read_until(b"\r\n\r\n", MAX_HEADER))
        delimiter = b"\r\n--" + boundary
        if filename is not None and form.filename is None:
            form.filename = filename
            form.file_size = body.stream_until(delimiter, sink)
        elif form.filename is not None:
            body.read_until(delimiter, MAX_FIELD)
            form.ignored_after_file.append(name)
        else:
            form.fields.append((name, body.read_until(delimiter, MAX_FIELD).decode("utf-8")))
    body.drain()
    return form


def _disposition(raw: bytes) -> Tuple[str, Optional[str]]:
    headers = raw.decode("utf-8", "replace")
    disposition = next(
        (line for line in headers.split("\r\n") if line.lower().startswith("content-disposition:")), ""
    )
    name = re.search(r'\bname="([^"]*)"', disposition)
    filename = re.search(r'\bfilename="([^"]*)"', disposition)
    if not name:
        raise MalformedForm("a form part has no name")
    return name.group(1), filename.group(1) if filename else None
