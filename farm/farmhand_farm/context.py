"""What every route module gets: the database, the data directory, signature checking, the envelope."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse

from farmhand_farm import auth
from farmhand_farm.db import Database, metadata
from farmhand_farm.envelope import SUCCESS, envelope
from farmhand_farm.settings import FarmSettings
from farmhand_farm.users import User


class FarmContext:
    """Shared by the route modules; see storage-protocol.md for the contract."""

    def __init__(self, settings: FarmSettings, database: Database) -> None:
        self.settings = settings
        self.db = database
        self.engine = database.engine
        self.metadata = metadata
        self.data_dir = Path(settings.data_dir)
        self.verifier = auth.Verifier(settings, database)

    def verify(self, request: Request, signed_params: Mapping[str, Any]) -> User:
        """The user who signed this request; raises ApiError 610/611 otherwise."""
        return self.verifier.verify(request, signed_params)

    def envelope(self, data: Any = None, code: int = SUCCESS, message: str = "success") -> JSONResponse:
        return envelope(data, code=code, message=message)

    # -- storage areas (renderbus-protocol.md §11.1, storage-protocol.md) -----------------
    def task_dir(self, task_id: int) -> Path:
        return self.data_dir / "tasks" / str(int(task_id))

    def task_cfg_dir(self, task_id: int) -> Path:
        """Config storage ``/{task_id}/cfg/``: where the four job files live."""
        return self.task_dir(task_id) / "cfg"

    def input_root(self, user_id: int) -> Path:
        return self.data_dir / "input" / str(int(user_id))

    def output_root(self, user_id: int) -> Path:
        return self.data_dir / "output" / str(int(user_id))
