"""``farmhand farm serve|credentials|start|stop``: Farmhand's own local farm.

The farm is a separate distribution (``farmhand-farm``, the farm/ folder) with
server dependencies the core must not carry, so this command never imports it:
it becomes ``python -m farmhand_farm`` in the same interpreter and hands over
its arguments unchanged (the farm's own parser owns the options and ``--help``).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from typing import Any

from farmhand.errors import FarmhandError

FARM_MODULE = "farmhand_farm"

DESCRIPTION = """Run Farmhand's local render farm (needs: pip install farmhand-farm).

commands:
  serve [--data DIR] [--host 127.0.0.1] [--port N] [--access-id ID --access-key KEY]
        run the farm in the foreground; prints "farmhand farm listening on http://HOST:PORT"
  credentials [--data DIR]
        print the farm's access id and key
  start | stop
        start or stop the background farm that "farmhand submit" uses with no config
        (data under $FARMHAND_HOME/farm)

"farmhand farm serve --help" lists every option."""


class FarmNotInstalled(FarmhandError):
    """The farm service is not installed in this Python."""


def register(subparsers: Any) -> None:
    farm = subparsers.add_parser(
        "farm",
        help="run Farmhand's local render farm",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    farm.add_argument(
        "farm_args", nargs=argparse.REMAINDER, metavar="COMMAND ...", help="serve, credentials, start, stop"
    )
    farm.set_defaults(handler=run)


# What "farmhand farm" accepts first: the farm's own commands, the background ones handled here, and help.
FARM_COMMANDS = ("serve", "credentials", "start", "stop")


def run(args: argparse.Namespace) -> int:
    if args.farm_args[:1] in (["start"], ["stop"]):
        return run_background(args.farm_args[0])
    if not args.farm_args:
        raise FarmhandError(f"farmhand farm needs a command: {', '.join(FARM_COMMANDS)}")
    if args.farm_args[0] not in FARM_COMMANDS + ("-h", "--help"):
        raise FarmhandError(
            f"unknown farm command {args.farm_args[0]!r}; expected one of: {', '.join(FARM_COMMANDS)}"
        )
    if importlib.util.find_spec(FARM_MODULE) is None:
        raise FarmNotInstalled(
            f"the local farm is not installed for {sys.executable}: pip install farmhand-farm (farm/)"
        )
    command = [sys.executable, "-m", FARM_MODULE, *args.farm_args]
    sys.stdout.flush()
    if os.name == "posix":
        # Become the farm process: Ctrl-C and SIGTERM reach uvicorn directly and it shuts down cleanly.
        os.execv(sys.executable, command)
    return subprocess.call(command)


def run_background(command: str) -> int:
    """Start or stop the farm that ``farmhand submit`` starts on its own when no farm is configured."""
    from farmhand import localfarm

    if command == "start":
        farm = localfarm.ensure_running()
        print(f"farmhand farm running on {farm.url} (pid {farm.pid}, data {localfarm.farm_dir()})")
    elif localfarm.stop():
        print("farmhand farm stopped")
    else:
        print("no background farm was running")
    return 0
