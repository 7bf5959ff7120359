"""Asset paths inside USD text layers (``.usda``), without the USD library.

A Maya USD proxy shape names one root layer, and that layer pulls in more
files through ``subLayers``, ``references``, ``payload`` and asset-valued
attributes (textures).  Every asset path in ``.usda`` text is written between
``@`` signs (``@./tree.usda@``, ``@@@`` quoting for paths containing ``@``),
so a scan for asset literals finds them all; the surrounding keyword says
what kind of dependency it is.  Binary ``.usdc`` / ``.usdz`` layers are
reported as files but not opened (that needs the USD library).
"""

from __future__ import annotations

import os
import re
from typing import List, NamedTuple, Optional, Set

_ASSET = re.compile(r"@@@(.+?)@@@|@([^@\n]*)@")
_LAYER_KEYWORDS = re.compile(r"\b(subLayers|references|payload|prepend|append)\b")
_LAYER_EXTENSIONS = (".usd", ".usda", ".usdc", ".usdz")
_MAX_LAYERS = 500


class UsdAsset(NamedTuple):
    path: str  # as written in the layer
    resolved: str  # absolute, relative to the layer that names it
    layer: str  # the layer file that names it
    kind: str  # "usd" for layers, "texture"/"other" for attribute assets


def layer_assets(root_layer: str) -> List[UsdAsset]:
    """Every asset reachable from ``root_layer`` (a resolved file path), depth first.

    Layers that reference themselves or each other are visited once.
    """
    found: List[UsdAsset] = []
    seen: Set[str] = {os.path.normcase(os.path.abspath(root_layer))}
    pending = [os.path.abspath(root_layer)]
    while pending and len(seen) < _MAX_LAYERS:
        layer = pending.pop(0)
        for asset in _assets_in(layer):
            found.append(asset)
            key = os.path.normcase(asset.resolved)
            if asset.kind == "usd" and key not in seen:
                seen.add(key)
                if asset.resolved.lower().endswith(".usda") and os.path.isfile(asset.resolved):
                    pending.append(asset.resolved)
    return found


def _assets_in(layer: str) -> List[UsdAsset]:
    text = _read_text(layer)
    if text is None:
        return []
    base = os.path.dirname(layer)
    assets = []
    for match in _ASSET.finditer(text):
        written = match.group(1) or match.group(2) or ""
        if not written:
            continue
        kind = "usd" if written.lower().endswith(_LAYER_EXTENSIONS) else _asset_kind(text, match.start())
        resolved = written if os.path.isabs(written) else os.path.normpath(os.path.join(base, written))
        assets.append(UsdAsset(written, resolved, layer, kind))
    return assets


def _asset_kind(text: str, offset: int) -> str:
    line_start = text.rfind("\n", 0, offset) + 1
    line = text[line_start:offset]
    if _LAYER_KEYWORDS.search(line):
        return "usd"
    return "texture" if "asset" in line else "other"


def _read_text(path: str) -> Optional[str]:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            if not head.startswith(b"#usda"):
                return None
            return (head + handle.read()).decode("utf-8", errors="replace")
    except OSError:
        return None
