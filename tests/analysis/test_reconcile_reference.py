"""Differential test: the vectorised ``reconcile`` against a plain per-group reference.

The reference below is written from the README ("How reconciliation works"), one group at a
time with ordinary loops, so that it can be checked by reading. Hypothesis draws claim sets
spanning several groups and every result of ``reconcile`` must match it.
"""

from __future__ import annotations

import math
import statistics
from itertools import pairwise, product

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimsdb.analysis.reconcile import reconcile
from claimsdb.vocabulary import QUALIFIERS, SOURCE_KINDS, STATUSES, TOLERANCE, VAGUE

INF = math.inf
FINITE = ("exact", "range", "approximately", "nearly")
FLOOR = ("at_least", "more_than")
CEILING = ("at_most", "less_than")
CONVENTION_LOW = ("approximately", "nearly", "vague")
CONVENTION_HIGH = ("approximately", "vague")
GROUP = ("event", "metric", "population", "period_first", "period_last")

# ---------------------------------------------------------------------------------------------
# The reference: one group at a time, plain Python.
# ---------------------------------------------------------------------------------------------


def interval(c: dict, t: float) -> tuple[float, float]:
    """README "Intervals": the closed interval a claim stands for."""
    q = c["qualifier"]
    if q == "exact":
        return c["best"], c["best"]
    if q == "range":
        return c["low"], c["high"]
    if q in FLOOR:
        return c["low"], INF
    if q in CEILING:
        return 0, c["high"]
    if q == "approximately":
        return c["best"] * (1 - t), c["best"] * (1 + t)
    if q == "nearly":
        return c["best"] * (1 - t), c["best"]
    low, high = VAGUE[c["vague"]]
    return low, INF if high is None else high


def point(c: dict) -> float | None:
    """Its best figure, or the midpoint of a range; floors, ceilings and vague claims have none."""
    if c["qualifier"] not in FINITE:
        return None
    if c["best"] is not None:
        return c["best"]
    return (c["low"] + c["high"]) / 2


def shape(c: dict) -> str:
    q = c["qualifier"]
    return "finite" if q in FINITE else "floor" if q in FLOOR else "ceiling" if q in CEILING else q


def count(intervals: list, x: float) -> int:
    return sum(low <= x <= high for low, high in intervals)


def consensus(intervals: list) -> tuple[int, list[list[float]]]:
    """Brute force: k = most intervals sharing a point; the maximal closed runs where k is reached.

    Counts only change at endpoints, so the endpoints and one point inside each gap between
    consecutive endpoints see every count there is.
    """
    ends = sorted({x for iv in intervals for x in iv})
    gaps = [(a + b) / 2 for a, b in pairwise(ends)]
    k = max((count(intervals, x) for x in ends + gaps), default=0)
    runs: list[list[float]] = []
    for i, x in enumerate(ends):
        if count(intervals, x) != k:
            continue
        if runs and runs[-1][1] == ends[i - 1] and count(intervals, gaps[i - 1]) == k:
            runs[-1][1] = x  # the run goes on through the gap to this endpoint
        else:
            runs.append([x, x])
    return k, runs


def chain(c: dict, by_id: dict) -> list[dict]:
    """The claim, what it derives from, and so on up to the root (last)."""
    links = [c]
    while links[-1]["derived_from"] is not None:
        links.append(by_id[links[-1]["derived_from"]])
    return links


