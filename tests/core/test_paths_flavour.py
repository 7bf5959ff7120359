"""normalize / join / is_windows_path / is_within: flavour-aware string logic."""

from __future__ import annotations

import pytest

from farmhand.paths import PathError, is_windows_path, is_within, join, normalize


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("d:\\proj\\\\tex\\a.jpg", "D:/proj/tex/a.jpg"),
        ("D:/proj/./tex/../a.jpg", "D:/proj/a.jpg"),
        ("D:/proj/", "D:/proj"),
        ("d:/", "D:/"),
        ("\\\\srv\\share\\x", "//srv/share/x"),
        ("//srv//share/x/", "//srv/share/x"),
        ("/mnt//proj/./a.exr", "/mnt/proj/a.exr"),
        ("/", "/"),
        ("tex\\a.png", "tex/a.png"),
        ("./tex/a.png", "tex/a.png"),
        ("../../tex/a.png", "../../tex/a.png"),
        (".", "."),
        ("D:/tex/a.<UDIM>.$F4.####.png", "D:/tex/a.<UDIM>.$F4.####.png"),
    ],
)
def test_normalize_keeps_the_flavour(path, expected):
    assert normalize(path) == expected
    assert normalize(expected) == expected


def test_normalize_rejects_what_to_server_path_rejects():
    with pytest.raises(PathError, match="drive C"):
        normalize("C:relative")
    with pytest.raises(PathError, match="empty"):
        normalize("")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("D:/a.jpg", True),
        ("d:\\a.jpg", True),
        ("C:relative", True),
        ("\\\\srv\\share", True),
        ("//srv/share/x", True),
        ("\\\\?\\C:\\x", True),
        ("tex\\a.png", True),
        ("/mnt/a.exr", False),
        ("/mnt/odd\\name", False),
        ("tex/a.png", False),
        ("", False),
    ],
)
def test_is_windows_path(path, expected):
    assert is_windows_path(path) is expected


def test_join_uses_the_base_flavour():
    assert join("D:\\proj", "tex\\a.png") == "D:/proj/tex/a.png"
    assert join("D:/proj/scenes", "../tex/a.png") == "D:/proj/tex/a.png"
    assert join("/mnt/proj", "../lib/x.abc") == "/mnt/lib/x.abc"
    assert join("//srv/share", "../../x") == "//srv/share/x"
    assert join("renders", "../x") == "x"
    assert join("a", "../../x") == "../x"


def test_join_with_an_absolute_second_path_returns_it_normalized():
    assert join("/mnt/proj", "D:\\other\\a.png") == "D:/other/a.png"
    assert join("D:/proj", "/mnt/a.png") == "/mnt/a.png"


def test_join_errors_name_the_part():
    with pytest.raises(PathError, match="relative path 'C:x'"):
        join("D:/proj", "C:x")
    with pytest.raises(PathError, match="base path is empty"):
        join("", "a.png")


def test_is_within_windows_is_case_insensitive_posix_is_not():
    assert is_within("D:/Proj/renders/a.exr", "d:\\proj")
    assert is_within("D:/proj", "D:/proj/")
    assert not is_within("D:/project2/a.exr", "D:/proj")
    assert not is_within("E:/proj/a.exr", "D:/proj")
    assert is_within("//SRV/Share/x/y", "//srv/share/x")
    assert is_within("/mnt/proj/renders/a.exr", "/mnt/proj")
    assert not is_within("/mnt/Proj/renders/a.exr", "/mnt/proj")
    assert not is_within("/mnt/projX/a.exr", "/mnt/proj")


def test_is_within_collapses_dotdot_before_comparing():
    assert not is_within("/mnt/proj/../other/a.exr", "/mnt/proj")
    assert is_within("D:/proj/x/../renders", "D:/proj")


def test_is_within_different_flavours_or_bad_paths_are_never_inside():
    assert not is_within("/D/proj/a.exr", "D:/proj")
    assert not is_within("D:/proj/a.exr", "/mnt/proj")
    assert not is_within("C:relative", "C:/")
    assert not is_within("", "/mnt")
