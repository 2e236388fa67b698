"""lint findings and scope notes, on hand-built claims."""

from __future__ import annotations

import pandas as pd

from claimsdb.analysis.lint import lint
from claimsdb.analysis.scope import scope_notes
from tests.analysis_frames import claims

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


def test_scope_notes_point_at_groups_differing_in_one_key() -> None:
    groups = pd.DataFrame(
        {
            "group": [0, 1, 2, 3],
            "event": ["k", "k", "k", "w"],
            "metric": ["killed", "killed", "killed", "killed"],
            "population": ["civilians", "women", "civilians", "civilians"],
            "period_first": ["1992-02-25", "1992-02-25", "1988-01-01", "1992-02-25"],
            "period_last": ["1992-02-26", "1992-02-26", "1994-12-31", "1992-02-26"],
            "period": ["1992-02-25–1992-02-26", "1992-02-25–1992-02-26", "1988–1994", "x"],
            "claims": [8, 1, 2, 1],
        }
    )
    notes = scope_notes(groups)
    mine = notes[notes["group"] == 0]
    assert list(mine["note"]) == [
        "also: w killed / civilians, x, 1 claim",
        "also: killed / civilians, 1988–1994, 2 claims",
        "also: killed / women, 1992-02-25–1992-02-26, 1 claim",
    ]
    assert list(mine["differs"]) == ["event", "period", "population"]
    # women and the other period differ from each other in two keys: no note between them
    assert not ((notes["group"] == 1) & (notes["other"] == 2)).any()
