"""``farmhand submit`` and the task commands: tasks, status, download, stop, start, restart.

All of them go through a farm provider chosen by profile; with no config the
profile is the local farm, started in the background when needed.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any, Dict

from farmhand.cli.arguments import positive_int
from farmhand.cli.progress import TerminalProgress
from farmhand.errors import FarmhandError
from farmhand.options import JobOptions
from farmhand.providers import provider_for
from farmhand.providers.base import FAILED
from farmhand.scenes import read_scene
from farmhand.submit import Submission, SubmissionEvent, ValidationFailed
from farmhand.transfer.cancel import CancelToken

TASK_HELP = "task id (as printed by submit and tasks)"


def register(subparsers: Any) -> None:
    submit = subparsers.add_parser(
        "submit", help="validate, upload and submit a scene; optionally wait and download"
    )
    submit.add_argument(
        "scene", help="scene file (.ma, .mb, .hip, .max, .blend) or a scene description .json"
    )
    _profile(submit)
    submit.add_argument("--frames", help="Fox frame spec overriding the scene's range, e.g. 1-10[1]")
    submit.add_argument("--project", default="", help="farm project name")
    submit.add_argument("--name", default="", help="job name")
    submit.add_argument("--priority", type=int, default=50, help="50 normal, 60 high (Renderbus)")
    submit.add_argument(
        "--frames-per-task", type=positive_int, default=1, metavar="N", help="frames each render node renders"
    )
    submit.add_argument("--wait", action="store_true", help="follow the task until it ends")
    submit.add_argument(
        "--download", metavar="DIR", help="download frames into DIR as they finish (implies --wait)"
    )
    submit.add_argument("--job-dir", metavar="DIR", help="also keep the four job files in DIR")
    submit.add_argument("--json", action="store_true", help="print one JSON object with the result")
    submit.set_defaults(handler=run_submit)

    tasks = subparsers.add_parser("tasks", help="list the farm's tasks")
    _profile(tasks)
    tasks.add_argument("--json", action="store_true", help="print the tasks as JSON")
    tasks.set_defaults(handler=run_tasks)

    status = subparsers.add_parser("status", help="show a task's status and frames")
    status.add_argument("task", help=TASK_HELP)
    _profile(status)
    status.add_argument("--json", action="store_true", help="print the task and its frames as JSON")
    status.set_defaults(handler=run_status)

    download = subparsers.add_parser("download", help="download a task's outputs")
    download.add_argument("task", help=TASK_HELP)
    download.add_argument("directory", help="folder for the outputs (created if needed)")
    _profile(download)
    download.add_argument("--frames", help="only these frames (Fox spec)")
    download.set_defaults(handler=run_download)

    log = subparsers.add_parser("log", help="print a frame's render log (default: the first failed frame)")
    log.add_argument("task", help=TASK_HELP)
    log.add_argument("frame", nargs="?", help="frame as status lists it (default: the first failed frame)")
    log.add_argument("--layer", help="only the frame of this layer or ROP (status shows it after the state)")
    _profile(log)
    log.set_defaults(handler=run_log)

    for verb, helptext in (
        ("stop", "stop a task"),
        ("start", "resume a stopped task"),
        ("restart", "re-render frames"),
    ):
        command = subparsers.add_parser(verb, help=helptext)
        command.add_argument("task", help=TASK_HELP)
        _profile(command)
        if verb == "restart":
            command.add_argument(
                "--which",
                default="failed",
                choices=("failed", "abandoned", "done", "started", "waiting", "all"),
                help="which frames to render again (default: failed)",
            )
        command.set_defaults(handler=run_control, verb=verb)


def _profile(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile", help="farm profile from the config (default: the config's default, else local)"
    )


def run_submit(args: argparse.Namespace) -> int:
    from farmhand.frames import FrameSpec

    scene = read_scene(args.scene, frames=args.frames)
    options = JobOptions(
        frames=str(FrameSpec.parse(args.frames)) if args.frames else None,
        project_name=args.project,
        job_name=args.name,
        priority=args.priority,
        frames_per_task=args.frames_per_task,
    )
    provider = provider_for(args.profile)
    progress = TerminalProgress(quiet=args.json)
    submission = Submission(
        scene,
        options,
        provider,
        on_event=progress,
        cancel=CancelToken(),
        wait=args.wait,
        download_dir=args.download,
        job_dir=args.job_dir,
    )
    try:
        result = submission.run()
    except ValidationFailed as exc:
        progress.close()
        if args.json:
            print(
                json.dumps(
                    {"task_id": None, "status": "invalid", "tips": exc.report.to_list()},
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return 1
        raise
    except KeyboardInterrupt:
        submission.cancel.cancel()
        raise
    finally:
        progress.close()
    summary: Dict[str, Any] = {
        "task_id": result.task_id,
        "status": result.status,
        "files_total": result.upload.files_total,
        "files_uploaded": result.upload.files_uploaded,
        "bytes_uploaded": result.upload.bytes_uploaded,
        "bytes_skipped": result.upload.bytes_skipped,
    }
    if args.download:
        summary["downloaded"] = result.downloaded
    if result.final is not None:
        summary["frames_done"] = result.final.frames_done
        summary["frames_total"] = result.final.frames_total
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print(f"task {result.task_id}: {result.status}")
        if args.download:
            print(f"{len(result.downloaded)} file(s) in {args.download}")
    return 0 if result.status in ("submitted", "done") else 1


def run_tasks(args: argparse.Namespace) -> int:
    states = provider_for(args.profile).tasks()
    if args.json:
        print(json.dumps([asdict(s) for s in states], indent=2))
        return 0
    for state in states:
        print(f"{state.task_id:>10}  {state.status:<10} {state.frames_done}/{state.frames_total} frames")
    return 0


def run_status(args: argparse.Namespace) -> int:
    state = provider_for(args.profile).status(args.task)
    if args.json:
        print(json.dumps(asdict(state), indent=2))
        return 0
    print(f"task {state.task_id}: {state.status} ({state.frames_done}/{state.frames_total} frames done)")
    for frame in state.frames:
        print(f"  {frame.label:>12}  {frame.status:<10} {frame.unit}".rstrip())
    if any(frame.status == FAILED for frame in state.frames):
        print(f"why a frame failed: farmhand log {state.task_id} [FRAME]", file=sys.stderr)
    return 0


def run_log(args: argparse.Namespace) -> int:
    provider = provider_for(args.profile)
    state = provider.status(args.task)
    chosen = [
        frame
        for frame in state.frames
        if (frame.label == args.frame if args.frame else frame.status == FAILED)
        and (not args.layer or frame.unit == args.layer)
    ]
    if not chosen:
        wanted = f"frame {args.frame!r}" if args.frame else "failed frame"
        where = f" in layer {args.layer!r}" if args.layer else ""
        raise FarmhandError(f"task {state.task_id} has no {wanted}{where}")
    for frame in chosen if args.frame else chosen[:1]:
        print(f"== frame {frame.label} {frame.unit} ({frame.status})".replace("  ", " "))
        for line in provider.frame_log(args.task, frame.record_id):
            print(line)
    return 0


def run_download(args: argparse.Namespace) -> int:
    from farmhand.frames import FrameSpec

    frames = FrameSpec.parse(args.frames).frames() if args.frames else None
    progress = TerminalProgress()
    try:
        files = provider_for(args.profile).download(
            args.task,
            args.directory,
            frames=frames,
            progress=lambda e: progress(SubmissionEvent("download", transfer=e)),
        )
    finally:
        progress.close()
    for path in files:
        print(path)
    print(f"{len(files)} file(s) in {args.directory}", file=sys.stderr)
    return 0


def run_control(args: argparse.Namespace) -> int:
    provider = provider_for(args.profile)
    if args.verb == "restart":
        provider.restart(args.task, args.which)
    else:
        getattr(provider, args.verb)(args.task)
    print(f"task {args.task}: {args.verb} requested")
    return 0
