"""Find a Maya project (``workspace.mel``) for a scene and read its file rules.

Maya resolves relative paths and writes rendered images relative to the
project root, so an offline reader needs the same root Maya would use.  A
scene normally lives in ``<project>/scenes/``; we look next to the scene and
then up the tree, the way a user opening the scene from its folder would set
the project (Maya's own choice depends on the session, hence the caller's
low-confidence note when no workspace.mel is found).
"""

from __future__ import annotations

import os
import re
from typing import Dict, Optional, Tuple

WORKSPACE_FILE = "workspace.mel"
_RULE = re.compile(r'workspace\s+(?:-fr|-fileRule)\s+"((?:[^"\\]|\\.)*)"\s+"((?:[^"\\]|\\.)*)"\s*;')
_MAX_LEVELS = 6

# Maya's default file rules for the entries Farmhand needs.
DEFAULT_RULES = {"images": "images", "sourceImages": "sourceimages", "scene": "scenes"}


def find_workspace(scene_path: str) -> Optional[str]:
    """The directory holding the nearest workspace.mel at or above the scene's folder."""
    directory = os.path.dirname(os.path.abspath(scene_path))
    for _ in range(_MAX_LEVELS):
        if os.path.isfile(os.path.join(directory, WORKSPACE_FILE)):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return None


def read_rules(root: str) -> Dict[str, str]:
    """File rules of ``root``/workspace.mel over Maya's defaults; unreadable files give defaults."""
    rules = dict(DEFAULT_RULES)
    try:
        with open(os.path.join(root, WORKSPACE_FILE), encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return rules
    for name, value in _RULE.findall(text):
        rules[name] = value
    return rules


def project_for(scene_path: str) -> Tuple[str, Dict[str, str], bool]:
    """(project root, file rules, found) — the scene's folder when there is no workspace.mel."""
    root = find_workspace(scene_path)
    if root is None:
        return os.path.dirname(os.path.abspath(scene_path)), dict(DEFAULT_RULES), False
    return root, read_rules(root), True


def rule_path(root: str, rules: Dict[str, str], name: str) -> str:
    value = rules.get(name, DEFAULT_RULES.get(name, name))
    return os.path.normpath(value if os.path.isabs(value) else os.path.join(root, value))
