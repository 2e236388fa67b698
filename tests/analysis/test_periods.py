"""Comparable sets: periods that mostly coincide are compared, sub-periods are shown under the
period they are part of (a floor for accumulating counts, never pooled), disjoint periods are
never pooled, and parts stand under their whole. Hand-made cases, worked out from the README's
"How reconciliation works"."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from claimsdb.analysis.check import check, headline_order
from claimsdb.analysis.lint import lint
from claimsdb.analysis.periods import PARTS, SET, SUB_PERIOD, _distinct_periods, comparable_sets
from claimsdb.analysis.reconcile import reconcile

DAY = {"start": "-01-01", "end": "-12-31"}


def claims(*rows: dict[str, Any]) -> pd.DataFrame:
    """A claims frame: each row gives at least key, figure (best) and period years."""
    base = {
        "event": "war",
        "metric": "killed",
        "population": "",
        "scope": "",
        "qualifier": "exact",
        "low": None,
        "high": None,
        "vague": None,
        "status": "active",
        "claimant_kind": "ngo",
        "affiliation": None,
        "derived_from": None,
        "supersedes": None,
        "claimed": None,
        "part_of": None,
        "quote": None,
        "document_id": None,
        "accumulates": True,
        "unit": "people",
        "event_first": None,
        "event_last": None,
    }
    out = []
    for n, row in enumerate(rows, start=1):
        first, last = row.pop("years", (None, None))
        record = base | {"id": n, "claimant": f"source {n}"} | row
        record.setdefault("period_first", f"{first}{DAY['start']}" if first else None)
        record.setdefault("period_last", f"{last}{DAY['end']}" if last else None)
        out.append(record)
    frame = pd.DataFrame(out)
    frame["part_of"] = frame["part_of"].astype("Int64")
    return frame


def sets_of(frame: pd.DataFrame, overlap: float = 0.5) -> dict[str, tuple[str, str]]:
    """Each claim's (set's anchor key, kind)."""
    found = comparable_sets(frame, overlap)
    anchors = dict(zip(frame["id"], frame["key"], strict=True))
    table = found.table.set_index("group")
    return {
        key: (anchors[int(table.loc[g, "anchor"])], str(table.loc[g, "kind"]))
        for key, g in zip(frame["key"], found.group, strict=True)
    }


def test_periods_that_mostly_coincide_are_compared() -> None:
    frame = claims(
        {"key": "az", "best": 216, "years": (1987, 1989), "affiliation": "Azerbaijan"},
        {"key": "am", "best": 25, "years": (1988, 1989), "affiliation": "Armenia"},
    )
    result = reconcile(frame)
    (group,) = result.groups.to_dict("records")
    assert group["claims"] == 2 and group["periods"] == 2
    assert group["partisan_gap"] == pytest.approx(216 / 25)
    assert (group["gap_high"], group["gap_low"]) == ("Azerbaijan", "Armenia")


def test_a_sub_period_is_shown_under_its_period_and_never_pooled() -> None:
    frame = claims(
        {"key": "az", "best": 216, "years": (1987, 1989)},
        {"key": "am", "best": 25, "years": (1988, 1989)},
        {"key": "yunusov", "best": 127, "years": (1988, 1988)},
    )
    assert sets_of(frame)["yunusov"] == ("yunusov", SUB_PERIOD)
    result = reconcile(frame)
    whole = result.groups[result.groups["kind"] == SET].iloc[0]
    sub = result.groups[result.groups["kind"] == SUB_PERIOD].iloc[0]
    assert sub["parent"] == whole["group"]
    assert whole["claims"] == 2 and whole["highest"] == 216  # 127 is not in its statistics
    # 127 in 1988 alone is above the 25 given for 1988–1989: a contradiction.
    (found,) = result.contradictions.to_dict("records")
    ids = dict(zip(frame["id"], frame["key"], strict=True))
    assert (ids[found["id"]], ids[found["other"]]) == ("yunusov", "am")
    assert (found["lower"], found["other_upper"]) == (127, 25)


@pytest.mark.parametrize("overlap", [0.3, 0.5, 0.9, 1.0])
def test_a_contradiction_does_not_depend_on_the_overlap(overlap: float) -> None:
    # At 0.9, 1988–1989 is no longer compared with 1987–1989 but is a sub-period beside 1988:
    # 127 for 1988 is still above the 25 for 1988–1989, whichever sets they fall in.
    frame = claims(
        {"key": "az", "best": 216, "years": (1987, 1989)},
        {"key": "am", "best": 25, "years": (1988, 1989)},
        {"key": "yunusov", "best": 127, "years": (1988, 1988)},
    )
    keys = dict(zip(frame["id"], frame["key"], strict=True))
    found = reconcile(frame, overlap=overlap).contradictions
    assert [(keys[i], keys[o]) for i, o in found[["id", "other"]].to_numpy()] == [("yunusov", "am")]
    findings = lint(frame, overlap=overlap)
    assert list(findings["keys"]) == ["yunusov, am"]


def test_a_shorter_period_in_the_same_set_can_contradict() -> None:
    # 1988–1989 mostly coincides with 1987–1989, so the two are one set; still, 300 killed in
    # two of the three years cannot be more than 216 killed in all three.
    frame = claims(
        {"key": "az", "best": 216, "years": (1987, 1989)},
        {"key": "am", "best": 300, "years": (1988, 1989)},
        {"key": "same", "best": 400, "years": (1987, 1989)},  # same period: a disagreement only
    )
    assert sets_of(frame)["am"] == ("az", SET)
    found = reconcile(frame).contradictions
    keys = dict(zip(frame["id"], frame["key"], strict=True))
    assert [(keys[i], keys[o]) for i, o in found[["id", "other"]].to_numpy()] == [("am", "az")]


def test_a_three_year_total_with_yearly_figures() -> None:
    frame = claims(
        {"key": "total", "best": 300, "years": (2000, 2002)},
        {"key": "total-2", "qualifier": "range", "low": 280, "high": 320, "years": (2000, 2002)},
        {"key": "y2000", "best": 100, "years": (2000, 2000)},
        {"key": "y2001", "best": 120, "years": (2001, 2001)},
        {"key": "y2002", "best": 150, "years": (2002, 2002)},
        {"key": "y2002-b", "best": 330, "years": (2002, 2002)},
    )
    found = sets_of(frame)
    assert found["total-2"] == ("total", SET)
    assert {found[k][1] for k in ("y2000", "y2001", "y2002", "y2002-b")} == {SUB_PERIOD}
    assert found["y2002"] == found["y2002-b"]  # one year's figures are compared with each other
    result = reconcile(frame)
    total = result.groups[result.groups["kind"] == SET].iloc[0]
    assert (total["claims"], total["consensus_low"], total["consensus_high"]) == (2, 300, 300)
    years = result.groups[result.groups["kind"] == SUB_PERIOD]
    assert len(years) == 3 and set(years["parent"]) == {total["group"]}
    # Only 330 for 2002 exceeds a total (both: 300, and 280–320).
    keys = dict(zip(frame["id"], frame["key"], strict=True))
    pairs = {(keys[i], keys[o]) for i, o in result.contradictions[["id", "other"]].to_numpy()}
    assert pairs == {("y2002-b", "total"), ("y2002-b", "total-2")}
    findings = lint(frame)
    assert set(findings.loc[findings["finding"] == "sub_period_exceeds", "keys"]) == {
        "y2002-b, total",
        "y2002-b, total-2",
    }


def test_a_stock_is_not_a_floor_for_a_longer_period() -> None:
    frame = claims(
        {"key": "held", "best": 300, "years": (2000, 2002), "accumulates": False},
        {"key": "held-2001", "best": 400, "years": (2001, 2001), "accumulates": False},
    )
    assert sets_of(frame)["held-2001"][1] == SUB_PERIOD
    assert reconcile(frame).contradictions.empty
    assert "sub_period_exceeds" not in set(lint(frame)["finding"])


def test_disjoint_periods_are_never_pooled() -> None:
    frame = claims(
        {"key": "1988", "best": 10, "years": (1988, 1988)},
        {"key": "1990", "best": 20, "years": (1990, 1990)},
        {"key": "1990-91", "best": 30, "years": (1990, 1991)},
        {"key": "1991-94", "best": 40, "years": (1991, 1994)},
    )
    found = sets_of(frame)
    assert found["1988"] == ("1988", SET)
    assert found["1990"] == ("1990-91", SET)  # half of their union: they mostly coincide
    assert found["1991-94"] == ("1991-94", SET)  # 1 of 5 years shared: apart
    assert len(reconcile(frame).groups) == 3


def test_the_overlap_is_a_named_convention() -> None:
    frame = claims(
        {"key": "az", "best": 216, "years": (1987, 1989)},
        {"key": "am", "best": 25, "years": (1988, 1989)},
    )
    assert sets_of(frame, 0.5)["am"] == ("az", SET)
    assert sets_of(frame, 0.7)["am"] == ("am", SUB_PERIOD)  # 2 of 3 years is below 70 %
    with pytest.raises(ValueError, match="period overlap"):
        comparable_sets(frame, 0)


def test_open_periods_are_closed_by_the_day_said_else_the_event() -> None:
    event = {"event_first": "1988-02-01", "event_last": "1994-05-31"}
    frame = claims(
        # "over 100 since February 1988", said in October 1989: a sub-period of the war.
        {
            "key": "time",
            "qualifier": "more_than",
            "low": 100,
            "period_first": "1988-02-01",
            "period_last": None,
            "claimed": "1989-10-31",
        }
        | event,
        # "about 30,000 before 1994": from the war's start; mostly the war's whole period.
        {
            "key": "post",
            "qualifier": "approximately",
            "best": 30000,
            "period_first": None,
            "period_last": "1994-12-31",
        }
        | event,
        {"key": "globe", "qualifier": "more_than", "low": 1000, "years": (1988, 1994)} | event,
    )
    found = sets_of(frame)
    assert found["globe"][0] == found["post"][0]
    assert found["time"][1] == SUB_PERIOD


def test_parts_stand_under_their_whole() -> None:
    frame = claims(
        {"key": "civilians", "best": 613, "population": "civilians"},
        {"key": "women", "best": 106, "population": "women", "part_of": 1},
        {"key": "children", "best": 83, "population": "children", "part_of": 1},
        {"key": "other-women", "best": 100, "population": "women"},
    )
    found = sets_of(frame)
    assert found["children"] == ("children", PARTS)
    # A set with a figure of its own (another source's women) is not only parts: it stands.
    assert found["women"] == ("women", SET) and found["other-women"] == ("women", SET)
    result = reconcile(frame)
    children = result.groups[result.groups["population"] == "children"].iloc[0]
    civilians = result.groups[result.groups["population"] == "civilians"].iloc[0]
    assert children["parent"] == civilians["group"]


def test_parts_that_exceed_their_whole_stay_a_finding() -> None:
    frame = claims(
        {"key": "all", "best": 100, "population": ""},
        {"key": "men", "best": 70, "population": "men", "part_of": 1},
        {"key": "women", "best": 50, "population": "women", "part_of": 1},
    )
    assert {kind for _, kind in sets_of(frame).values()} == {SET, PARTS}
    findings = lint(frame)
    assert list(findings.loc[findings["finding"] == "parts_exceed_whole", "parts"]) == [120]


def test_the_headline_is_the_whole_before_its_parts() -> None:
    frame = claims(
        {"key": "civilians", "best": 613, "population": "civilians"},
        {"key": "hrw", "qualifier": "at_least", "low": 161, "population": "civilians"},
        {"key": "women", "best": 106, "population": "women", "part_of": 1},
        {"key": "children", "best": 83, "population": "children", "part_of": 1},
        {"key": "soldiers", "best": 20, "population": "soldiers"},
    )
    result = reconcile(frame)
    groups = result.groups.assign(period="")
    from dataclasses import replace

    ordered = headline_order(check(frame, replace(result, groups=groups), 613))
    first = ordered[0]
    assert (first.group["population"], first.verdict) == ("civilians", "matches_estimate")
    assert [j.group["population"] for j in ordered[1:3]] == ["children", "women"]
    assert ordered[-1].group["population"] == "soldiers"
    assert [j.headline_set for j in ordered] == [True] + [False] * (len(ordered) - 1)
    # Parts get no verdict of their own: 613 is about the whole.
    assert {j.verdict for j in ordered[1:3]} == {"part"}
    # 83 matches only a part: the headline is still a set of its own, the one with most claims;
    # the part that gives 83 lists it as matched.
    ordered = headline_order(check(frame, replace(result, groups=groups), 83))
    head = ordered[0]
    assert (head.group["population"], head.verdict) == ("civilians", "below_floor")
    children = next(j for j in ordered if j.group["population"] == "children")
    assert (children.verdict, [c["key"] for c in children.matched]) == ("part", ["children"])


def test_distinct_periods_number_alike_packed_or_grouped() -> None:
    """Periods are numbered in sorted order, a missing period last, whether the base and days
    fit in one integer or (huge base numbers) go through a group-by."""
    nan = float("nan")
    first = np.array([10.0, nan, 3.0, 10.0, 3.0, -400.0])
    last = np.array([12.0, nan, 9.0, 12.0, 4.0, -399.0])
    for base in (np.array([1, 0, 0, 1, 0, 0]), np.array([1, 0, 0, 1, 0, 0]) * 2**61):
        codes, first_row = _distinct_periods(base, first, last)
        assert codes.tolist() == [4, 3, 2, 4, 1, 0]
        assert first_row.tolist() == [5, 4, 2, 1, 0]
