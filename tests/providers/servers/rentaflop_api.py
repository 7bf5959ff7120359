"""Rentaflop's rendering API (seed 003) on loopback, backed by the strict S3 stand-in.

/upload answers a SigV4 presigned POST for the uploads bucket (with a
``content-length-range`` like an issuer that caps sizes); /confirm-upload needs
the object to be there; /render opens the uploaded ``.blend`` (or the project
zip, as the worker does: services.md §1.4) with Farmhand's offline Blender
reader, so the job's frame count and the textures it finds come from the real
file; /progress advances with the clock, one frame per ``frame_seconds`` after
rendering starts; /download presigns a GET of a zip of the frames done.

Errors answer HTTP 200 with a body ``status`` other than 200 and a ``message``
(the error shape is undocumented: a guess, see the report).
"""

from __future__ import annotations

import io
import os
import re
import secrets
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import urlsplit

from .http_base import Handler, LoopbackServer
from .s3 import StrictS3

UPLOADS, OUTPUTS = "rentaflop-render-uploads", "rentaflop-render-output"
# Full versions, as the portal lists them (the doc's example is "3.4.1"); the exact list is a guess.
BLENDER_VERSIONS = ("2.93.18", "3.4.1", "3.6.5", "4.2.3", "4.5.3")


@dataclass
class FakeJob:
    job_id: str
    blend: str
    started: float
    total_frames: int = 0
    first_frame: int = 1
    output_name: str = "####.png"
    archived_frames: int = -1
    failed: str = ""
    textures_found: List[str] = field(default_factory=list)
    textures_missing: List[str] = field(default_factory=list)


class RentaflopFake(LoopbackServer):
    def __init__(
        self, s3: StrictS3, api_key: str, *, frame_seconds: float = 0.002, max_size: int = 10 * 1024**3
    ):
        super().__init__(_RentaflopHandler)
        self.s3 = s3
        self.api_key = api_key
        self.frame_seconds = frame_seconds
        self.max_size = max_size
        self.upload_expires = 3600.0
        self.uploads: Dict[str, str] = {}  # upload_id -> S3 key
        self.jobs: Dict[str, FakeJob] = {}
        self.calls: List[str] = []
        self.clock: Callable[[], float] = time.monotonic  # a test may drive time by hand
        self._lock = threading.Lock()

    # -- the job model -------------------------------------------------------------
    def start_job(self, key: str) -> FakeJob:
        job = FakeJob(job_id=secrets.token_hex(8), blend="", started=self.clock())
        source = self.s3.object_path(UPLOADS, key)
        workdir = Path(tempfile.mkdtemp(prefix="job-", dir=self.s3.root))
        try:
            blend = _unpack_input(source, workdir)
            job.blend = str(blend.relative_to(workdir))
            _inspect(job, blend)
        except Exception as exc:  # a job on a file Blender cannot open fails, like the real worker's
            job.failed = str(exc)
        self.jobs[job.job_id] = job
        return job

    def progress(self, job: FakeJob) -> Dict[str, Any]:
        if job.failed:
            return {
                "status": 200,
                "frames_completed": 0,
                "total_frames": job.total_frames,
                "job_status": "Failed",
            }
        done = min(job.total_frames, int((self.clock() - job.started) / self.frame_seconds))
        state = "Finished" if done >= job.total_frames else "In progress"
        return {
            "status": 200,
            "frames_completed": done,
            "total_frames": job.total_frames,
            "job_status": state,
        }

    def output_url(self, job: FakeJob) -> str:
        """A zip of the frames done so far, stored in the outputs bucket."""
        done = self.progress(job)["frames_completed"]
        key = f"{job.job_id}/output.zip"
        if job.archived_frames != done:  # the archive changes only when frames are added
            self.s3.put_object(OUTPUTS, key, _frames_zip(job, done))
            job.archived_frames = done
        return self.s3.presign_get(OUTPUTS, key)


