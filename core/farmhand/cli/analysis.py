"""``farmhand analyze`` and ``farmhand build``: look at a scene, write its job files.

Both work on any scene kind a reader is registered for (farmhand.scenes), so
they are the same command for a .json description, a .ma, a .hip, a .max or a
.blend.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Dict, List, Tuple

from farmhand.cli.arguments import positive_int
from farmhand.jobfiles import build_job, write_job
from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.scenes import read_scene
from farmhand.validate import ValidationReport, validate
from farmhand.validate.tips import Tip


def register(subparsers: Any) -> None:
    analyze = subparsers.add_parser(
        "analyze", help="show what a scene renders, needs and what is wrong with it"
    )
    _scene_arguments(analyze)
    analyze.add_argument("--json", action="store_true", help="print the scene description and tips as JSON")
    analyze.set_defaults(handler=run_analyze)

    build = subparsers.add_parser("build", help="write task.json, upload.json, asset.json and tips.json")
    _scene_arguments(build)
    build.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="directory for the four job files"
    )
    build.add_argument("--project", default="", help="farm project name")
    build.add_argument(
        "--frames-per-task", type=positive_int, default=1, metavar="N", help="frames each render node renders"
    )
    build.add_argument("--platform", default="2", help="Renderbus platform number (default 2)")
    build.add_argument("--json", action="store_true", help="print a JSON summary")
    build.set_defaults(handler=run_build)


def _scene_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scene", help="scene file (.ma, .mb, .hip, .max, .blend) or a scene description .json"
    )
    parser.add_argument("--frames", help="Fox frame spec overriding the scene's range, e.g. 1-10[1]")


def run_analyze(args: argparse.Namespace) -> int:
    scene = read_scene(args.scene, frames=args.frames)
    options = JobOptions(frames=args.frames)
    report = validate(scene, options)
    if args.json:
        print(json.dumps({"scene": scene.to_dict(), "tips": report.to_list()}, indent=2, ensure_ascii=False))
    else:
        print(summarise(scene, report))
    return 1 if report.has_errors else 0


def run_build(args: argparse.Namespace) -> int:
    scene = read_scene(args.scene, frames=args.frames)
    options = JobOptions(
        frames=args.frames,
        project_name=args.project,
        frames_per_task=args.frames_per_task,
        platform=args.platform,
    )
    job = build_job(scene, options)
    written = write_job(job, args.output)
    if args.json:
        summary: Dict[str, Any] = {
            "files": written,
            "tips": job.report.to_list(),
            "errors": len(job.report.errors),
        }
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        for path in written.values():
            print(path)
        for line in tip_lines(job.report.tips):
            print(line, file=sys.stderr)
    return 1 if job.report.has_errors else 0


def summarise(scene: SceneDescription, report: ValidationReport) -> str:
    """A human-readable page: what renders, what it needs, what is wrong."""
    lines = [f"{scene.scene_file} ({scene.host} {scene.host_version}".rstrip() + ")"]
    if scene.renderer:
        lines.append(f"renderer: {scene.renderer}")
    lines.append(f"render units: {len(scene.enabled_units)} of {len(scene.units)} enabled")
    for unit in scene.units:
        mark = "x" if unit.enabled else " "
        size = f" {unit.width}x{unit.height}" if unit.width and unit.height else ""
        cameras = f" camera {', '.join(unit.cameras)}" if unit.cameras else ""
        lines.append(f"  [{mark}] {unit.name}: frames {unit.frames or '-'}{size}{cameras}")
        if unit.output:
            lines.append(f"      output {unit.output}")
    found = sum(len(d.files) for d in scene.dependencies)
    missing = sum(len(d.missing) for d in scene.dependencies)
    lines.append(
        f"dependencies: {len(scene.dependencies)} references, {found} files found, {missing} missing"
    )
    for dependency in scene.dependencies:
        if dependency.missing or dependency.unresolved or not dependency.exists:
            owner = ".".join(p for p in (dependency.node, dependency.attribute) if p)
            lines.append(f"  ! {dependency.path} ({owner or dependency.kind})")
    counts = f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"
    lines.append(f"validation: {counts}")
    lines.extend(f"  {line}" for line in tip_lines(report.tips))
    return "\n".join(lines)


# A missing sequence yields one tip per frame (all of them stay in --json and tips.json);
# on a terminal, beyond this many alike tips only the first few are shown.
ALIKE_SHOWN = 3
ALIKE_LIMIT = 5


def tip_lines(tips: List[Tip]) -> List[str]:
    """One line per tip, except that long runs of the same finding on the same node are summarised."""
    groups: Dict[Tuple[str, ...], List[Tip]] = {}
    for tip in tips:
        key = (tip.severity, tip.check, tip.code, tip.message, tip.node, tip.attribute)
        groups.setdefault(key, []).append(tip)
    lines: List[str] = []
    for alike in groups.values():
        if len(alike) <= ALIKE_LIMIT:
            lines.extend(tip.describe() for tip in alike)
            continue
        lines.extend(tip.describe() for tip in alike[:ALIKE_SHOWN])
        first = alike[0]
        owner = ".".join(part for part in (first.node, first.attribute) if part)
        lines.append(
            f"... and {len(alike) - ALIKE_SHOWN} more '{first.message}'"
            + (f" ({owner})" if owner else "")
            + ": --json lists every one"
        )
    return lines
