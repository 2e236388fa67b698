"""Intervals and point values, as DESIGN.md defines them, for every qualifier at once."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from claimsdb.analysis.intervals import intervals

INF = math.inf
ROWS = [
    # qualifier, low, high, best, vague -> lower, upper, point, convention
    ("exact", None, None, 613, None, 613, 613, 613, False),
    ("range", 8, 11, None, None, 8, 11, 9.5, False),
    ("range", 6000, 10000, 7000, None, 6000, 10000, 7000, False),
    ("at_least", 161, None, None, None, 161, INF, None, False),
    ("more_than", 1000, None, None, None, 1000, INF, None, False),
    ("at_most", None, 230000, None, None, 0, 230000, None, False),
    ("less_than", None, 40, None, None, 0, 40, None, False),
    ("approximately", None, None, 30000, None, 27000, 33000, 30000, True),
    ("nearly", None, None, 1000000, None, 900000, 1000000, 1000000, True),
    ("vague", None, None, None, "several hundred", 300, 999, None, True),
    ("vague", None, None, None, "a number of", 2, INF, None, True),
    ("exact", None, None, 0, None, 0, 0, 0, False),
]


def test_every_qualifier() -> None:
    frame = pd.DataFrame(
        [r[:5] for r in ROWS], columns=["qualifier", "low", "high", "best", "vague"]
    )
    result = intervals(frame)
    for (_, _, _, _, _, lower, upper, point, convention), got in zip(
        ROWS, result.itertuples(), strict=True
    ):
        assert got.lower == pytest.approx(lower)
        assert got.upper == pytest.approx(upper)
        assert math.isnan(got.point) if point is None else got.point == pytest.approx(point)
        assert bool(got.convention) == convention


def test_tolerance_is_a_parameter() -> None:
    frame = pd.DataFrame(
        [("approximately", None, None, 100, None)],
        columns=["qualifier", "low", "high", "best", "vague"],
    )
    got = intervals(frame, tolerance=0.25).iloc[0]
    assert (got.lower, got.upper) == (75, 125)
    with pytest.raises(ValueError, match="tolerance"):
        intervals(frame, tolerance=1.5)
