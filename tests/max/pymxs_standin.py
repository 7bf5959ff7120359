"""A stand-in for the part of ``pymxs.runtime`` the Farmhand adapter uses, built from a real ``.max`` file.

3ds Max cannot run here.  The session is what the file itself records: the
"Render Data" of its summary (size, output, renderer, animation range,
render cameras, batch views), its objects and its asset list.  Where the file
is silent the stand-in answers with Max's documented defaults (rendTimeType 1,
every Nth frame 1, no render elements, gamma 2.2, maps named "Map #N").
Nothing here knows which test is running.
"""

from __future__ import annotations

import ntpath
import os
import re
from types import SimpleNamespace
from typing import Any, Dict, List, Optional

import olefile

from farmhand.scenes.max_assets import parse_assets
from farmhand.scenes.max_properties import document_parts, general_values, key_values
from farmhand.scenes.max_scene import parse_batch


class MaxClass:
    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MaxClass) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


class Time:
    def __init__(self, frame: int) -> None:
        self.frame = float(frame)


class Node:
    def __init__(self, name: str, max_class: MaxClass, superclass: MaxClass, **properties: Any) -> None:
        self.name, self.max_class, self.superclass = name, max_class, superclass
        self.__dict__.update(properties)


def _renderer_class(name: str) -> str:
    """Max's class names replace spaces and dots with underscores ("V_Ray_Adv_3_00_08")."""
    return re.sub(r"[ .\-]", "_", name) or "Default_Scanline_Renderer"


class Runtime:
    camera = MaxClass("camera")
    GeometryClass = MaxClass("GeometryClass")
    textureMap = MaxClass("textureMap")
    BitmapTexture = MaxClass("BitmapTexture")

    def __init__(self, path: str) -> None:
        with olefile.OleFileIO(path) as ole:
            parts = document_parts(ole.openstream("\x05DocumentSummaryInformation").read())
            stream = next((n for n in ("FileAssetMetaData3", "FileAssetMetaData2") if ole.exists(n)), None)
            records = (
                parse_assets(ole.openstream(stream).read(), 3 if stream.endswith("3") else 2)
                if stream
                else []
            )
        render = key_values(parts.get("Render Data", []))
        general = general_values(parts.get("General", []))
        self.maxFilePath = os.path.dirname(os.path.abspath(path)) + os.sep
        self.maxFileName = os.path.basename(path)
        self.renderWidth = int(render.get("Render Width", 640))
        self.renderHeight = int(render.get("Render Height", 480))
        self.rendOutputFilename = render.get("Render Output", "")
        self.rendSaveFile = bool(self.rendOutputFilename)
        start, end = int(render.get("Animation Start", 0)), int(render.get("Animation End", 100))
        self.animationRange = SimpleNamespace(start=Time(start), end=Time(end))
        self.sliderTime = Time(start)
        self.rendTimeType, self.rendNThFrame = 1, int(render.get("Nth Frame", 1))
        self.rendStart, self.rendEnd, self.rendPickupFrames = Time(start), Time(end), ""
        self.renderers = SimpleNamespace(
            production=Node(
                "renderer",
                MaxClass(_renderer_class(render.get("Renderer Name", ""))),
                MaxClass("RendererClass"),
            )
        )
        self._version = int(float(general.get("3ds Max Version", "0").replace(",", ".")) * 1000)
        self._user = render.get("User Name", "user")
        camera_names = [v for k, v in sorted(render.items()) if k.startswith("Render Camera ")]
        self._nodes = self._scene_nodes(parts.get("Objects", []), camera_names)
        self.cameras = [
            n
            for n in self._nodes
            if n.superclass in (self.camera, self.GeometryClass)
            and (n.name in camera_names or n.name.endswith(".Target"))
        ]
        self._active_camera = self.getNodeByName(camera_names[0]) if camera_names else None
        self.viewport = SimpleNamespace(getCamera=lambda: self._active_camera)
        self._maps = self._bitmaps(records, render, parts)
        self.batchRenderMgr = self._batch(
            [v for k, v in sorted(render.items()) if k.startswith("Batch Render ")]
        )
        self.sceneStateMgr = SimpleNamespace(GetCount=lambda: 0, GetSceneState=lambda i: None)
        self.maxOps = SimpleNamespace(GetCurRenderElementMgr=lambda: _NoElements())
        self.IDisplayGamma = SimpleNamespace(colorCorrectionMode="gamma", gamma=2.2)
        self.fileInGamma = self.fileOutGamma = 2.2
        self.xrefs = SimpleNamespace(getXRefFileCount=lambda: 0, getXRefFile=lambda i: None)
        self.pathConfig = SimpleNamespace(
            getCurrentProjectFolder=lambda: f"C:\\Users\\{self._user}\\Documents\\3dsMax"
        )
        self.selection: List[Node] = []

    def _scene_nodes(self, objects: List[str], cameras: List[str]) -> List[Node]:
        nodes = []
        for name in objects:
            if name in cameras:
                nodes.append(Node(name, MaxClass("Targetcamera"), self.camera))
            elif name.endswith(".Target"):
                nodes.append(Node(name, MaxClass("Targetobject"), self.GeometryClass))
            else:
                nodes.append(Node(name, MaxClass("Editable_Mesh"), self.GeometryClass))
        return nodes

    def _bitmaps(self, records, render: Dict[str, str], parts: Dict[str, List[str]]) -> List[Node]:
        """Bitmap maps: the asset list's Bitmap entries that are neither render outputs nor material names."""
        outputs = {render.get("Render Output", "").lower()} | {
            str(parse_batch(v)["output"]).lower() for k, v in render.items() if k.startswith("Batch Render ")
        }
        maps, seen = [], set()
        for record in records:
            path = record.resolved if record.resolved and record.resolved.lower() in seen else record.path
            folder, extension = ntpath.split(path)[0], ntpath.splitext(path)[1]
            if record.asset_type != "Bitmap" or path.lower() in outputs or not (folder or extension):
                continue
            if record.resolved and record.resolved != record.path:
                seen.add(record.resolved.lower())
            elif path.lower() in seen:
                continue
            maps.append(Node(f"Map #{len(maps) + 1}", self.BitmapTexture, self.textureMap, filename=path))
        return maps

    def _batch(self, entries: List[str]) -> Any:
        views = []
        for entry in entries:
            fields = parse_batch(entry)
            frames = str(fields["frames"]).split("[")[0].split("-")
            views.append(
                SimpleNamespace(
                    name=fields["name"],
                    enabled=fields["enabled"],
                    camera=self.getNodeByName(str(fields["camera"])),
                    outputFilename=fields["output"],
                    startFrame=Time(int(frames[0])),
                    endFrame=Time(int(frames[-1])),
                )
            )
        return SimpleNamespace(numViews=len(views), GetView=lambda index: views[index - 1])

    # -- functions of the MAXScript runtime ------------------------------------------------------
    def classOf(self, value: Any) -> MaxClass:
        return value.max_class

    def superClassOf(self, value: Any) -> MaxClass:
        return value.superclass

    def maxVersion(self) -> List[int]:
        return [self._version, 30, 0]

    def getClassInstances(self, max_class: MaxClass) -> List[Node]:
        return [m for m in self._maps if m.max_class == max_class]

    def getNodeByName(self, name: str) -> Optional[Node]:
        return next((n for n in self._nodes if n.name == name), None)

    def select(self, node: Node) -> None:
        self.selection = [node]

    def getSaveRequired(self) -> bool:
        return False


class _NoElements:
    def GetElementsActive(self) -> bool:
        return False

    def NumRenderElements(self) -> int:
        return 0
