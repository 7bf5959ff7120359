"""The offline reader over blender-asset-tracer's own test files (Blender 2.79-3.x, in ../shared/samples)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import SAMPLES, dependencies_view, scene_view, units_view

from farmhand.scenes import SceneReadError, blender_subprocess, read_scene

pytestmark = pytest.mark.blender  # real bpy, in this process or a child


def sample(name: str) -> str:
    return os.path.join(SAMPLES, name)


def only(scene, kind):
    found = [dep for dep in scene.dependencies if dep.kind == kind]
    assert len(found) == 1, [dep.path for dep in scene.dependencies]
    return found[0]


def names(paths):
    return [os.path.basename(path) for path in paths]


def test_udim_tiles():
    dep = only(read_scene(sample("udim/v01_UDIM_BAT_debugging.blend")), "texture")
    assert dep.path == "//cube_UDIM.color.<UDIM>.png"
    assert names(dep.files) == [f"cube_UDIM.color.{tile}.png" for tile in (1001, 1002, 1003)]


def test_image_sequence_in_the_sequencer():
    scene = read_scene(sample("image_sequencer.blend"))
    strip = next(dep for dep in scene.dependencies if dep.path == "//imgseq/000210.png")
    assert names(strip.files) == [f"000{n}.png" for n in range(210, 215)]
    assert strip.node == 'bpy.data.scenes["Scene"].sequence_editor.strips_all["000210.png"]'
    assert strip.attribute == "directory" and strip.exists
    movie = [dep for dep in scene.dependencies if dep.kind == "movie"]
    assert movie and all(dep.missing and not dep.files for dep in movie)


def test_alembic_sequence_over_the_submitted_frames():
    dep = only(read_scene(sample("alembic-sequence-user.blend"), frames="30-35"), "cache")
    assert names(dep.files) == [f"clothsim.0{n}.abc" for n in range(30, 36)] and not dep.missing
    whole = only(read_scene(sample("alembic-sequence-user.blend")), "cache")
    assert len(whole.files) == 6 and len(whole.missing) == 41 - 6  # the scene renders 0-40


def test_vdb_smoke_cache_and_particle_point_caches():
    smoke = only(read_scene(sample("T55542-smoke/smoke_cache_vdb.blend")), "cache")
    assert smoke.path == "//blendcache_smoke_cache_vdb/536D6F6B6520446F6D61696E_######_00.vdb"
    assert len(smoke.files) == 10 and smoke.node == 'bpy.data.objects["Smoke Domain"].modifiers["Smoke"]'
    particles = only(read_scene(sample("T55539-particles/particle.blend")), "cache")
    assert particles.attribute == "point_cache" and len(particles.files) == 27
    assert all(name.endswith("_01.bphys") for name in names(particles.files))


def test_multires_and_mesh_cache_files():
    btx = only(read_scene(sample("multires_external.blend")), "cache")
    assert (btx.node, names(btx.files)) == ('bpy.data.meshes["Cube"]', ["Cube.btx"])
    mdd = only(read_scene(sample("meshcache-user.blend")), "cache")
    assert (mdd.node, names(mdd.files)) == (
        'bpy.data.objects["Plane"].modifiers["Mesh Cache"]',
        ["meshcache.mdd"],
    )


def test_nested_libraries_are_followed_and_missing_ones_reported():
    scene = read_scene(sample("doubly_linked.blend"))
    libraries = {dep.path: dep for dep in scene.dependencies if dep.kind == "library"}
    assert names(libraries["//linked_cube.blend"].files) == ["linked_cube.blend"]
    assert names(libraries["//basic_file.blend"].files) == ["basic_file.blend"]  # linked by linked_cube
    assert names(libraries["//material_textures.blend"].missing) == ["material_textures.blend"]
    chain = read_scene(sample("geometry-nodes/file_to_pack.blend"))
    assert sorted(names(f for dep in chain.dependencies for f in dep.files)) == [
        "node_lib.blend",
        "object_lib.blend",
    ]
    cycle = read_scene(sample("recursive_dependency_1.blend"))
    assert names(only(cycle, "library").files) == ["recursive_dependency_2.blend"]


def test_absolute_font_path_missing_here():
    font = only(read_scene(sample("with_font.blend")), "font")
    assert font.path == "/usr/share/fonts/truetype/hack/Hack-Bold.ttf"
    assert font.missing == [font.path] and not font.exists


def test_render_settings_of_a_27x_file():
    scene = read_scene(sample("T55539-particles/particle.blend"))
    assert scene.host_version == "2.79" and "host_version" in scene.low_confidence
    (unit,) = scene.units
    assert (unit.name, unit.enabled, unit.frames, unit.renderer) == (
        "Scene/RenderLayer",
        True,
        "1-250[1]",
        "BLENDER_RENDER",
    )
    assert (unit.width, unit.height, unit.cameras) == (1920, 1080, ["Camera"])
    assert unit.settings["resolution_percentage"] == 50 and "renderer" in unit.low_confidence


def test_gzip_and_zstd_compressed_files_are_read():
    for name in (
        "basic_file_compressed.blend",
        "basic_file_compressed_zstd.blend",
        "basic_file_zstandard.blend",
    ):
        scene = read_scene(sample(name))
        assert [unit.name for unit in scene.units] == ["Scene/RenderLayer"]


def test_corrupt_file_gives_a_clear_error_on_both_paths():
    with pytest.raises(SceneReadError, match=r"corrupt_only_magic\.blend.*DNA1"):
        read_scene(sample("corrupt_only_magic.blend"))
    with pytest.raises(SceneReadError, match=r"corrupt_only_magic\.blend"):
        blender_subprocess.read(sample("corrupt_only_magic.blend"))


@pytest.mark.parametrize(
    "name, head",
    [
        ("truncated.blend", None),
        ("bad-zstd.blend", b"\x28\xb5\x2f\xfd" + b"not zstd data" * 4),
        ("bad-gzip.blend", b"\x1f\x8b" + b"not gzip data" * 4),
    ],
)
def test_damaged_files_give_one_clear_error(tmp_path, name, head):
    path = tmp_path / name
    if head is None:
        with open(sample("basic_file.blend"), "rb") as whole:
            head = whole.read(5000)
    path.write_bytes(head)
    with pytest.raises(SceneReadError, match=rf"cannot read .*{name}: "):
        read_scene(str(path))


def test_zstd_file_without_zstandard_names_the_missing_package():
    probe = (
        "import sys; sys.modules['zstandard'] = None\n"
        "from farmhand.scenes import SceneReadError, read_scene\n"
        "try:\n    read_scene(sys.argv[1])\nexcept SceneReadError as exc:\n    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, sample("basic_file_zstandard.blend")], capture_output=True, text=True
    )
    assert "basic_file_zstandard.blend" in done.stdout and "install the 'zstandard' package" in done.stdout


def _as_blender_45_reads_it(scene):
    """Blender 4.5 converts old files on load (engine names), and reports its own version."""
    for unit in scene.units:
        unit.renderer = ""
        unit.low_confidence.pop("renderer", None)
    scene.renderer = scene.host_version = ""
    return scene


@pytest.mark.parametrize(
    "name",
    [
        "udim/v01_UDIM_BAT_debugging.blend",
        "image_sequencer.blend",
        "T55539-particles/particle.blend",
        "multires_external.blend",
        "meshcache-user.blend",
        "doubly_linked.blend",
        "movieclip.blend",
        "ocean_modifier.blend",
        "with_font.blend",
        "alembic-sequence-user.blend",
        "geometry-nodes/file_to_pack.blend",
    ],
)
def test_bpy_fallback_agrees_with_bat_on_samples(name):
    bat = _as_blender_45_reads_it(read_scene(sample(name)))
    bpy = _as_blender_45_reads_it(blender_subprocess.read(sample(name)))
    assert dependencies_view(bpy) == dependencies_view(bat)
    assert units_view(bpy) == units_view(bat)
    assert scene_view(bpy) == scene_view(bat)
