"""A group's summary in words: spread, partisan gap, consensus and who says what by affiliation —
the terminal's summary line and the workbook's and the page's Summary row.

Values carry the group's unit (``unit``; missing: a count of people): counts are never shown
with a fraction (``between 17 and 18``, ``22–28``), shares with their sign (``9–20 %``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from claimsdb.analysis.periods import PARTS, SUB_PERIOD
from claimsdb.present.groups import EVERYONE
from claimsdb.present.words import (
    amount,
    interval,
    is_share,
    is_whole,
    plural,
    ratio,
    unit_of,
)

if TYPE_CHECKING:
    import pandas as pd

VIA_TOLERANCE = "overlap only through the tolerance"
UNATTRIBUTED_AGREE = "includes unattributed figures"
OVER = " ÷ "  # the partisan gap's parties: higher ÷ lower median

Group = Mapping[str, Any]

# The Summary sheet's and table's columns, with their widths in the workbook.
SUMMARY = (
    ("event", 34),
    ("metric", 15),
    ("population", 22),
    ("scope", 18),
    ("period", 22),
    ("claims", 8),
    ("origins", 8),
    ("envelope", 16),
    ("independent", 16),
    ("consensus", 22),
    ("median", 11),
    ("conservative", 12),
    ("spread", 8),
    ("partisan gap", 22),
)


def no_consensus(n: int) -> str:
    """Why no two origins agree, from ``n`` (origins with a finite figure):
    ``none: no claim gives a finite figure``, ``none: only one claim gives a finite figure``,
    ``none: the 2 finite figures do not overlap``, ``none: no two of the 3 finite figures
    overlap``."""
    if n <= 0:
        return "none: no claim gives a finite figure"
    if n == 1:
        return "none: only one claim gives a finite figure"
    if n == 2:
        return "none: the 2 finite figures do not overlap"
    return f"none: no two of the {n} finite figures overlap"


def agreed(g: Group) -> bool:
    """Whether the group has a consensus: at least two origins share an interval."""
    return bool(g["k"] >= 2)


def k_of_n(g: Group) -> str:
    """``2 of 3``: how many origins share the consensus, of how many with a finite figure."""
    return f"{g['k']} of {g['n']}"


def partisan_gap(g: Group) -> str:
    """``3.8× (Armenia ÷ Azerbaijan)``, or ``n/a``."""
    gap = ratio(g["partisan_gap"])
    if g["partisan_gap"] == g["partisan_gap"]:
        gap += f" ({g['gap_high']}{OVER}{g['gap_low']})"
    return gap


def consensus(g: Group, *, agree: str = " agree") -> str:
    """``485–613 (2 of 3 agree)`` (``agree=""``: ``485–613 (2 of 3)``), ``9 % (2 of 3 agree)``,
    or why there is none (``no_consensus``)."""
    if not agreed(g):
        return no_consensus(int(g["n"]))
    shown = interval(g["consensus_low"], g["consensus_high"], unit_of(g))
    return f"{shown} ({k_of_n(g)}{agree})"


def summary(g: Group) -> dict[str, str]:
    """A group's spread, partisan gap and consensus in words, as compare shows them."""
    notes = []
    if agreed(g) and g["via_tolerance"]:
        notes.append(VIA_TOLERANCE)
    if agreed(g) and g["unattributed_agree"]:
        notes.append(UNATTRIBUTED_AGREE)
    spread = ratio(g["spread"])
    if g["spread"] == g["spread"]:
        spread += f" ({interval(g['conservative'], g['highest'], unit_of(g))})"
    return {
        "spread": spread,
        "partisan_gap": partisan_gap(g),
        "consensus": consensus(g) + "".join(f"; {note}" for note in notes),
    }


def summary_line(summary: Mapping[str, str]) -> str:
    """``spread 1.3× (485–613) · partisan gap n/a · consensus none: the 2 finite figures do
    not overlap``."""
    return (
        f"spread {summary['spread']} · partisan gap {summary['partisan_gap']}"
        f" · consensus {summary['consensus']}"
    )


def by_affiliation(rows: pd.DataFrame, unit: str | None = None) -> str:
    """``Azerbaijan 2 origins (median 613, 613) · none 2 origins (no point values)``; a count's
    median between two figures reads ``median between 17 and 18``, a share's ``median 20 %``.
    The unit is ``unit``, else each row's ``unit``, else a count of people."""
    parts = []
    for r in rows.to_dict("records"):
        mine = unit or unit_of(r)
        values = (
            f"median {amount(r['median'], mine)}, {interval(r['lowest'], r['highest'], mine)}"
            if r["with_point"]
            else "no point values"
        )
        parts.append(f"{r['affiliation']} {plural(r['count'], 'origin')} ({values})")
    return " · ".join(parts) or "no origins"


def shown_under(groups: pd.DataFrame, head: Group) -> str:
    """What a set's table shows besides its own claims, for its heading: ``2 parts shown under
    it``, ``1 sub-period claim shown under it``, ``2 parts and 1 sub-period claim shown under
    it``; "" when nothing is (``groups`` has ``group``, ``kind``, ``parent`` and ``claims``)."""
    if "parent" not in groups or "kind" not in groups:
        return ""
    mine = groups[groups["parent"] == head["group"]]
    counts = [
        (int(mine.loc[mine["kind"] == kind, "claims"].sum()), noun)
        for kind, noun in ((PARTS, "part"), (SUB_PERIOD, "sub-period claim"))
    ]
    shown = [plural(n, noun) for n, noun in counts if n]
    return f"{' and '.join(shown)} shown under it" if shown else ""


def summary_row(g: Group) -> list[Any]:
    """A group's row of the Summary (``SUMMARY``): text, counts and numbers. A median or
    conservative value is a number when it is a whole count, else its words (``between 17 and
    18``, ``20 %``), so no cell shows a fraction of a person."""
    unit = unit_of(g)
    return [
        str(g["event"]),
        str(g["metric"]),
        g["population"] or EVERYONE,
        g.get("scope") or "",
        g["period"] or "",
        int(g["claims"]),
        int(g["origins"]),
        interval(g["envelope_low"], g["envelope_high"], unit),
        interval(g["independent_low"], g["independent_high"], unit) or "none",
        consensus(g, agree=""),
        cell_value(g["median"], unit),
        cell_value(g["conservative"], unit),
        ratio(g["spread"]),
        partisan_gap(g),
    ]


def cell_value(value: Any, unit: str | None = None) -> int | str | None:
    """A computed value for a spreadsheet or table cell: a whole count as a number (``613``),
    anything else as its words (``between 17 and 18``, ``20 %``), ``None`` when missing."""
    if value is None or value != value:
        return None
    value = float(value)
    if is_share(unit) or not is_whole(value):
        return amount(value, unit)
    return round(value)
