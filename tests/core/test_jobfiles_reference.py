"""Job files against the examples in renderbus-protocol.md §10.4-10.8.

Each test rebuilds the reference example's scene as a SceneDescription and
checks that Farmhand writes exactly the block the reference shows.
"""

from __future__ import annotations

import json

from farmhand.jobfiles import build_job, write_job
from farmhand.model import Dependency, RenderUnit, SceneDescription
from farmhand.options import JobOptions

ALL_CAMERAS = [
    "stereoCameraRightShape",
    "stereoCameraLeftShape",
    "stereoCameraCenterCamShape",
    "perspShape",
    "cameraShape2",
    "cameraShape1",
]


def maya_layer(name, cameras):
    return RenderUnit(
        name=name,
        kind="layer",
        frames="1-10[1]",
        cameras=cameras,
        all_cameras=ALL_CAMERAS,
        width=960,
        height=540,
        image_format="exr",
        renderer="mentalRay",
        settings={"animation": False, "renumber_frames": False},
    )


def test_maya_scene_info_render_is_keyed_by_layer(tmp_path):
    scene_file = tmp_path / "shot.ma"
    scene_file.write_text("//Maya ASCII 2019 scene\n")
    scene = SceneDescription(
        host="maya",
        host_version="2019",
        scene_file=str(scene_file),
        plugins={"mtoa": "3.2.1.1"},
        units=[
            maya_layer("defaultRenderLayer", ["cameraShape1"]),
            maya_layer("mut", ["cameraShape1", "stereoCameraLeftShape"]),
        ],
    )
    task = build_job(scene).task
    assert task["scene_info_render"]["defaultRenderLayer"] == {
        "renderable": "1",
        "env": {},
        "is_default_camera": "1",
        "option": "",
        "common": {
            "image_format": "exr",
            "image_file_prefix": "",
            "renderer": "mentalRay",
            "width": "960",
            "height": "540",
            "start": "1",
            "end": "10",
            "by_frame": "1",
            "frames": "1-10[1]",
            "animation": "False",
            "renumber_frames": "False",
            "all_camera": ALL_CAMERAS,
            "render_camera": ["cameraShape1"],
        },
    }
    assert task["scene_info_render"]["mut"]["common"]["render_camera"] == [
        "cameraShape1",
        "stereoCameraLeftShape",
    ]
    assert task["software_config"] == {
        "cg_name": "Maya",
        "cg_version": "2019",
        "plugins": {"mtoa": "3.2.1.1"},
    }
    assert task["task_info"]["cg_id"] == "2000"
    assert task["task_info"]["enable_layered"] == "1"


def test_task_info_has_every_template_key_as_strings(tmp_path):
    scene_file = tmp_path / "shot.ma"
    scene_file.write_text("x")
    scene = SceneDescription(
        host="maya", scene_file=str(scene_file), units=[maya_layer("defaultRenderLayer", ["c"])]
    )
    info = build_job(scene).task["task_info"]
    template = {
        "enable_layered",
        "input_cg_file",
        "is_picture",
        "task_id",
        "frames_per_task",
        "pre_frames",
        "job_stop_time",
        "task_stop_time",
        "time_out",
        "stop_after_test",
        "project_name",
        "project_id",
        "channel",
        "cg_id",
        "platform",
        "tiles_type",
        "tiles",
        "is_layer_rendering",
        "is_distribute_render",
        "distribute_render_node",
        "input_project_path",
        "render_layer_type",
        "user_id",
        "os_name",
        "ram",
        "hardwareConfigId",
        "hardwareConfigIds",
        "graphics_cards_num",
    }
    assert template <= set(info)
    for key, value in info.items():
        if key == "hardwareConfigIds":
            assert all(isinstance(item, str) for item in value)
        else:
            assert isinstance(value, str), key
    defaults = {
        "pre_frames": "000",
        "job_stop_time": "259200",
        "task_stop_time": "0",
        "time_out": "43200",
        "stop_after_test": "2",
        "channel": "4",
        "tiles_type": "block",
        "tiles": "1",
        "ram": "64",
        "graphics_cards_num": "2",
        "is_layer_rendering": "1",
    }
    assert {key: info[key] for key in defaults} == defaults


