"""The transfer engine interface and the HTTP engine for Farmhand's own farm.

The submission pipeline talks to a :class:`TransferEngine` only, so the same
pipeline can move files over HTTP to the local farm or through Renderbus'
native Raysync/Aspera tooling (:mod:`farmhand.transfer.raysync`).
"""

from __future__ import annotations

import abc
import os
from typing import Iterable, Optional

from farmhand.transfer.cancel import CancelToken
from farmhand.transfer.client import FarmConnection, StorageClient
from farmhand.transfer.download import Downloader, DownloadReport
from farmhand.transfer.hashcache import HashCache
from farmhand.transfer.plan import DEFAULT_CHUNK_SIZE, UploadPlan
from farmhand.transfer.progress import ProgressCallback
from farmhand.transfer.upload import ChunkObserver, Uploader, UploadReport


class TransferEngine(abc.ABC):
    """Moves a plan's files to the farm's input storage and outputs back."""

    name = "abstract"

    @abc.abstractmethod
    def upload(
        self,
        plan: UploadPlan,
        progress: Optional[ProgressCallback] = None,
        cancel: Optional[CancelToken] = None,
    ) -> UploadReport:
        """Place every plan item at its server path; skip what the farm has."""

    @abc.abstractmethod
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
        """Fetch a task's outputs (all, or given frames) into ``dest``."""


class HttpEngine(TransferEngine):
    """Farmhand's farm storage protocol over signed HTTP."""

    name = "http"

    def __init__(
        self,
        connection: FarmConnection,
        *,
        cache: Optional[HashCache] = None,
        workers: int = 4,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        chunk_observer: Optional[ChunkObserver] = None,
    ) -> None:
        self.client = StorageClient(connection)
        self.cache = cache if cache is not None else HashCache()
        self.workers = workers
        self.chunk_size = chunk_size
        self.chunk_observer = chunk_observer

    def upload(
        self,
        plan: UploadPlan,
        progress: Optional[ProgressCallback] = None,
        cancel: Optional[CancelToken] = None,
    ) -> UploadReport:
        uploader = Uploader(
            self.client,
            self.cache,
            workers=self.workers,
            chunk_size=self.chunk_size,
            chunk_observer=self.chunk_observer,
        )
        return uploader.upload(plan, progress, cancel)

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
        downloader = Downloader(self.client, self.cache, workers=self.workers)
        return downloader.download(
            task_id, dest, frames=frames, only_new=only_new, progress=progress, cancel=cancel
        )
