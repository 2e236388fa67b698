"""Reconciliation against hand-computed cases (tests/data/reconcile_cases.json).

Every expected value in the data file was worked out by hand from the README ("How
reconciliation works"), not by running the code. Each case builds a claims frame (see
``claimsdb.analysis.frame``), reconciles it, and checks each group's methods, the consensus
intervals, the by-affiliation table where given, and every claim's role and relation.
Known disagreements between the code and the README are listed in ``DISCREPANCIES`` and
marked as strict xfails, so a fix turns them into failures to be removed from the list.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from claimsdb.analysis.reconcile import Reconciliation, reconcile

DATA = json.loads(
    (Path(__file__).parents[1] / "data" / "reconcile_cases.json").read_text(encoding="utf-8")
)
CASES: dict[str, dict[str, Any]] = {case["name"]: case for case in DATA["cases"]}

COLUMN_DEFAULTS: dict[str, Any] = {
    "population": None,
    "period_first": None,
    "period_last": None,
    "low": None,
    "high": None,
    "best": None,
    "vague": None,
    "status": "active",
    "affiliation": None,
    "derived_from": None,
    "supersedes": None,
    "claimed": None,
    "in_scope": True,
}
EXPECTATION_FIELDS = ("expect", "why")

# (case, aspect) -> why the code disagrees with the README, as strict xfails: a fix turns each
# into a failure to be removed from this list. aspect: groups, consensus, roles, by_affiliation.
# None are known.
DISCREPANCIES: dict[tuple[str, str], str] = {}


def _params(aspect: str, names: list[str] | None = None) -> list[Any]:
    chosen = list(CASES) if names is None else names
    return [
        pytest.param(
            name,
            id=name,
            marks=[pytest.mark.xfail(strict=True, reason=DISCREPANCIES[name, aspect])]
            if (name, aspect) in DISCREPANCIES
            else [],
        )
        for name in chosen
    ]


def number(value: Any) -> float | None:
    """An expected value as written in the case file: a number, "inf", "613/485", or null."""
    if value is None:
        return None
    if isinstance(value, str):
        if value == "inf":
            return math.inf
        top, _, bottom = value.partition("/")
        return float(top) / float(bottom) if bottom else float(top)
    return float(value)


def frame_of(case: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for claim in case["claims"]:
        row = {**COLUMN_DEFAULTS, **case.get("defaults", {})}
        row.update({k: v for k, v in claim.items() if k not in EXPECTATION_FIELDS})
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["id"] = frame["id"].astype("int64")
    for column in ("low", "high", "best"):
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    for column in ("derived_from", "supersedes"):
        frame[column] = frame[column].astype("Int64")
    frame["in_scope"] = frame["in_scope"].astype(bool)
    return frame


@functools.cache
def result_of(name: str) -> Reconciliation:
    return reconcile(frame_of(CASES[name]))


def group_row(case: dict[str, Any], result: Reconciliation, expected: dict[str, Any]) -> Any:
    defaults = case.get("defaults", {})
    wanted = {c: expected.get(c, defaults.get(c)) for c in ("event", "metric", "population")}
    groups = result.groups
    mask = pd.Series(True, index=groups.index)
    for column, value in wanted.items():
        mask &= groups[column].astype(object).eq(value)
    found = groups[mask]
    assert len(found) == 1, f"group {wanted}: {len(found)} rows"
    return found.iloc[0]


def _same(actual: Any, expected: Any) -> bool:
    want = number(expected)
    if want is None:
        return actual is None or bool(pd.isna(actual))
    if actual is None or pd.isna(actual):
        return False
    if math.isinf(want):
        return float(actual) == want
    return float(actual) == pytest.approx(want, rel=1e-9, abs=1e-9)


def _check(problems: list[str], label: str, actual: Any, expected: Any) -> None:
    if not _same(actual, expected):
        problems.append(f"{label}: expected {expected!r}, got {actual!r}")


@pytest.mark.parametrize("name", _params("groups"))
def test_group_methods(name: str) -> None:
    """Counts, envelope, independent, consensus summary, median, conservative, spread, gap."""
    case, result = CASES[name], result_of(name)
    assert len(result.groups) == len(case["groups"]), "number of groups"
    problems: list[str] = []
    for expected in case["groups"]:
        row = group_row(case, result, expected)
        label = expected["population"]
        for column in ("claims", "origins"):
            _check(problems, f"{label} {column}", row[column], expected[column])
        for method in ("envelope", "independent"):
            bounds = expected[method] or [None, None]
            _check(problems, f"{label} {method}_low", row[f"{method}_low"], bounds[0])
            _check(problems, f"{label} {method}_high", row[f"{method}_high"], bounds[1])
        consensus = expected["consensus"]
        _check(problems, f"{label} k", row["k"], consensus["k"])
        _check(problems, f"{label} n", row["n"], consensus["n"])
        intervals = consensus["intervals"]
        if intervals == "no consensus":
            _check(problems, f"{label} ties", row["ties"], 0)
            _check(problems, f"{label} consensus_low", row["consensus_low"], None)
            _check(problems, f"{label} consensus_high", row["consensus_high"], None)
        else:
            _check(problems, f"{label} ties", row["ties"], len(intervals))
            if len(intervals) == 1:
                _check(problems, f"{label} consensus_low", row["consensus_low"], intervals[0][0])
                _check(problems, f"{label} consensus_high", row["consensus_high"], intervals[0][1])
        if bool(row["via_tolerance"]) != expected["via_tolerance"]:
            problems.append(
                f"{label} via_tolerance: expected {expected['via_tolerance']}, "
                f"got {row['via_tolerance']!r}"
            )
        for column in ("median", "conservative", "spread", "partisan_gap"):
            _check(problems, f"{label} {column}", row[column], expected[column])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", _params("consensus"))
def test_consensus_intervals(name: str) -> None:
    """Every tied consensus interval (k >= 2), with its k and n; none without consensus."""
    case, result = CASES[name], result_of(name)
    problems: list[str] = []
    for expected in case["groups"]:
        row = group_row(case, result, expected)
        label = expected["population"]
        segments = result.consensus
        segments = segments[(segments["group"] == row["group"]) & (segments["k"] >= 2)]
        got = sorted(
            (float(s.low), float(s.high), int(s.k), int(s.n)) for s in segments.itertuples()
        )
        consensus = expected["consensus"]
        if consensus["intervals"] == "no consensus":
            want: list[tuple[float, float, int, int]] = []
        else:
            want = sorted(
                (float(low), float(high), consensus["k"], consensus["n"])
                for low, high in consensus["intervals"]
            )
        if len(got) != len(want) or any(
            g[2:] != w[2:] or g[:2] != pytest.approx(w[:2]) for g, w in zip(got, want, strict=True)
        ):
            problems.append(f"{label}: expected {want}, got {got}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", _params("roles"))
def test_roles(name: str) -> None:
    """Every in-scope claim's role and relation; context rows have none."""
    case, result = CASES[name], result_of(name)
    want = {
        claim["key"]: (claim["expect"]["role"], claim["expect"]["relation"])
        for claim in case["claims"]
        if claim.get("in_scope", True)
    }
    got = {
        row.key: (row.role, row.relation)
        for row in result.roles[["key", "role", "relation"]].itertuples()
    }
    problems = [
        f"{key}: expected {want.get(key)}, got {got.get(key)}"
        for key in sorted(set(want) | set(got))
        if want.get(key) != got.get(key)
    ]
    assert not problems, "\n".join(problems)


