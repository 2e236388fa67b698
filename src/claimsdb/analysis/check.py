"""Checking a figure before it is published: a verdict per group, and the facts to word it by.

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
- ``envelope_only`` — VALUE lies only inside the envelope of all claims;
- ``part`` — the set is parts of a whole checked alongside it (women and children of 613
  civilians): VALUE is about the whole, so a part gets no verdict of its own; its claims are
  still listed, as ``matched`` where they give VALUE.

Each ``Judgement`` also names the claims a sentence about VALUE would cite: who gives it
(``leads``), whose figure holds it (``within``), who says otherwise (``contrast``) and whose bound
it is (``bound``). ``claimsdb.present.verdicts`` turns a judgement into words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from claimsdb.analysis.frame import GROUP_COLUMNS, in_scope
from claimsdb.analysis.origins import CEILING, EXCLUDED, FINITE, FLOOR, VAGUE, VOTE
from claimsdb.analysis.periods import PARTS, SET
from claimsdb.analysis.reconcile import Reconciliation
from claimsdb.analysis.results import Judged
from claimsdb.vocabulary import INDEPENDENT

PART = "part"  # the verdict of a parts set checked with its whole: none of its own
# The verdicts that find VALUE in what the set's sources say.
SUPPORTED = ("within_consensus", "matches_estimate")

if TYPE_CHECKING:
    import pandas as pd

# What a verdict carries of its set besides the group columns.
_SET_FIELDS = ("group", "kind", "parent", "unit", "accumulates", "claims")
# What a caller may have added to ``result.groups`` in words, carried as given.
_WORDED = ("periods_differ", "contradictions")
VERDICTS = (
    "no_claims",
    "within_consensus",
    "matches_estimate",
    "within_independent",
    "below_floor",
    "above_all",
    "envelope_only",
    PART,
)


@dataclass(frozen=True)
class Judgement(Judged):
    """A verdict as facts: besides the claims VALUE lies in and outside of, the claims a sentence
    about VALUE would cite. A cited claim is a dict: ``id``, ``key``, ``claimant``,
    ``affiliation``, ``lower``, ``upper`` (None when open), ``point`` (None when missing), ``at``
    (where it stands on the axis), ``shape``, ``convention``, ``unattributed``, ``vote`` and
    ``voice``.
    """

    leads: list[dict[str, Any]] = field(default_factory=list)
    """The claims that give VALUE itself: as their point value, or as their floor or ceiling."""
    within: dict[str, Any] | None = None
    """Failing a lead, the first finite figure VALUE lies in."""
    contrast: list[dict[str, Any]] = field(default_factory=list)
    """Who says otherwise: up to two independent voices, else the lowest and highest others."""
    bound: dict[str, Any] | None = None
    """The first claim whose floor or ceiling VALUE is (VALUE is then not an estimate)."""


def check(claims: pd.DataFrame, result: Reconciliation, value: float) -> list[Judgement]:
    """A judgement on VALUE in every group of ``result`` (``claims`` is the frame reconciled).

    VALUE is compared with every claim that still speaks — votes, second claims of a claimant
    and repeats (excluded claims never count); the consensus and the independent range come
    from the votes alone.
    """
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"a value to check must be a non-negative number, not {value}")
    roles = result.roles
    speaking = roles[roles["standing"] != EXCLUDED]
    known = set(result.groups["group"])
    judgements = []
    for row in result.groups.itertuples(index=False):
        group = row._asdict()
        claims_here = speaking[speaking["group"] == row.group]
        segments = result.consensus[result.consensus["group"] == row.group]
        judged = _judge(group, claims_here, segments, value)
        if group.get("kind") == PARTS and group.get("parent") in known:
            judged = _part(judged)
        judgements.append(judged)
    return judgements


def _part(judged: Judgement) -> Judgement:
    """A parts set's judgement: no verdict of its own; its claims listed, those giving VALUE as
    matched."""
    cited = judged.matched + judged.contradicted
    hits = [c for c in cited if c["point"] == judged.value or _at_bound(c, judged.value)]
    others = [c for c in cited if c not in hits]
    return Judgement(judged.group, judged.value, PART, hits, others, leads=hits)


def _judge(
    group: dict[str, Any], claims: pd.DataFrame, segments: pd.DataFrame, value: float
) -> Judgement:
    keys = {c: group.get(c) for c in (*GROUP_COLUMNS, *_SET_FIELDS, *_WORDED)} | {
        "period": group.get("period", "")
    }
    if claims.empty:
        return Judgement(keys, value, "no_claims")
    inside = ((claims["lower"] <= value) & (claims["upper"] >= value)).to_numpy()
    cited = [_cited(row) for row in claims.itertuples(index=False)]
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
    leads, within, contrast = _sources(cited, value)
    bound = next((c for c in cited if _at_bound(c, value)), None)
    return Judgement(
        keys,
        value,
        verdict,
        matched,
        contradicted,
        spans,
        _distance(value, spans),
        independent,
        _distance(value, [independent] if independent else []),
        leads=leads,
        within=within,
        contrast=contrast,
        bound=bound,
    )


def _cited(row: Any) -> dict[str, Any]:
    lower, upper, point = float(row.lower), float(row.upper), float(row.point)
    at = point if not math.isnan(point) else (upper if row.shape == CEILING else lower)
    return {
        "id": int(row.id),
        "key": row.key,
        "claimant": row.speaker,
        "affiliation": row.affiliation,
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


def _sources(
    cited: list[dict[str, Any]], value: float
) -> tuple[list[dict[str, Any]], dict[str, Any] | None, list[dict[str, Any]]]:
    """Who gives VALUE (leads), failing them whose figure holds it (within), and who says
    otherwise (contrast)."""
    leads = [c for c in cited if c["point"] == value or _at_bound(c, value)]
    holding = [
        c
        for c in cited
        if c not in leads and c["shape"] == FINITE and c["lower"] <= value <= (c["upper"] or 0)
    ]
    within = None if leads or not holding else holding[0]
    named = {c["voice"] for c in leads + holding[:1]}
    others = [c for c in cited if c["voice"] not in named]
    # Independent voices first: those with numbers, else their vague words; failing any, the
    # lowest and highest of the others.
    independent = [c for c in others if c["affiliation"] == INDEPENDENT]
    independent.sort(key=lambda c: (not c["vote"], c["key"]))
    numbered = [c for c in independent if c["shape"] != VAGUE]
    contrast = (numbered or independent)[:2] or _extremes(
        [c for c in others if c["shape"] != VAGUE] or others
    )
    return leads, within, contrast


def _extremes(cited: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The lowest and the highest of the other claims, by their figure."""
    ordered = sorted(cited, key=lambda c: (c["at"], c["key"]))
    return ordered if len(ordered) <= 2 else [ordered[0], ordered[-1]]


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


def headline_order(judgements: list[Judgement]) -> list[Judgement]:
    """The judgements in the order a reader needs them: first the set VALUE is most plausibly
    about — a set of its own (not parts of a whole, nor a sub-period) before nested ones, one
    whose sources give VALUE before one that does not, then the one with most claims, then the
    whole population before a named one — and the others after it in the same order, each
    nested set right after the set it is shown under. The first is marked ``headline_set``."""
    known = {j.group.get("group") for j in judgements}

    def top(j: Judgement) -> bool:
        return j.group.get("kind", SET) == SET or j.group.get("parent") not in known

    def rank(j: Judgement) -> tuple[Any, ...]:
        g = j.group
        return (j.verdict not in SUPPORTED, -int(g.get("claims") or 0), bool(g["population"]))

    heads = sorted((j for j in judgements if top(j)), key=rank)
    ordered: list[Judgement] = []
    for head in heads:
        ordered.append(head if ordered else replace(head, headline_set=True))
        ordered += [
            j for j in judgements if not top(j) and j.group.get("parent") == head.group.get("group")
        ]
    return ordered
