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