WITH_AFFILIATIONS = [
    name for name, case in CASES.items() if any("by_affiliation" in g for g in case["groups"])
]


@pytest.mark.parametrize("name", _params("by_affiliation", WITH_AFFILIATIONS))
def test_by_affiliation(name: str) -> None:
    """Per affiliation: how many origins, and the lowest, median and highest point value."""
    case, result = CASES[name], result_of(name)
    problems: list[str] = []
    for expected in case["groups"]:
        if "by_affiliation" not in expected:
            continue
        row = group_row(case, result, expected)
        table = result.affiliations[result.affiliations["group"] == row["group"]]
        table = table.set_index("affiliation")
        if set(table.index) != set(expected["by_affiliation"]):
            problems.append(
                f"affiliations: expected {sorted(expected['by_affiliation'])}, "
                f"got {sorted(table.index)}"
            )
            continue
        for affiliation, values in expected["by_affiliation"].items():
            for column, value in values.items():
                actual = table.loc[affiliation, column]
                _check(problems, f"{affiliation} {column}", actual, value)
    assert not problems, "\n".join(problems)


def test_cases_are_complete() -> None:
    """The data file itself: at least 15 cases, unique names, every claim has an expectation."""
    assert len(CASES) == len(DATA["cases"]) >= 15
    for case in DATA["cases"]:
        keys = [claim["key"] for claim in case["claims"]]
        assert len(keys) == len(set(keys)), case["name"]
        for claim in case["claims"]:
            if claim.get("in_scope", True):
                assert {"role", "relation"} <= set(claim["expect"]), (case["name"], claim["key"])
