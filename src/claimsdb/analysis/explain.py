"""Reconcile results laid out for people: one row per group and method, and each claim's reason.

``method_table`` stays numeric and vectorised (it is on the path that reconciles every group);
``reasons`` writes sentences and is meant for the claims a user asked to see explained.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimsdb.analysis.origins import EXCLUDED, REPEAT, SECOND
from claimsdb.analysis.reconcile import (
    CONSISTENT,
    CONTRADICTS,
    DISSENTER,
    NO_CONSENSUS,
    USED,
    Reconciliation,
)
from claimsdb.present.words import interval
from claimsdb.vocabulary import METHODS

if TYPE_CHECKING:
    import pandas as pd


def method_table(result: Reconciliation, methods: tuple[str, ...] = METHODS) -> pd.DataFrame:
    """One row per group and method: ``low``, ``high``, ``value``, ``k``, ``n``, ``used``,
    ``excluded`` and ``note`` (what to know before quoting the result)."""
    import numpy as np
    import pandas as pd

    g = result.groups
    nan = np.full(len(g), np.nan)
    agreed = g["k"] >= 2
    via = np.where(g["via_tolerance"], "overlap only through the tolerance", "")
    ties = np.where(g["ties"] > 1, "tie: " + g["ties"].astype(str) + " intervals", "")
    unattributed = np.where(g["unattributed_agree"], "includes unattributed figures", "")
    via = np.char.strip(np.char.add(np.char.add(via.astype(str), " "), unattributed.astype(str)))
    consensus_note = np.where(
        agreed,
        np.char.strip(np.char.add(np.char.add(ties.astype(str), " "), via.astype(str))),
        "no consensus",
    )
    rows = {
        "envelope": (
            g["envelope_low"],
            g["envelope_high"],
            nan,
            g["origins"],
            _bounds_note(g, "envelope"),
        ),
        "independent": (
            g["independent_low"],
            g["independent_high"],
            nan,
            g["independent_votes"],
            np.where(
                g["independent_votes"] == 0, "no independent source", _bounds_note(g, "independent")
            ),
        ),
        "consensus": (g["consensus_low"], g["consensus_high"], nan, g["finite"], consensus_note),
        "median": (nan, nan, g["median"], g["with_point"], ""),
        "conservative": (
            nan,
            nan,
            g["conservative"],
            g["with_point"],
            "lowest point value: a floor, not an estimate",
        ),
        "by-affiliation": (
            nan,
            nan,
            g["partisan_gap"],
            g["with_point"],
            np.where(
                g["partisan_gap"].notna(),
                "partisan gap " + g["gap_high"].astype(str) + " ÷ " + g["gap_low"].astype(str),
                "partisan gap n/a",
            ),
        ),
    }
    parts = []
    for method in methods:
        low, high, value, used, note = rows[method]
        parts.append(
            pd.DataFrame(
                {
                    "group": g["group"],
                    "method": method,
                    "low": np.asarray(low, float),
                    "high": np.asarray(high, float),
                    "value": np.asarray(value, float),
                    "k": g["k"] if method == "consensus" else 0,
                    "n": g["finite"] if method == "consensus" else 0,
                    "used": np.asarray(used, "int64"),
                    "excluded": g["claims"].to_numpy() - np.asarray(used, "int64"),
                    "note": note,
                }
            )
        )
    table = pd.concat(parts, ignore_index=True)
    order = {m: i for i, m in enumerate(METHODS)}
    table["order"] = table["method"].map(order)
    return (
        table.sort_values(["group", "order"], kind="stable")
        .drop(columns="order")
        .reset_index(drop=True)
    )


def _bounds_note(g: pd.DataFrame, name: str) -> Any:
    import numpy as np

    low = np.where(
        g[f"{name}_low_convention"].fillna(False).astype(bool), "lower end by convention", ""
    )
    high = np.where(
        g[f"{name}_high_convention"].fillna(False).astype(bool), "upper end by convention", ""
    )
    both = np.char.add(
        np.char.add(low.astype(str), np.where((low != "") & (high != ""), "; ", "")),
        high.astype(str),
    )
    return both


def reasons(result: Reconciliation, claims: pd.DataFrame) -> pd.Series:
    """Why each claim of ``result.roles`` has its role, in words (index as ``result.roles``)."""
    import pandas as pd

    keys = dict(zip(claims["id"], claims["key"], strict=True))
    superseded_by = {
        int(s): k for s, k in zip(claims["supersedes"], claims["key"], strict=True) if pd.notna(s)
    }
    words = [_reason(r, keys, superseded_by) for r in result.roles.to_dict("records")]
    return pd.Series(words, index=result.roles.index, dtype=object)


def _reason(r: dict[str, Any], keys: dict[int, str], superseded_by: dict[int, str]) -> str:
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
    what = f"vague (convention {interval(r['lower'], r['upper'])})" if shape == "vague" else shape
    tail = {
        CONSISTENT: "consistent",
        CONTRADICTS: "contradicts the consensus",
        NO_CONSENSUS: "does not vote (no consensus)",
    }.get(relation, relation)
    return f"{what}, {tail}"


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))
