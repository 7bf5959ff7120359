"""SRP (Snark Render Platform) as a farm provider: parametric collections, not scenes.

SRP renders a collection an operator registered beforehand, fed with
``input_data`` (trait values); it never receives the artist's scene.  So
``check`` says so, the scene is not uploaded, and a task is created and
started by one POST.  Results are announced by webhooks, which SRP does not
sign: each task registers its callback as an object carrying a random
per-task secret header (``X-Farm-Token``), plus an HMAC token in the URL for
services that drop custom headers (services.md §2.3).  The receiver is
:mod:`farmhand.providers.srp_webhooks`; polling ``status`` works without it.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
from typing import Any, Dict, Iterable, List, Optional
from urllib.parse import urlencode, urlsplit, urlunsplit

from farmhand.config import ConfigError, Profile, farmhand_home
from farmhand.errors import FarmhandError
from farmhand.jobfiles import JobFiles
from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.providers.archives import confined_path
from farmhand.providers.base import (
    DONE,
    FAILED,
    RENDERING,
    STOPPED,
    WAITING,
    Capabilities,
    FarmProvider,
    TaskState,
    UploadSummary,
)
from farmhand.providers.http_fetch import fetch_file
from farmhand.providers.srp_client import DEFAULT_URL, SrpClient
from farmhand.providers.state import ProviderState
from farmhand.transfer.cancel import CancelToken
from farmhand.transfer.progress import ProgressCallback
from farmhand.validate.tips import ERROR, INFO, Tip

CALLBACKS = "srp-callback"  # state kind: callback id -> {task_id, secret_sha256}
SERVER_KEY = "srp-server-key"
TOKEN_HEADER = "X-Farm-Token"
CHECK = "farm_capabilities"
# Only "done" is documented; the others are guesses kept apart so they are easy to correct.
TASK_STATES = {"done": DONE, "failed": FAILED, "error": FAILED, "cancelled": STOPPED, "canceled": STOPPED}
WAITING_STATES = ("", "new", "created", "pending", "queued")


def load_input_data(path: str) -> Dict[str, Any]:
    """A JSON object of trait values from ``path``, with a clear error naming the file."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise FarmhandError(f"cannot read SRP input data {path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise FarmhandError(f"SRP input data {path}: not JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(data, dict):
        raise FarmhandError(f"SRP input data {path}: expected a JSON object of trait values")
    return data


def hash_secret(secret: str) -> str:
    """What is stored of a callback secret: enough to check one, useless to forge one."""
    return hashlib.sha256(secret.encode()).hexdigest()


def server_key(state: ProviderState) -> bytes:
    """This installation's key for URL tokens, created on first use."""
    record = state.get(SERVER_KEY, "default")
    if record is None:
        state.put(SERVER_KEY, "default", {"key": secrets.token_hex(32)})
        record = state.get(SERVER_KEY, "default") or {}
    return bytes.fromhex(record["key"])


def url_token(state: ProviderState, callback_id: str) -> str:
    return hmac.new(server_key(state), callback_id.encode(), hashlib.sha256).hexdigest()


class SrpProvider(FarmProvider):
    capabilities = Capabilities(
        unit_selection=False,
        frame_selection=False,
        frame_downloads=False,
        restart=False,
        uses_scene=False,
        notes="parametric collections: a registered collection rendered from input_data; no scene upload",
    )

    def __init__(
        self,
        client: SrpClient,
        *,
        name: str = "SRP",
        collection_id: str = "",
        input_data: Optional[Dict[str, Any]] = None,
        callback_url: str = "",
        download_base_url: str = "",
        state: Optional[ProviderState] = None,
        poll_interval: tuple = (5.0, 60.0),
    ) -> None:
        self.client = client
        self.name = name
        self.collection_id = collection_id
        self.input_data = input_data
        self.callback_url = callback_url
        self.download_base_url = download_base_url
        self.state = state or ProviderState()
        self.poll_interval = poll_interval

    def check(self, scene: SceneDescription, options: JobOptions) -> List[Tip]:
        name = os.path.basename(scene.scene_file)
        tips = [
            Tip(
                INFO,
                f"SRP does not take arbitrary scenes: it renders collection {self.collection_id or '(none)'} "
                f"from input_data; {name} is not uploaded",
                CHECK,
            )
        ]
        if not self.collection_id:
            tips.append(Tip(ERROR, "SRP needs collection_id (the collection's UUID) in the profile", CHECK))
        if self.input_data is None:
            message = "SRP needs input_data: input_data or input_data_file in the profile, "
            tips.append(Tip(ERROR, message + "or farmhand srp submit --input-data FILE", CHECK))
        return tips

    # -- submission --------------------------------------------------------------
    def create_task(self, job: Optional[JobFiles], options: Optional[JobOptions] = None) -> str:
        """Creates the task, which SRP starts at once; returns SRP's task id."""
        if not self.collection_id or self.input_data is None:
            raise FarmhandError("SRP needs a collection_id and input_data; see farmhand srp submit --help")
        body: Dict[str, Any] = {"collection_id": self.collection_id, "input_data": self.input_data}
        callback_id = secrets.token_hex(12)
        if self.callback_url:
            secret = secrets.token_urlsafe(32)  # 256 bits
            self.state.put(CALLBACKS, callback_id, {"secret_sha256": hash_secret(secret), "task_id": ""})
            body["render_options"] = {"callback_urls": [self._callback(callback_id, secret)]}
        task_id = str(self.client.create_task(body)["id"])
        if self.callback_url:
            self.state.update(CALLBACKS, callback_id, task_id=task_id)
        return task_id

    def _callback(self, callback_id: str, secret: str) -> Dict[str, Any]:
        parts = urlsplit(self.callback_url)
        ours = urlencode({"job": callback_id, "t": url_token(self.state, callback_id)})
        query = f"{parts.query}&{ours}" if parts.query else ours
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
        return {"url": url, "method": "post", "headers": {TOKEN_HEADER: secret}}

    def upload(
        self, task_id: str, job: JobFiles, progress: Optional[ProgressCallback], cancel: CancelToken
    ) -> UploadSummary:
        return UploadSummary()  # the collection's assets live on SRP already (see upload_asset)

    def submit(self, task_id: str) -> None:
        """Nothing to do: SRP starts rendering when the task is created."""

    # -- following ---------------------------------------------------------------
    def status(self, task_id: str) -> TaskState:
        return task_state(self.client.get_task(task_id))

    def download(
        self,
        task_id: str,
        destination: str,
        *,
        frames: Optional[Iterable[int]] = None,
        progress: Optional[ProgressCallback] = None,
        cancel: Optional[CancelToken] = None,
    ) -> List[str]:
        if frames is not None:
            raise FarmhandError("SRP renders one result per task; frames cannot be chosen")
        task = self.client.get_task(task_id)
        return download_outputs(
            task.get("output_files") or [],
            self.download_base_url,
            destination,
            progress=progress,
            cancel=cancel,
        )

    def stop(self, task_id: str) -> None:
        raise FarmhandError("SRP's API has no way to stop a task")

    def upload_asset(self, collection_uid: str, zip_path: str) -> str:
        """The collection-asset flow: signed URL, PUT the zip, register it; returns the asset id."""
        target = self.client.asset_upload_url(collection_uid)
        self.client.put_asset(str(target["upload_url"]), str(target["content_type"]), zip_path)
        self.client.create_asset(str(target["id"]))
        return str(target["id"])


def task_state(task: Dict[str, Any]) -> TaskState:
    farm_status = str(task.get("status") or "")
    status = TASK_STATES.get(farm_status.lower())
    if status is None:
        status = WAITING if farm_status.lower() in WAITING_STATES else RENDERING
    return TaskState(
        str(task.get("id", "")),
        status,
        frames_total=1,
        frames_done=1 if status == DONE else 0,
        frames_failed=1 if status == FAILED else 0,
        farm_status=farm_status,
    )


def download_outputs(
    files: List[Any],
    base_url: str,
    destination: str,
    *,
    progress: Optional[ProgressCallback] = None,
    cancel: Optional[CancelToken] = None,
) -> List[str]:
    """Fetch bucket-relative ``output_files`` from ``base_url`` into ``destination`` (same relative paths)."""
    if files and not base_url:
        raise ConfigError("SRP output files need download_base_url in the profile (the bucket's public URL)")
    written = []
    for relative in files:
        target = confined_path(destination, str(relative))  # refuses ../ and absolute paths from the service
        url = f"{base_url.rstrip('/')}/{str(relative).lstrip('/')}"
        written.append(fetch_file(functools.partial(str, url), target, progress=progress, cancel=cancel))
    return written


def srp_provider(profile: Profile, *, poll: tuple = (5.0, 60.0)) -> SrpProvider:
    input_data = profile.get("input_data")
    if input_data is not None and not isinstance(input_data, dict):
        raise ConfigError(f"profile {profile.name}: input_data must be a mapping of trait values")
    if input_data is None and profile.get("input_data_file"):
        input_data = load_input_data(os.path.expanduser(str(profile.get("input_data_file"))))
    return SrpProvider(
        SrpClient(profile.secret("api_key"), str(profile.get("url", DEFAULT_URL))),
        name=profile.name,
        collection_id=str(profile.get("collection_id", "")),
        input_data=input_data,
        callback_url=str(profile.get("callback_url", "")),
        download_base_url=str(profile.get("download_base_url", "")),
        poll_interval=poll,
    )


def default_download_dir() -> str:
    return str(farmhand_home() / "srp" / "outputs")