def reference(claims: list[dict], t: float = TOLERANCE) -> tuple[dict, dict]:
    """Per group: what every method gives; per claim: role, relation, speaker."""
    by_id = {c["id"]: c for c in claims}
    groups: dict[tuple, dict] = {}
    roles: dict[int, dict] = {}
    for g in sorted({c["group"] for c in claims if c["in_scope"]}):
        members = [c for c in claims if c["group"] == g]
        role: dict[int, str] = {}
        because: dict[int, int] = {}

        # Excluded: not active, or a repeat of a claim that is not.
        live = []
        for c in members:
            dead = [link for link in chain(c, by_id) if link["status"] != "active"]
            if not dead:
                live.append(c)
            else:
                role[c["id"]] = "excluded"
                if dead[0] is not c:  # why: the nearest claim of its chain that is out
                    because[c["id"]] = dead[0]["id"]

        # One voice per chain: the live member nearest the root (then smallest key) speaks.
        speakers = []
        for root in {chain(c, by_id)[-1]["id"] for c in live}:
            same = [c for c in live if chain(c, by_id)[-1]["id"] == root]
            first = min(same, key=lambda c: (len(chain(c, by_id)), c["key"]))
            speakers.append(first)
            for c in same:
                if c is not first:
                    role[c["id"]], because[c["id"]] = "repeat", first["id"]

        # One vote per claimant (of the root); every unattributed origin is its own voice.
        def voice(c: dict) -> object:
            root = chain(c, by_id)[-1]
            return c["id"] if root["kind"] == "unattributed" else root["claimant"]

        voters = []
        for v in {voice(c) for c in speakers}:
            mine = [c for c in speakers if voice(c) == v]
            rank = {"finite": 0, "floor": 1, "ceiling": 1, "vague": 2}
            top = min(rank[shape(c)] for c in mine)
            mine = [c for c in mine if rank[shape(c)] == top]
            latest = max(c["claimed"] or "" for c in mine)  # missing = oldest
            mine = [c for c in mine if (c["claimed"] or "") == latest]
            voter = min(mine, key=lambda c: c["key"])
            voters.append(voter)
            for c in speakers:
                if voice(c) == v and c is not voter:
                    role[c["id"]], because[c["id"]] = "second claim", voter["id"]

        def affiliation(c: dict) -> str:
            return chain(c, by_id)[-1]["affiliation"] or "unknown"

        finite = [c for c in voters if shape(c) == "finite"]
        k, runs = consensus([interval(c, t) for c in finite])
        strict_k, _ = consensus([interval(c, 0.0) for c in finite])
        agreed = k >= 2
        relation = {c["id"]: "" for c in members}
        for c in voters:
            low, high = interval(c, t)
            if not agreed:
                role[c["id"]] = "used" if shape(c) == "finite" else shape(c)
                relation[c["id"]] = "no consensus"
            elif shape(c) == "finite":
                inside = any(low <= a and b <= high for a, b in runs)
                role[c["id"]] = "used" if inside else "dissenter"
                relation[c["id"]] = "agrees" if inside else ""
            else:
                role[c["id"]] = shape(c)
                meets = any(low <= b and a <= high for a, b in runs)
                relation[c["id"]] = "consistent" if meets else "contradicts"

        for c in members:
            roles[c["id"]] = {
                "role": role[c["id"]],
                "relation": relation[c["id"]],
                "because": because.get(c["id"]),
                "affiliation": affiliation(c),
            }

        def bounds(of: list[dict], name: str) -> dict:
            if not of:
                return {f"{name}_low": None, f"{name}_high": None}
            low = min(interval(c, t)[0] for c in of)
            high = max(interval(c, t)[1] for c in of)
            stated_low = any(
                interval(c, t)[0] == low and c["qualifier"] not in CONVENTION_LOW for c in of
            )
            stated_high = any(
                interval(c, t)[1] == high and c["qualifier"] not in CONVENTION_HIGH for c in of
            )
            return {
                f"{name}_low": low,
                f"{name}_high": high,
                f"{name}_low_convention": not stated_low,
                f"{name}_high_convention": not stated_high,
            }

        points = [point(c) for c in voters if point(c) is not None]
        parties: dict[str, list[float]] = {}
        for c in voters:
            parties.setdefault(affiliation(c), [])
            if point(c) is not None:
                parties[affiliation(c)].append(point(c))
        medians = {
            a: statistics.median(p)
            for a, p in parties.items()
            if a not in ("none", "unknown") and p
        }
        gap = None
        if len(medians) >= 2 and min(medians.values()) > 0:
            gap = max(medians.values()) / min(medians.values())
        independent = [c for c in voters if affiliation(c) == "none"]
        groups[g] = {
            "claims": len(members),
            "origins": len(voters),
            "excluded": len(members) - len(voters),  # everything left out of the vote
            "finite": len(finite),
            "independent_votes": len(independent),
            "with_point": len(points),
            **bounds(voters, "envelope"),
            **bounds(independent, "independent"),
            "k": k,
            "n": len(finite),
            "consensus": sorted(map(tuple, runs)) if agreed else [],
            "ties": len(runs) if agreed else 0,
            "via_tolerance": agreed and strict_k < k,
            "unattributed_agree": any(
                relation[c["id"]] == "agrees" and chain(c, by_id)[-1]["kind"] == "unattributed"
                for c in voters
            ),
            "median": statistics.median(points) if points else None,
            "conservative": min(points, default=None),
            "highest": max(points, default=None),
            "spread": max(points) / min(points) if len(points) >= 2 and min(points) > 0 else None,
            "partisan_gap": gap,
            "gap_medians": (min(medians.values()), max(medians.values())) if gap else None,
            "affiliations": {
                a: {
                    "count": sum(affiliation(c) == a for c in voters),
                    "with_point": len(p),
                    "lowest": min(p, default=None),
                    "median": statistics.median(p) if p else None,
                    "highest": max(p, default=None),
                }
                for a, p in parties.items()
            },
        }
    return groups, roles


