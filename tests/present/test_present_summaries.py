"""A group's summary, reconcile's method rows and notes, reasons and lint messages in words."""

from __future__ import annotations

import math

from claimsdb.analysis.explain import method_table
from claimsdb.analysis.lint import lint
from claimsdb.analysis.reconcile import reconcile
from claimsdb.present.findings import with_messages
from claimsdb.present.methods import method_rows, with_notes
from claimsdb.present.reasons import reasons
from claimsdb.present.summaries import by_affiliation, summary, summary_line, summary_row
from tests.analysis_frames import FLAWED, KHOJALY, NONE, claims

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
    assert row[2:4] == ["(all)", ""]
    assert row[8] == "105 (2 of 3)"
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
