"""Checks are small independent functions, run in order, pyblish-style.

A check receives the scene and the job options and yields tips.  Checks never
stop each other: one that raises becomes a warning naming the check, so the
user still sees every other problem (peers crash the whole panel instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, List, Optional, Tuple

from farmhand.model import SceneDescription
from farmhand.options import JobOptions
from farmhand.validate.tips import WARNING, Tip

CheckFunction = Callable[[SceneDescription, JobOptions], Iterable[Tip]]


@dataclass(frozen=True)
class Check:
    name: str
    order: int
    hosts: Tuple[str, ...]
    function: CheckFunction

    def applies_to(self, host: str) -> bool:
        return not self.hosts or host in self.hosts


CHECKS: List[Check] = []


def check(order: int, hosts: Tuple[str, ...] = ()) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check; lower ``order`` runs first (collection problems before details)."""

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS.append(Check(function.__name__, order, hosts, function))
        CHECKS.sort(key=lambda item: item.order)
        return function

    return register


def run_checks(scene: SceneDescription, options: Optional[JobOptions] = None) -> List[Tip]:
    options = options or JobOptions()
    tips: List[Tip] = []
    for item in CHECKS:
        if not item.applies_to(scene.host):
            continue
        try:
            tips.extend(item.function(scene, options))
        except Exception as exc:  # a broken check must not hide the others
            tips.append(Tip(WARNING, f"check {item.name} could not run: {exc}", check=item.name))
    return tips
