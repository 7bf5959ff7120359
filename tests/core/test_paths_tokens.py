"""Frame and tile token detection and per-frame substitution, per host convention."""

from __future__ import annotations

import pytest

from farmhand.paths import has_frame_token, has_tile_token, substitute_frame


@pytest.mark.parametrize(
    ("path", "frame", "expected"),
    [
        # Houdini
        ("$HIP/render/image.$F4.exr", 7, "$HIP/render/image.0007.exr"),
        ("geo/$OS.$F.bgeo.sc", 12, "geo/$OS.12.bgeo.sc"),
        ("frame${F3}F.pic", 2, "frame002F.pic"),
        ("sim.$FF.sim", 3, "sim.3.sim"),
        ("cache.$F4.$F2.bgeo", 5, "cache.0005.05.bgeo"),
        # Maya / Blender / Max hash runs
        ("TX_OldPicture01.####.jpg", 42, "TX_OldPicture01.0042.jpg"),
        ("//render/shot_####", 1, "//render/shot_0001"),
        ("frame_#.png", 1234, "frame_1234.png"),
        # printf
        ("plate.%04d.exr", 9, "plate.0009.exr"),
        ("plate.%d.exr", 9, "plate.9.exr"),
        ("plate_%04d_beauty.exr", 10, "plate_0010_beauty.exr"),
        # Maya file node, RenderMan, V-Ray
        ("seq.<f>.png", 3, "seq.3.png"),
        ("seq.<f4>.tex", 3, "seq.0003.tex"),
        ("proxy_<frame04>.vrmesh", 3, "proxy_0003.vrmesh"),
        ("proxy_<Frame04>.vrmesh", 3, "proxy_0003.vrmesh"),
        ("proxy_<frame>.abc", 3, "proxy_3.abc"),
        ("tex.<frameNum>.png", 3, "tex.3.png"),
    ],
)
def test_substitute_frame(path, frame, expected):
    assert has_frame_token(path)
    assert substitute_frame(path, frame) == expected


@pytest.mark.parametrize(
    ("path", "frame", "expected"),
    [
        ("a.####.png", -5, "a.-0005.png"),  # Blender writes C "%.4d"
        ("a.%04d.png", -5, "a.-005.png"),  # printf counts the sign in the width
        ("a.$F4.exr", -5, "a.-005.exr"),
        ("a.$F.exr", -5, "a.-5.exr"),
        ("a.<f>.png", -12, "a.-12.png"),
        ("a.####.png", 123456, "a.123456.png"),
    ],
)
def test_negative_and_overflowing_frames(path, frame, expected):
    assert substitute_frame(path, frame) == expected


def test_tile_tokens_and_other_text_are_left_alone():
    path = "D:/tex/$F4/skin.<UDIM>.$F4.%(U)02d.#.png"
    assert substitute_frame(path, 1) == "D:/tex/0001/skin.<UDIM>.0001.%(U)02d.1.png"


def test_hashes_in_folder_names_are_not_frame_tokens():
    assert not has_frame_token("/proj/#shots/a.png")
    assert substitute_frame("/proj/#shots/a.##.png", 3) == "/proj/#shots/a.03.png"


@pytest.mark.parametrize(
    "path",
    [
        "a.png",
        "$FSTART/a.png",  # a variable, not the frame
        "${FEND}.png",
        "$F4x.exr",  # Houdini reads this as the variable F4x
        "%TEMP%/data.png",  # %d followed by a letter is not printf
        "shot_<Scene>.exr",
        "a.<UDIM>.png",
    ],
)
def test_not_frame_tokens(path):
    assert not has_frame_token(path)
    assert substitute_frame(path, 5) == path


@pytest.mark.parametrize(
    "path",
    [
        "tex/skin.<UDIM>.png",
        "tex/skin.<udim>.tex",
        "tex/skin.%(UDIM)d.rat",
        "tex/skin.$UDIM.tif",
        "tex/skin.${UDIM}.tif",
        "tex/skin.<UVTILE>.png",
        "tex/skin.%(UVTILE)d.rat",
        "tex/skin<tile>.tx",
        "tex/skin_u<U>_v<V>.png",
        "tex/skin_u<u>_v<v>.png",
        "tex/skin_%(U)02d_%(V)02d.rat",
        "tex/skin_$2U_$2V.exr",
        "tex/skin._MAPID_.tex",
    ],
)
def test_tile_tokens(path):
    assert has_tile_token(path)
    assert not has_frame_token(path)


@pytest.mark.parametrize("path", ["tex/skin.1001.png", "tex/<Scene>.png", "$USER/a.png", "tex/u1_v1.png"])
def test_not_tile_tokens(path):
    assert not has_tile_token(path)


def test_substitute_frame_rejects_non_integers():
    with pytest.raises(TypeError, match="frame must be an int"):
        substitute_frame("a.####.png", 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        substitute_frame("a.####.png", True)
