"""A group's summary, reconcile's method rows and notes, reasons and lint messages in words."""

from __future__ import annotations

import math

import pandas as pd

from claimsdb.analysis.explain import method_table
from claimsdb.analysis.lint import lint
from claimsdb.analysis.reconcile import reconcile
from claimsdb.present.findings import with_messages
from claimsdb.present.methods import method_rows, with_notes
from claimsdb.present.reasons import reasons
from claimsdb.present.summaries import (
    by_affiliation,
    cell_value,
    no_consensus,
    summary,
    summary_line,
    summary_row,
)
from tests.analysis_frames import FLAWED, KHOJALY, NONE, claims

KEYS = {"event": "e", "metric": "killed", "population": "", "period": ""}
AGREED = claims(
    {"figure": "about 100", "claimant": "A", "affiliation": "X"},
    {"figure": "105", "claimant": "B", "affiliation": "Y"},
    {"figure": "300", "claimant": "C", "affiliation": NONE},
)


def test_the_summary_line_and_row_say_the_same_consensus() -> None:
    (group,) = reconcile(AGREED).groups.to_dict("records")
    words = summary(group)
    assert words["consensus"] == "105 (2 of 3 agree); overlap only through the tolerance"
    assert words["partisan_gap"] == "1.1× (Y ÷ X)"
    assert summary_line(words).startswith("spread 3.0× (100–300) · partisan gap 1.1× (Y ÷ X)")
    row = summary_row(group | {"period": ""})
    assert row[2:5] == ["(all)", "", ""]
    assert row[9] == "105 (2 of 3)"
    assert summary_row(group | {"period": "", "scope": "excluding X"})[3] == "excluding X"
    assert row[-1] == words["partisan_gap"]


def test_by_affiliation() -> None:
    result = reconcile(KHOJALY)
    assert by_affiliation(result.affiliations) == (
        "none 2 origins (no point values) · Azerbaijan 1 origin (median 613, 613) · "
        "unknown 1 origin (median 485, 485)"
    )
    assert by_affiliation(result.affiliations.iloc[0:0]) == "no origins"


def test_method_rows_and_notes() -> None:
    result = reconcile(AGREED)
    table = with_notes(method_table(result), result.groups)
    assert list(table.columns)[-1] == "note"
    notes = dict(zip(table["method"], table["note"], strict=True))
    assert notes["consensus"] == "overlap only through the tolerance"
    assert notes["envelope"] == "lower end by convention"
    assert notes["by-affiliation"] == "partisan gap Y ÷ X"
    assert notes["median"] == ""
    keys = {"event": "e", "metric": "killed", "population": "", "period": ""}
    rows = {r["method"]: r for r in method_rows(table.assign(**keys))}
    assert (rows["consensus"]["result"], rows["consensus"]["k_of_n"]) == ("105", "2 of 3")
    assert rows["envelope"]["result"] == "90–300"
    assert (rows["median"]["result"], rows["by-affiliation"]["result"]) == ("105", "1.1×")


def test_a_median_no_one_gave_is_labelled_a_midpoint() -> None:
    apart = claims({"figure": "25", "claimant": "A"}, {"figure": "216", "claimant": "B"})
    close = claims({"figure": "100", "claimant": "A"}, {"figure": "150", "claimant": "B"})
    same = claims({"figure": "100", "claimant": "A"}, {"figure": "100", "claimant": "B"})
    three = claims(
        *({"figure": f, "claimant": c} for f, c in (("25", "A"), ("99", "B"), ("216", "C")))
    )
    for frame, note in (
        (apart, "figures 8.6× apart: a midpoint, not an estimate"),
        (close, "midpoint of the 2 figures"),  # 125: no one said it
        (same, ""),  # 100: both said it
        (three, ""),  # 99: the middle figure, given
    ):
        result = reconcile(frame)
        table = with_notes(method_table(result), result.groups)
        assert table.loc[table["method"] == "median", "note"].tolist() == [note]


def test_reasons_in_words() -> None:
    result = reconcile(KHOJALY)
    words = dict(zip(result.roles["key"], reasons(result, KHOJALY), strict=True))
    assert words["c1"] == "floor, does not vote (no consensus)"
    assert words["c4"] == "vague (convention 300–999), does not vote (no consensus)"
    assert words["c3"] == "used"


def test_lint_messages() -> None:
    frame = FLAWED
    found = with_messages(lint(frame))
    assert list(found.columns) == ["finding", "keys", "message"]
    assert list(found["message"]) == [
        "Az gives 613 and ≥ 700 for the same group",
        "parts add up to at least 683, more than the whole allows (613)",
    ]
    assert math.isnan(lint(frame)["parts"].iloc[0])


