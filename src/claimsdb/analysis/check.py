"""Checking a figure before it is published: a verdict per group, and a sentence to print.

Verdicts, strongest first (the first that holds is given):

- ``no_claims`` — the group has no active claim to check against;
- ``within_consensus`` — VALUE lies in an interval that k ≥ 2 distinct origins share;
- ``matches_estimate`` — VALUE lies in a claim's finite figure (exact, range, about, nearly),
  whether or not that claim votes;
- ``within_independent`` — VALUE lies in the range of independent origins (affiliation none)
  and below the highest upper end any claim gives;
- ``below_floor`` — VALUE is below a floor some origin documented ("at least 161"), or below
  every claim;
- ``above_all`` — VALUE is above every upper end a claim gives (a floor's open end gives none);
- ``envelope_only`` — VALUE lies only inside the envelope of all claims.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimsdb.analysis.frame import GROUP_COLUMNS, in_scope
from claimsdb.analysis.origins import CEILING, EXCLUDED, FINITE, FLOOR, VOTE
from claimsdb.analysis.reconcile import Reconciliation
from claimsdb.figures import Figure, format_figure
from claimsdb.present.words import interval, number
from claimsdb.vocabulary import INDEPENDENT

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
    """A verdict for VALUE in every group of ``result`` (``claims`` is the frame reconciled).

    VALUE is compared with every claim that still speaks — votes, second claims of a claimant
    and repeats (excluded claims never count); the consensus and the independent range come
    from the votes alone.
    """
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"a value to check must be a non-negative number, not {value}")
    figures = _figures(claims)
    roles = result.roles
    speaking = roles[roles["standing"] != EXCLUDED]
    verdicts = []
    for row in result.groups.itertuples(index=False):
        group = row._asdict()
        claims_here = speaking[speaking["group"] == row.group]
        segments = result.consensus[result.consensus["group"] == row.group]
        verdicts.append(_verdict(group, claims_here, segments, figures, value))
    return verdicts


def _figures(claims: pd.DataFrame) -> dict[int, str]:
    """Each claim's figure as its source wrote it (the phrase), else in canonical words."""
    out = {}
    columns = ["id", "qualifier", "low", "high", "best", "vague"]
    phrases = claims.get("phrase")
    for n, row in enumerate(claims[columns].itertuples(index=False)):
        phrase = phrases.iloc[n] if phrases is not None else None
        if isinstance(phrase, str) and phrase.strip():
            out[int(row.id)] = _mid_sentence(phrase.strip())
            continue
        low, high, best = (_number(v) for v in (row.low, row.high, row.best))
        vague = row.vague if isinstance(row.vague, str) and row.vague else None
        figure = Figure(row.qualifier, low=low, high=high, best=best, vague=vague)
        out[int(row.id)] = format_figure(figure)
    return out


def _mid_sentence(phrase: str) -> str:
    """ "An estimated 400,000" reads "an estimated 400,000" inside a sentence; "UN" stays."""
    if len(phrase) > 1 and phrase[0].isupper() and phrase[1].islower():
        return phrase[0].lower() + phrase[1:]
    return phrase


def _number(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _verdict(
    group: dict[str, Any],
    claims: pd.DataFrame,
    segments: pd.DataFrame,
    figures: dict[int, str],
    value: float,
) -> Verdict:
    keys = {c: group[c] for c in GROUP_COLUMNS} | {"period": group.get("period", "")}
    if claims.empty:
        return Verdict(keys, value, "no_claims", attribution="No source gives a figure for this.")
    inside = ((claims["lower"] <= value) & (claims["upper"] >= value)).to_numpy()
    cited = [_cited(row, figures) for row in claims.itertuples(index=False)]
    matched = [c for c, hit in zip(cited, inside, strict=True) if hit]
    contradicted = [c for c, hit in zip(cited, inside, strict=True) if not hit]
    spans = [(float(s.low), float(s.high)) for s in segments.itertuples(index=False)]
    independent = None
    if not math.isnan(group["independent_low"]):
        independent = (float(group["independent_low"]), float(group["independent_high"]))
    finite = (claims["shape"] == FINITE).to_numpy()
    floors = claims[claims["shape"] == FLOOR]
    # The highest upper end any claim gives; a floor's open end gives none.
    closed = claims.loc[claims["upper"] != math.inf, "upper"]
    top = float(closed.max()) if not closed.empty else math.inf
    if any(lo <= value <= hi for lo, hi in spans):
        verdict = "within_consensus"
    elif (inside & finite).any():
        verdict = "matches_estimate"
    elif independent and independent[0] <= value <= min(independent[1], top):
        verdict = "within_independent"
    elif (floors["lower"] > value).any() or value < group["envelope_low"]:
        verdict = "below_floor"
    elif value > top:
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
        _advice(cited, value),
        _attribution(cited, value),
    )


