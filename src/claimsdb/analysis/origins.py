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

from claimsdb.analysis.frame import (
    CEILING_QUALIFIERS,
    FINITE_QUALIFIERS,
    FLOOR_QUALIFIERS,
    INDEPENDENT,
    UNATTRIBUTED_KIND,
    group_ids,
    in_scope,
)
from claimsdb.analysis.intervals import intervals
from claimsdb.figures import TOLERANCE

if TYPE_CHECKING:
    import pandas as pd

# What each claim is to its group, before the consensus refines the voters.
EXCLUDED, REPEAT, SECOND, VOTE = "excluded", "repeat", "second claim", "vote"
# How an interval takes part: finite figures vote in the consensus; the others only compare.
FINITE, FLOOR, CEILING, VAGUE = "finite", "floor", "ceiling", "vague"
_MAX_CHAIN_DOUBLINGS = 64


def origins(claims: pd.DataFrame, tolerance: float = TOLERANCE) -> pd.DataFrame:
    """One row per in-scope claim: its group, interval, origin and part in the vote.

    Columns: ``id``, ``key``, ``group``, ``qualifier``, ``lower``, ``upper``, ``point``,
    ``convention``, ``shape`` (finite, floor, ceiling, vague), ``status``, ``root`` (id of the
    chain's root) and ``root_status``, ``origin`` (id of the claim that speaks for this one in
    the group), ``voice`` (who votes: the root's claimant; an unattributed root votes as its
    own key), ``speaker`` (the root claimant's name), ``unattributed``, ``affiliation`` (of
    the speaker; "unknown" when missing), ``independent`` (that affiliation is ``none``),
    ``standing`` (excluded, repeat, second claim, vote) and ``because`` (the id a repeat or
    second claim defers to; for an excluded repeat, its inactive root).
    """
    import numpy as np
    import pandas as pd

    frame = claims.reset_index(drop=True)
    ids = frame["id"].to_numpy()
    position = pd.Index(ids)
    parent = position.get_indexer(frame["derived_from"].astype("Float64").fillna(-1))
    status = frame["status"].astype(str).to_numpy()
    root, depth, dead = _roots(parent, status != "active")

    kind = frame["claimant_kind"].astype(str).to_numpy()
    claimant = frame["claimant"].astype(str).to_numpy()
    unattributed = kind[root] == UNATTRIBUTED_KIND
    voice_name = np.where(unattributed, frame["key"].to_numpy()[root], claimant[root])
    affiliation = frame["affiliation"].astype(object).to_numpy()[root]
    affiliation = np.where(pd.isna(affiliation), "unknown", affiliation)

    out = pd.concat([frame[["id"]], intervals(frame, tolerance)], axis=1)
    q = frame["qualifier"]
    out["shape"] = np.select(
        [q.isin(FINITE_QUALIFIERS), q.isin(FLOOR_QUALIFIERS), q.isin(CEILING_QUALIFIERS)],
        [FINITE, FLOOR, CEILING],
        default=VAGUE,
    )
    out["qualifier"] = q.to_numpy()
    out["group"] = group_ids(frame).to_numpy()
    out["root"] = ids[root]
    out["voice"] = voice_name
    out["speaker"] = claimant[root]
    out["unattributed"] = unattributed
    out["affiliation"] = affiliation
    out["independent"] = affiliation == INDEPENDENT
    out["depth"] = depth
    out["claimed"] = frame["claimed"].astype(object).where(frame["claimed"].notna(), "")
    out["key"] = frame["key"].to_numpy()
    out = out[in_scope(frame).to_numpy()]

    out["status"] = status[out.index]
    out["root_status"] = np.where(dead >= 0, status[dead], status[root])[out.index]
    out["standing"] = VOTE
    out["because"] = np.nan
    inactive = status[out.index] != "active"
    dead_chain = (dead >= 0)[out.index]
    out.loc[inactive, "standing"] = EXCLUDED
    out.loc[~inactive & dead_chain, "standing"] = EXCLUDED
    out.loc[~inactive & dead_chain, "because"] = ids[dead[out.index[~inactive & dead_chain]]]

    # A chain speaks once per group, through its member nearest the root.
    live = out[out["standing"] == VOTE].sort_values(["group", "root", "depth", "key"])
    first = live.drop_duplicates(["group", "root"])
    repeats = live.index.difference(first.index)
    out.loc[repeats, "standing"] = REPEAT
    out.loc[repeats, "because"] = (
        live.loc[repeats, ["group", "root"]]
        .merge(first[["group", "root", "id"]], on=["group", "root"], how="left")["id"]
        .to_numpy()
    )
    out["origin"] = out["id"]
    out.loc[repeats, "origin"] = out.loc[repeats, "because"]

    # One vote per claimant: the most informative origin, then the latest, then the smallest key.
    rank = first["shape"].map({FINITE: 0, FLOOR: 1, CEILING: 1, VAGUE: 2})
    ordered = first.assign(rank=rank).sort_values(
        ["group", "voice", "rank", "claimed", "key"], ascending=[True, True, True, False, True]
    )
    voter = ordered.drop_duplicates(["group", "voice"])
    seconds = ordered.index.difference(voter.index)
    out.loc[seconds, "standing"] = SECOND
    out.loc[seconds, "because"] = (
        ordered.loc[seconds, ["group", "voice"]]
        .merge(voter[["group", "voice", "id"]], on=["group", "voice"], how="left")["id"]
        .to_numpy()
    )
    out["because"] = out["because"].astype("Int64")
    out["origin"] = out["origin"].astype("int64")
    return out.drop(columns=["depth"]).reset_index(drop=True)


def _roots(parent: Any, inactive: Any) -> tuple[Any, Any, Any]:
    """Root position, distance to it, and the nearest inactive ancestor (-1: none) of every
    row, by pointer doubling: log(depth) vectorised steps, not one per claim."""
    import numpy as np

    own = np.arange(len(parent))
    has = parent >= 0
    hop = np.where(has, parent, own)
    depth = has.astype(np.int64)
    dead = np.where(has & inactive[hop], hop, -1)
    for _ in range(_MAX_CHAIN_DOUBLINGS):
        nxt = hop[hop]
        if np.array_equal(nxt, hop):
            return hop, depth, dead
        # Invariant: depth and dead cover the ancestors from the parent up to hop (inclusive).
        dead = np.where(dead >= 0, dead, dead[hop])
        depth = depth + depth[hop]
        hop = nxt
    raise ValueError("derived_from chains form a cycle")
