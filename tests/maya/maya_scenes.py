"""Small Maya ASCII scenes written in the syntax Maya uses, shared by the reader and adapter tests.

Short attribute names are as Maya writes them; the layer scenes follow the
node and connection layout of real files (legacy adjustments on
``renderLayer.adjs``, Render Setup ``.lit -> .pls`` hierarchies).
"""

from __future__ import annotations

from pathlib import Path

HEADER = """//Maya ASCII 2023 scene
//Name: test.ma
requires maya "2023";
currentUnit -l centimeter -a degree -t film;
fileInfo "product" "Maya 2023";
fileInfo "version" "2023";
"""


def write_scene(tmp_path: Path, body: str, name: str = "test.ma") -> str:
    path = tmp_path / name
    path.write_text(HEADER + body + "// End of test.ma\n", encoding="utf-8")
    return str(path)


LEGACY_LAYERS = """createNode transform -s -n "persp";
createNode camera -s -n "perspShape" -p "persp";
createNode transform -n "shotCam";
createNode camera -n "shotCamShape" -p "shotCam";
\tsetAttr ".rnd" no;
createNode renderLayerManager -n "renderLayerManager";
\tsetAttr ".crl" 1;
createNode renderLayer -n "defaultRenderLayer";
\tsetAttr ".g" yes;
\tsetAttr ".adjs[0].val" 1;
createNode renderLayer -n "beauty";
\tsetAttr ".adjs[0].val" 101;
\tsetAttr ".adjs[1].val" -type "string" "arnold";
\tsetAttr ".adjs[2].val" yes;
\tsetAttr ".adjs[3].val" no;
createNode renderLayer -n "hidden";
\tsetAttr ".rndr" no;
select -ne :defaultRenderGlobals;
\tsetAttr ".an" yes;
\tsetAttr ".fs" 101;
\tsetAttr ".ef" 120;
\tsetAttr ".bfs" 2;
\tsetAttr ".ifp" -type "string" "<Scene>/<RenderLayer>/img";
\tsetAttr ".outf" 32;
select -ne :defaultResolution;
\tsetAttr ".w" 1920;
\tsetAttr ".h" 1080;
connectAttr "renderLayerManager.rlmi[0]" "defaultRenderLayer.rlid";
connectAttr ":defaultRenderGlobals.fs" "defaultRenderLayer.adjs[0].plg";
connectAttr ":defaultRenderGlobals.fs" "beauty.adjs[0].plg";
connectAttr ":defaultRenderGlobals.ren" "beauty.adjs[1].plg";
connectAttr "shotCamShape.rnd" "beauty.adjs[2].plg";
connectAttr "perspShape.rnd" "beauty.adjs[3].plg";
"""


RENDER_SETUP = """requires -nodeType "renderSetupLayer" -nodeType "renderSetup" "renderSetup.py" "1.0";
createNode transform -s -n "persp";
createNode camera -s -n "perspShape" -p "persp";
createNode transform -n "cam2";
createNode camera -n "cam2Shape" -p "cam2";
\tsetAttr ".rnd" no;
createNode renderLayer -n "defaultRenderLayer";
createNode renderSetup -n "renderSetup";
createNode renderSetupLayer -n "fx";
createNode renderLayer -n "rs_fx";
\tsetAttr ".do" 1;
createNode renderSettingsCollection -n "RenderSettingsCollection";
createNode simpleSelector -n "RenderSettingsCollectionSelector";
\tsetAttr ".ssl" -type "string" "defaultRenderGlobals\\ndefaultResolution";
createNode absUniqueOverride -n "startFrame";
\taddAttr -ci true -sn "atv" -ln "attrValue" -at "float";
\tsetAttr ".atr" -type "string" "startFrame";
\tsetAttr ".tgName" -type "string" "defaultRenderGlobals";
\tsetAttr ".atv" 5;
createNode absUniqueOverride -n "width";
\tsetAttr ".atr" -type "string" "width";
\tsetAttr ".tgName" -type "string" "defaultResolution";
\tsetAttr ".atv" 2048;
createNode relUniqueOverride -n "height";
\tsetAttr ".atr" -type "string" "height";
\tsetAttr ".tgName" -type "string" "defaultResolution";
createNode collection -n "cams";
createNode simpleSelector -n "camsSelector";
\tsetAttr ".ssl" -type "string" "|cam2\\n|persp";
createNode absOverride -n "renderable";
\tsetAttr ".atr" -type "string" "renderable";
\tsetAttr ".atv" yes;
select -ne :defaultRenderGlobals;
\tsetAttr ".ren" -type "string" "arnold";
\tsetAttr ".an" yes;
connectAttr "fx.msg" "renderSetup.frl";
connectAttr "rs_fx.msg" "fx.lrl";
connectAttr "renderSetup.lit" "fx.pls";
connectAttr "RenderSettingsCollectionSelector.c" "RenderSettingsCollection.sel";
connectAttr "fx.lit" "RenderSettingsCollection.pls";
connectAttr "RenderSettingsCollection.lit" "startFrame.pls";
connectAttr "RenderSettingsCollection.lit" "width.pls";
connectAttr "RenderSettingsCollection.lit" "height.pls";
connectAttr "camsSelector.c" "cams.sel";
connectAttr "fx.lit" "cams.pls";
connectAttr "cams.lit" "renderable.pls";
"""


def write_texture_scene(tmp_path: Path) -> str:
    """A scene with a UDIM set, a file-node sequence, an image-plane sequence, a cache and a missing file."""
    textures = tmp_path / "tex"
    textures.mkdir()
    for tile in (1001, 1002):
        (textures / f"col.{tile}.exr").write_bytes(b"x")
    for frame in (1, 2, 3):
        (textures / f"plate.{frame:04d}.png").write_bytes(b"x")
    body = (
        'createNode file -n "udim";\n\tsetAttr ".ftn" -type "string" "tex/col.1001.exr";\n'
        '\tsetAttr ".uvt" 3;\n'
        'createNode file -n "seq";\n\tsetAttr ".ftn" -type "string" "tex/plate.0001.png";\n'
        '\tsetAttr ".ufe" yes;\n'
        'createNode imagePlane -n "plateShape";\n\tsetAttr ".imn" -type "string" "tex/plate.0001.png";\n'
        '\tsetAttr ".ufe" yes;\n'
        'createNode gpuCache -n "gpu";\n\tsetAttr ".cfn" -type "string" "cache/a.abc";\n'
        'createNode file -n "gone";\n\tsetAttr ".ftn" -type "string" "C:/old/gone.png";\n'
        'select -ne :defaultRenderGlobals;\n\tsetAttr ".an" yes;\n\tsetAttr ".ef" 3;\n'
    )
    return write_scene(tmp_path, body)
