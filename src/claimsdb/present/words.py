"""Single values as every output shows them: numbers (``7,000``), intervals (``485–613``,
``≥ 161``), ratios (``3.8×``), counted nouns, shares, periods, times and the revision stamp."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    import pandas as pd

ENDASH = "–"
TIME = "%Y-%m-%d %H:%M:%S UTC"


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


def percent(share: float) -> str:
    """A share such as the tolerance: ``10%``."""
    return f"{share:.0%}"


def bounds(low: float, high: float | None) -> str:
    """A vague word's conventional bounds: ``300 to 999``, ``1,000 or more``."""
    return f"{low:,} to {high:,}" if high is not None else f"{low:,} or more"


def utc(moment: datetime) -> str:
    """A moment as reports state it: ``2024-05-01 12:00:00 UTC``."""
    return moment.strftime(TIME)


def now() -> str:
    """Now, in UTC, as reports state it."""
    from datetime import UTC, datetime

    return utc(datetime.now(UTC))


def stamp(revision: int | None, at: datetime | None) -> str:
    """The state an output came from: ``database revision 58 of 2024-05-01 12:00:00 UTC``."""
    if revision is None:
        return "database without revisions"
    return f"database revision {revision} of {utc(at) if at else 'unknown time'}"


def periods(claims: pd.DataFrame) -> pd.Series:
    """Each row's period as written ("1992-02-25–1992-02-26", "1988-02–1994-05", "1994", ""),
    from ``period_first``/``period_last`` (ISO days) and their precisions (year, month, day).
    The cut is numpy's fixed-width text, so no Python runs per row."""
    import numpy as np
    import pandas as pd

    def written(day: str, precision: str) -> Any:
        text = claims[day].astype(object).where(claims[day].notna(), "").to_numpy().astype("U10")
        kind = claims[precision].astype(object).to_numpy()
        year, month = text.astype("U4"), text.astype("U7")
        return np.where(kind == "year", year, np.where(kind == "month", month, text))

    start = written("period_first", "period_start_precision")
    end = written("period_last", "period_end_precision")
    joined = np.char.add(np.char.add(start, ENDASH), end)
    shown = np.where((start == end) | (end == ""), start, np.where(start == "", end, joined))
    return pd.Series(shown.astype(object), index=claims.index)
