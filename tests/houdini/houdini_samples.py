"""Helpers for the Houdini tests: the public sample scenes and a re-encoder for the masked containers."""

from __future__ import annotations

import os
from typing import List

import pytest

from farmhand.scenes.hip_container import MASKED_CONSTANT, NAMESIZE_MASK, Record, name_hash, read_archive

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(os.path.dirname(ROOT), "shared", "samples", "houdini")


def sample(name: str) -> str:
    path = os.path.join(SAMPLES, name)
    if not os.path.isfile(path):
        pytest.skip(f"public sample {name} is not available in {SAMPLES}")
    return path


def sample_bytes(name: str) -> bytes:
    with open(sample(name), "rb") as handle:
        return handle.read()


def sample_records(name: str) -> List[Record]:
    return read_archive(sample_bytes(name), name).records


def encode_masked(records: List[Record], magic: bytes, trailer: str, mtime: int = 1700000000) -> bytes:
    """Writes records in the .hipnc/.hiplc layout documented in scene-formats.md section 2.1."""
    out = bytearray()
    for record in records + [Record(trailer, b"")]:
        name = record.name.encode()
        header = magic + MASKED_CONSTANT
        header += b"%05x" % ((len(name) + 1) ^ NAMESIZE_MASK)
        header += b"%09x" % mtime
        header += b"%09x" % (len(record.body) ^ name_hash(name))
        out += header + name + b"\0" + record.body
    return bytes(out)
