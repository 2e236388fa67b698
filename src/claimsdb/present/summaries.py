"""A group's summary in words: spread, partisan gap, consensus and who says what by affiliation —
the terminal's summary line and the workbook's and the page's Summary row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from claimsdb.present.groups import EVERYONE
from claimsdb.present.words import interval, number, plural, ratio

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


def summary(g: Group) -> dict[str, str]:
    """A group's spread, partisan gap and consensus in words, as compare shows them."""
    notes = []
    if agreed(g) and g["via_tolerance"]:
        notes.append(VIA_TOLERANCE)
    if agreed(g) and g["unattributed_agree"]:
        notes.append(UNATTRIBUTED_AGREE)
    spread = ratio(g["spread"])
    if g["spread"] == g["spread"]:
        spread += f" ({interval(g['conservative'], g['highest'])})"
    consensus = (
        f"{interval(g['consensus_low'], g['consensus_high'])} ({k_of_n(g)} agree)"
        if agreed(g)
        else f"none ({k_of_n(g)})"
    )
    return {
        "spread": spread,
        "partisan_gap": partisan_gap(g),
        "consensus": consensus + "".join(f"; {note}" for note in notes),
    }


def summary_line(summary: Mapping[str, str]) -> str:
    """``spread 1.3× (485–613) · partisan gap n/a · consensus none (1 of 2)``."""
    return (
        f"spread {summary['spread']} · partisan gap {summary['partisan_gap']}"
        f" · consensus {summary['consensus']}"
    )


def by_affiliation(rows: pd.DataFrame) -> str:
    """``Azerbaijan 2 origins (median 613, 613) · none 2 origins (no point values)``."""
    parts = []
    for r in rows.to_dict("records"):
        values = (
            f"median {number(r['median'])}, {interval(r['lowest'], r['highest'])}"
            if r["with_point"]
            else "no point values"
        )
        parts.append(f"{r['affiliation']} {plural(r['count'], 'origin')} ({values})")
    return " · ".join(parts) or "no origins"


def summary_row(g: Group) -> list[Any]:
    """A group's row of the Summary (``SUMMARY``): text, counts and numbers."""
    consensus = (
        f"{interval(g['consensus_low'], g['consensus_high'])} ({k_of_n(g)})"
        if agreed(g)
        else f"no consensus ({k_of_n(g)})"
    )
    return [
        str(g["event"]),
        str(g["metric"]),
        g["population"] or EVERYONE,
        g["period"] or "",
        int(g["claims"]),
        int(g["origins"]),
        interval(g["envelope_low"], g["envelope_high"]),
        interval(g["independent_low"], g["independent_high"]) or "none",
        consensus,
        _value(g["median"]),
        _value(g["conservative"]),
        ratio(g["spread"]),
        partisan_gap(g),
    ]


def _value(value: Any) -> float | None:
    return None if value is None or value != value else float(value)
