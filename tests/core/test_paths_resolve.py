"""resolve / resolve_dependency against real files in tmp_path and the public sample folders."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from farmhand.model import Dependency
from farmhand.paths import PathError, Resolution, resolve, resolve_dependency

# The module, not the function of the same name that farmhand.paths re-exports.
resolve_module = importlib.import_module("farmhand.paths.resolve")
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")
posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX machine behaviour")


def touch(folder: Path, *names: str) -> Path:
    for name in names:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"x")
    return folder


def posix(path: Path) -> str:
    return path.as_posix()


def test_houdini_sequence_resolves_exactly_the_submitted_frames(tmp_path):
    # On disk: 1-10 except 4 and 7.  Submitted: 1-5 and 7.  Frame 6 exists but is not submitted.
    touch(tmp_path, *(f"render/beauty.{f:04d}.exr" for f in range(1, 11) if f not in (4, 7)))
    result = resolve(
        "$HIP/render/beauty.$F4.exr", frames=[1, 2, 3, 4, 5, 7], variables={"HIP": posix(tmp_path)}
    )
    render = posix(tmp_path / "render")
    assert result.files == [f"{render}/beauty.{f:04d}.exr" for f in (1, 2, 3, 5)]
    assert result.missing == [f"{render}/beauty.0004.exr", f"{render}/beauty.0007.exr"]
    assert result.unresolved == []


def test_not_just_the_current_frame(tmp_path):
    # Deadline Cloud for Houdini #125: $F4 uploaded only the current frame.
    touch(tmp_path, *(f"geo/cache.{f:04d}.bgeo.sc" for f in range(1, 101)))
    result = resolve("geo/cache.$F4.bgeo.sc", base_dir=posix(tmp_path), frames=range(1, 101))
    assert len(result.files) == 100
    assert result.missing == []


def test_without_frames_every_member_on_disk_is_taken_with_strict_padding(tmp_path):
    touch(
        tmp_path,
        "seq/plate.0001.exr",
        "seq/plate.0002.exr",
        "seq/plate.12345.exr",  # padding overflows: still a valid %04d spelling
        "seq/plate.001.exr",  # wrong padding
        "seq/plate.0001.exr.bak",
        "seq/plate.abcd.exr",
        "seq/plate..exr",
    )
    result = resolve("seq/plate.%04d.exr", base_dir=posix(tmp_path))
    seq = posix(tmp_path / "seq")
    assert result.files == [f"{seq}/plate.0001.exr", f"{seq}/plate.0002.exr", f"{seq}/plate.12345.exr"]
    assert result.missing == []


def test_sequence_with_nothing_on_disk_is_missing_with_its_token_kept(tmp_path):
    result = resolve("seq/plate.$F4.exr", base_dir=posix(tmp_path))
    assert result == Resolution([], [posix(tmp_path / "seq/plate.$F4.exr")], [])


def test_blender_hash_run_and_double_slash(tmp_path):
    touch(tmp_path, "render/shot_0001.png", "render/shot_0003.png")
    result = resolve("//render/shot_####.png", base_dir=posix(tmp_path), frames=[1, 2, 3])
    render = posix(tmp_path / "render")
    assert result.files == [f"{render}/shot_0001.png", f"{render}/shot_0003.png"]
    assert result.missing == [f"{render}/shot_0002.png"]


def test_printf_maya_and_vray_frame_tokens(tmp_path):
    touch(
        tmp_path, "a/plate.0005.exr", "b/seq.5.png", "c/seq.0005.png", "d/proxy_0005.vrmesh", "e/r.0005.tex"
    )
    base = posix(tmp_path)
    assert resolve("a/plate.%04d.exr", base_dir=base, frames=[5]).files == [f"{base}/a/plate.0005.exr"]
    # Maya's <f> follows the padding of the files on disk.
    assert resolve("b/seq.<f>.png", base_dir=base, frames=[5]).files == [f"{base}/b/seq.5.png"]
    assert resolve("c/seq.<f>.png", base_dir=base, frames=[5]).files == [f"{base}/c/seq.0005.png"]
    # V-Ray <frame04> (Deadline Cloud for Maya #351) and RenderMan <f4>.
    assert resolve("d/proxy_<frame04>.vrmesh", base_dir=base, frames=[5]).files == [
        f"{base}/d/proxy_0005.vrmesh"
    ]
    assert resolve("e/r.<f4>.tex", base_dir=base, frames=[5, 6]).missing == [f"{base}/e/r.0006.tex"]


def test_any_padding_token_does_not_confuse_frames(tmp_path):
    touch(tmp_path, "seq.15.png", "seq.005.png", "seq.50.png")
    base = posix(tmp_path)
    assert resolve("seq.<f>.png", base_dir=base, frames=[5]).files == [f"{base}/seq.005.png"]
    assert resolve("seq.<f>.png", base_dir=base, frames=[0]).missing == [f"{base}/seq.0.png"]


def test_negative_frames_accept_either_sign_convention_on_disk(tmp_path):
    touch(tmp_path, "blender.-0005.png", "max.-005.png")
    base = posix(tmp_path)
    assert resolve("blender.####.png", base_dir=base, frames=[-5]).files == [f"{base}/blender.-0005.png"]
    assert resolve("max.####.png", base_dir=base, frames=[-5]).files == [f"{base}/max.-005.png"]
    assert resolve("none.####.png", base_dir=base, frames=[-5]).missing == [f"{base}/none.-0005.png"]


def test_two_frame_tokens_in_one_name_must_agree(tmp_path):
    touch(tmp_path, "cache.0001.01.bgeo", "cache.0001.02.bgeo", "cache.0002.02.bgeo", "cache.0003.3.bgeo")
    base = posix(tmp_path)
    result = resolve("cache.$F4.$F2.bgeo", base_dir=base)
    assert result.files == [f"{base}/cache.0001.01.bgeo", f"{base}/cache.0002.02.bgeo"]


def test_frame_token_in_a_folder(tmp_path):
    touch(tmp_path, "cache/0001/data.bgeo", "cache/0002/data.bgeo")
    base = posix(tmp_path)
    result = resolve("cache/$F4/data.bgeo", base_dir=base, frames=[1, 2, 3])
    assert result.files == [f"{base}/cache/0001/data.bgeo", f"{base}/cache/0002/data.bgeo"]
    assert result.missing == [f"{base}/cache/0003/data.bgeo"]


def test_udim_tiles_found_by_strict_glob_including_gaps(tmp_path):
    touch(
        tmp_path,
        *(f"tex/skin.{tile}.png" for tile in (1001, 1002, 1005, 1011, 1102)),
        "tex/skin.1000.png",  # not a UDIM
        "tex/skin.0999.png",
        "tex/skin.10010.png",
        "tex/skin.1001a.png",
        "tex/skin.1001.png.bak",
    )
    result = resolve("tex/skin.<UDIM>.png", base_dir=posix(tmp_path))
    tex = posix(tmp_path / "tex")
    assert result.files == [f"{tex}/skin.{tile}.png" for tile in (1001, 1002, 1005, 1011, 1102)]
    assert result.missing == []


def test_udim_with_no_tile_on_disk_is_missing_not_dropped(tmp_path):
    # Deadline Cloud for Blender PR #337: <UDIM> paths were filtered out as "not existing".
    result = resolve("tex/skin.<UDIM>.png", base_dir=posix(tmp_path))
    assert result.missing == [posix(tmp_path / "tex/skin.<UDIM>.png")]
    assert result.files == []


@pytest.mark.parametrize(
    ("pattern", "names"),
    [
        ("skin.<UVTILE>.png", ["skin.u1_v1.png", "skin.u2_v1.png", "skin.u10_v3.png"]),
        ("skin_u<U>_v<V>.png", ["skin_u1_v1.png", "skin_u2_v1.png"]),
        ("skin_u<u>_v<v>.png", ["skin_u0_v0.png", "skin_u1_v0.png"]),
        ("skin.<udim>.tex", ["skin.1001.tex", "skin.1002.tex"]),
        ("skin.%(UDIM)d.rat", ["skin.1001.rat"]),
        ("skin_%(U)02d_%(V)02d.rat", ["skin_01_01.rat", "skin_02_01.rat"]),
        ("skin<tile>.tx", ["skin_u1_v1.tx", "skin_u2_v1.tx"]),
        ("skin_$2U_$2V.exr", ["skin_01_01.exr", "skin_02_01.exr"]),
        ("skin._MAPID_.tex", ["skin.1001.tex", "skin.u1_v1.tex"]),
    ],
)
def test_tile_token_forms(tmp_path, pattern, names):
    touch(tmp_path, *names, "unrelated.png", "skin.png")
    result = resolve(pattern, base_dir=posix(tmp_path))
    assert result.files == sorted(f"{posix(tmp_path)}/{n}" for n in names)


def test_udim_sequence_per_frame(tmp_path):
    touch(tmp_path, "skin.1001.0001.exr", "skin.1002.0001.exr", "skin.1001.0003.exr")
    base = posix(tmp_path)
    result = resolve("skin.<UDIM>.$F4.exr", base_dir=base, frames=[1, 2, 3])
    assert result.files == [
        f"{base}/skin.1001.0001.exr",
        f"{base}/skin.1001.0003.exr",
        f"{base}/skin.1002.0001.exr",
    ]
    assert result.missing == [f"{base}/skin.<UDIM>.0002.exr"]


def test_unresolved_variable_is_kept_and_reported(tmp_path):
    result = resolve("$JOB/tex/a.<UDIM>.png", base_dir=posix(tmp_path), variables={"HIP": posix(tmp_path)})
    assert result == Resolution([], [], ["$JOB"])
    expression = resolve('`chs("../file")`.$F.bgeo', base_dir=posix(tmp_path), frames=[1])
    assert expression.unresolved == ['`chs("../file")`']


def test_plain_files_relative_dotdot_spaces_and_unicode(tmp_path):
    touch(tmp_path, "my proj/tex/wood grain.jpg", "my proj/текстуры/木.png")
    scenes = posix(tmp_path / "my proj" / "scenes")
    assert resolve("../tex/wood grain.jpg", base_dir=scenes).files == [
        posix(tmp_path / "my proj/tex/wood grain.jpg")
    ]
    assert resolve("..\\текстуры\\木.png", base_dir=scenes).files == [
        posix(tmp_path / "my proj/текстуры/木.png")
    ]
    absent = resolve(posix(tmp_path / "my proj/tex/gone.jpg"))
    assert absent == Resolution([], [posix(tmp_path / "my proj/tex/gone.jpg")], [])


def test_frames_are_ignored_for_a_path_without_frame_tokens(tmp_path):
    touch(tmp_path, "a.png")
    assert resolve("a.png", base_dir=posix(tmp_path), frames=[1, 2, 3]).files == [posix(tmp_path / "a.png")]


@posix_only
def test_windows_paths_cannot_exist_on_a_posix_machine():
    assert resolve("D:\\proj\\tex\\a.jpg") == Resolution([], ["D:/proj/tex/a.jpg"], [])
    assert resolve("\\\\srv\\share\\a.jpg").missing == ["\\\\srv\\share\\a.jpg"]
    sequence = resolve("D:/render/a.####.exr", frames=[1, 2])
    assert sequence.missing == ["D:/render/a.0001.exr", "D:/render/a.0002.exr"]
    assert resolve("tex/a.<UDIM>.png", base_dir="D:/proj").missing == ["D:/proj/tex/a.<UDIM>.png"]


def test_posix_paths_cannot_exist_on_a_windows_machine(tmp_path, monkeypatch):
    touch(tmp_path, "a.png")
    monkeypatch.setattr(resolve_module, "_LOCAL_IS_WINDOWS", not resolve_module._LOCAL_IS_WINDOWS)
    # What exists for this OS is foreign to the other one: it is reported missing, never found.
    native = posix(tmp_path / "a.png")
    assert resolve(native).files == []
    assert len(resolve(native).missing) == 1


def test_bad_paths_and_frames_raise(tmp_path):
    with pytest.raises(PathError, match="no base directory"):
        resolve("tex/a.png")
    with pytest.raises(PathError, match="drive C"):
        resolve("C:tex/a.png")
    with pytest.raises(PathError, match="frame 1.5 for path 'a.####.png' is not a whole number"):
        resolve("a.####.png", base_dir=posix(tmp_path), frames=[1.5])
    assert resolve("a.####.png", base_dir=posix(tmp_path), frames=[2.0]).missing == [
        posix(tmp_path / "a.0002.png")
    ]


def test_resolve_dependency_fills_a_copy(tmp_path):
    touch(tmp_path, "tex/a.1001.png", "tex/a.1002.png")
    dep = Dependency(path="//tex/a.<UDIM>.png", node="Image", attribute="filepath", kind="texture")
    resolved = resolve_dependency(dep, base_dir=posix(tmp_path))
    assert resolved.files == [posix(tmp_path / "tex/a.1001.png"), posix(tmp_path / "tex/a.1002.png")]
    assert resolved.exists is True
    assert (resolved.path, resolved.node, resolved.attribute, resolved.kind) == (
        "//tex/a.<UDIM>.png",
        "Image",
        "filepath",
        "texture",
    )
    assert dep.files == [] and dep.exists is False


def test_resolve_dependency_exists_only_when_nothing_is_missing(tmp_path):
    touch(tmp_path, "seq.0001.png")
    dep = Dependency(path="seq.####.png", low_confidence={"kind": "guessed"})
    partial = resolve_dependency(dep, base_dir=posix(tmp_path), frames=[1, 2])
    assert partial.files and partial.missing and partial.exists is False
    unresolved = resolve_dependency(Dependency(path="$JOB/a.png"), base_dir=posix(tmp_path))
    assert unresolved.unresolved == ["$JOB"] and unresolved.exists is False
    assert partial.low_confidence == {"kind": "guessed"} and partial.low_confidence is not dep.low_confidence


def test_resolve_dependency_records_a_bad_path_instead_of_raising():
    resolved = resolve_dependency(Dependency(path="tex/a.png", node="file1", attribute="ftn"))
    assert resolved.unresolved == ["tex/a.png"]
    assert "no base directory" in resolved.low_confidence["path"]
    assert resolved.exists is False
    empty = resolve_dependency(Dependency(path=""))
    assert empty.unresolved == ["(empty path)"] and "empty" in empty.low_confidence["path"]


def test_a_variable_that_expands_to_a_unc_path_is_not_blender_relative(tmp_path):
    result = resolve("$JOB/a.png", base_dir=posix(tmp_path), variables={"JOB": "//srv/share"})
    assert result.missing == ["\\\\srv\\share\\a.png"] or os.name == "nt"


@needs_samples
def test_public_blender_samples_udim_and_image_sequence():
    base = (SAMPLES / "blender" / "bat-blendfiles").as_posix()
    udim = resolve("//udim/cube_UDIM.color.<UDIM>.png", base_dir=base)
    assert [os.path.basename(f) for f in udim.files] == [
        f"cube_UDIM.color.{t}.png" for t in (1001, 1002, 1003)
    ]
    sequence = resolve("//imgseq/######.png", base_dir=base, frames=range(209, 216))
    assert [os.path.basename(f) for f in sequence.files] == [f"{f:06d}.png" for f in range(210, 215)]
    assert [os.path.basename(f) for f in sequence.missing] == ["000209.png", "000215.png"]


@needs_samples
def test_public_maya_udim_sample_rebuilt_pattern():
    # scene-formats.md §1.4: Maya stores one concrete tile; the reader rebuilds <UDIM> and globs.
    folder = (SAMPLES / "maya/maya-usd/lib/usd/translators/UsdExportImportUDIMTest").as_posix()
    result = resolve("UdimTest_<UDIM>_color.png", base_dir=folder, blender_relative=False)
    assert [os.path.basename(f) for f in result.files] == [
        f"UdimTest_{t}_color.png" for t in (1001, 1002, 1003)
    ]
