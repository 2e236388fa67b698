"""How a group is named, how its claims are ordered, and the scope notes that point past it."""

from __future__ import annotations

import math

import pandas as pd

from claimsdb.analysis.scope import scope_notes
from claimsdb.present.groups import group_name, group_title, in_claim_order, plot_title
from claimsdb.present.groups import scope_notes as worded
from tests.analysis_frames import GROUPS

GROUP = {
    "event": "khojaly-massacre",
    "metric": "killed",
    "population": "",
    "period": "1992-02-25–1992-02-26",
    "claims": 8,
    "origins": 1,
}


def test_scope_notes_point_at_groups_differing_in_one_key() -> None:
    groups = GROUPS
    notes = worded(scope_notes(groups), groups)
    mine = notes[notes["group"] == 0]
    assert list(mine["note"]) == [
        "also: w killed / civilians, x, 1 claim",
        "also: killed / civilians, 1988–1994, 2 claims",
        "also: killed / women, 1992-02-25–1992-02-26, 1 claim",
    ]
    assert list(mine["differs"]) == ["event", "period", "population"]
    # women and the other period differ from each other in two keys: no note between them
    assert not ((notes["group"] == 1) & (notes["other"] == 2)).any()


def test_a_group_is_named_alike_everywhere() -> None:
    assert group_name(GROUP) == "khojaly-massacre · killed / (all), 1992-02-25–1992-02-26"
    assert group_title(GROUP) == (
        "khojaly-massacre · killed / (all), 1992-02-25–1992-02-26 — 8 claims, 1 origin"
    )
    assert group_title(GROUP, event=False) == (
        "killed / (all), 1992-02-25–1992-02-26 — 8 claims, 1 origin"
    )
    assert (
        plot_title(GROUP | {"period": ""})
        == "khojaly-massacre · killed / all, no period — 1 origin"
    )


def test_claims_are_listed_by_group_then_value_then_key() -> None:
    claims = pd.DataFrame(
        {
            "group": [1, 0, 0, 0, 0],
            "key": ["a", "d", "c", "b", "e"],
            "point": [1.0, math.nan, 5.0, 5.0, math.nan],
            "lower": [1.0, 3.0, 4.5, 4.0, 300.0],
        }
    )
    assert list(in_claim_order(claims)["key"]) == ["d", "b", "c", "e", "a"]
    assert list(in_claim_order(claims[claims["group"] == 0].drop(columns="group"))["key"]) == [
        "d",
        "b",
        "c",
        "e",
    ]
