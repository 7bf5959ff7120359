"""The ``farmhand`` command.

Each sub-command lives in its own module with a ``register(subparsers)``
function; this module only assembles them, so adding a command never means
editing another command's code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import List, Optional

from farmhand import __version__
from farmhand.errors import FarmhandError

# Modules under farmhand.cli that contribute sub-commands, in help order.
COMMAND_MODULES = ("analysis", "submit", "farm", "srp")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="farmhand", description="Submit scenes to render farms.")
    parser.add_argument("--version", action="version", version=f"farmhand {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(f"farmhand.cli.{name}").register(subparsers)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except FarmhandError as exc:
        print(f"farmhand: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("farmhand: cancelled", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``farmhand tasks | head``): nothing left to say, and nothing to flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
