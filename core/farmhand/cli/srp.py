"""``farmhand srp``: SRP's own verbs, which have no scene to submit.

``listen`` runs the webhook receiver, ``submit`` creates a task from a
collection and input data, ``upload-asset`` sends a collection's asset zip.
The ordinary task commands (status, download) work with ``--profile``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from typing import Any

from farmhand.config import ConfigError, load_config
from farmhand.errors import FarmhandError


def register(subparsers: Any) -> None:
    srp = subparsers.add_parser("srp", help="SRP (Snark Render Platform): webhooks, tasks, assets")
    verbs = srp.add_subparsers(dest="srp_command", metavar="VERB")
    verbs.required = True

    listen = verbs.add_parser("listen", help="receive SRP's task callbacks and download finished outputs")
    _profile(listen)
    listen.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    listen.add_argument("--port", type=int, default=8765, help="port (0 picks a free one)")
    listen.add_argument("--download", metavar="DIR", help="where outputs go (default: under FARMHAND_HOME)")
    listen.set_defaults(handler=run_listen)

    submit = verbs.add_parser("submit", help="create a task from a collection and input data")
    _profile(submit)
    submit.add_argument("--input-data", metavar="FILE", help="JSON object of trait values")
    submit.add_argument("--collection", help="collection UUID (default: the profile's collection_id)")
    submit.add_argument("--json", action="store_true")
    submit.set_defaults(handler=run_submit)

    asset = verbs.add_parser("upload-asset", help="upload a collection's asset folder or zip")
    asset.add_argument("source", help="a folder (zipped with its contents at the root) or a .zip")
    asset.add_argument("--collection", required=True, help="collection UID")
    _profile(asset)
    asset.set_defaults(handler=run_upload_asset)


def _profile(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", help="an SRP profile from the config (default: the config's default)")


def _provider(name: Any):
    from farmhand.providers.srp import srp_provider

    profile = load_config().profile(name)
    if profile.farm != "srp":
        raise ConfigError(f"profile {profile.name} is a {profile.farm} profile, not srp")
    return profile, srp_provider(profile)


def run_listen(args: argparse.Namespace) -> int:
    from farmhand.providers.srp import default_download_dir
    from farmhand.providers.srp_webhooks import CallbackServer, WebhookReceiver

    profile, provider = _provider(args.profile)
    receiver = WebhookReceiver(
        provider.client,
        provider.state,
        download_base_url=provider.download_base_url,
        download_dir=args.download or str(profile.get("download_dir") or default_download_dir()),
        on_outcome=_print_outcome,
    )
    try:
        server = CallbackServer((args.host, args.port), receiver)
    except OSError as exc:
        raise FarmhandError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from exc
    print(f"farmhand srp listening on {server.url}", flush=True)
    try:
        server.serve_forever(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def _print_outcome(outcome: Any) -> None:
    if outcome.duplicate:
        print(f"task {outcome.task_id}: {outcome.status} (already processed)", flush=True)
    else:
        print(f"task {outcome.task_id}: {outcome.status}, {len(outcome.files)} file(s)", flush=True)
        for path in outcome.files:
            print(f"  {path}", flush=True)


def run_submit(args: argparse.Namespace) -> int:
    from farmhand.providers.srp import load_input_data

    _profile_, provider = _provider(args.profile)
    if args.input_data:
        provider.input_data = load_input_data(args.input_data)
    if args.collection:
        provider.collection_id = args.collection
    task_id = provider.create_task(None, None)
    if args.json:
        print(json.dumps({"task_id": task_id, "status": "submitted"}))
    else:
        print(f"task {task_id}: submitted")
    return 0


def run_upload_asset(args: argparse.Namespace) -> int:
    _profile_, provider = _provider(args.profile)
    if os.path.isdir(args.source):
        with tempfile.TemporaryDirectory(prefix="farmhand-asset-") as scratch:
            archive = zip_folder(args.source, os.path.join(scratch, "asset.zip"))
            asset_id = provider.upload_asset(args.collection, archive)
    elif os.path.isfile(args.source):
        asset_id = provider.upload_asset(args.collection, args.source)
    else:
        raise FarmhandError(f"{args.source}: no such folder or file")
    print(f"asset {asset_id} created for collection {args.collection}", file=sys.stderr)
    print(asset_id)
    return 0


def zip_folder(folder: str, target: str) -> str:
    """Zip a folder's contents with no extra top-level folder (SRP wants the resource root at the root)."""
    from farmhand.providers.archives import pack_project

    files = sorted(os.path.join(root, name) for root, _dirs, names in os.walk(folder) for name in names)
    if not files:
        raise FarmhandError(f"{folder} is empty")
    pack_project(files, files[0], target, root=folder)
    return target