def _frames_zip(job: FakeJob, done: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for frame in range(job.first_frame, job.first_frame + done):
            archive.writestr(f"{job.job_id}/{_frame_name(job.output_name, frame)}", _png(frame))
    return buffer.getvalue()


def _unpack_input(source: Path, workdir: Path) -> Path:
    """The .blend to render: the file itself, or in a zip the one named like the zip, else the shallowest."""
    if not zipfile.is_zipfile(source):
        target = workdir / "render_file.blend"
        target.write_bytes(source.read_bytes())
        return target
    with zipfile.ZipFile(source) as archive:
        archive.extractall(workdir)  # test data only; the client side is the one that must be careful
    blends = sorted(workdir.rglob("*.blend"), key=lambda p: (len(p.relative_to(workdir).parts), str(p)))
    if not blends:
        raise ValueError("the project archive holds no .blend file")
    named = [p for p in blends if p.stem == source.stem]
    return named[0] if named else blends[0]


def _inspect(job: FakeJob, blend: Path) -> None:
    from farmhand.scenes import read_scene

    scene = read_scene(str(blend))
    active = scene.settings.get("active_scene")
    units = [u for u in scene.units if u.settings.get("scene") == active] or scene.units
    settings = units[0].settings
    job.first_frame = int(settings["frame_start"])
    job.output_name = os.path.basename(units[0].output) or job.output_name
    step = max(int(settings.get("frame_step", 1)), 1)
    job.total_frames = len(range(job.first_frame, int(settings["frame_end"]) + 1, step))
    for dependency in scene.dependencies:
        job.textures_found.extend(dependency.files)
        job.textures_missing.extend(dependency.missing)


def _frame_name(pattern: str, frame: int) -> str:
    """Blender's rule for an output path: the last run of '#' becomes the zero-padded frame."""
    runs = list(re.finditer(r"#+", pattern))
    if not runs:
        return f"{pattern}{frame:04d}"
    last = runs[-1]
    return f"{pattern[: last.start()]}{frame:0{len(last.group())}d}{pattern[last.end() :]}"


def _png(frame: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    # Noise, like a real render's grain: incompressible, so the archive has a realistic size.
    Image.frombytes("RGB", (64, 64), secrets.token_bytes(64 * 64 * 3)).save(buffer, "PNG")
    return buffer.getvalue()


class _RentaflopHandler(Handler):
    def do_GET(self) -> None:
        if urlsplit(self.path).path == "/v1/health":
            self.send_json(200, {"status": 200})
        else:
            self.send_json(404, {"message": "Not Found"})

    def do_POST(self) -> None:
        app: RentaflopFake = self.app
        endpoint = urlsplit(self.path).path.removeprefix("/v1/")
        app.calls.append(endpoint)
        body, _raw = self.read_json()
        if body is None:
            return self.send_json(400, {"status": 400, "message": "request body must be JSON"})
        if not secrets.compare_digest(str(body.get("api_key", "")).encode(), app.api_key.encode()):
            return self.send_json(200, {"status": 401, "message": "invalid api key"})
        action = getattr(self, f"_{endpoint.replace('-', '_')}", None)
        if action is None:
            return self.send_json(404, {"status": 404, "message": "Not Found"})
        answer = action(app, body)
        self.send_json(200, answer)

    def _upload(self, app: RentaflopFake, body: Dict[str, Any]) -> Dict[str, Any]:
        filename = str(body.get("filename") or "")
        if not filename or "/" in filename:
            return {"status": 400, "message": "filename must be a plain file name"}
        key = f"{secrets.token_hex(8)}/{filename}"
        post = app.s3.presign_post(
            UPLOADS,
            key,
            expires_in=app.upload_expires,
            conditions=[["content-length-range", 1, app.max_size]],
        )
        return {"status": 200, "filename": key, **post}

    def _confirm_upload(self, app: RentaflopFake, body: Dict[str, Any]) -> Dict[str, Any]:
        key = str(body.get("filename") or "")
        if not key or not app.s3.object_path(UPLOADS, key).is_file():
            return {"status": 404, "message": f"no uploaded file {key!r}"}
        upload_id = secrets.token_hex(8)
        app.uploads[upload_id] = key
        return {"status": 200, "upload_id": upload_id}

    def _render(self, app: RentaflopFake, body: Dict[str, Any]) -> Dict[str, Any]:
        key = app.uploads.get(str(body.get("upload_id")))
        if key is None:
            return {"status": 404, "message": "unknown upload_id"}
        version = str(body.get("blender_version") or "")
        if version not in BLENDER_VERSIONS:
            return {"status": 400, "message": f"blender_version {version!r} is not available"}
        return {"status": 200, "job_id": app.start_job(key).job_id}

    def _job(self, app: RentaflopFake, body: Dict[str, Any]) -> Optional[FakeJob]:
        return app.jobs.get(str(body.get("job_id")))

    def _progress(self, app: RentaflopFake, body: Dict[str, Any]) -> Dict[str, Any]:
        job = self._job(app, body)
        return app.progress(job) if job else {"status": 404, "message": "unknown job_id"}

    def _download(self, app: RentaflopFake, body: Dict[str, Any]) -> Dict[str, Any]:
        job = self._job(app, body)
        return (
            {"status": 200, "url": app.output_url(job)}
            if job
            else {"status": 404, "message": "unknown job_id"}
        )
