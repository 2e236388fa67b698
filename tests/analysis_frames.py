"""Build claims frames by hand for the analysis tests (the contract of claimsdb.analysis.frame)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from claimsdb.figures import parse_figure

DEFAULTS: dict[str, Any] = {
    "event": "e",
    "metric": "killed",
    "population": "",
    "period_first": None,
    "period_last": None,
    "status": "active",
    "claimant_kind": "ngo",
    "affiliation": None,
    "derived_from": None,
    "supersedes": None,
    "part_of": None,
    "claimed": None,
    "published": None,
    "quote": None,
    "document_id": None,
}


def claims(*rows: dict[str, Any]) -> pd.DataFrame:
    """Rows given as ``figure`` ("at least 161") plus any frame column; ids count from 1."""
    built = []
    for n, row in enumerate(rows, start=1):
        figure = parse_figure(row.pop("figure"))
        built.append(
            DEFAULTS
            | {
                "id": n,
                "key": f"c{n}",
                "claimant": f"source {n}",
                "qualifier": figure.qualifier,
                "low": figure.low,
                "high": figure.high,
                "best": figure.best,
                "vague": figure.vague,
            }
            | row
        )
    frame = pd.DataFrame(built)
    for column in ("low", "high", "best"):
        frame[column] = frame[column].astype(float)
    for column in ("derived_from", "supersedes", "part_of"):
        frame[column] = frame[column].astype("Int64")
    return frame


NONE = "none"  # the affiliation of a third party
KHOJALY = claims(
    {"figure": "at least 161", "claimant": "Human Rights Watch", "affiliation": NONE},
    {"figure": "485", "claimant": "conservative estimates", "claimant_kind": "unattributed"},
    {"figure": "613", "claimant": "Azerbaijani authorities", "affiliation": "Azerbaijan"},
    {"figure": "several hundred", "claimant": "Memorial", "affiliation": NONE},
)
"""The killed civilians of Khojaly as four sources give them: a floor, two figures, a vague word."""

GROUPS = pd.DataFrame(
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
"""Four groups as reconcile's ``groups`` has them: one event's three, and another event's."""

FLAWED = claims(
    {"figure": "613", "claimant": "Az"},
    {"figure": "600", "population": "women", "part_of": 1},
    {"figure": "83", "population": "children", "part_of": 1},
    {"figure": "at least 700", "claimant": "Az"},
)
"""A whole its parts add up to more than, and a claimant that contradicts itself."""
