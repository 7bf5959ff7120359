"""What a check reports: a tip with a severity, a Fox code where Fox has one, and its subject."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Dict, List

ERROR = "error"  # blocks submission
WARNING = "warning"  # shown, does not block
INFO = "info"

SEVERITIES = (ERROR, WARNING, INFO)


@dataclass
class Tip:
    """One finding about the scene.

    ``code`` is Fox's tips code (renderbus-protocol.md §10.10) when Fox defines
    one, so the farm can classify it too; ``check`` names the Farmhand check
    that produced it.  ``node``/``attribute``/``path``/``unit`` say exactly
    what it is about, so the panel can select the node and the user can fix it.
    """

    severity: str
    message: str
    check: str
    code: str = ""
    node: str = ""
    attribute: str = ""
    path: str = ""
    unit: str = ""

    def describe(self) -> str:
        subject = ".".join(part for part in (self.node, self.attribute) if part)
        where = ", ".join(part for part in (subject, self.path and f"path {self.path}") if part)
        code = f" [{self.code}]" if self.code else ""
        return f"{self.severity}{code}: {self.message}" + (f" ({where})" if where else "")


@dataclass
class ValidationReport:
    tips: List[Tip] = field(default_factory=list)

    @property
    def errors(self) -> List[Tip]:
        return [tip for tip in self.tips if tip.severity == ERROR]

    @property
    def warnings(self) -> List[Tip]:
        return [tip for tip in self.tips if tip.severity == WARNING]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def fox_tips(self) -> Dict[str, List[str]]:
        """tips.json: Fox-coded tips as ``{code: [messages]}`` (§10.10)."""
        out: Dict[str, List[str]] = {}
        for tip in self.tips:
            if tip.code:
                out.setdefault(tip.code, []).append(tip.describe())
        return out

    def to_list(self) -> List[Dict[str, str]]:
        return [asdict(tip) for tip in self.tips]
