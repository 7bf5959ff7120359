"""Maya render output prefixes (``imageFilePrefix``): ``<Scene>/<RenderLayer>/<Camera>``.

Maya matches these tokens case-insensitively.  A token we do not know, or one
whose value the caller did not give, stays in the text and is reported, so
the user sees ``<RenderPassType>`` rather than a silently shortened path.
"""

from __future__ import annotations

import re
from typing import Dict, List

from farmhand.paths.variables import Expansion

_TOKEN = re.compile(r"<([A-Za-z][A-Za-z0-9_]*)>")

# token (lower case) -> keyword of expand_output_prefix
_KNOWN = {
    "scene": "scene",
    "renderlayer": "layer",
    "layer": "layer",
    "camera": "camera",
    "renderpass": "render_pass",
    "version": "version",
}


def expand_output_prefix(
    prefix: str,
    *,
    scene: str = "",
    layer: str = "",
    camera: str = "",
    render_pass: str = "",
    version: str = "",
) -> Expansion:
    """Expand ``<Scene>``, ``<RenderLayer>``/``<Layer>``, ``<Camera>``, ``<RenderPass>``, ``<Version>``.

    An empty value means "not known" and leaves its token unresolved; pass the
    real value (Maya's default layer is ``masterLayer``) to expand it.
    """
    values: Dict[str, str] = {
        "scene": scene,
        "layer": layer,
        "camera": camera,
        "render_pass": render_pass,
        "version": version,
    }
    unresolved: List[str] = []

    def replace(match: re.Match[str]) -> str:
        value = values.get(_KNOWN.get(match.group(1).lower(), ""), "")
        if value:
            return value
        if match.group() not in unresolved:
            unresolved.append(match.group())
        return match.group()

    return Expansion(_TOKEN.sub(replace, prefix), unresolved)