# ---------------------------------------------------------------------------------------------
# Random claim sets.
# ---------------------------------------------------------------------------------------------

PERIODS = (("1992-02-25", "1992-02-26"), ("1992-01-01", "1992-12-31"))
SCOPES = [
    (event, metric, population, *period)
    for event, metric, population, period in product(
        ("khojaly", "war"), ("killed", "wounded"), ("civilians", "women"), PERIODS
    )
]
CLAIMANTS = (  # name, kind, affiliation
    ("Ministry", "government", "A"),
    ("Army", "military", "B"),
    ("Agency", "media", "B"),
    ("Watch", "ngo", "none"),
    ("Mission", "intergovernmental", "none"),
    ("Paper", "media", None),
    ("Rumour", "unattributed", None),
    ("Leaflet", "unattributed", "A"),
)
VAGUE_KEYS = ("a few", "several", "a few dozen", "scores", "a number of", "many")
DRAWN_STATUSES = ("active",) * 12 + ("superseded", "retracted", "discounted")
DATES = ("1992-02-26", "1992-03", "1993", None)


@st.composite
def figures(draw: st.DrawFn) -> dict:
    q = draw(st.sampled_from((*FINITE, *FINITE, *FLOOR, *CEILING, "vague")))  # finite twice
    # Small numbers, often round ones, so that intervals meet, nest and tie often.
    small = st.sampled_from((10, 30)) | st.sampled_from((0, 20, 40, 50)) | st.integers(0, 50)
    figure = {"qualifier": q, "low": None, "high": None, "best": None, "vague": None}
    if q in ("exact", "approximately", "nearly"):
        figure["best"] = draw(small)
    elif q == "range":
        low = draw(st.integers(0, 49))
        high = draw(st.integers(low + 1, 50))
        figure.update(low=low, high=high, best=draw(st.none() | st.integers(low, high)))
    elif q in FLOOR:
        figure["low"] = draw(small)
    elif q in CEILING:
        figure["high"] = draw(st.integers(1, 50) if q == "less_than" else small)
    else:
        figure["vague"] = draw(st.sampled_from(VAGUE_KEYS))
    return figure


@st.composite
def claim_sets(draw: st.DrawFn) -> list[dict]:
    scopes = draw(st.lists(st.sampled_from(SCOPES), min_size=1, max_size=4, unique=True))
    # Groups out of scope only give context: a chain may run through them.
    in_scope = [True, *draw(st.lists(st.sampled_from((True, True, False)), min_size=3, max_size=3))]
    labels = [i for i in range(len(scopes)) for _ in range(draw(st.integers(1, 8)))]
    labels = draw(st.permutations(labels))  # ids run across groups
    keys = draw(st.permutations(range(len(labels))))  # key order differs from id order
    claims = []
    for i, label in enumerate(labels, start=1):
        name, kind, affiliation = draw(st.sampled_from(CLAIMANTS))
        linked = i > 1 and draw(st.integers(0, 2)) == 0  # a third derive from an earlier claim
        claims.append(
            {
                "id": i,
                "key": f"c{keys[i - 1]:02d}",
                "group": scopes[label],
                "in_scope": in_scope[label],
                **draw(figures()),
                "status": draw(st.sampled_from(DRAWN_STATUSES)),
                "claimant": name,
                "kind": kind,
                "affiliation": affiliation,
                "derived_from": draw(st.integers(1, i - 1)) if linked else None,
                "claimed": draw(st.sampled_from(DATES)),
            }
        )
    return claims


# The loader's categories hold whole vocabularies, used in the frame or not.
VOCABULARIES = {
    "event": ("khojaly", "war", "agdam"),
    "metric": ("killed", "wounded", "missing"),
    "population": ("civilians", "women", "children"),
    "period_first": ("1992-01-01", "1992-02-25", "1993-01-01"),
    "period_last": ("1992-02-26", "1992-12-31", "1993-12-31"),
    "qualifier": QUALIFIERS,
    "vague": tuple(VAGUE),
    "status": STATUSES,
    "claimed": ("1992-02-26", "1992-03", "1993", "1994"),
    "claimant": (*(name for name, _, _ in CLAIMANTS), "Unused"),
    "claimant_kind": SOURCE_KINDS,
    "affiliation": ("A", "B", "C", "none"),
}


