"""Reconcile results laid out as one row per group and method, numbers only.

``method_table`` stays vectorised (it is on the path that reconciles every group); the notes
and the words of each row are ``claimsdb.present.methods``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimsdb.analysis.reconcile import Reconciliation
from claimsdb.vocabulary import METHODS

if TYPE_CHECKING:
    import pandas as pd


def method_table(result: Reconciliation, methods: tuple[str, ...] = METHODS) -> pd.DataFrame:
    """One row per group and method: ``group``, ``method``, ``low``, ``high``, ``value``, ``k``,
    ``n``, ``used`` and ``excluded``, by group and in the order of ``METHODS``."""
    import numpy as np
    import pandas as pd

    g = result.groups
    nan = np.full(len(g), np.nan)
    rows = {
        "envelope": (g["envelope_low"], g["envelope_high"], nan, g["origins"]),
        "independent": (g["independent_low"], g["independent_high"], nan, g["independent_votes"]),
        "consensus": (g["consensus_low"], g["consensus_high"], nan, g["finite"]),
        "median": (nan, nan, g["median"], g["with_point"]),
        "conservative": (nan, nan, g["conservative"], g["with_point"]),
        "by-affiliation": (nan, nan, g["partisan_gap"], g["with_point"]),
    }
    chosen = sorted(methods, key=METHODS.index)  # by group, then in the order of METHODS
    order = np.argsort(g["group"].to_numpy(), kind="stable")
    each = len(chosen)

    def per_group(column: str) -> Any:  # a group column, repeated for each method's row
        return np.repeat(g[column].to_numpy()[order], each)

    def stacked(field: int, dtype: str) -> Any:  # one field of every method, group by group
        if not chosen:
            return np.empty(0, dtype=dtype)
        values = [np.asarray(rows[m][field], dtype)[order] for m in chosen]
        return np.column_stack(values).ravel()

    consensus = np.tile(np.array([m == "consensus" for m in chosen], dtype=bool), len(g))
    used = stacked(3, "int64")
    return pd.DataFrame(
        {
            "group": per_group("group"),
            "method": pd.Series(np.tile(np.array(chosen, dtype=object), len(g))).astype(str),
            "low": stacked(0, "float64"),
            "high": stacked(1, "float64"),
            "value": stacked(2, "float64"),
            "k": np.where(consensus, per_group("k"), 0),
            "n": np.where(consensus, per_group("finite"), 0),
            "used": used,
            "excluded": per_group("claims") - used,
        }
    )
