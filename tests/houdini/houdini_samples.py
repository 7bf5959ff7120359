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


def encode_cpio(records: List[Record], mtime: int = 1700000000) -> bytes:
    """Writes records as the cpio "odc" archive a commercial .hip is (scene-formats.md section 2.1)."""
    out = bytearray()
    for record in records + [Record("TRAILER!!!", b"")]:
        name = record.name.encode()
        header = b"070707" + b"000000" * 2 + b"%06o" % 0o100644 + b"000000" * 4
        header += b"%011o" % mtime + b"%06o" % (len(name) + 1) + b"%011o" % len(record.body)
        out += header + name + b"\0" + record.body
    return bytes(out)


FLAGS = (
    "flags =  lock off model off template off footprint off xray off bypass {bypass} display off render off "
    "highlight off unload off savedata off compress on colordefault on exposed on"
)


def node_records(
    path: str, node_type: str, parms: dict, inputs=(), bypass=False, channels=None
) -> List[Record]:
    """The records Houdini writes for one node (.init, .def, .parm and, with expressions, .chn).

    ``parms`` maps a parm name to its component values written as in a .parm file (``'"normal"'``,
    ``"$HIP/x.$F4.exr"``, ``"[ f1\\t1 ]"``); ``channels`` maps a channel name to its ``expr``.
    """
    stem = path.lstrip("/")
    wired = "".join(f"{index} \t{name} 0 1\n" for index, name in enumerate(inputs))
    definition = FLAGS.format(bypass="on" if bypass else "off") + f"\ninputs\n{{\n{wired}}}\n"
    lines = ["{", "version 0.8"]
    for name, values in parms.items():
        values = values if isinstance(values, (list, tuple)) else [values]
        lines.append(f"{name}\t[ 0\tlocks=0 ]\t(\t" + "\t".join(values) + "\t)")
    lines.append("}")
    records = [
        Record(f"{stem}.init", f"type = {node_type}\nmatchesdef = 0\n".encode()),
        Record(f"{stem}.def", definition.encode()),
        Record(f"{stem}.parm", ("\n".join(lines) + "\n").encode()),
    ]
    if channels:
        blocks = "".join(
            f"    channel {name} {{\n      lefttype = extend\n      righttype = extend\n      flags = 0\n"
            f"      segment {{ length = 0 expr = {expression} }}\n    }}\n"
            for name, expression in channels.items()
        )
        records.append(Record(f"{stem}.chn", ("{\n" + blocks + "  }\n").encode()))
    return records
