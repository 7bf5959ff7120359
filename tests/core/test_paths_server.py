"""Local -> farm server path mapping (renderbus-protocol.md §10.8), and the vendor bug we must not copy."""

from __future__ import annotations

import pytest

from farmhand.errors import FarmhandError
from farmhand.paths import PathError, to_server_path

# The Fox table, plus our own rule for POSIX paths (the SDK drops the first character).
FOX_TABLE = [
    ("D:\\a\\b.jpg", "/D/a/b.jpg"),
    ("D:/a/b.jpg", "/D/a/b.jpg"),
    ("D:/proj/shot.ma", "/D/proj/shot.ma"),
    ("//srv/share/x", "/srv/share/x"),
    ("\\\\srv\\share\\x", "/srv/share/x"),
    (
        "C:/Program Files/Autodesk/3ds Max 2018/maps/uvwunwrap/UV_Checker.png",
        "/C/Program Files/Autodesk/3ds Max 2018/maps/uvwunwrap/UV_Checker.png",
    ),
    ("D:/houdini/CG file/jh/jh.max.7z", "/D/houdini/CG file/jh/jh.max.7z"),
]


@pytest.mark.parametrize(("local", "server"), FOX_TABLE)
def test_fox_mapping_table(local, server):
    assert to_server_path(local) == server


def test_posix_path_keeps_its_first_character_unlike_the_vendor_sdk():
    # The SDK's convert_path gives "mnt/proj/a.exr" here.
    assert to_server_path("/mnt/proj/a.exr") == "/mnt/proj/a.exr"


def test_relative_path_is_joined_to_base_dir_not_truncated():
    # The SDK gives "el/a.png" for "rel/a.png".
    assert to_server_path("rel/a.png", base_dir="/mnt/proj") == "/mnt/proj/rel/a.png"
    assert to_server_path("rel\\a.png", base_dir="D:\\proj") == "/D/proj/rel/a.png"
    assert to_server_path("./tex/../tex/a.png", base_dir="D:/proj/scenes") == "/D/proj/scenes/tex/a.png"


def test_windows_paths_map_the_same_on_any_os():
    # Pure string logic: these run on Linux here and must not touch os.path.
    assert to_server_path("d:\\Proj\\Tex\\A.JPG") == "/D/Proj/Tex/A.JPG"
    assert to_server_path("D:\\proj\\\\tex//a.jpg") == "/D/proj/tex/a.jpg"
    assert to_server_path("D:/Maya2/Head//cache/alembic/Nymph.abc") == "/D/Maya2/Head/cache/alembic/Nymph.abc"
    assert to_server_path("D:\\") == "/D"


def test_dotdot_is_collapsed_and_never_climbs_above_the_root():
    assert to_server_path("D:/proj/scenes/../tex/a.png") == "/D/proj/tex/a.png"
    assert to_server_path("D:/../../a.png") == "/D/a.png"
    assert to_server_path("/mnt/../../x") == "/x"
    assert to_server_path("//srv/share/../../x") == "/srv/share/x"
    assert to_server_path("../../../up.png", base_dir="/mnt/p") == "/up.png"


def test_unc_forms_and_long_path_prefixes():
    assert to_server_path("\\\\srv\\share") == "/srv/share"
    assert to_server_path("\\/srv/share\\x") == "/srv/share/x"
    assert to_server_path("\\\\?\\C:\\very\\long\\path.exr") == "/C/very/long/path.exr"
    assert to_server_path("\\\\?\\UNC\\srv\\share\\a.exr") == "/srv/share/a.exr"


def test_unicode_and_spaces_are_kept_verbatim():
    assert to_server_path("D:/Проекты/сцена 1/текстура.png") == "/D/Проекты/сцена 1/текстура.png"
    assert to_server_path("E:\\项目\\贴图 a.jpg") == "/E/项目/贴图 a.jpg"
    assert to_server_path("/mnt/my proj/ä ö.exr") == "/mnt/my proj/ä ö.exr"
    assert (
        to_server_path("C:/Houdini Projects/figurebuildmain.abc") == "/C/Houdini Projects/figurebuildmain.abc"
    )


def test_posix_backslash_is_a_file_name_character():
    assert to_server_path("/mnt/odd\\name.exr") == "/mnt/odd\\name.exr"


def test_blender_double_slash_is_relative_to_base_dir():
    assert (
        to_server_path("//textures/wood.png", base_dir="D:/shots/sh010") == "/D/shots/sh010/textures/wood.png"
    )
    assert (
        to_server_path("//..\\lib\\props.blend", base_dir="/mnt/shots/sh010") == "/mnt/shots/lib/props.blend"
    )
    assert to_server_path("//", base_dir="/mnt/shots") == "/mnt/shots"


def test_double_slash_without_base_dir_or_with_flag_off_is_unc():
    assert to_server_path("//srv/share/x") == "/srv/share/x"
    assert to_server_path("//srv/share/x", base_dir="/mnt/proj", blender_relative=False) == "/srv/share/x"
    # Backslash UNC is never Blender-relative.
    assert to_server_path("\\\\srv\\share\\x", base_dir="/mnt/proj") == "/srv/share/x"


@pytest.mark.parametrize(
    ("local", "fragment"),
    [
        ("", "empty"),
        ("D:/a\x00b.png", "U+0000"),
        ("D:/a\nb.png", "U+000A"),
        ("C:foo\\bar.png", "relative to the current directory of drive C"),
        ("C:", "relative to the current directory of drive C"),
        ("tex/a.png", "no base directory"),
        ("\\proj\\a.png", "no drive letter"),
        ("http://example.com/a.png", "URL"),
        ("\\\\.\\PhysicalDrive0", "device"),
        ("\\\\\\srv\\share", "malformed UNC"),
        ("//../share", "host or share"),
    ],
)
def test_bad_input_raises_a_path_error_naming_the_path(local, fragment):
    with pytest.raises(PathError) as caught:
        to_server_path(local)
    message = str(caught.value)
    assert fragment in message
    if local:
        assert repr(local) in message


def test_path_error_is_a_farmhand_error_and_a_value_error():
    with pytest.raises(FarmhandError):
        to_server_path("")
    with pytest.raises(ValueError):
        to_server_path("C:x")


def test_non_string_and_relative_base_dir_are_rejected():
    with pytest.raises(PathError, match="must be a string"):
        to_server_path(None)  # type: ignore[arg-type]
    with pytest.raises(PathError, match="base directory 'proj' .* is not absolute"):
        to_server_path("a.png", base_dir="proj")


def test_mapping_is_idempotent_on_its_own_output():
    for local, _ in FOX_TABLE:
        once = to_server_path(local)
        assert to_server_path(once) == once