def test_houdini_rop_geo_and_distributed_lists(tmp_path):
    scene_file = tmp_path / "flip.hip"
    scene_file.write_text("x")
    units = [
        RenderUnit(
            name="/out/mantra1",
            kind="rop",
            node_type="ifd",
            option=-1,
            frames="1-10[1]",
            cameras=["/obj/cam1"],
            width=1280,
            height=720,
            depends_on=["/out/filecache1"],
        ),
        RenderUnit(name="/out/filecache1", kind="rop", node_type="filecache", option=0, frames="1-240[1]"),
        RenderUnit(
            name="/out/distributedsim",
            kind="rop",
            node_type="distributedsim",
            option=1,
            enabled=False,
            frames="1-240[1]",
            settings={
                "output_driver": "/obj/distribute_flattank/save_slices",
                "simControlName": "/obj/flattank_sim/DISTRIBUTE_flattank_CONTROLS",
                "output_file": "/geo/flip_test_slice4.flattank.0.1.bgeo.sc",
                "num_slices": "4",
                "sliceType": "particle",
            },
        ),
    ]
    scene = SceneDescription(host="houdini", host_version="16.5.268", scene_file=str(scene_file), units=units)
    job = build_job(scene, JobOptions())
    render = job.task["scene_info_render"]
    assert render["rop_node"] == [
        {
            "node": "/out/mantra1",
            "frames": "1-10[1]",
            "option": "-1",
            "render": "1",
            "height": "720",
            "width": "1280",
        }
    ]
    assert render["geo_node"] == [
        {
            "node": "/out/filecache1",
            "frames": "1-240[1]",
            "option": "0",
            "render": "1",
            "geoDependencySort": "1",
        }
    ]
    assert render["distributedsim_node"] == [
        {
            "node": "/out/distributedsim",
            "output_driver": "/obj/distribute_flattank/save_slices",
            "render": "0",
            "simControlName": "/obj/flattank_sim/DISTRIBUTE_flattank_CONTROLS",
            "output_file": "/geo/flip_test_slice4.flattank.0.1.bgeo.sc",
            "num_slices": "4",
            "option": "1",
            "frames": "1-240[1]",
            "sliceType": "particle",
        }
    ]
    info = job.task["task_info"]
    assert (info["cg_id"], info["multi_node"], info["geo_node_dependency"]) == ("2004", "0", "1")
    assert job.task["software_config"] == {"cg_name": "Houdini", "cg_version": "16.5.268", "plugins": {}}


def test_max_common_and_renderer(tmp_path):
    scene_file = tmp_path / "jh.max"
    scene_file.write_bytes(b"max")
    unit = RenderUnit(
        name="render",
        kind="render",
        frames="0",
        width=640,
        height=480,
        output="E:/3D_Scene/Max/jh/output/1/jh_out.rla",
        renderer="scanline",
        cameras=["Camera001"],
        all_cameras=["Camera001", "Camera002"],
        settings={
            "rend_timeType": "1",
            "animation_range": "0-100",
            "element_active": "1",
            "element_type": ".rla",
            "element_list": ["VRayAlpha", "VRayAtmosphere"],
            "element_path_list": ["jh_out_VRayAlpha.rla", "jh_out_VRayAtmosphere.rla"],
            "gamma": "1",
            "renderer_class": "scanline",
            "renderer_orign": "Default_Scanline_Renderer",
            "Faces": "3784",
            "Vertices": "1914",
            "Peak_Memory": "702.758",
        },
    )
    scene = SceneDescription(
        host="max",
        host_version="2018",
        scene_file=str(scene_file),
        units=[unit],
        project_root="C:/Users/x/Documents/3dsMax",
    )
    task = build_job(scene).task
    common = task["scene_info_render"]["common"]
    expected = {
        "width": "640",
        "height": "480",
        "output_file": "E:/3D_Scene/Max/jh/output/1/jh_out.rla",
        "output_file_basename": "jh_out",
        "output_file_type": ".rla",
        "all_output_file_type": [".tga", ".tif", ".jpg", ".png", ".exr", ".rla", ".rpf"],
        "all_element_type": [".tga", ".tif", ".jpg", ".png", ".exr", ".rla", ".rpf"],
        "rend_save_file": "true",
        "rend_timeType": "1",
        "frames": "0",
        "animation_range": "0-100",
        "all_camera": ["Camera001", "Camera002"],
        "renderable_camera": ["Camera001"],
        "element_active": "1",
        "element_type": ".rla",
        "element_list": ["VRayAlpha", "VRayAtmosphere"],
        "element_path_list": ["jh_out_VRayAlpha.rla", "jh_out_VRayAtmosphere.rla"],
        "gamma": "1",
        "gamma_val": "2.2",
        "in_gamma": "2.2",
        "out_gamma": "2.2",
        "global_proxy": "false",
        "net_render": "0",
        "is_picture": "0",
        "cgv": "2018",
        "CurrentProjectFolder": "C:/Users/x/Documents/3dsMax",
        "Faces": "3784",
        "Vertices": "1914",
        "Peak_Memory": "702.758",
    }
    assert common == expected
    assert task["scene_info_render"]["renderer"] == {
        "name": "scanline",
        "renderer": "scanline",
        "renderer_orign": "Default_Scanline_Renderer",
    }
    assert task["scene_info"] == task["scene_info_render"]
    assert (task["task_info"]["cg_id"], task["task_info"]["version"], task["task_info"]["os_name"]) == (
        "2001",
        "2",
        "1",
    )
    assert task["task_info"]["enable_layered"] == "0"


