"""Project zips keep relative paths working; downloaded archives cannot write outside their folder."""

from __future__ import annotations

import io
import stat
import tarfile
import zipfile

import pytest

from farmhand.providers.archives import (
    ArchiveError,
    UnsafeArchive,
    archive_layout,
    pack_project,
    safe_extract,
)


def _zip(path, entries):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "frames/../../evil.txt",
        "/etc/evil.txt",
        "C:/evil.txt",
        "C:evil.txt",
        "..\\evil.txt",
        "\\\\server\\x",
    ],
)
def test_escaping_entries_are_refused_and_nothing_is_written(tmp_path, name):
    archive = _zip(tmp_path / "out.zip", [("frames/0001.png", b"ok"), (name, b"evil")])
    with pytest.raises(UnsafeArchive, match="refusing archive entry"):
        safe_extract(str(archive), str(tmp_path / "dest"))
    assert not list((tmp_path / "dest").rglob("*"))
    assert not (tmp_path / "evil.txt").exists()


def test_symlink_entries_are_refused(tmp_path):
    link = zipfile.ZipInfo("frames/link")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = _zip(tmp_path / "out.zip", [(link, b"/etc/passwd")])
    with pytest.raises(UnsafeArchive, match="not a regular file"):
        safe_extract(str(archive), str(tmp_path / "dest"))


def test_tar_links_are_refused(tmp_path):
    path = tmp_path / "out.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("frames/link")
        info.type = tarfile.SYMTYPE
        info.linkname = "../../etc/passwd"
        archive.addfile(info)
    with pytest.raises(UnsafeArchive):
        safe_extract(str(path), str(tmp_path / "dest"))


def test_a_symlinked_folder_in_the_destination_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "frames").symlink_to(outside, target_is_directory=True)
    archive = _zip(tmp_path / "out.zip", [("frames/0001.png", b"x")])
    with pytest.raises(UnsafeArchive, match="resolves outside"):
        safe_extract(str(archive), str(dest))
    assert not list(outside.iterdir())


def test_good_zip_and_tar_unpack(tmp_path):
    archive = _zip(tmp_path / "out.zip", [("job/0001.png", b"one"), ("job/sub/0002.png", b"two")])
    files = safe_extract(str(archive), str(tmp_path / "dest"))
    assert sorted(p.replace(str(tmp_path / "dest"), "") for p in files) == [
        "/job/0001.png",
        "/job/sub/0002.png",
    ]
    path = tmp_path / "out.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("t/0003.exr")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"abc"))
    assert (
        (tmp_path / "dest2" / "t" / "0003.exr").read_bytes() == b"abc"
        if safe_extract(str(path), str(tmp_path / "dest2"))
        else False
    )


def test_damaged_archive_is_a_clear_error(tmp_path):
    archive = _zip(tmp_path / "out.zip", [("job/0001.png", b"x" * 1000)])
    data = bytearray(archive.read_bytes())
    data[40:60] = b"\0" * 20
    archive.write_bytes(bytes(data))
    with pytest.raises(ArchiveError):
        safe_extract(str(archive), str(tmp_path / "dest"))


def test_layout_keeps_the_scene_where_its_relative_paths_point(tmp_path):
    """A texture above the scene's folder (//../tex) moves the root up; the scene stays one level down."""
    scene = tmp_path / "p" / "shots" / "a.blend"
    texture = tmp_path / "p" / "tex" / "wood.png"
    for path in (scene, texture):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    root, members = archive_layout([str(texture), str(scene)], str(scene))
    assert root == str(tmp_path / "p")
    assert [m for _, m in members] == ["shots/a.blend", "tex/wood.png"]
    assert pack_project([str(texture)], str(scene), str(tmp_path / "a.zip")) == "shots/a.blend"
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.namelist() == ["shots/a.blend", "tex/wood.png"]
