"""Origins and votes: which claims speak, and for whom, in each group — all groups at once.

DESIGN.md fixes the rules; the choices it leaves open are made here and documented in the
README ("How reconciliation works"):

- A ``derived_from`` chain collapses to its root: a newspaper repeating a ministry is the
  ministry's voice. In a group, the chain member nearest the root speaks; the rest are
  *repeats*. A claim whose chain passes through a claim that is not active (a retracted
  root, a discounted relay) is excluded, naming the nearest such claim.
- Superseded, retracted and discounted claims are *excluded*.
- One vote per claimant per group: when a claimant (of its root) has several origins in a
  group, the vote goes to its most informative one — a finite figure before a floor or
  ceiling, those before a vague word — then to the latest said, then the smallest key. The
  others are *second claims*. Claimants of kind ``unattributed`` are not one speaker: each
  unattributed origin votes on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimsdb.analysis.frame import in_scope
from claimsdb.analysis.intervals import intervals
from claimsdb.codes import numbered, packed, positions
from claimsdb.vocabulary import (
    CEILING_QUALIFIERS,
    FINITE_QUALIFIERS,
    FLOOR_QUALIFIERS,
    INDEPENDENT,
    QUALIFIERS,
    TOLERANCE,
    UNATTRIBUTED_KIND,
)

if TYPE_CHECKING:
    import pandas as pd

# What each claim is to its group, before the consensus refines the voters.
EXCLUDED, REPEAT, SECOND, VOTE = "excluded", "repeat", "second claim", "vote"
# How an interval takes part: finite figures vote in the consensus; the others only compare.
FINITE, FLOOR, CEILING, VAGUE = "finite", "floor", "ceiling", "vague"
_MAX_CHAIN_DOUBLINGS = 64


def origins(claims: pd.DataFrame, group: Any, tolerance: float = TOLERANCE) -> pd.DataFrame:
    """One row per in-scope claim: its group, interval, origin and part in the vote. The rows
    are the in-scope rows of ``claims`` in their order, so a role's claim row is known by
    position (``reconcile`` relies on this for qualifier codes and contradictions).

    ``group`` is each row's comparable set (``claimsdb.analysis.periods``), in row order.

    Columns: ``id``, ``key``, ``group``, ``qualifier``, ``lower``, ``upper``, ``point``,
    ``convention``, ``shape`` (finite, floor, ceiling, vague), ``status``, ``root`` (id of the
    chain's root) and ``root_status``, ``origin`` (id of the claim that speaks for this one in
    the group), ``voice`` (a number per speaker: the root's claimant's code; an unattributed
    root speaks alone, as -1 - its id, whatever the row order), ``speaker`` (the root
    claimant's name), ``unattributed``, ``affiliation`` (of the speaker; "unknown" when
    missing), ``independent`` (that affiliation is ``none``), ``standing`` (excluded, repeat,
    second claim, vote) and ``because`` (the id a repeat or second claim defers to; for an
    excluded repeat, the nearest inactive claim of its chain).
    """
    import numpy as np
    import pandas as pd

    frame = claims.reset_index(drop=True)
    n = len(frame)
    ids = frame["id"].to_numpy(dtype=np.int64)
    derived = frame["derived_from"]
    parent = np.full(n, -1, dtype=np.int64)
    linked = derived.notna().to_numpy()
    if linked.any():
        parent[linked] = positions(ids, derived[linked].to_numpy(dtype=np.int64))
    # Text columns are worked on as codes into their distinct values (categories).
    status_code, statuses = _codes(frame["status"])
    active = np.append(statuses == "active", False)[status_code]  # code -1, none: the last
    root, depth, dead = _roots(parent, ~active)

    claimant_code, claimants = _codes(frame["claimant"])
    unattributed = (frame["claimant_kind"] == UNATTRIBUTED_KIND).to_numpy()[root]
    voice = np.where(unattributed, -1 - ids[root], claimant_code[root])  # unattributed: each alone
    affiliation_code, affiliations = _codes(frame["affiliation"], missing="unknown")
    affiliation_code = affiliation_code[root]
    independent = np.asarray(affiliations == INDEPENDENT)[affiliation_code]  # never -1 here

    q = frame["qualifier"]
    shapes = [FINITE_QUALIFIERS, FLOOR_QUALIFIERS, CEILING_QUALIFIERS]  # then vague: 3
    shape_of = [next((n for n, s in enumerate(shapes) if w in s), 3) for w in QUALIFIERS]
    shape = np.array([*shape_of, 3])[pd.Categorical(q, categories=list(QUALIFIERS)).codes]
    group = np.asarray(group)
    scope = in_scope(frame).to_numpy()

    standing = np.zeros(n, dtype=np.int8)  # 0 vote, 1 excluded, 2 repeat, 3 second claim
    because = np.full(n, -1, dtype=np.int64)
    standing[~active | (dead >= 0)] = 1
    relayed = active & (dead >= 0)
    because[relayed] = ids[dead[relayed]]

    # A chain speaks once per group, through its member nearest the root (then smallest key).
    keys = frame["key"].to_numpy()
    live = np.flatnonzero(scope & (standing == 0))
    winner, others = _first_of_runs(live, [group, root], [depth], keys)
    standing[others] = 2
    because[others] = ids[winner]

    # One vote per claimant: the most informative origin, then the latest, then the smallest key.
    speaking = np.flatnonzero(scope & (standing == 0))
    rank = np.array([0, 1, 1, 2])[shape]
    claimed = _ranks(frame["claimed"])  # ISO days: ranked as text is, their order
    winner, others = _first_of_runs(speaking, [group, voice], [rank], keys, latest=claimed)
    standing[others] = 3
    because[others] = ids[winner]

    origin = np.where(standing == 2, because, ids)
    picked: Any = np.flatnonzero(scope) if not scope.all() else slice(None)  # all: no gathers
    if not isinstance(picked, np.ndarray):  # the caller's arrays are copied, not shared
        ids, keys, group = ids.copy(), keys.copy(), group.copy()
    bounds = intervals(frame, tolerance)
    # copy=False: the arrays are this call's own; stacking them into blocks cost 0.25 s a million.
    out = pd.DataFrame(
        {
            "id": ids[picked],
            "key": pd.Series(keys[picked], dtype=object),
            "group": group[picked],
            "qualifier": pd.Series(q.to_numpy()[picked], dtype=object),
            "lower": bounds["lower"].to_numpy()[picked],
            "upper": bounds["upper"].to_numpy()[picked],
            "point": bounds["point"].to_numpy()[picked],
            "convention": bounds["convention"].to_numpy()[picked],
            "shape": pd.Categorical.from_codes(
                shape[picked], categories=[FINITE, FLOOR, CEILING, VAGUE]
            ),
            "status": pd.Categorical.from_codes(status_code[picked], categories=statuses),
            "root": ids[root[picked]],
            "root_status": pd.Categorical.from_codes(
                np.where(dead >= 0, status_code[dead], status_code[root])[picked],
                categories=statuses,
            ),
            "origin": origin[picked],
            "voice": voice[picked],
            "speaker": pd.Categorical.from_codes(claimant_code[root[picked]], categories=claimants),
            "unattributed": unattributed[picked],
            "affiliation": pd.Categorical.from_codes(
                affiliation_code[picked], categories=affiliations
            ),
            "independent": independent[picked],
            "standing": pd.Categorical.from_codes(
                standing[picked], categories=[VOTE, EXCLUDED, REPEAT, SECOND]
            ),
            "because": pd.array(because[picked], dtype="Int64"),
        },
        copy=False,
    )
    out.loc[out["because"] < 0, "because"] = pd.NA
    return out


def _first_of_runs(
    rows: Any, same: list[Any], then: list[Any], keys: Any, latest: Any = None
) -> tuple[Any, Any]:
    """Among ``rows`` (positions), those that share the ``same`` values (two integer arrays)
    with another row are ordered by ``then`` (ascending), ``latest`` (ranks, descending; -1,
    missing, last) and key; the first of each run wins. Returns, for every row that loses, the
    winner and the loser positions.

    Only rows that share their values are sorted, so the usual case costs a hash, not a sort.
    """
    import numpy as np

    outer, inner = (np.asarray(a, dtype=np.int64)[rows] for a in same)  # copies: shifted here
    inner -= inner.min(initial=0)
    span = int(inner.max(initial=0)) + 1
    if span <= 2 * len(rows) + 1024:  # a row alone in its inner value shares no pair: no hash
        shared = np.bincount(inner, minlength=span)[inner] > 1
        rows, outer, inner = rows[shared], outer[shared], inner[shared]
    outer -= outer.min(initial=0)
    pair = numbered([(outer, int(outer.max(initial=0)) + 1), (inner, span)])  # by table or hash
    rows = rows[np.bincount(pair)[pair] > 1]
    if rows.size == 0:
        return rows, rows
    order_keys = []
    if latest is not None:
        ranks = latest[rows]
        order_keys.append(np.where(ranks < 0, 1, -ranks))  # latest first; missing (1) last
    order_keys += [a[rows] for a in reversed(then)]
    order_keys += [a[rows] for a in reversed(same)]
    # The order keys (integers; a voice can be as wide as the ids) as the digits of one number:
    # one sort when they fit in 63 bits, else a lexsort.
    digits = [
        (a - a.min(initial=0), int(a.max(initial=0)) - int(a.min(initial=0)) + 1)
        for a in reversed(order_keys)
    ]
    key = packed(digits)
    by = np.argsort(key, kind="stable") if key is not None else np.lexsort(order_keys)
    # Keys (text, slow to sort) break ties only: ranked among the rows that tie on the rest.
    equal = np.ones(len(by) - 1, dtype=bool)
    for a in order_keys:
        values = a[by]
        equal &= values[1:] == values[:-1]
    tied = np.zeros(len(by), dtype=bool)
    tied[1:] |= equal
    tied[:-1] |= equal
    if tied.any():
        run = np.cumsum(np.concatenate([[True], ~equal]))
        key_rank = np.zeros(len(by), dtype=np.int64)
        key_rank[tied] = _rank(keys[rows[by[tied]]])
        by = by[np.lexsort([key_rank, run])]
    ordered = rows[by]
    starts = np.ones(len(ordered), dtype=bool)
    for a in same:
        values = a[ordered]
        starts[1:] &= values[1:] == values[:-1]
    starts = ~starts
    starts[0] = True
    first = np.maximum.accumulate(np.where(starts, np.arange(len(ordered)), 0))
    losers = ~starts
    return ordered[first[losers]], ordered[losers]


def _codes(values: pd.Series, missing: str | None = None) -> tuple[Any, Any]:
    """Integer codes of ``values`` and their distinct values; a missing value becomes
    ``missing`` when given (else code -1)."""
    import numpy as np
    import pandas as pd

    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy(dtype=np.int64)
        uniques = pd.Index(values.cat.categories.astype(object))
    else:
        codes, uniques = pd.factorize(values.astype(object))
        uniques = pd.Index(uniques.astype(object))
    if missing is not None:
        if missing in uniques:
            slot = uniques.get_loc(missing)
        else:
            slot, uniques = len(uniques), uniques.append(pd.Index([missing], dtype=object))
        codes = np.where(codes < 0, slot, codes)
    return codes, uniques


def _ranks(values: pd.Series) -> Any:
    """Each value's rank among the distinct values, sorted (-1: missing); the distinct values
    are sorted, not the rows."""
    import numpy as np

    codes, uniques = _codes(values)
    return np.append(_rank(uniques.to_numpy(dtype=object)), -1)[codes]


def _rank(values: Any) -> Any:
    """Each value's position in sorted order (ties by position)."""
    import numpy as np

    order = np.argsort(values, kind="stable")
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.arange(len(values))
    return rank


