"""The best-supported intervals: closed intervals that touch share their end point."""

from __future__ import annotations

import pandas as pd
import pytest

from claimsdb.analysis.consensus import marzullo
from claimsdb.analysis.reconcile import reconcile
from tests.analysis_frames import claims


def _voters(*intervals: tuple[int, float, float]) -> pd.DataFrame:
    group, lower, upper = zip(*intervals, strict=True)
    return pd.DataFrame({"group": list(group), "lower": list(lower), "upper": list(upper)})


def test_intervals_that_touch_agree_on_the_point() -> None:
    found = marzullo(_voters((0, 100, 200), (0, 200, 300), (0, 400, 500), (1, 5, 6)))
    assert found.to_dict("records") == [
        {"group": 0, "low": 200.0, "high": 200.0, "k": 2, "n": 3},
        {"group": 1, "low": 5.0, "high": 6.0, "k": 1, "n": 1},
    ]


@pytest.mark.parametrize("end", [0.0, -0.0])
def test_minus_zero_is_zero(end: float) -> None:
    """An interval ending at -0.0 touches one starting at 0.0, as it does one ending at 0.0."""
    found = marzullo(_voters((0, -1, end), (0, 0.0, 3)))
    assert found[["low", "high", "k", "n"]].values.tolist() == [[0.0, 0.0, 2, 2]]


def test_groups_given_in_any_order_and_numbering_keep_their_own_counts() -> None:
    found = marzullo(_voters((7, 1, 2), (3, 10, 20), (7, 1, 3), (3, 15, 30), (3, 40, 50)))
    assert found.to_dict("records") == [
        {"group": 3, "low": 15.0, "high": 20.0, "k": 2, "n": 3},
        {"group": 7, "low": 1.0, "high": 2.0, "k": 2, "n": 2},
    ]


def test_via_tolerance_only_where_an_about_or_nearly_vote_makes_the_agreement() -> None:
    votes = claims(
        {"figure": "about 100", "metric": "killed"},
        {"figure": "110", "metric": "killed"},
        {"figure": "50", "metric": "wounded"},
        {"figure": "50", "metric": "wounded"},
        {"figure": "nearly 30", "metric": "missing"},
        {"figure": "30", "metric": "missing"},
    )
    groups = reconcile(votes).groups.set_index("metric")
    assert groups["k"].to_dict() == {"killed": 2, "missing": 2, "wounded": 2}
    assert groups["via_tolerance"].to_dict() == {
        "killed": True,
        "missing": False,
        "wounded": False,
    }
