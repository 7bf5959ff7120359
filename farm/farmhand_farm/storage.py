"""The farm's storage routes (notes/storage-protocol.md): check, chunked blob upload, link, outputs.

Views stay thin: they verify the signature, validate parameters and hand the
disk work to :mod:`blobstore`, :mod:`storage_paths` and :mod:`output_files`.
Blocking work (fsync, whole-blob hashing, directory walks) runs in the
thread pool so one large upload never stalls the event loop; chunk bodies are
streamed to disk, so memory does not grow with chunk or file size.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from farmhand_farm.blobstore import BlobStore, check_digest, check_size, chunk_limits, refuse
from farmhand_farm.envelope import NOT_FOUND, PARAMETER_INVALID, ApiError, error_envelope
from farmhand_farm.output_files import list_task_outputs, locate, task_output_roots
from farmhand_farm.storage_paths import input_target, output_file

PREFIX = "/api/farmhand"
MAX_BATCH = 10_000
# An upload nobody resumed for this long is abandoned; its partial is dropped at the next start.
PARTIAL_MAX_AGE = 7 * 24 * 3600
SEND_BLOCK = 1024 * 1024


def routes(ctx) -> List[BaseRoute]:
    return StorageRoutes(ctx).routes()


class StorageRoutes:
    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.store = BlobStore(ctx.data_dir, ctx.db)
        self.store.sweep(PARTIAL_MAX_AGE)
        # One upload at a time per blob: the offset check and the append must not interleave.
        self._locks: Dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def routes(self) -> List[BaseRoute]:
        return [
            Route(f"{PREFIX}/storage/check", _answering(self.check), methods=["POST"]),
            Route(f"{PREFIX}/blob/{{digest}}", _answering(self.put_blob), methods=["PUT"]),
            Route(f"{PREFIX}/storage/link", _answering(self.link), methods=["POST"]),
            Route(f"{PREFIX}/output/list", _answering(self.output_list), methods=["POST"]),
            Route(
                f"{PREFIX}/output/{{task_id:int}}/{{path:path}}", _answering(self.get_output), methods=["GET"]
            ),
        ]

    async def check(self, request: Request) -> Response:
        body, _user = await self._json(request)
        wanted = [
            (check_digest(b.get("hash")), check_size(b.get("size"))) for b in _list_field(body, "blobs")
        ]
        # One thread-pool hop for the whole batch: a 10,000-file re-submission asks in batches of 500.
        states = await run_in_threadpool(lambda: [self.store.state(d, n) for d, n in wanted])
        answer = [
            {"hash": d, "state": st.state, "received": st.received} for (d, _n), st in zip(wanted, states)
        ]
        return self.ctx.envelope({"blobs": answer})

    async def put_blob(self, request: Request) -> Response:
        params = dict(request.query_params)
        await run_in_threadpool(self.ctx.verify, request, params)
        digest = check_digest(request.path_params["digest"])
        size = check_size(params.get("size"))
        offset = check_size(params.get("offset"), "offset")
        chunk_digest = check_digest(params.get("chunkSha256"))
        lock = self._locks[digest]
        if lock.locked():
            # Another client is sending this very blob: tell this one to wait and re-check
            # instead of racing it chunk for chunk (each losing chunk would cross the wire in vain).
            state = await run_in_threadpool(self.store.state, digest, size)
            raise refuse("another upload of this blob is in progress", "busy", state.received)
        try:
            async with lock:
                received, complete = await self._append(request, digest, size, offset, chunk_digest)
        finally:
            # Nobody ever queues on these locks (a second uploader is told "busy"), so drop it.
            self._locks.pop(digest, None)
        return self.ctx.envelope({"received": received, "complete": complete})

    async def _append(self, request: Request, digest: str, size: int, offset: int, chunk_digest: str):
        declared, most = chunk_limits(size, offset, request.headers.get("content-length"))
        stream = await run_in_threadpool(self.store.open_for_chunk, digest, size, offset, max(declared, 0))
        try:
            length = await _receive_chunk(request, stream, chunk_digest, most)
            await run_in_threadpool(_fsync, stream)
        except BaseException:
            stream.truncate(offset)
            raise
        finally:
            stream.close()
        received = offset + length
        complete = await run_in_threadpool(self.store.commit_chunk, digest, size, received, offset)
        return received, complete

    async def link(self, request: Request) -> Response:
        body, user = await self._json(request)
        files = _list_field(body, "files")
        root = self.ctx.input_root(user.user_id)
        linked = await run_in_threadpool(self._link_all, root, files)
        return self.ctx.envelope({"linked": linked})

    def _link_all(self, root: Path, files: List[Dict[str, Any]]) -> int:
        """Validate every entry first (one bad path refuses the batch), then place them."""
        root.mkdir(parents=True, exist_ok=True)
        resolved_root = root.resolve()
        placements = []
        for entry in files:
            target = input_target(resolved_root, entry.get("server"))
            digest = check_digest(entry.get("hash"))
            size = check_size(entry.get("size"))
            blob = self.store.blob_path(digest)
            try:
                stored = blob.stat()
            except FileNotFoundError:
                stored = None
            if stored is None or stored.st_size != size:
                raise ApiError(PARAMETER_INVALID, f"blob {digest} for {entry.get('server')} is not stored")
            placements.append((blob, stored, target))
        for blob, stored, target in placements:
            _place(blob, stored, target)
        return len(placements)

    async def output_list(self, request: Request) -> Response:
        body, user = await self._json(request)
        roots = await run_in_threadpool(self._task_roots, user.user_id, _task_id(body.get("taskId")))
        files = await run_in_threadpool(list_task_outputs, roots, self.ctx.db)
        return self.ctx.envelope({"files": files})

    async def get_output(self, request: Request) -> Response:
        user = await run_in_threadpool(self.ctx.verify, request, dict(request.query_params))
        task_id, relative = request.path_params["task_id"], request.path_params["path"]
        roots = await run_in_threadpool(self._task_roots, user.user_id, task_id)
        try:
            root, inside = locate(roots, relative)
        except LookupError:
            raise ApiError(NOT_FOUND, f"task {task_id} has no outputs") from None
        path = output_file(root.resolve(), inside)
        if not path.is_file():
            raise ApiError(NOT_FOUND, f"task {task_id} has no output {relative!r}")
        size = path.stat().st_size
        header = request.headers.get("range")
        start, end = _byte_range(header, size) if header else (0, size - 1)
        headers = {"Accept-Ranges": "bytes", "Content-Length": str(end - start + 1)}
        status = 200
        if header:
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        return StreamingResponse(
            _file_blocks(path, start, end + 1 - start),
            status_code=status,
            headers=headers,
            media_type="application/octet-stream",
        )

    def _task_roots(self, user_id: int, task_id: int):
        return task_output_roots(self.ctx.output_root(user_id), task_id, user_id, self.ctx.db)

    async def _json(self, request: Request) -> Tuple[Dict[str, Any], Any]:
        try:
            body = await request.json()
        except ValueError:
            raise ApiError(PARAMETER_INVALID, "request body is not JSON") from None
        if not isinstance(body, dict):
            raise ApiError(PARAMETER_INVALID, "request body must be a JSON object")
        # Verification writes the nonce to the database: keep it off the event loop.
        return body, await run_in_threadpool(self.ctx.verify, request, body)


def _answering(view):
    """Turn ApiError (and a client hanging up) into the envelope instead of a 500."""

    async def endpoint(request: Request) -> Response:
        try:
            return await view(request)
        except ApiError as error:
            return error_envelope(error)
        except ClientDisconnect:
            return Response(status_code=499)

    return endpoint


async def _receive_chunk(request: Request, stream, chunk_digest: str, most: int) -> int:
    hasher = hashlib.sha256()
    length = 0
    async for piece in request.stream():
        length += len(piece)
        if length > most:
            raise refuse(f"chunk is longer than the {most} bytes that may follow its offset", "size")
        stream.write(piece)
        hasher.update(piece)
    if hasher.hexdigest() != chunk_digest:
        raise refuse("chunk content does not match chunkSha256; chunk discarded", "chunk-hash")
    return length


def _fsync(stream) -> None:
    stream.flush()
    os.fsync(stream.fileno())


def _place(blob: Path, stored: os.stat_result, target: Path) -> None:
    """Hard-link (or copy) the blob to the target atomically; a target that is the blob already stays."""
    try:
        present = target.stat()
        if (present.st_ino, present.st_dev) == (stored.st_ino, stored.st_dev):
            return
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=".link-", dir=target.parent)
    os.close(descriptor)
    os.unlink(temporary)
    try:
        os.link(blob, temporary)
    except OSError:
        shutil.copyfile(blob, temporary)
    os.replace(temporary, target)


def _list_field(body: Dict[str, Any], name: str) -> List[Dict[str, Any]]:
    value = body.get(name)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ApiError(PARAMETER_INVALID, f"'{name}' must be a list of objects")
    if len(value) > MAX_BATCH:
        raise ApiError(PARAMETER_INVALID, f"at most {MAX_BATCH} '{name}' per request")
    return value


def _task_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise ApiError(PARAMETER_INVALID, f"taskId must be a task number, got {value!r}")
    return int(value)


def _byte_range(header: str, size: int) -> Tuple[int, int]:
    """(first, last) byte of a single ``Range: bytes=N-`` or ``bytes=N-M``."""
    unit, _, spec = header.partition("=")
    first, _, last = spec.strip().partition("-")
    if unit.strip() != "bytes" or "," in spec or not first.isdigit() or not (last == "" or last.isdigit()):
        raise ApiError(PARAMETER_INVALID, f"unsupported Range {header!r}: use bytes=N- or bytes=N-M")
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if start >= size or end < start:
        raise ApiError(PARAMETER_INVALID, f"Range {header!r} is outside the file's {size} bytes")
    return start, end


def _file_blocks(path: Path, start: int, length: int) -> Iterator[bytes]:
    with open(path, "rb") as stream:
        stream.seek(start)
        while length > 0:
            block = stream.read(min(SEND_BLOCK, length))
            if not block:
                return
            length -= len(block)
            yield block