def _roots(parent: Any, inactive: Any) -> tuple[Any, Any, Any]:
    """Root position, distance to it, and the nearest inactive ancestor (-1: none) of every
    row, by pointer doubling: log(depth) vectorised steps, not one per claim."""
    import numpy as np

    has = parent >= 0
    hop = np.where(has, parent, np.arange(len(parent)))
    depth = has.astype(np.int64)
    dead = np.where(has & inactive[hop], hop, -1)
    linked = moving = np.flatnonzero(has)  # rows whose hop is not yet their root: few, usually
    for _ in range(_MAX_CHAIN_DOUBLINGS):
        step = hop[moving]
        nxt = hop[step]
        changed = nxt != step
        if not changed.any():
            if (parent[hop[linked]] >= 0).any():  # a "root" with a parent: a cycle of even length
                break
            return hop, depth, dead
        moving, step, nxt = moving[changed], step[changed], nxt[changed]
        # Invariant: depth and dead cover the ancestors from the parent up to hop (inclusive).
        # Each right-hand side is read whole before it is written: one synchronous step.
        own_dead = dead[moving]
        dead[moving] = np.where(own_dead >= 0, own_dead, dead[step])
        depth[moving] += depth[step]
        hop[moving] = nxt
    raise ValueError("derived_from chains form a cycle")
