"""Moving a job's files to a farm and its rendered frames back.

Public surface: build an :class:`UploadPlan`, pick a :class:`TransferEngine`
(:class:`HttpEngine` for Farmhand's farm, :class:`RaysyncEngine` for the
Renderbus cloud), pass a progress callback and a :class:`CancelToken`.
"""

from __future__ import annotations

from farmhand.transfer.cancel import CancelToken
from farmhand.transfer.client import FarmConnection, StorageClient
from farmhand.transfer.download import DownloadReport
from farmhand.transfer.engine import HttpEngine, TransferEngine
from farmhand.transfer.errors import (
    FarmRefused,
    FarmUnreachable,
    FileChangedError,
    TransferCancelled,
    TransferError,
)
from farmhand.transfer.hashcache import HashCache
from farmhand.transfer.plan import UploadItem, UploadPlan
from farmhand.transfer.progress import ProgressEvent, ProgressTracker
from farmhand.transfer.raysync import RaysyncEngine
from farmhand.transfer.upload import UploadReport

__all__ = [
    "CancelToken",
    "DownloadReport",
    "FarmConnection",
    "FarmRefused",
    "FarmUnreachable",
    "FileChangedError",
    "HashCache",
    "HttpEngine",
    "ProgressEvent",
    "ProgressTracker",
    "RaysyncEngine",
    "StorageClient",
    "TransferCancelled",
    "TransferEngine",
    "TransferError",
    "UploadItem",
    "UploadPlan",
    "UploadReport",
]
