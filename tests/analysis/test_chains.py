"""A derived_from chain's root, each claim's distance to it and its nearest inactive ancestor,
for chains of different lengths side by side (those that reach their root early stop moving
while the longer ones go on), and a cycle refused; the roles are the in-scope claims in order."""

from __future__ import annotations

import numpy as np
import pytest

from claimsdb.analysis.origins import _first_of_runs, _roots, origins
from claimsdb.analysis.periods import comparable_sets
from tests.analysis_frames import claims


def test_chains_of_different_lengths() -> None:
    # 0 <- 1 <- 2 <- 3 <- 4 <- 5 (a long chain), 6 <- 7 (short), 8 alone, 9 -> 3 (a branch)
    parent = np.array([-1, 0, 1, 2, 3, 4, -1, 6, -1, 3])
    inactive = np.zeros(10, dtype=bool)
    inactive[[2, 6]] = True  # 2 is withdrawn: every claim below it relays through it
    root, depth, dead = _roots(parent, inactive)
    assert root.tolist() == [0, 0, 0, 0, 0, 0, 6, 6, 8, 0]
    assert depth.tolist() == [0, 1, 2, 3, 4, 5, 0, 1, 0, 4]
    assert dead.tolist() == [-1, -1, -1, 2, 2, 2, -1, 6, -1, 2]


def test_nearest_inactive_ancestor_is_the_nearest() -> None:
    parent = np.array([-1, 0, 1, 2, 3])
    inactive = np.array([True, False, True, False, False])
    assert _roots(parent, inactive)[2].tolist() == [-1, 0, 0, 2, 2]


@pytest.mark.parametrize(
    "parent",
    [
        [2, 0, 1, -1],  # three claims, each derived from the next
        [1, 0, -1],  # two, each derived from the other
        [1, 2, 3, 0, 0],  # four, and a claim hanging off them
        [0, -1],  # derived from itself
    ],
)
def test_a_cycle_is_refused(parent: list[int]) -> None:
    with pytest.raises(ValueError, match="cycle"):
        _roots(np.array(parent), np.zeros(len(parent), dtype=bool))


def test_origins_rows_are_the_in_scope_claims_in_order() -> None:
    """``reconcile`` finds each role's claim row by position: the roles are the in-scope rows
    of the claims, in their order, whatever the qualifiers, shapes and chains."""
    frame = claims(
        {"figure": "about 300"},
        {"figure": "at least 161", "in_scope": False},
        {"figure": "485", "derived_from": 2},
        {"figure": "hundreds"},
        {"figure": "485", "in_scope": False},
        {"figure": "100-200", "claimant": "source 1"},
    )
    frame["in_scope"] = frame["in_scope"].fillna(True).astype(bool)
    roles = origins(frame, comparable_sets(frame).group)
    assert roles["id"].tolist() == [1, 3, 4, 6]
    assert roles["qualifier"].tolist() == ["approximately", "exact", "vague", "range"]


def test_runs_ordered_alike_by_one_key_or_by_lexsort() -> None:
    """The first of each run of shared values wins, whether the order keys fit in one integer
    (one sort) or one of them is too wide (a lexsort): the same winners and losers."""
    rng = np.random.default_rng(3)
    n = 300
    same = [rng.integers(0, 5, n), rng.integers(0, 8, n)]
    then = rng.integers(0, 4, n)
    latest = rng.integers(-1, 6, n)  # -1: no date, ranked last
    keys = np.array([f"k{i:03d}" for i in rng.permutation(n)], dtype=object)
    rows = np.arange(n)
    narrow = _first_of_runs(rows, same, [then], keys, latest=latest)
    wide = _first_of_runs(rows, same, [then * 2**61], keys, latest=latest)  # same order, wider
    assert narrow[1].size > 0
    for a, b in zip(narrow, wide, strict=True):
        assert a.tolist() == b.tolist()
