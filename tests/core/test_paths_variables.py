"""Variable expansion ($VAR, ${VAR}, %VAR%, Houdini) and Maya output-prefix tokens."""

from __future__ import annotations

from farmhand.paths import expand_output_prefix, expand_variables, houdini_variables


def test_houdini_paths_from_public_files():
    variables = {"HIP": "D:/proj/fx", "HIPNAME": "shot010", "OS": "pyro_cache"}
    result = expand_variables("$HIP/geo/$HIPNAME.$OS.$F.bgeo.sc", variables)
    assert result.text == "D:/proj/fx/geo/shot010.pyro_cache.$F.bgeo.sc"
    assert result.unresolved == []


def test_braced_and_windows_forms():
    variables = {"CG_SHOT": "/mnt/sh010", "OS": "rop1", "VER": "v003", "TEXROOT": "T:\\tex"}
    text = "${CG_SHOT}/RENDER/${OS}_${VER}/${OS}_${VER}.$F4.ifd"
    assert expand_variables(text, variables).text == "/mnt/sh010/RENDER/rop1_v003/rop1_v003.$F4.ifd"
    # Windows names are case-insensitive; $ names are not.
    assert expand_variables("%texroot%\\wood.jpg", variables).text == "T:\\tex\\wood.jpg"
    assert expand_variables("$texroot/wood.jpg", variables).unresolved == ["$texroot"]


def test_unknown_names_are_kept_verbatim_and_listed_once_in_order():
    result = expand_variables("$JOB/tex/${SLiBLib}/%ASSETS%/$JOB/a.png", {})
    assert result.text == "$JOB/tex/${SLiBLib}/%ASSETS%/$JOB/a.png"
    assert result.unresolved == ["$JOB", "${SLiBLib}", "%ASSETS%"]


def test_frame_and_tile_names_are_neither_expanded_nor_reported():
    text = "$HIP/img.$F4.${F4}.$F.$FF.<UDIM>.$UDIM.$U.png"
    result = expand_variables(text, {"HIP": "/p", "F4": "WRONG", "F": "WRONG"})
    assert result.text == "/p/img.$F4.${F4}.$F.$FF.<UDIM>.$UDIM.$U.png"
    assert result.unresolved == []


def test_frame_range_variables_are_ordinary_variables():
    assert expand_variables("$FSTART-$FEND", {"FSTART": "1", "FEND": "9"}).text == "1-9"
    assert expand_variables("$FSTART", {}).unresolved == ["$FSTART"]


def test_backtick_expressions_cannot_be_evaluated_and_are_reported():
    text = '$HIP/$OS/$OS.`@wedgeindex`.$F4.jpg `chs("/obj/dust/file1/file")`'
    result = expand_variables(text, {"HIP": "/p", "OS": "wedge"})
    assert result.text == '/p/wedge/wedge.`@wedgeindex`.$F4.jpg `chs("/obj/dust/file1/file")`'
    assert result.unresolved == ["`@wedgeindex`", '`chs("/obj/dust/file1/file")`']


def test_printf_frame_spec_does_not_open_a_windows_variable():
    result = expand_variables("img_%d_%VER%.exr", {"VER": "v2"})
    assert result.text == "img_%d_v2.exr"
    assert result.unresolved == []


def test_expansion_is_single_pass():
    assert expand_variables("$A", {"A": "$B", "B": "x"}).text == "$B"


def test_houdini_variables_from_the_scene_path():
    assert houdini_variables("D:\\proj\\fx\\shot010.hipnc", job="D:\\proj") == {
        "HIP": "D:/proj/fx",
        "HIPFILE": "D:/proj/fx/shot010.hipnc",
        "HIPNAME": "shot010",
        "JOB": "D:/proj",
    }
    assert houdini_variables("D:/top.hip")["HIP"] == "D:/"
    assert houdini_variables("/mnt/a/b.v2.hiplc")["HIPNAME"] == "b.v2"


def test_output_prefix_tokens_case_insensitive():
    result = expand_output_prefix(
        "<Scene>/<RenderLayer>/<camera>/<Layer>_<RENDERPASS>_<Version>",
        scene="shot",
        layer="beauty",
        camera="renderCam",
        render_pass="diffuse",
        version="v002",
    )
    assert result.text == "shot/beauty/renderCam/beauty_diffuse_v002"
    assert result.unresolved == []


def test_output_prefix_unknown_or_unset_tokens_are_kept_and_reported():
    result = expand_output_prefix("<Scene>/<RenderPassType>/<Camera>/<Scene>_<aov>", scene="shot")
    assert result.text == "shot/<RenderPassType>/<Camera>/shot_<aov>"
    assert result.unresolved == ["<RenderPassType>", "<Camera>", "<aov>"]
