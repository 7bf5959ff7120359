"""Properties of to_server_path over arbitrary strings (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from farmhand.paths import PathError, normalize, to_server_path

# Characters that make paths interesting: both separators, the drive colon, dots, spaces, non-ASCII.
_ALPHABET = st.sampled_from(list("ab/\\:.. D~#<>$%") + ["é", "中", "\x00"])
_PATHS = st.text(_ALPHABET, max_size=24)
_BASES = st.sampled_from([None, "/mnt/proj", "D:\\proj", "//srv/share/p", "rel"])


def _server_or_none(path, base_dir):
    try:
        return to_server_path(path, base_dir=base_dir)
    except PathError:
        return None


@settings(max_examples=400, deadline=None)
@given(_PATHS, _BASES)
def test_result_is_rooted_without_dotdot_and_idempotent(path, base_dir):
    server = _server_or_none(path, base_dir)
    if server is None:
        return
    assert server.startswith("/")
    assert not server.startswith("//")
    assert ".." not in server.split("/")
    assert "." not in server.split("/")
    assert "" not in server.split("/")[1:] or server == "/"
    assert to_server_path(server) == server
    assert to_server_path(server, base_dir=base_dir) == server


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from("cdDZ"),
    st.lists(st.text(st.sampled_from(list("ab c.é")), min_size=1, max_size=5), max_size=5),
)
def test_drive_paths_map_to_the_upper_case_letter_as_first_component(letter, names):
    names = [n for n in names if n not in (".", "..") and n.strip(".")]
    local = f"{letter}:\\" + "\\".join(names)
    assert to_server_path(local) == "/" + "/".join([letter.upper(), *names])
    assert to_server_path(local.replace("\\", "/")) == to_server_path(local)


@settings(max_examples=300, deadline=None)
@given(_PATHS)
def test_normalize_is_idempotent_and_agrees_with_the_server_path(path):
    try:
        once = normalize(path)
    except PathError:
        return
    assert normalize(once) == once
    try:
        assert to_server_path(once) == to_server_path(path)
    except PathError as exc:
        # Only relative paths need a base; they fail for both spellings alike.
        assert "relative" in str(exc)
