"""reconcile's table in words: each method's result (``485–613``, ``549``, ``between 17 and 18``,
``9 %``, ``1.3×``) and the note to know before quoting it, for every group at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimsdb.present.summaries import (
    OVER,
    UNATTRIBUTED_AGREE,
    VIA_TOLERANCE,
    k_of_n,
    no_consensus,
)
from claimsdb.present.words import amount, interval, ratio, unit_of

if TYPE_CHECKING:
    import pandas as pd

INTERVALS = ("envelope", "independent", "consensus")  # methods whose result is an interval
COLUMNS: tuple[str, ...] = ("event", "metric", "population", "scope", "period", "within")
COLUMNS += ("method", "result", "k_of_n", "used", "excluded", "note")
OPTIONAL = ("scope", "within")  # shown in a table only when some row has one


def with_notes(table: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """``table`` (``claimsdb.analysis.explain.method_table``) with a ``note`` per row: what to
    know before quoting the result (no consensus says why: ``none: the 2 finite figures do not
    overlap``), and the group's ``unit`` when ``groups`` has one and ``table`` not. Vectorised:
    it is on the path that reconciles every group."""
    import numpy as np
    import pandas as pd

    g = groups
    agreed = g["k"] >= 2
    via = np.where(g["via_tolerance"], VIA_TOLERANCE, "")
    ties = np.where(g["ties"] > 1, "tie: " + g["ties"].astype(str) + " intervals", "")
    unattributed = np.where(g["unattributed_agree"], UNATTRIBUTED_AGREE, "")
    via = np.char.strip(np.char.add(np.char.add(via.astype(str), " "), unattributed.astype(str)))
    notes = {
        "envelope": _bounds_note(g, "envelope"),
        "independent": np.where(
            g["independent_votes"] == 0, "no independent source", _bounds_note(g, "independent")
        ),
        "consensus": np.where(
            agreed,
            np.char.strip(np.char.add(np.char.add(ties.astype(str), " "), via.astype(str))),
            g["n"].map({n: no_consensus(int(n)) for n in g["n"].unique()}).to_numpy(),
        ),
        "median": _median_note(g),
        "conservative": np.full(len(g), "lowest point value: a floor, not an estimate"),
        "by-affiliation": np.where(
            g["partisan_gap"].notna(),
            "partisan gap " + g["gap_high"].astype(str) + OVER + g["gap_low"].astype(str),
            "partisan gap n/a",
        ),
    }
    where = pd.Index(g["group"]).get_indexer(table["group"])
    note = np.empty(len(table), dtype=object)
    method_code, methods = pd.factorize(table["method"])  # a few methods, compared by code
    for method, values in notes.items():
        if method not in methods:
            continue
        mine = method_code == methods.get_loc(method)
        note[mine] = np.asarray(values, dtype=object)[where[mine]]
    if "unit" in g and "unit" not in table:
        table = table.assign(unit=g["unit"].to_numpy()[where])
    return table.assign(note=note)


# From how far apart the point values are, a median is a midpoint of disagreeing figures.
FAR_APART = 2.0
MIDPOINT_OF_TWO = "midpoint of the 2 figures"


def _median_note(g: pd.DataFrame) -> Any:
    """Where the median is no figure anyone gave, say so: the midpoint of two different figures
    (485 and 613: "midpoint of the 2 figures"), or of an even number of figures ``FAR_APART`` or
    more apart ("figures 8.6× apart: a midpoint, not an estimate", 25 and 216)."""
    import numpy as np

    if "spread" not in g or "with_point" not in g:
        return np.full(len(g), "")
    spread = np.nan_to_num(g["spread"].astype(float).to_numpy())
    count = g["with_point"].to_numpy()
    between = (count % 2 == 0) & (count > 0) & (spread > 1)
    words = [
        ""
        if not m
        else f"figures {ratio(s)} apart: a midpoint, not an estimate"
        if s >= FAR_APART
        else MIDPOINT_OF_TWO
        if n == 2
        else ""
        for s, m, n in zip(spread, between, count, strict=True)
    ]
    return np.asarray(words, dtype=object)


def _bounds_note(g: pd.DataFrame, name: str) -> Any:
    import numpy as np

    low = np.where(
        g[f"{name}_low_convention"].fillna(False).astype(bool), "lower end by convention", ""
    )
    high = np.where(
        g[f"{name}_high_convention"].fillna(False).astype(bool), "upper end by convention", ""
    )
    return np.char.add(
        np.char.add(low.astype(str), np.where((low != "") & (high != ""), "; ", "")),
        high.astype(str),
    )


def method_rows(table: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per group and method, its result in words (``COLUMNS``), as reconcile shows it:
    in the row's ``unit`` (missing: a count of people), so a median of counts between two
    figures reads ``between 17 and 18`` and a share ``9 %``."""
    rows = []
    for r in table.to_dict("records"):
        unit = unit_of(r)
        if r["method"] in INTERVALS:
            result = interval(r["low"], r["high"], unit)
        elif r["method"] == "by-affiliation":
            result = ratio(r["value"])
        else:
            result = amount(r["value"], unit)
        rows.append(
            {
                "event": r["event"],
                "metric": r["metric"],
                "population": r["population"],
                "scope": r.get("scope") or "",
                "period": r["period"],
                "within": r.get("within") or "",
                "method": r["method"],
                "result": result or "—",
                "k_of_n": k_of_n(r) if r["method"] == "consensus" else "",
                "used": r["used"],
                "excluded": r["excluded"],
                "note": r["note"],
            }
        )
    return rows
