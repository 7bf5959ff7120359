from __future__ import annotations

import json
import re

import pytest

from farmhand.model import Dependency, ModelError, RenderUnit, SceneDescription


def sample_scene() -> SceneDescription:
    return SceneDescription(
        host="houdini",
        host_version="20.5.410",
        scene_file="D:/proj/shot.hip",
        renderer="karma",
        project_root="D:/proj",
        plugins={"redshift": "3.5"},
        units=[
            RenderUnit(
                name="/out/karma1",
                kind="rop",
                option=-1,
                frames="1-10[1]",
                cameras=["/obj/cam1"],
                width=1920,
                height=1080,
                output="$HIP/render/$HIPNAME.$F4.exr",
                depends_on=["/out/cache"],
                low_confidence={"frames": "f2 is an expression"},
            ),
            RenderUnit(name="/out/cache", kind="rop", option=0, frames="1-10[1]", enabled=False),
        ],
        dependencies=[
            Dependency(
                path="$HIP/tex/wood.<UDIM>.exr",
                files=["D:/proj/tex/wood.1001.exr"],
                node="/mat/wood",
                attribute="file",
                kind="texture",
                exists=True,
                unresolved=[],
            ),
        ],
        cameras=["/obj/cam1"],
        settings={"fps": 24.0, "nested": {"a": [1, 2]}},
        reader_notes=[
            {"message": "could not evaluate", "node": "/out/karma1", "attribute": "f2", "path": ""}
        ],
    )


def test_json_round_trip_is_lossless():
    scene = sample_scene()
    again = SceneDescription.from_json(scene.to_json())
    assert again == scene
    assert again.to_json() == scene.to_json()


def test_unicode_survives():
    scene = sample_scene()
    scene.scene_file = "D:/项目/镜头 01.hip"
    assert SceneDescription.from_json(scene.to_json()).scene_file == "D:/项目/镜头 01.hip"


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(host="nuke"), "unknown host"),
        (lambda d: d["units"][0].update(width="1920"), "units[0].width: expected int"),
        (lambda d: d["units"][0].update(colour="red"), "units[0]: unknown field(s) colour"),
        (lambda d: d["dependencies"][0].pop("path"), "dependencies[0]"),
        (lambda d: d.update(schema_version=99), "schema_version"),
        (lambda d: d["units"][0].update(enabled="yes"), "units[0].enabled: expected bool"),
    ],
)
def test_bad_descriptions_name_the_field(mutate, message):
    data = json.loads(sample_scene().to_json())
    mutate(data)
    with pytest.raises(ModelError, match=re.escape(message)):
        SceneDescription.from_dict(data)


def test_not_json_is_a_clear_error():
    with pytest.raises(ModelError, match="not valid JSON: .* line 1"):
        SceneDescription.from_json("{nope")


def test_enabled_units_and_lookup():
    scene = sample_scene()
    assert [u.name for u in scene.enabled_units] == ["/out/karma1"]
    assert scene.unit("/out/cache").option == 0
    with pytest.raises(KeyError):
        scene.unit("/out/none")