def _cited(row: Any, figures: dict[int, str]) -> dict[str, Any]:
    lower, upper, point = float(row.lower), float(row.upper), float(row.point)
    at = point if not math.isnan(point) else (upper if row.shape == CEILING else lower)
    return {
        "key": row.key,
        "claimant": row.speaker,
        "affiliation": row.affiliation,
        "figure": figures[int(row.id)],
        "interval": interval(lower, upper),
        "lower": lower,
        "upper": None if math.isinf(upper) else upper,
        "point": None if math.isnan(point) else point,
        "at": at,
        "shape": row.shape,
        "convention": bool(row.convention),
        "unattributed": bool(row.unattributed),
        "vote": row.standing == VOTE,
        "voice": int(row.voice),
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


def _at_bound(c: dict[str, Any], value: float) -> bool:
    return (c["shape"] == FLOOR and c["lower"] == value) or (
        c["shape"] == CEILING and c["upper"] == value
    )


def _advice(cited: list[dict[str, Any]], value: float) -> str:
    """How to word VALUE when it is a bound someone gave rather than an estimate."""
    bound = [c for c in cited if _at_bound(c, value)]
    if not bound:
        return ""
    c = bound[0]
    word, whose = ("at least", "minimum") if c["shape"] == FLOOR else ("up to", "maximum")
    owner = (
        f"the {whose} of an unattributed report"
        if c["claimant"] == "unattributed"
        else f"{c['claimant']}'s {whose}"
    )
    return f'{number(value)} is {owner}, not an estimate: write "{word} {number(value)}"'


def _attribution(cited: list[dict[str, Any]], value: float) -> str:
    """A sentence a journalist can print: who gives VALUE, and who says otherwise."""
    leads = [c for c in cited if c["point"] == value or _at_bound(c, value)]
    within = [
        c
        for c in cited
        if c not in leads and c["shape"] == FINITE and c["lower"] <= value <= (c["upper"] or 0)
    ]
    if leads:
        exact = any(c["shape"] == FINITE for c in leads)
        figure = number(value) if exact else leads[0]["figure"]
        sentence = f"{figure}, according to {_names(leads)}"
    elif within:
        first = within[0]
        sentence = f"{number(value)} is within the figure {_name(first)} gave ({first['figure']})"
    else:
        sentence = f"No source gives {number(value)}"
    named = {c["voice"] for c in leads + within[:1]}
    others = [c for c in cited if c["voice"] not in named]
    # Independent voices first: those with numbers, else their vague words; failing any, the
    # lowest and highest of the others.
    independent = [c for c in others if c["affiliation"] == INDEPENDENT]
    independent.sort(key=lambda c: (not c["vote"], c["key"]))
    numbered = [c for c in independent if c["shape"] != "vague"]
    contrast = (numbered or independent)[:2] or _extremes(
        [c for c in others if c["shape"] != "vague"] or others
    )
    for c in contrast:
        sentence += f"; {_says(c)}"
    return sentence[0].upper() + sentence[1:] + "."


def _extremes(cited: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The lowest and the highest of the other claims, by their figure."""
    if len(cited) <= 2:
        return sorted(cited, key=lambda c: (c["at"], c["key"]))
    ordered = sorted(cited, key=lambda c: (c["at"], c["key"]))
    return [ordered[0], ordered[-1]]


def _name(c: dict[str, Any]) -> str:
    return "an unattributed report" if c["claimant"] == "unattributed" else str(c["claimant"])


def _names(cited: list[dict[str, Any]]) -> str:
    names: list[str] = []
    for c in cited:
        if _name(c) not in names:
            names.append(_name(c))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _says(c: dict[str, Any]) -> str:
    if c["claimant"] == "unattributed":
        return f"an unattributed report gives {c['figure']}"
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
