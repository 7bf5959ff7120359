"""Expression evaluation on parsed sample nodes: what is evaluated, what is reported."""

from __future__ import annotations

from houdini_samples import sample, sample_bytes

from farmhand.scenes.hip_container import read_archive
from farmhand.scenes.hip_expressions import Evaluator, scene_variables
from farmhand.scenes.hip_records import build_graph


def _evaluator(name):
    path = sample(name)
    graph = build_graph(read_archive(sample_bytes(name), path), path)
    return graph, Evaluator(graph, scene_variables(graph, path))


def test_fstart_fend_come_from_frange_not_the_stale_cached_value():
    graph, evaluator = _evaluator("vertex_animation_textures.3.0.pdg.hip")
    node = graph.node("/obj/destruction/topnet1/cache_sim")
    assert node.parms["f"].values[:2] == ["0", "0"]  # cached values saved in the file
    assert evaluator.number(node, "f", 0) == (1.0, "")  # expr $FSTART, frange 1 120
    assert evaluator.number(node, "f", 1) == (120.0, "")


def test_ch_reference_and_arithmetic():
    graph, evaluator = _evaluator("vertex_animation_textures.3.0.pdg.hip")
    node = graph.node("/obj/destruction/load_cache")
    # .chn: index = $FF-ch("f1"); $FF is a frame variable, so it is not evaluable offline
    value, reason = evaluator.number_expression(node, '$FSTART + ch("f1") * 2')
    assert (value, reason) == (1.0 + 1.0 * 2, "")
    value, reason = evaluator.number_expression(node, '$FF-ch("f1")')
    assert value is None and "$FF" in reason


def test_chs_in_backticks_is_followed_to_the_other_node():
    graph, evaluator = _evaluator("vertex_animation_textures.3.0.pdg.hip")
    node = graph.node("/obj/destruction/topnet1/cache_sim")
    value = evaluator.string(node, "sopoutput")
    assert value.value == "`@out_path`/rbd_sim.$F.bgeo.sc"
    assert "@out_path" in value.unresolved


def test_python_and_multiline_expressions_are_not_guessed():
    graph, evaluator = _evaluator("loop_volume.1.0.hip")
    node = graph.node("/obj/bonfire/pyro_sim")
    value = evaluator.string(node, "sopoutput")  # an HScript block calling chs()
    assert value.unresolved and "cannot be evaluated without Houdini" in value.unresolved


def test_userdata_records_are_read():
    graph, _ = _evaluator("loop_volume.1.0.hip")
    # .userdata is binary: u32 count, then u16-sized key, u32 type 3 (string), u16-sized value
    assert graph.node("/obj").userdata == {"___Version___": "20.0.506"}
    assert graph.node("/obj/bonfire/pyro_sim").userdata == {"___Version___": ""}
