"""Numbers and intervals as the analysis shows them (``7,000``, ``485–613``, ``≥ 161``)."""

from __future__ import annotations

import math

ENDASH = "–"


def number(value: float | None) -> str:
    """A computed value for display: thousands separators, at most two decimals, "" if missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if math.isinf(value):
        return "∞"
    if abs(value) >= 1e15:  # beyond exact integers in a float: no false digits
        return f"{value:.6g}"
    rounded = round(value)
    if abs(value - rounded) <= 1e-9 * max(1.0, abs(value)):
        return f"{int(rounded):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def interval(low: float | None, high: float | None) -> str:
    """``485–613``, ``613`` for a point, ``≥ 161`` for an open ceiling, "" when missing."""
    if low is None or high is None or math.isnan(low) or math.isnan(high):
        return ""
    if math.isinf(high):
        return f"≥ {number(low)}"
    if number(low) == number(high):
        return number(low)
    return f"{number(low)}{ENDASH}{number(high)}"


def ratio(value: float | None) -> str:
    """A spread or gap: ``3.8×``, or ``n/a``."""
    if value is None or math.isnan(value) or math.isinf(value):
        return "n/a"
    return f"{value:,.1f}×" if value < 100 else f"{value:,.0f}×"


def plural(n: int, noun: str) -> str:
    """``1 claim``, ``8 claims``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
