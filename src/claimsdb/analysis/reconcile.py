"""The six methods, spread and each claim's role, for every group at once.

``reconcile(claims)`` takes a claims frame (see ``frame``) and returns a ``Reconciliation``:
one row per group with every method's result, the consensus intervals (ties included), the
by-affiliation table, and one row per claim saying what part it played. Every step is a
vectorised pandas/numpy operation over all groups together; nothing loops per group or claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimsdb.analysis.consensus import marzullo, support
from claimsdb.analysis.frame import GROUP_COLUMNS, complete, in_scope
from claimsdb.analysis.origins import (
    CEILING,
    EXCLUDED,
    FINITE,
    FLOOR,
    REPEAT,
    SECOND,
    VAGUE,
    VOTE,
    origins,
)
from claimsdb.analysis.periods import SET, Sets, above_enclosing, comparable_sets
from claimsdb.analysis.points import partisan_gap, per_affiliation, per_set, ranked
from claimsdb.codes import positions
from claimsdb.vocabulary import PERIOD_OVERLAP, QUALIFIERS, TOLERANCE

if TYPE_CHECKING:
    import pandas as pd

# Roles a voting claim can have once the consensus is known.
USED, DISSENTER = "used", "dissenter"
CONSISTENT, CONTRADICTS, NO_CONSENSUS = "consistent", "contradicts", "no consensus"
_CONVENTION_LOW = ("approximately", "nearly", "vague")
_CONVENTION_HIGH = ("approximately", "vague")


@dataclass(frozen=True)
class Reconciliation:
    """Everything reconcile found. Frames share the ``group`` number."""

    groups: pd.DataFrame
    """One row per comparable set (``group``): the group columns (the anchor claim's period),
    ``kind`` (set, sub-period, parts) and ``parent`` (the group it is shown under, -1 for
    none), ``periods`` (distinct periods in it), ``unit``, ``accumulates``, counts, and each
    method's result."""
    consensus: pd.DataFrame
    """Every consensus interval (k ≥ 2): ``group``, ``low``, ``high``, ``k``, ``n``; a tie is
    several rows, a group without consensus has none."""
    affiliations: pd.DataFrame
    """Per group and affiliation: ``count``, ``lowest``, ``median``, ``highest`` point values."""
    roles: pd.DataFrame
    """One row per claim: origins' columns plus ``role`` and ``relation`` to the consensus."""
    tolerance: float
    contradictions: pd.DataFrame | None = None
    """Figures above the upper end of a claim whose longer period holds their own (accumulating
    counts only; see ``claimsdb.analysis.periods.above_enclosing``): ``group`` and ``id`` of
    the claim for the shorter period, ``parent`` and ``other`` (the enclosing claim's set and
    id), with ``lower`` and ``other_upper``."""
    overlap: float = PERIOD_OVERLAP


def reconcile(
    claims: pd.DataFrame, tolerance: float = TOLERANCE, overlap: float = PERIOD_OVERLAP
) -> Reconciliation:
    """Reconcile every comparable set of ``claims``: all six methods, spread and roles."""
    import numpy as np
    import pandas as pd

    claims = complete(claims.reset_index(drop=True))
    sets = comparable_sets(claims, overlap)
    roles = origins(claims, sets.group, tolerance)
    # Only the columns the methods read: a filtered frame is a copy, and roles are a million rows.
    used = ["group", "lower", "upper", "point", "shape", "independent", "affiliation"]
    voting = (roles["standing"] == VOTE).to_numpy()
    votes = roles.loc[voting, used]
    # Qualifiers as codes, from the claims (roles are their in-scope rows, in order): compared
    # as small integers, not as text.
    kind = pd.Categorical(claims["qualifier"], categories=list(QUALIFIERS)).codes
    kind = kind[in_scope(claims).to_numpy()][voting]
    is_finite = (votes["shape"] == FINITE).to_numpy()
    finite = votes[is_finite]
    segments = marzullo(finite)
    # The same votes with no tolerance: "about v" and "nearly v" shrink to v. Only groups with
    # such a vote can agree less without it; the others are left out (their k stands).
    widened = _among(kind[is_finite], ("approximately", "nearly"))
    finite_group = finite["group"].to_numpy(dtype=np.int64)
    has_widened = np.zeros(int(finite_group.max(initial=-1)) + 1, dtype=bool)  # by set number
    has_widened[finite_group[widened]] = True
    touched = has_widened[finite_group]
    strict_votes, widened = finite[touched], widened[touched]
    strict_votes = strict_votes.assign(
        lower=strict_votes["lower"].where(~widened, strict_votes["point"]),
        upper=strict_votes["upper"].where(~widened, strict_votes["point"]),
    )
    strict_k = marzullo(strict_votes).groupby("group")["k"].max()

    roles = _roles(roles, segments)
    keys = _group_keys(claims, roles, sets.table)
    groups = keys.join(_counts(roles))
    ends = _stated_ends(votes, kind)
    groups = groups.join(_bounds(ends, "envelope"))
    groups = groups.join(_bounds(ends[votes["independent"].to_numpy()], "independent"))
    groups = groups.join(_consensus(segments, finite, strict_k))
    ranking = ranked(votes["point"].to_numpy(dtype=float))
    groups = groups.join(per_set(votes, ranking))
    affiliations = per_affiliation(votes, ranking)
    groups = groups.join(partisan_gap(affiliations))
    groups = groups.sort_index().reset_index()
    for column in ("origins", "claims", "excluded", "finite", "independent_votes", "with_point"):
        groups[column] = groups[column].fillna(0).astype("int64")
    groups["ties"] = groups["ties"].fillna(0).astype("int64")
    groups["k"] = groups["k"].fillna(0).astype("int64")
    groups["n"] = groups["n"].fillna(0).astype("int64")
    agreeing = roles[(roles["relation"] == "agrees") & roles["unattributed"]]
    groups["unattributed_agree"] = groups["group"].isin(agreeing["group"])
    groups["via_tolerance"] = groups["via_tolerance"].astype("boolean").fillna(False).astype(bool)
    agreed = segments[segments["k"] >= 2].reset_index(drop=True)
    contradictions = _contradictions(claims, roles, sets)
    return Reconciliation(groups, agreed, affiliations, roles, tolerance, contradictions, overlap)


_ROLES = (USED, DISSENTER, FLOOR, CEILING, VAGUE, EXCLUDED, REPEAT, SECOND)
_RELATIONS = ("", "agrees", CONSISTENT, CONTRADICTS, NO_CONSENSUS)


def _roles(roles: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Each claim's ``role`` and ``relation`` to the consensus, as categories."""
    import numpy as np
    import pandas as pd

    voting = (roles["standing"] == VOTE).to_numpy()
    # Only the three columns support reads are filtered: roles has 22 and a row per claim.
    found = support(roles[["group", "lower", "upper"]][voting], segments)
    agrees, meets = np.zeros(len(roles), dtype=bool), np.zeros(len(roles), dtype=bool)
    agrees[voting], meets[voting] = found["agrees"].to_numpy(), found["meets"].to_numpy()
    group = roles["group"].to_numpy(dtype=np.int64)
    agreed = np.zeros(int(group.max(initial=-1)) + 1, dtype=bool)  # by set number: a lookup
    agreed[segments.loc[segments["k"] >= 2, "group"].to_numpy(dtype=np.int64)] = True
    has_consensus = agreed[group]

    def by_code(column: str, codes: dict[str, int], default: int) -> Any:  # one per category
        values = pd.Categorical(roles[column])
        table = [codes.get(word, default) for word in values.categories] + [default]
        return np.array(table, dtype=np.int8)[values.codes]

    finite = (roles["shape"] == FINITE).to_numpy()
    # Highest priority last: a vote's role is its shape's; others' their standing's.
    role = np.where(
        voting,
        by_code("shape", {FINITE: 0, FLOOR: 2, CEILING: 3}, 4),
        by_code("standing", {EXCLUDED: 5, REPEAT: 6}, 7),
    )
    role[voting & finite & has_consensus & ~agrees] = 1
    relation = np.where(finite, agrees.astype(np.int8), np.where(meets, 2, 3).astype(np.int8))
    relation[~has_consensus] = 4
    relation[~voting] = 0
    return roles.assign(  # copy-on-write: the columns of ``roles`` are not copied
        role=pd.Categorical.from_codes(role, categories=list(_ROLES)),
        relation=pd.Categorical.from_codes(relation, categories=list(_RELATIONS)),
    )


def _group_keys(claims: pd.DataFrame, roles: pd.DataFrame, sets: pd.DataFrame) -> pd.DataFrame:
    """Each analysed set's key columns (its anchor claim's), kind, parent and unit. A set shown
    under one that has no claims analysed here stands on its own."""
    import numpy as np

    analysed = np.bincount(roles["group"].to_numpy(dtype=np.int64), minlength=len(sets)) > 0
    present = sets[analysed[sets["group"].to_numpy()]].set_index("group")
    columns = [*GROUP_COLUMNS, "unit", "accumulates"]
    rows = positions(claims["id"].to_numpy(), present["anchor"].to_numpy())  # the first of each
    if (rows < 0).any():
        raise ValueError("a set's anchor claim is not among the claims")
    keys = claims[columns].iloc[rows].set_axis(present.index)
    orphan = ~present["parent"].isin(present.index)
    keys["kind"] = present["kind"].where(~orphan, SET)
    keys["parent"] = present["parent"].where(~orphan, -1).astype("int64")
    keys["periods"] = present["periods"].astype("int64")
    keys["anchor"] = present["anchor"]
    return keys


def _contradictions(claims: pd.DataFrame, roles: pd.DataFrame, sets: Sets) -> pd.DataFrame:
    """Figures that still speak, of accumulating counts, above a claim whose longer period holds
    their own (see ``above_enclosing``). ``roles`` are ``origins``' rows: the in-scope claims,
    in the frame's order, so each role's claim row is known by position, not looked up."""
    import numpy as np

    row = np.flatnonzero(in_scope(claims).to_numpy())
    accumulating = claims["accumulates"].fillna(False).astype(bool).to_numpy()[row]
    speaks = accumulating & ((roles["standing"] != EXCLUDED) & (roles["shape"] != VAGUE)).to_numpy()
    row = row[speaks]
    picked = roles[["id", "group", "lower", "upper"]][speaks].reset_index(drop=True)
    return above_enclosing(
        picked.assign(base=sets.base[row], first=sets.first[row], last=sets.last[row])
    )


def _counts(roles: pd.DataFrame) -> pd.DataFrame:
    """Claims, votes (origins) and kinds of vote per group; set numbers are small integers, so
    each count is a ``bincount``, not a group-by."""
    import numpy as np
    import pandas as pd

    group = roles["group"].to_numpy(dtype=np.int64)
    claims = np.bincount(group)
    present = np.flatnonzero(claims)

    def count(flags: Any) -> Any:
        return np.bincount(group[flags], minlength=len(claims))[present]

    vote = (roles["standing"] == VOTE).to_numpy()
    origins = count(vote)
    return pd.DataFrame(
        {
            "claims": claims[present],
            "origins": origins,
            "excluded": claims[present] - origins,
            "finite": count(vote & (roles["shape"] == FINITE).to_numpy()),
            "independent_votes": count(vote & roles["independent"].to_numpy(dtype=bool)),
            "with_point": count(vote & roles["point"].notna().to_numpy()),
        },
        index=pd.Index(present, name="group"),
    )


def _stated_ends(votes: pd.DataFrame, kind: Any) -> pd.DataFrame:
    """The votes' ``group``, ``lower`` and ``upper``, with ``stated_low`` and ``stated_high``:
    the ends a source stated (missing where a convention gave them: the tolerance, a vague
    word). ``kind``: each vote's qualifier code (its position in ``QUALIFIERS``)."""
    return votes[["group", "lower", "upper"]].assign(
        stated_low=votes["lower"].where(~_among(kind, _CONVENTION_LOW)),
        stated_high=votes["upper"].where(~_among(kind, _CONVENTION_HIGH)),
    )


def _among(kind: Any, qualifiers: tuple[str, ...]) -> Any:
    """Whether each qualifier code (``QUALIFIERS``' positions; -1 none) is one of these."""
    import numpy as np

    table = np.zeros(len(QUALIFIERS) + 1, dtype=bool)  # the last slot: -1, no qualifier
    table[[QUALIFIERS.index(q) for q in qualifiers]] = True
    return table[kind]


def _bounds(ends: pd.DataFrame, name: str) -> pd.DataFrame:
    """Lowest lower end and highest upper end, and whether each comes only from a convention
    (``ends``: ``_stated_ends``). Set numbers are small integers: each end is gathered into a
    table indexed by set (``fmin``/``fmax`` skip a missing end, as a group-by would)."""
    import numpy as np
    import pandas as pd

    group = ends["group"].to_numpy(dtype=np.int64)
    present = np.flatnonzero(np.bincount(group))

    def gathered(reduce: Any, column: str) -> Any:
        table = np.full(int(present[-1]) + 1 if len(present) else 0, np.nan)
        reduce.at(table, group, ends[column].to_numpy(dtype=float))
        return table[present]

    low, stated_low = gathered(np.fmin, "lower"), gathered(np.fmin, "stated_low")
    high, stated_high = gathered(np.fmax, "upper"), gathered(np.fmax, "stated_high")
    return pd.DataFrame(
        {
            f"{name}_low": low,
            f"{name}_high": high,
            f"{name}_low_convention": ~(stated_low == low),
            f"{name}_high_convention": ~(stated_high == high),
        },
        index=pd.Index(present, name="group"),
    )


def _consensus(segments: pd.DataFrame, finite: pd.DataFrame, strict_k: pd.Series) -> pd.DataFrame:
    """Each group's consensus interval, k and n, ties, and ``via_tolerance``: k is reached only
    with the tolerance (``strict_k``, k without it, is given for the groups that have an
    "about" or "nearly" vote; in the others the tolerance changes nothing)."""
    import pandas as pd

    by = segments.groupby("group")
    first = segments.drop_duplicates("group").set_index("group")
    agreed = first["k"] >= 2
    return pd.DataFrame(
        {
            "consensus_low": first["low"].where(agreed),
            "consensus_high": first["high"].where(agreed),
            "k": first["k"],
            "n": first["n"],
            "ties": by.size().where(agreed, 0),
            "via_tolerance": agreed & (strict_k.reindex(first.index) < first["k"]),
        }
    )
