"""Checking a figure before it is published: a verdict per group, and a sentence to print.

Verdicts, strongest first (the first that holds is given):

- ``no_claims`` — the group has no active claim to check against;
- ``within_consensus`` — VALUE lies in an interval that k ≥ 2 distinct origins share;
- ``matches_estimate`` — VALUE lies in one origin's finite figure (exact, range, about, nearly);
- ``within_independent`` — VALUE lies in the range of independent origins (affiliation none);
- ``below_floor`` — VALUE is below a floor some origin documented ("at least 161"), or below
  every claim;
- ``above_all`` — VALUE is above every claim's upper end;
- ``envelope_only`` — VALUE lies only inside the envelope of all claims.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimsdb.analysis.frame import GROUP_COLUMNS, in_scope
from claimsdb.analysis.origins import CEILING, FINITE, FLOOR, VOTE
from claimsdb.analysis.reconcile import Reconciliation
from claimsdb.analysis.text import interval, number
from claimsdb.figures import Figure, format_figure

if TYPE_CHECKING:
    import pandas as pd

VERDICTS = (
    "no_claims",
    "within_consensus",
    "matches_estimate",
    "within_independent",
    "below_floor",
    "above_all",
    "envelope_only",
)


@dataclass(frozen=True)
class Verdict:
    """What one group says about VALUE. Distances are relative (+0.12 = 12 % above)."""

    group: dict[str, Any]
    value: float
    verdict: str
    matched: list[dict[str, Any]] = field(default_factory=list)
    contradicted: list[dict[str, Any]] = field(default_factory=list)
    consensus: list[tuple[float, float]] = field(default_factory=list)
    from_consensus: float | None = None
    independent: tuple[float, float] | None = None
    from_independent: float | None = None
    advice: str = ""
    attribution: str = ""


def check(claims: pd.DataFrame, result: Reconciliation, value: float) -> list[Verdict]:
    """A verdict for VALUE in every group of ``result`` (``claims`` is the frame reconciled)."""
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"a value to check must be a non-negative number, not {value}")
    figures = _figures(claims)
    verdicts = []
    for row in result.groups.itertuples(index=False):
        group = row._asdict()
        roles = result.roles
        votes = roles[(roles["group"] == row.group) & (roles["standing"] == VOTE)]
        segments = result.consensus[
            (result.consensus["group"] == row.group) & (result.consensus["k"] >= 2)
        ]
        verdicts.append(_verdict(group, votes, segments, figures, value))
    return verdicts


def _figures(claims: pd.DataFrame) -> dict[int, str]:
    """Each claim's figure in canonical words ("at least 161", "several hundred")."""
    out = {}
    for row in claims[["id", "qualifier", "low", "high", "best", "vague"]].itertuples(index=False):
        low, high, best = (_number(v) for v in (row.low, row.high, row.best))
        vague = row.vague if isinstance(row.vague, str) and row.vague else None
        figure = Figure(row.qualifier, low=low, high=high, best=best, vague=vague)
        out[int(row.id)] = format_figure(figure)
    return out


