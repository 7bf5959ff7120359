"""Properties (hypothesis): to_server_path over arbitrary strings, resolve over random sequences on disk."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from farmhand.paths import PathError, normalize, resolve, substitute_frame, to_server_path

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


@settings(max_examples=60, deadline=None)
@given(
    st.sets(st.integers(-20, 120), max_size=25),
    st.sets(st.integers(-20, 120), max_size=25),
    st.sampled_from(["shot.$F4.exr", "shot.####.exr", "shot.%04d.exr", "shot.<f>.exr", "shot.<frame04>.exr"]),
)
def test_resolve_reports_exactly_the_submitted_frames(on_disk, submitted, pattern):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder).as_posix()
        for frame in on_disk:
            Path(folder, substitute_frame(pattern, frame)).write_bytes(b"")
        result = resolve(pattern, base_dir=base, frames=sorted(submitted))
        if not submitted:
            expected_files = on_disk
            assert result.missing == ([] if on_disk else [f"{base}/{pattern}"])
        else:
            expected_files = on_disk & submitted
            assert result.missing == sorted(
                f"{base}/{substitute_frame(pattern, f)}" for f in submitted - on_disk
            )
        assert result.files == sorted(f"{base}/{substitute_frame(pattern, f)}" for f in expected_files)
        assert result.unresolved == []