HALVES = claims(
    {"figure": "17", "claimant": "A", "affiliation": "X"},
    {"figure": "18", "claimant": "B", "affiliation": "X"},
    {"figure": "8 to 11", "claimant": "C", "affiliation": "Y"},
    {"figure": "about 25", "claimant": "D", "affiliation": NONE},
)
SHARES = claims(
    *(
        {"figure": figure, "claimant": name, "affiliation": side}
        | {"metric": "territory_share", "unit": "percent"}
        for figure, name, side in (
            ("20%", "A", "X"),
            ("9%", "B", "Y"),
            ("approximately 9%", "C", NONE),
        )
    )
)


def test_no_consensus_says_why() -> None:
    assert no_consensus(0) == "none: no claim gives a finite figure"
    assert no_consensus(1) == "none: only one claim gives a finite figure"
    assert no_consensus(2) == "none: the 2 finite figures do not overlap"
    assert no_consensus(3) == "none: no two of the 3 finite figures overlap"
    (vague,) = reconcile(claims({"figure": "several hundred"})).groups.to_dict("records")
    assert summary(vague)["consensus"] == "none: no claim gives a finite figure"
    assert summary_row(vague | {"period": ""})[9] == "none: no claim gives a finite figure"
    (khojaly,) = reconcile(KHOJALY).groups.to_dict("records")
    assert summary_line(summary(khojaly)) == (
        "spread 1.3× (485–613) · partisan gap n/a"
        " · consensus none: the 2 finite figures do not overlap"
    )
    (halves,) = reconcile(HALVES).groups.to_dict("records")
    assert summary(halves)["consensus"] == "none: no two of the 4 finite figures overlap"


def test_counts_are_shown_without_fractions() -> None:
    result = reconcile(HALVES)
    (group,) = result.groups.to_dict("records")
    assert (group["median"], group["conservative"]) == (17.5, 9.5)  # stored values keep them
    assert summary(group)["spread"] == "2.6× (9–25)"
    assert by_affiliation(result.affiliations) == (
        "X 2 origins (median between 17 and 18, 17–18) · "
        "Y 1 origin (median between 9 and 10, 9–10) · none 1 origin (median 25, 25)"
    )
    row = summary_row(group | {"period": ""})
    assert row[7:12] == ["8–28", "22–28", row[9], "between 17 and 18", "between 9 and 10"]
    (whole,) = reconcile(AGREED).groups.to_dict("records")
    assert summary_row(whole | {"period": ""})[10:12] == [105, 100]
    assert (cell_value(613.0), cell_value(17.5), cell_value(None), cell_value(20, "percent")) == (
        613,
        "between 17 and 18",
        None,
        "20 %",
    )


def test_shares_are_shown_with_their_unit() -> None:
    result = reconcile(SHARES)
    (group,) = result.groups.to_dict("records")
    words = summary(group)
    assert words["spread"] == "2.2× (9–20 %)"
    assert words["consensus"].startswith("9 % (2 of 3 agree)")
    row = summary_row(group | {"period": ""})
    assert row[7:12] == ["8.1–20 %", "8.1–9.9 %", "9 % (2 of 3)", "9 %", "9 %"]
    assert by_affiliation(result.affiliations, "percent").startswith(
        "X 1 origin (median 20 %, 20 %)"
    )
    table = with_notes(method_table(result), result.groups)
    rows = {r["method"]: r["result"] for r in method_rows(table.assign(**KEYS))}
    assert (rows["envelope"], rows["consensus"], rows["median"]) == ("8.1–20 %", "9 %", "9 %")
    assert rows["by-affiliation"] == "2.2×"


def test_reconcile_rows_say_counts_whole_and_why_no_consensus() -> None:
    result = reconcile(HALVES)
    table = with_notes(method_table(result), result.groups)
    rows = {r["method"]: r for r in method_rows(table.assign(**KEYS))}
    assert rows["median"]["result"] == "between 17 and 18"
    assert rows["conservative"]["result"] == "between 9 and 10"
    assert (rows["envelope"]["result"], rows["independent"]["result"]) == ("8–28", "22–28")
    assert rows["consensus"]["note"] == "none: no two of the 4 finite figures overlap"
    assert list(table.columns)[-1] == "note"


def test_method_table_rows_by_group_then_in_the_order_of_methods() -> None:
    """Whatever order the methods are asked in, each group's rows follow ``METHODS``; a method
    reads k and n only for the consensus, and used + excluded is every claim of the group."""
    two_groups = pd.concat(
        [KHOJALY, KHOJALY.assign(id=KHOJALY["id"] + 10, key="w" + KHOJALY["key"], metric="w")]
    )
    result = reconcile(two_groups)
    table = method_table(result, ("median", "consensus", "envelope"))
    assert table["method"].tolist() == ["envelope", "consensus", "median"] * 2
    assert table["group"].tolist() == [0, 0, 0, 1, 1, 1]
    assert (table.loc[table["method"] != "consensus", ["k", "n"]] == 0).all().all()
    claims = result.groups.set_index("group")["claims"]
    assert (
        (table["used"] + table["excluded"]).to_numpy() == claims[table["group"]].to_numpy()
    ).all()
