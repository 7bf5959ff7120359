"""Argument types shared by several sub-commands.

argparse turns a ``type=`` failure into the usual one-line usage error, so a
bad number is refused before any scene is read or any farm is contacted.
"""

from __future__ import annotations

import argparse


def positive_int(text: str) -> int:
    """An integer of at least 1 (frames per task: zero or a negative count means nothing renders)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value