def frame_of(claims: list[dict], order: list[int], categorical: bool) -> pd.DataFrame:
    """A claims frame (see ``analysis.frame``), rows in ``order``: text as plain objects, as
    tests build it by hand, or as categories, as the loader does."""
    rows = [claims[i] for i in order]
    frame = pd.DataFrame(
        {
            "id": [c["id"] for c in rows],
            "key": [c["key"] for c in rows],
            **{column: [c["group"][j] for c in rows] for j, column in enumerate(GROUP)},
            **{f: [c[f] for c in rows] for f in ("qualifier", "vague", "status", "claimed")},
            **{f: pd.Series([c[f] for c in rows], dtype=float) for f in ("low", "high", "best")},
            "claimant": [c["claimant"] for c in rows],
            "claimant_kind": [c["kind"] for c in rows],
            "affiliation": [c["affiliation"] for c in rows],
            "derived_from": pd.array([c["derived_from"] for c in rows], dtype="Int64"),
            "supersedes": pd.array([None] * len(rows), dtype="Int64"),
            "in_scope": [c["in_scope"] for c in rows],
        }
    )
    if categorical:
        for column, vocabulary in VOCABULARIES.items():
            frame[column] = pd.Categorical(frame[column], categories=vocabulary)
    return frame


# ---------------------------------------------------------------------------------------------
# The comparison.
# ---------------------------------------------------------------------------------------------


def plain(value: object) -> object:
    """numpy/pandas scalars as Python values, missing as None."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def library(claims: list[dict], order: list[int], categorical: bool) -> tuple[dict, dict]:
    """``reconcile``'s answer, shaped like the reference's."""
    result = reconcile(frame_of(claims, order, categorical))
    groups: dict[tuple, dict] = {}
    for row in result.groups.to_dict("records"):
        g = tuple(row[c] for c in GROUP)
        got = {column: plain(row[column]) for column in row if column not in (*GROUP, "group")}
        agreed = result.consensus[
            (result.consensus["group"] == row["group"]) & (result.consensus["k"] >= 2)
        ]
        got["consensus"] = sorted(zip(agreed["low"], agreed["high"], strict=True))
        assert (agreed["k"] == got["k"]).all() and (agreed["n"] == got["n"]).all()
        got["gap_medians"] = None
        table = result.affiliations[result.affiliations["group"] == row["group"]]
        by_name = {
            a["affiliation"]: {
                f: plain(a[f]) for f in ("count", "with_point", "lowest", "median", "highest")
            }
            for a in table.to_dict("records")
        }
        got["affiliations"] = by_name
        if got["partisan_gap"] is not None:
            got["gap_medians"] = (
                by_name[got["gap_low"]]["median"],
                by_name[got["gap_high"]]["median"],
            )
        groups[g] = got
    roles = {
        int(r["id"]): {
            "role": r["role"],
            "relation": r["relation"],
            "because": plain(r["because"]),
            "affiliation": r["affiliation"],
        }
        for r in result.roles.to_dict("records")
    }
    return groups, roles


def assert_same(actual: object, expected: object, where: str) -> None:
    """Equal (floats approximately), recursively; ``actual`` may have more keys than asked."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        assert set(actual) >= set(expected), f"{where}: missing {set(expected) - set(actual)}"
        for name, value in expected.items():
            assert_same(actual[name], value, f"{where}.{name}")
    elif isinstance(expected, list | tuple):
        assert len(actual) == len(expected), f"{where}: {actual!r} != {expected!r}"
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_same(a, e, f"{where}[{i}]")
    elif isinstance(expected, float | int) and not isinstance(expected, bool):
        assert actual == pytest.approx(expected), f"{where}: {actual!r} != {expected!r}"
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


@settings(max_examples=300, deadline=None)
@given(claims=claim_sets(), data=st.data())
def test_reconcile_matches_the_reference(claims: list[dict], data: st.DataObject) -> None:
    order = data.draw(st.permutations(range(len(claims))), label="row order")
    categorical = data.draw(st.booleans(), label="loader dtypes")
    want_groups, want_roles = reference(claims)
    got_groups, got_roles = library(claims, order, categorical)
    assert set(got_groups) == set(want_groups)
    for g, expected in want_groups.items():
        assert set(got_groups[g]["affiliations"]) == set(expected["affiliations"]), g
        assert_same(got_groups[g], expected, f"group {g}")
    assert set(got_roles) == set(want_roles)
    for claim_id, expected in want_roles.items():
        assert_same(got_roles[claim_id], expected, f"claim {claim_id}")
