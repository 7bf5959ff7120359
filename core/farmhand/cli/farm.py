"""``farmhand farm serve|credentials``: Farmhand's own local farm.

The farm is a separate distribution (``farmhand-farm``, the farm/ folder) with
server dependencies the core must not carry, so this command never imports it:
it runs ``python -m farmhand_farm`` in the same interpreter and passes the
arguments through.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from typing import Any, List

from farmhand.errors import FarmhandError

FARM_MODULE = "farmhand_farm"


class FarmNotInstalled(FarmhandError):
    """The farm service is not installed in this Python."""


def register(subparsers: Any) -> None:
    farm = subparsers.add_parser(
        "farm",
        help="run Farmhand's local render farm",
        description="Run Farmhand's local render farm (needs: pip install farmhand-farm).",
    )
    commands = farm.add_subparsers(dest="farm_command", metavar="COMMAND")
    commands.required = True

    serve = commands.add_parser("serve", help="run the farm in the foreground")
    serve.add_argument("--data", metavar="DIR", help="data directory")
    serve.add_argument("--host", help="address to bind (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, help="port (0 = pick a free one)")
    serve.add_argument("--access-id", help="access id (else $FARMHAND_FARM_ACCESS_ID, else the stored id)")
    serve.add_argument("--access-key", help="access key (else $FARMHAND_FARM_ACCESS_KEY, else stored)")
    serve.add_argument("--domain", help="the domain string clients sign (default: from the Host header)")
    serve.add_argument("--db-url", help="SQLAlchemy database URL (default: SQLite in the data directory)")
    serve.set_defaults(handler=run)

    credentials = commands.add_parser("credentials", help="print the farm's access id and key")
    credentials.add_argument("--data", metavar="DIR", help="data directory")
    credentials.set_defaults(handler=run)

    start = commands.add_parser(
        "start", help="start the background farm that submit uses (under $FARMHAND_HOME)"
    )
    start.set_defaults(handler=run_background)
    stop = commands.add_parser("stop", help="stop the background farm")
    stop.set_defaults(handler=run_background)


def farm_arguments(args: argparse.Namespace) -> List[str]:
    """The ``python -m farmhand_farm`` argument list equivalent to ``args``."""
    argv = [args.farm_command]
    for option in ("data", "host", "port", "access_id", "access_key", "domain", "db_url"):
        value = getattr(args, option, None)
        if value is not None:
            argv += ["--" + option.replace("_", "-"), str(value)]
    return argv


def run(args: argparse.Namespace) -> int:
    if importlib.util.find_spec(FARM_MODULE) is None:
        raise FarmNotInstalled(
            f"the local farm is not installed for {sys.executable}: pip install farmhand-farm (farm/)"
        )
    command = [sys.executable, "-m", FARM_MODULE, *farm_arguments(args)]
    sys.stdout.flush()
    if os.name == "posix":
        # Become the farm process: Ctrl-C and SIGTERM reach uvicorn directly and it shuts down cleanly.
        os.execv(sys.executable, command)
    return subprocess.call(command)


def run_background(args: argparse.Namespace) -> int:
    """Start or stop the farm that ``farmhand submit`` starts on its own when no farm is configured."""
    from farmhand import localfarm

    if args.farm_command == "start":
        farm = localfarm.ensure_running()
        print(f"farmhand farm running on {farm.url} (pid {farm.pid}, data {localfarm.farm_dir()})")
    elif localfarm.stop():
        print("farmhand farm stopped")
    else:
        print("no background farm was running")
    return 0