def _number(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _verdict(
    group: dict[str, Any],
    votes: pd.DataFrame,
    segments: pd.DataFrame,
    figures: dict[int, str],
    value: float,
) -> Verdict:
    keys = {c: group[c] for c in GROUP_COLUMNS} | {"period": group.get("period", "")}
    if votes.empty:
        return Verdict(keys, value, "no_claims", attribution="No source gives a figure for this.")
    inside = (votes["lower"] <= value) & (votes["upper"] >= value)
    cited = [_cited(row, figures) for row in votes.itertuples(index=False)]
    matched = [c for c, hit in zip(cited, inside, strict=True) if hit]
    contradicted = [c for c, hit in zip(cited, inside, strict=True) if not hit]
    spans = [(float(s.low), float(s.high)) for s in segments.itertuples(index=False)]
    independent = None
    if not math.isnan(group["independent_low"]):
        independent = (float(group["independent_low"]), float(group["independent_high"]))
    finite = votes["shape"] == FINITE
    floors = votes[votes["shape"] == FLOOR]
    if any(lo <= value <= hi for lo, hi in spans):
        verdict = "within_consensus"
    elif (inside & finite).any():
        verdict = "matches_estimate"
    elif independent and independent[0] <= value <= independent[1]:
        verdict = "within_independent"
    elif (floors["lower"] > value).any() or value < group["envelope_low"]:
        verdict = "below_floor"
    elif value > group["envelope_high"]:
        verdict = "above_all"
    else:
        verdict = "envelope_only"
    return Verdict(
        keys,
        value,
        verdict,
        matched,
        contradicted,
        spans,
        _distance(value, spans),
        independent,
        _distance(value, [independent] if independent else []),
        _advice(votes, value),
        _attribution(votes, cited, inside, value),
    )


def _cited(row: Any, figures: dict[int, str]) -> dict[str, Any]:
    return {
        "key": row.key,
        "claimant": row.speaker,
        "affiliation": row.affiliation,
        "figure": figures[int(row.id)],
        "interval": interval(row.lower, row.upper),
        "lower": float(row.lower),
        "shape": row.shape,
        "convention": bool(row.convention),
        "unattributed": bool(row.unattributed),
    }


def _distance(value: float, spans: list[tuple[float, float]]) -> float | None:
    """0 inside the nearest span, else how far outside it relative to its nearer end."""
    if not spans:
        return None
    best: float | None = None
    for low, high in spans:
        if low <= value <= high:
            return 0.0
        end = high if value > high else low
        gap = (value - end) / end if end else math.inf
        if best is None or abs(gap) < abs(best):
            best = gap
    return best


def _advice(votes: pd.DataFrame, value: float) -> str:
    """How to word VALUE when it is a bound someone gave rather than an estimate."""
    bound = votes[(votes["shape"].isin([FLOOR, CEILING])) & _at_bound(votes, value)]
    if bound.empty:
        return ""
    row = bound.iloc[0]
    word = "at least" if row["shape"] == FLOOR else "up to"
    whose = "minimum" if row["shape"] == FLOOR else "maximum"
    return (
        f"{number(value)} is {row['speaker']}'s {whose}, not an estimate: "
        f'write "{word} {number(value)}"'
    )


def _at_bound(votes: pd.DataFrame, value: float) -> pd.Series:
    return ((votes["shape"] == FLOOR) & (votes["lower"] == value)) | (
        (votes["shape"] == CEILING) & (votes["upper"] == value)
    )


def _attribution(
    votes: pd.DataFrame, cited: list[dict[str, Any]], inside: pd.Series, value: float
) -> str:
    """A sentence a journalist can print: who gives VALUE, and who says otherwise."""
    exact = (votes["point"] == value) | _at_bound(votes, value)
    leads = [c for c, hit in zip(cited, exact, strict=True) if hit]
    others = [c for c, hit in zip(cited, exact, strict=True) if not hit and c["shape"] != "vague"]
    if leads:
        figure = leads[0]["figure"] if leads[0]["shape"] != FINITE else number(value)
        names = _names([c for c in leads if c["figure"] == leads[0]["figure"]])
        sentence = f"{figure}, according to {names}"
    else:
        within = [c for c, hit in zip(cited, inside, strict=True) if hit and c["shape"] == FINITE]
        if within:
            first = within[0]
            sentence = f"{number(value)} is within {first['claimant']}'s {first['figure']}"
        else:
            sentence = f"No source gives {number(value)}"
    independent = [c for c in others if c["affiliation"] == "none"]
    contrast = independent[:2] or _extremes(others)
    for c in contrast:
        sentence += f"; {_says(c)}"
    return sentence[0].upper() + sentence[1:] + "."


def _extremes(cited: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The lowest and the highest of the other claims, by their interval's lower end."""
    if len(cited) <= 2:
        return cited
    ordered = sorted(cited, key=lambda c: (c["lower"], c["key"]))
    return [ordered[0], ordered[-1]]


def _names(cited: list[dict[str, Any]]) -> str:
    names = []
    for c in cited:
        name = "an unattributed report" if c["claimant"] == "unattributed" else c["claimant"]
        if name not in names:
            names.append(name)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _says(c: dict[str, Any]) -> str:
    if c["claimant"] == "unattributed":
        return f"unattributed reports give {c['figure']}"
    verb = "documented" if c["shape"] == FLOOR else "give" if c["unattributed"] else "reported"
    return f"{c['claimant']} {verb} {c['figure']}"


def known_on(claims: pd.DataFrame, day: str) -> tuple[pd.DataFrame, list[str]]:
    """The claims made by ``day`` (ISO), and the keys left out for having no date.

    A claim's date is ``claimed`` (the last day it may have been said), else ``published`` (its
    document's). A claim superseded only by claims made later stands as it did that day.
    """
    said = claims["claimed"].astype(object)
    if "published" in claims:
        said = said.where(said.notna(), claims["published"].astype(object))
    undated = said.isna()
    kept = claims[~undated & (said.where(~undated, "").astype(str) <= day)].copy()
    kept["status"] = kept["status"].astype(object)
    successors = set(kept["supersedes"].dropna().astype("int64"))
    revived = (kept["status"] == "superseded") & ~kept["id"].isin(successors)
    kept.loc[revived, "status"] = "active"
    left_out = claims.loc[undated & in_scope(claims), "key"].tolist()
    return kept, left_out
