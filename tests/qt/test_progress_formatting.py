"""The numbers the progress view prints: sizes, rates, ETAs and the frame-error caret."""

from __future__ import annotations

import pytest

from farmhand.humanize import caret_line, human_bytes, human_eta, human_rate

pytestmark = pytest.mark.qt


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 B"), (1023, "1023 B"), (1024, "1.0 KiB"), (256 * 1024**2, "256.0 MiB"), (3 * 1024**4, "3.0 TiB")],
)
def test_sizes_use_binary_units(count, text):
    assert human_bytes(count) == text


def test_rates_and_etas():
    assert human_rate(1.5 * 1024**2) == "1.5 MiB/s"
    assert human_eta(None) == "--:--"
    assert human_eta(59.6) == "01:00"
    assert human_eta(3725) == "1:02:05"


def test_the_caret_sits_under_the_bad_character():
    spec, caret = caret_line("1-10[x]", 5).split("\n")
    assert caret == "     ^" and spec[len(caret) - 1] == "x"
