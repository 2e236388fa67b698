"""lint findings and the groups scope notes point at, on hand-built claims."""

from __future__ import annotations

import pandas as pd

from claimsdb.analysis.lint import lint
from claimsdb.analysis.scope import scope_notes
from tests.analysis_frames import FLAWED, GROUPS, claims

TEXT = {1: "Azerbaijani authorities:  613 civilians,\nof them 106 women and 83 children."}


def _found(frame: pd.DataFrame, texts: dict[int, str] | None = None) -> list[tuple[str, str]]:
    result = lint(frame, texts)
    return list(zip(result["finding"], result["keys"], strict=True))


def test_clean_data_has_no_findings() -> None:
    frame = claims(
        {"figure": "613", "quote": "613 civilians, of them", "document_id": 1},
        {
            "figure": "106",
            "population": "women",
            "part_of": 1,
            "quote": "106 women",
            "document_id": 1,
        },
        {"figure": "83", "population": "children", "part_of": 1},
    )
    assert _found(frame, TEXT) == []


def test_every_finding() -> None:
    frame = claims(
        {"figure": "613", "quote": "613 civilians", "document_id": 1, "claimant": "Az"},
        {
            "figure": "600",
            "population": "women",
            "part_of": 1,
            "quote": "600 women",
            "document_id": 1,
        },
        {"figure": "83", "population": "children", "part_of": 1},
        {"figure": "at least 700", "claimant": "Az"},
        {"figure": "several hundred", "claimant": "Az"},  # vague: never a contradiction
        {"figure": "83", "population": "children", "quote": "dup", "key": "x1", "claimant": "Az"},
        {"figure": "83", "population": "children", "quote": "dup", "key": "x2", "claimant": "Az"},
    )
    assert _found(frame, TEXT) == [
        ("claimant_contradicts_itself", "c1, c4"),
        ("duplicate", "x1, x2"),
        ("parts_exceed_whole", "c1, c2, c3"),
        ("quote_not_in_document", "c2"),
    ]


def test_retracted_parts_and_unattributed_claimants_are_not_findings() -> None:
    frame = claims(
        {"figure": "100"},
        {"figure": "90", "part_of": 1, "population": "a"},
        {"figure": "90", "part_of": 1, "population": "b", "status": "retracted"},
        {"figure": "5", "claimant": "unattributed", "claimant_kind": "unattributed"},
        {"figure": "50", "claimant": "unattributed", "claimant_kind": "unattributed"},
    )
    assert _found(frame) == []


def test_findings_carry_the_numbers_they_rest_on() -> None:
    frame = FLAWED
    found = lint(frame).set_index("finding")
    assert "message" not in found
    assert (found.loc["parts_exceed_whole", "parts"], found.loc["parts_exceed_whole", "whole"]) == (
        683,
        613,
    )
    contradiction = found.loc["claimant_contradicts_itself"]
    assert contradiction["claimant"] == "Az"
    assert (contradiction["low"], contradiction["high"]) == (613, 613)
    assert contradiction["other_low"] == 700 and contradiction["other_high"] == float("inf")


def test_scope_pairs_differ_in_exactly_one_key() -> None:
    pairs = scope_notes(GROUPS)
    assert list(pairs.columns) == ["group", "other", "differs"]
    mine = pairs[pairs["group"] == 0]
    assert list(zip(mine["other"], mine["differs"], strict=True)) == [
        (3, "event"),
        (2, "period"),
        (1, "population"),
    ]
    assert not ((pairs["group"] == 1) & (pairs["other"] == 2)).any()


def test_scope_pairs_treat_missing_keys_as_one_value_and_skip_nested_sets() -> None:
    groups = GROUPS.assign(
        scope=[None, "", "", float("nan")],
        period_first=[None, None, "1988-01-01", None],
        kind=["set", "set", "parts", "set"],
    )
    pairs = scope_notes(groups)
    assert list(zip(pairs["group"], pairs["other"], pairs["differs"], strict=True)) == [
        (0, 3, "event"),
        (0, 1, "population"),
        (1, 0, "population"),
        (3, 0, "event"),
    ]
    assert scope_notes(groups.iloc[:0]).empty
