"""Everything that configures one farm process, gathered in one value.

Settings are plain data so tests can build an app in-process with exactly the
knobs they need, and the command line only has to fill the same fields.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Optional

from farmhand_farm.faults import FaultPolicy

DEFAULT_HOST = "127.0.0.1"
# Accepted clock skew of UTCTimestamp, seconds (renderbus-protocol.md §3.3: our choice).
DEFAULT_SIGNATURE_WINDOW = 300


def default_data_dir() -> Path:
    """Where the farm keeps its database and files when --data is not given."""
    env = os.environ.get("FARMHAND_FARM_DATA")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "farmhand" / "farm"


@dataclass
class FarmSettings:
    data_dir: Path
    # access id -> access key; every key here can sign requests.
    credentials: Dict[str, str] = field(default_factory=dict)
    # SQLAlchemy URL; default SQLite (WAL) at <data_dir>/farm.db.
    db_url: Optional[str] = None
    # The domain string clients sign (§3.4 step 5). None: rebuilt from the Host header.
    domain: Optional[str] = None
    signature_window: int = DEFAULT_SIGNATURE_WINDOW
    user_name: str = "farmhand"
    platform: int = 2
    faults: FaultPolicy = field(default_factory=FaultPolicy)
    # Used only in answers that tell a client where the farm is (getConfig lines).
    public_host: str = DEFAULT_HOST
    public_port: int = 0
    # Concurrent renders of the worker pool (farmhand_farm.worker); 0: the farm only stores and queues.
    workers: int = 0

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'farm.db'}"