def test_blender_common(tmp_path):
    scene_file = tmp_path / "blender_test.blend"
    scene_file.write_bytes(b"BLENDER")
    unit = RenderUnit(
        name="Scene/ViewLayer",
        kind="view_layer",
        frames="1-1[1]",
        width=1024,
        height=1024,
        image_format="OPEN_EXR",
        output="//render/",
        cameras=["Camera"],
        renderer="CYCLES",
        settings={"scene": "Scene", "view_layer": "ViewLayer"},
    )
    scene = SceneDescription(host="blender", host_version="2.81", scene_file=str(scene_file), units=[unit])
    task = build_job(scene).task
    common = task["scene_info_render"]["common"]
    assert {
        k: common[k] for k in ("frames", "width", "height", "Render_Format", "Output_path", "scene_name")
    } == {
        "frames": "1",
        "width": "1024",
        "height": "1024",
        "Render_Format": "OPEN_EXR",
        "Output_path": "//render/",
        "scene_name": ["Scene"],
    }
    assert common["camera_name"] == '<bpy_struct, Object("Camera")>'
    assert task["scene_info"] == task["scene_info_render"]
    assert task["task_info"]["cg_id"] == "2007"


def test_upload_lists_scene_then_assets_with_server_paths(tmp_path):
    scene_file = tmp_path / "proj" / "shot.ma"
    texture = tmp_path / "proj" / "tex" / "a b ü.jpg"
    texture.parent.mkdir(parents=True)
    scene_file.write_text("scene")
    texture.write_bytes(b"jpg")
    dependency = Dependency(
        path="tex/a b ü.jpg",
        files=[str(texture)],
        node="file1",
        attribute="fileTextureName",
        kind="texture",
        exists=True,
    )
    missing = Dependency(
        path="tex/gone.jpg",
        missing=[str(tmp_path / "proj/tex/gone.jpg")],
        node="file2",
        attribute="fileTextureName",
        kind="texture",
    )
    scene = SceneDescription(
        host="maya",
        scene_file=str(scene_file),
        units=[maya_layer("defaultRenderLayer", ["c"])],
        dependencies=[dependency, missing],
    )
    job = build_job(scene)
    upload = job.upload
    assert upload["scene"][0]["local"] == str(scene_file)
    assert upload["scene"][0]["server"] == str(scene_file)  # POSIX paths keep their first character
    assert len(upload["scene"][0]["hash"]) == 32
    assert [entry["local"] for entry in upload["asset"]] == [str(scene_file), str(texture)]
    assert job.asset["missing"] == [str(tmp_path / "proj/tex/gone.jpg")]
    assert job.asset["texture"] == [str(texture)]
    assert job.tips["10012"] and "file2.fileTextureName" in job.tips["10012"][0]

    written = write_job(job, str(tmp_path / "out"))
    assert sorted(written) == ["asset.json", "task.json", "tips.json", "upload.json"]
    text = (tmp_path / "out" / "upload.json").read_text(encoding="utf-8")
    assert "a b ü.jpg" in text and text.startswith('{\n    "scene"')
    assert json.loads(text) == upload
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".tmp-")]


def test_max_scene_entry_is_an_object(tmp_path):
    scene_file = tmp_path / "jh.max"
    scene_file.write_bytes(b"max")
    unit = RenderUnit(name="render", kind="render", frames="1", output=str(tmp_path / "o.png"), cameras=["c"])
    scene = SceneDescription(host="max", scene_file=str(scene_file), units=[unit])
    upload = build_job(scene).upload
    assert isinstance(upload["scene"], dict) and upload["scene"]["local"] == str(scene_file)
