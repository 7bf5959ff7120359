"""An engine that drives Renderbus' official ``rayvision_sync`` package.

The real Renderbus cloud only accepts files through its native Raysync/Aspera
transmitters, which ``rayvision_sync`` wraps.  Farmhand does not depend on it
(licence, and its defects listed in renderbus-protocol.md §6.4 #22): it is
imported only when this engine is used, and a missing package is a clear
error naming the command that installs it.  The package runs its binaries
itself; Farmhand passes it plain arguments and never builds a shell string.
Its transmitter cannot be interrupted mid-file nor report byte progress, so
cancel is honoured between calls and progress is reported per call.
"""

from __future__ import annotations

import importlib
import json
import os
import tempfile
from typing import Any, Iterable, Optional

from farmhand.errors import FarmhandError
from farmhand.transfer.cancel import CancelToken, ensure_token
from farmhand.transfer.download import DownloadReport
from farmhand.transfer.engine import TransferEngine
from farmhand.transfer.errors import TransferError
from farmhand.transfer.plan import UploadPlan, plan_entries
from farmhand.transfer.progress import ProgressCallback, ProgressTracker
from farmhand.transfer.upload import UploadReport

INSTALL_HINT = "pip install rayvision_sync"


def load_rayvision_sync(module: str = "rayvision_sync") -> Any:
    """Import a ``rayvision_sync`` sub-module or explain how to get it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise FarmhandError(
            f"the Renderbus transfer engine needs the official rayvision_sync package ({exc}); "
            f"install it with `{INSTALL_HINT}` in the Python that runs Farmhand"
        ) from exc


class RaysyncEngine(TransferEngine):
    """Upload and download through ``rayvision_sync`` (Raysync/Aspera)."""

    name = "raysync"

    def __init__(self, api: Any, *, work_dir: Optional[str] = None) -> None:
        # ``api`` is a rayvision_api.RayvisionAPI: rayvision_sync asks it for
        # the user's storage ids and transfer lines.
        self._upload_module = load_rayvision_sync("rayvision_sync.upload")
        self._download_module = load_rayvision_sync("rayvision_sync.download")
        self.api = api
        self.work_dir = work_dir

    def upload(
        self,
        plan: UploadPlan,
        progress: Optional[ProgressCallback] = None,
        cancel: Optional[CancelToken] = None,
    ) -> UploadReport:
        token = ensure_token(cancel)
        sizes = [_size(item.local) for item in plan.items]
        tracker = ProgressTracker(progress, "uploading", files_total=len(sizes), bytes_total=sum(sizes))
        token.raise_if_cancelled()
        with tempfile.TemporaryDirectory(prefix="farmhand-raysync-", dir=self.work_dir) as folder:
            upload_json = os.path.join(folder, "upload.json")
            with open(upload_json, "w", encoding="utf-8") as stream:
                json.dump({"asset": plan_entries(plan)}, stream, ensure_ascii=False)
            uploader = self._upload_module.RayvisionUpload(self.api)
            _call("upload", uploader.upload_asset, upload_json)
        for size in sizes:
            tracker.add_bytes(size)
            tracker.file_done()
        tracker.finish()
        return UploadReport(
            files_total=len(sizes),
            files_uploaded=len(sizes),
            bytes_total=sum(sizes),
            bytes_sent=sum(sizes),
            linked=len(sizes),
        )

    def upload_job_files(self, task_id: int, paths: Iterable[str]) -> None:
        """The four job files go to the task's cfg folder (``/{task_id}/cfg/``)."""
        uploader = self._upload_module.RayvisionUpload(self.api)
        _call("job-file upload", uploader.upload_config, str(task_id), list(paths))

    def download(
        self,
        task_id: int,
        dest: os.PathLike,
        *,
        frames: Optional[Iterable[int]] = None,
        only_new: bool = True,
        progress: Optional[ProgressCallback] = None,
        cancel: Optional[CancelToken] = None,
    ) -> DownloadReport:
        if frames is not None:
            raise FarmhandError("rayvision_sync downloads whole tasks only; leave out the frame selection")
        ensure_token(cancel).raise_if_cancelled()
        local = os.fspath(dest)
        os.makedirs(local, exist_ok=True)
        downloader = self._download_module.RayvisionDownload(self.api)
        _call("download", downloader.download, task_id_list=[int(task_id)], local_path=local)
        paths = sorted(os.path.join(root, name) for root, _dirs, names in os.walk(local) for name in names)
        total = sum(os.path.getsize(p) for p in paths)
        tracker = ProgressTracker(progress, "downloading", files_total=len(paths), bytes_total=total)
        tracker.add_bytes(total)
        tracker.finish()
        return DownloadReport(
            files_total=len(paths),
            files_downloaded=len(paths),
            bytes_total=total,
            bytes_received=total,
            paths=paths,
        )


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError as exc:
        raise TransferError(f"cannot upload {path}: {exc.strerror}") from exc


def _call(what: str, function: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a rayvision_sync call, turning its exceptions into one readable error."""
    try:
        return function(*args, **kwargs)
    except FarmhandError:
        raise
    except Exception as exc:  # the vendor raises bare Exception subclasses of its own
        raise TransferError(f"rayvision_sync {what} failed: {type(exc).__name__}: {exc}") from exc
