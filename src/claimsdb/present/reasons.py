"""Why each claim has its role, in words ("used", "floor, does not vote (no consensus)", "repeat
of …"), and reconcile's ``--explain`` rows that show it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimsdb.analysis.origins import EXCLUDED, REPEAT, SECOND, VAGUE
from claimsdb.analysis.reconcile import (
    CONSISTENT,
    CONTRADICTS,
    DISSENTER,
    NO_CONSENSUS,
    USED,
    Reconciliation,
)
from claimsdb.present.groups import in_claim_order
from claimsdb.present.words import interval

if TYPE_CHECKING:
    import pandas as pd

RELATIONS = {
    CONSISTENT: "consistent",
    CONTRADICTS: "contradicts the consensus",
    NO_CONSENSUS: "does not vote (no consensus)",
}
EXPLAINED = ("metric", "population", "period", "claimant", "phrase", "role", "key")


def reasons(result: Reconciliation, claims: pd.DataFrame) -> pd.Series:
    """Why each claim of ``result.roles`` has its role, in words (index as ``result.roles``);
    ``claims`` is the frame reconciled. Meant for the claims a user asked to see explained."""
    import pandas as pd

    keys = dict(zip(claims["id"], claims["key"], strict=True))
    superseded_by = {
        int(s): k for s, k in zip(claims["supersedes"], claims["key"], strict=True) if pd.notna(s)
    }
    # A vague share word's convention is a share: "45–50 %", not a count of 45–50.
    units = dict(zip(claims["id"], claims["unit"], strict=True)) if "unit" in claims else {}
    words = [
        _reason(r, keys, superseded_by, units.get(r["id"])) for r in result.roles.to_dict("records")
    ]
    return pd.Series(words, index=result.roles.index, dtype=object)


def _reason(
    r: dict[str, Any], keys: dict[int, str], superseded_by: dict[int, str], unit: Any = None
) -> str:
    role, relation, shape = r["role"], r["relation"], r["shape"]
    because = None if _missing(r["because"]) else keys.get(int(r["because"]))
    if role == EXCLUDED:
        if because is not None:
            return f"excluded: repeats {r['root_status']} {because}"
        by = superseded_by.get(int(r["id"]))
        return f"excluded: {r['status']}" + (f" by {by}" if by else "")
    if role == REPEAT:
        return f"repeat of {because}"
    if role == SECOND:
        return f"second claim: {r['speaker']} votes once, via {because}"
    if role == USED:
        return "used, agrees with the consensus" if relation == "agrees" else "used"
    if role == DISSENTER:
        return "dissenter: outside the consensus"
    unit = unit if isinstance(unit, str) else None
    bounds = interval(r["lower"], r["upper"], unit)
    what = f"vague (convention {bounds})" if shape == VAGUE else shape
    return f"{what}, {RELATIONS.get(relation, relation)}"


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def explained_rows(explained: pd.DataFrame) -> list[dict[str, Any]]:
    """reconcile ``--explain``'s rows (``EXPLAINED``): every claim in claim order, its reason
    shown as its role."""
    return [
        {column: r["reason" if column == "role" else column] for column in EXPLAINED}
        for r in in_claim_order(explained).to_dict("records")
    ]
