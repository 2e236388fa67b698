"""Point statistics per set and per affiliation read from sorted runs equal what a pandas
group-by gives, whether the keys pack into one integer or are sorted column by column; the
partisan gap names the first and last party in category order when medians tie."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from claimsdb.analysis.points import partisan_gap, per_affiliation, per_set, ranked

PARTIES = ["Armenia", "Azerbaijan", "none", "unknown"]


def _votes(group_scale: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 400
    point = rng.integers(0, 12, n).astype(float)
    point[rng.random(n) < 0.2] = np.nan
    point[:3] = [0.0, -0.0, 0.0]  # zeros of either sign rank alike
    return pd.DataFrame(
        {
            "group": rng.integers(0, 40, n) * group_scale,
            "affiliation": pd.Categorical.from_codes(rng.integers(0, 4, n), categories=PARTIES),
            "point": point,
        }
    )


def _gap_by_group_by(affiliations: pd.DataFrame) -> pd.DataFrame:
    """The partisan gap as the code before ``analysis/points`` computed it."""
    parties = affiliations[
        ~affiliations["affiliation"].isin(["none", "unknown"]) & affiliations["median"].notna()
    ].sort_values(["group", "median", "affiliation"])
    by = parties.groupby("group")
    low, high = by.first(), by.last()
    usable = (by.size() >= 2) & (low["median"] > 0)
    return pd.DataFrame(
        {
            "partisan_gap": (high["median"] / low["median"]).where(usable),
            "gap_low": low["affiliation"].where(usable),
            "gap_high": high["affiliation"].where(usable),
        }
    )


# 2**60: too wide to pack, sorted column by column; -1: set numbers below 0 count as well.
@pytest.mark.parametrize("group_scale", [1, 2**60, -1])
def test_statistics_match_a_group_by(group_scale: int) -> None:
    votes = _votes(group_scale)
    rank = ranked(votes["point"].to_numpy())
    by = votes.groupby(["group", "affiliation"], sort=True, observed=True)["point"]
    expected = pd.DataFrame(
        {
            "count": by.size(),
            "with_point": by.count(),
            "lowest": by.min(),
            "median": by.median(),
            "highest": by.max(),
        }
    ).reset_index()
    pd.testing.assert_frame_equal(per_affiliation(votes, rank), expected)
    pd.testing.assert_frame_equal(partisan_gap(expected), _gap_by_group_by(expected))
    points = votes.dropna(subset=["point"]).groupby("group")["point"]
    lowest, highest = points.min(), points.max()
    spread = (highest / lowest).where((points.size() >= 2) & (lowest > 0))
    expected_sets = pd.DataFrame(
        {"median": points.median(), "conservative": lowest, "highest": highest, "spread": spread}
    )
    pd.testing.assert_frame_equal(per_set(votes, rank), expected_sets)


def test_partisan_gap_ties_and_who_counts() -> None:
    votes = pd.DataFrame(
        {
            "group": [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 3],
            "affiliation": pd.Categorical(
                [
                    "Armenia",
                    "Azerbaijan",
                    "Russia",
                    "none",
                    "Armenia",
                    "none",
                    "Armenia",
                    "Russia",
                    "Armenia",
                    "Azerbaijan",
                    "Russia",
                ],
                categories=["Armenia", "Azerbaijan", "Russia", "none"],
            ),
            "point": [100.0, 100.0, 300.0, 900.0, 50.0, 5000.0, 0.0, 10.0, 80.0, 20.0, 80.0],
        }
    )
    gap = partisan_gap(per_affiliation(votes, ranked(votes["point"].to_numpy())))
    # Set 0: Armenia and Azerbaijan tie lowest (the first in category order is named); "none"
    # is no party. Set 1: one party only. Set 2: the lowest median is 0, so no ratio.
    assert gap.loc[0, "partisan_gap"] == 3.0
    assert (gap.loc[0, "gap_low"], gap.loc[0, "gap_high"]) == ("Armenia", "Russia")
    # Set 3: Armenia and Russia tie highest: the last in category order is named.
    assert (gap.loc[3, "gap_low"], gap.loc[3, "gap_high"]) == ("Azerbaijan", "Russia")
    for alone_or_zero in (1, 2):
        assert np.isnan(gap.loc[alone_or_zero, "partisan_gap"])
        assert pd.isna(gap.loc[alone_or_zero, "gap_low"])
