"""Reconcile results laid out as one row per group and method, numbers only.

``method_table`` stays vectorised (it is on the path that reconciles every group); the notes
and the words of each row are ``claimsdb.present.methods``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    parts = []
    for method in methods:
        low, high, value, used = rows[method]
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
