"""``python -m farmhand_farm serve|credentials``: the farm's own command line.

The core's ``farmhand farm ...`` runs this module in a child interpreter, so
the core never imports the farm.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from farmhand.errors import FarmhandError
from farmhand_farm import credentials
from farmhand_farm.faults import FaultSpecError
from farmhand_farm.settings import DEFAULT_HOST, DEFAULT_SIGNATURE_WINDOW, default_data_dir


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="farmhand farm", description="Farmhand's local render farm.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    serve = commands.add_parser("serve", help="run the farm in the foreground")
    _data_option(serve)
    serve.add_argument(
        "--host", default=DEFAULT_HOST, help="address to bind (default %(default)s: this machine only)"
    )
    serve.add_argument(
        "--port", type=int, default=8470, help="port (0 = pick a free one; default %(default)s)"
    )
    serve.add_argument("--access-id", help=f"access id (else ${credentials.ENV_ID}, else the stored one)")
    serve.add_argument("--access-key", help=f"access key (else ${credentials.ENV_KEY}, else the stored one)")
    serve.add_argument(
        "--domain", help="the domain string clients sign (default: taken from the Host header)"
    )
    serve.add_argument("--db-url", help="SQLAlchemy database URL (default: SQLite in the data directory)")
    serve.add_argument(
        "--signature-window",
        type=int,
        default=DEFAULT_SIGNATURE_WINDOW,
        help="accepted clock skew in seconds (default %(default)s)",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help="concurrent renders (0: store and queue only; default $FARMHAND_FARM_WORKERS, else cores / 2)",
    )
    serve.add_argument(
        "--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.set_defaults(handler=_serve)

    show = commands.add_parser("credentials", help="print the farm's access id and key")
    _data_option(show)
    show.set_defaults(handler=_credentials)
    return parser


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=None, help=f"data directory (default: {default_data_dir()})"
    )


def _serve(args: argparse.Namespace) -> int:
    from farmhand_farm.serve import build_settings, serve

    data_dir = args.data or default_data_dir()
    settings = build_settings(
        data_dir,
        args.host,
        args.port,
        args.access_id,
        args.access_key,
        domain=args.domain,
        db_url=args.db_url,
        window=args.signature_window,
        workers=args.workers,
    )
    serve(settings, args.host, args.port, log_level=args.log_level)
    return 0


def _credentials(args: argparse.Namespace) -> int:
    data_dir = args.data or default_data_dir()
    access_id, access_key = credentials.load_or_create(data_dir)
    print(f"access id:  {access_id}")
    print(f"access key: {access_key}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except (FarmhandError, FaultSpecError) as exc:
        print(f"farmhand farm: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"farmhand farm: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
