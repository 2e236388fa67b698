"""reconcile's table in words: each method's result (``485–613``, ``549``, ``between 17 and 18``,
``9 %``, ``1.3×``) and the note to know before quoting it, for every group at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from claimsdb.codes import first_rows, numbered, positions
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
    agreed = (g["k"] >= 2).to_numpy()
    # Each note is written only where it says something; most groups have none of them.
    ties = g["ties"].to_numpy()
    tie = _blank(len(g))
    tie[ties > 1] = [f"tie: {t} intervals" for t in ties[ties > 1].tolist()]
    via = _joined(
        " ",
        _said(g["via_tolerance"].to_numpy(dtype=bool), VIA_TOLERANCE),
        _said(g["unattributed_agree"].to_numpy(dtype=bool), UNATTRIBUTED_AGREE),
    )
    consensus = _joined(" ", tie, via)
    consensus[~agreed] = _each_once(lambda n: no_consensus(int(n)), g["n"].to_numpy()[~agreed])
    gap = g["partisan_gap"].notna().to_numpy()
    by_affiliation = np.full(len(g), "partisan gap n/a", dtype=object)
    by_affiliation[gap] = _each_once(
        lambda high, low: f"partisan gap {high}{OVER}{low}",
        g["gap_high"].to_numpy()[gap],
        g["gap_low"].to_numpy()[gap],
    )
    independent = _bounds_note(g, "independent")
    independent[(g["independent_votes"] == 0).to_numpy()] = "no independent source"
    notes = {
        "envelope": _bounds_note(g, "envelope"),
        "independent": independent,
        "consensus": consensus,
        "median": _median_note(g),
        "conservative": np.full(len(g), "lowest point value: a floor, not an estimate"),
        "by-affiliation": by_affiliation,
    }
    where = positions(g["group"].to_numpy(), table["group"].to_numpy())
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
    far = between & (spread >= FAR_APART)
    words = _said(between & ~far & (count == 2), MIDPOINT_OF_TWO)
    words[far] = _each_once(
        lambda s: f"figures {ratio(s)} apart: a midpoint, not an estimate", spread[far]
    )
    return words


def _bounds_note(g: pd.DataFrame, name: str) -> Any:
    def by_convention(end: str) -> Any:
        return g[f"{name}_{end}_convention"].fillna(False).astype(bool).to_numpy()

    return _joined(
        "; ",
        _said(by_convention("low"), "lower end by convention"),
        _said(by_convention("high"), "upper end by convention"),
    )


def _each_once(write: Callable[..., str], *columns: Any) -> Any:
    """``write`` of each row's values in ``columns``, called once per distinct combination."""
    import numpy as np
    import pandas as pd

    if len(columns[0]) == 0:
        return np.empty(0, dtype=object)
    columns = tuple(np.asarray(column, dtype=object) for column in columns)
    digits = []
    for column in columns:
        codes, distinct = pd.factorize(column, use_na_sentinel=False)
        digits.append((codes, len(distinct)))
    combined = numbered(digits)
    first = first_rows(combined)  # a row that has each combination
    words = [write(*(column[row] for column in columns)) for row in first.tolist()]
    return np.array(words, dtype=object)[combined]


def _blank(n: int) -> Any:
    """``n`` empty notes."""
    import numpy as np

    return np.full(n, "", dtype=object)


def _said(flag: Any, text: str) -> Any:
    """``text`` where ``flag`` is set, "" elsewhere."""
    out = _blank(len(flag))
    out[flag] = text
    return out


def _joined(separator: str, first: Any, second: Any) -> Any:
    """Per row, the notes of ``first`` and ``second`` ("": none) joined by ``separator``."""
    import numpy as np

    out = np.where(first != "", first, second)
    both = (first != "") & (second != "")
    out[both] = [f"{a}{separator}{b}" for a, b in zip(first[both], second[both], strict=True)]
    return out


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
