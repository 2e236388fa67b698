"""Single values as every output shows them: numbers (``7,000``), intervals (``485–613``,
``≥ 161``), ratios (``3.8×``), counted nouns, shares, periods, times and the revision stamp.

A value carries its metric's unit: ``people`` and ``items`` are counts, never shown with a
fraction (a median 17.5 reads ``between 17 and 18``, an interval 22.5–27.5 ``22–28``);
``percent`` is a share, shown with its sign (``20 %``, ``9–20 %``). A missing unit is a count
of people. Only the words change: stored values and csv/json numbers keep every digit."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime

    import pandas as pd

ENDASH = "–"
TIME = "%Y-%m-%d %H:%M:%S UTC"
PEOPLE, ITEMS, PERCENT = "people", "items", "percent"
SINCE, BEFORE = "since", "before"  # a period open at its end, or at its start


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


def is_share(unit: str | None) -> bool:
    """Whether values of ``unit`` are shares (``percent``); anything else is a count."""
    return unit == PERCENT


def unit_of(row: Any) -> str:
    """The unit of a group or claim mapping (its ``unit``), ``people`` when it has none."""
    unit = row.get("unit") if hasattr(row, "get") else None
    return unit if isinstance(unit, str) and unit else PEOPLE


def amount(value: float | None, unit: str | None = None) -> str:
    """A computed value with its unit: ``613``, ``between 17 and 18`` for a count that is not
    whole (a median or midpoint), ``20 %`` or ``9.5 %`` for a share, "" if missing."""
    if _missing(value):
        return ""
    assert value is not None
    if is_share(unit):
        return f"{number(value)} %"
    if is_whole(value) or math.isinf(value):
        return number(value)
    return f"between {number(math.floor(value))} and {number(math.ceil(value))}"


def interval(low: float | None, high: float | None, unit: str | None = None) -> str:
    """``485–613``, ``613`` for a point, ``≥ 161`` for an open ceiling, "" when missing. A
    count's fractional ends are rounded outward (22.5–27.5 → ``22–28``, 17.5 → ``17–18``); a
    share keeps its decimals and ends with its sign (``9–20 %``, ``≥ 20 %``)."""
    if _missing(low) or _missing(high):
        return ""
    assert low is not None and high is not None
    share = is_share(unit)
    if not share:
        low = low if math.isinf(low) else math.floor(low + _slack(low))
        high = high if math.isinf(high) else math.ceil(high - _slack(high))
    sign = " %" if share else ""
    if math.isinf(high):
        return f"≥ {number(low)}{sign}"
    if number(low) == number(high):
        return number(low) + sign
    return f"{number(low)}{ENDASH}{number(high)}{sign}"


def _missing(value: float | None) -> bool:
    return value is None or value != value


def _slack(value: float) -> float:
    """How far a float may sit off a whole number and still be it (1e-9 relative)."""
    return 1e-9 * max(1.0, abs(value))


def is_whole(value: float) -> bool:
    """Whether ``value`` is a whole number (to 1e-9 relative: float sums may miss by a hair)."""
    return math.isfinite(value) and abs(value - round(value)) <= _slack(value)


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


def period_text(start: str | None, end: str | None) -> str:
    """One period from its ends as written: ``1987–1989``, ``1992-02-25`` when both ends are
    the same, ``since 1988-02`` when only the start is known, ``before 1994`` when only the
    end is, "" when neither."""
    start, end = (start or "").strip(), (end or "").strip()
    if start and end:
        return start if start == end else f"{start}{ENDASH}{end}"
    if start:
        return f"{SINCE} {start}"
    return f"{BEFORE} {end}" if end else ""


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ISO = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_ISO_PERIOD = re.compile(rf"(?<![\d,.])({_ISO})(?:{ENDASH}({_ISO}))?(?![\d,.])")


def in_words(text: str) -> str:
    """``text`` with every period written as ISO dates put in words, as an editor reads them:
    ``1992-02-25–1992-02-26`` → ``25–26 Feb 1992``, ``1988-02–1994-05`` → ``Feb 1988 – May
    1994``, ``since 1988-02`` → ``since Feb 1988``; a year or years stay as they are."""
    return _ISO_PERIOD.sub(lambda m: _span(m.group(1), m.group(2) or m.group(1)), text)


def _span(start: str, end: str) -> str:
    """One period in words from its ends (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), the shared
    month and year said once."""
    a, b = start.split("-"), end.split("-")
    if start == end or any(len(d) > 1 and not 1 <= int(d[1]) <= 12 for d in (a, b)):
        return _day(start) if start == end else f"{start}{ENDASH}{end}"
    if len(a) == len(b) == 1:
        return f"{start}{ENDASH}{end}"
    if len(a) == len(b) and a[0] == b[0]:  # one year
        if len(a) == 3 and a[1] == b[1]:
            return f"{int(a[2])}{ENDASH}{int(b[2])} {_MONTHS[int(a[1]) - 1]} {a[0]}"
        if len(a) == 2:
            return f"{_MONTHS[int(a[1]) - 1]}{ENDASH}{_MONTHS[int(b[1]) - 1]} {a[0]}"
        first, last = (f"{int(d[2])} {_MONTHS[int(d[1]) - 1]}" for d in (a, b))
        return f"{first} {ENDASH} {last} {a[0]}"
    return f"{_day(start)} {ENDASH} {_day(end)}"


def _day(iso: str) -> str:
    """``1992-02-25`` → ``25 Feb 1992``, ``1992-02`` → ``Feb 1992``, ``1992`` as it is."""
    parts = iso.split("-")
    if len(parts) == 1 or not 1 <= int(parts[1]) <= 12:
        return iso
    month = f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return f"{int(parts[2])} {month}" if len(parts) == 3 else month


def periods(claims: pd.DataFrame) -> pd.Series:
    """Each row's period as written ("1992-02-25–1992-02-26", "1988-02–1994-05", "1994",
    "since 1988-02" when open at its end, "before 1994" when open at its start, "" for none),
    from ``period_first``/``period_last`` (ISO days) and their precisions (year, month, day;
    a frame without them gives the days)."""
    import pandas as pd

    codes, texts = period_codes(claims)
    return pd.Series(texts[codes], index=claims.index, dtype=object)


_PERIOD_COLUMNS = ("period_first", "period_last", "period_start_precision", "period_end_precision")


def period_codes(claims: pd.DataFrame) -> tuple[Any, Any]:
    """Each row's period as written (see ``periods``) as a code into the distinct texts:
    ``(codes, texts)``, ``texts[codes]`` being the periods. Each distinct period is written
    once, however many rows share it; two periods written alike share a code."""
    import numpy as np
    import pandas as pd

    present = [c for c in _PERIOD_COLUMNS if c in claims]
    combined = np.zeros(len(claims), dtype=np.int64)
    for column in present:
        values = claims[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            codes = values.cat.codes.to_numpy(dtype=np.int64)
            size = len(values.cat.categories)
        else:
            codes, uniques = pd.factorize(values.astype(object))
            size = len(uniques)
        combined = pd.factorize(combined * (size + 1) + codes + 1)[0]  # never overflows
    one = np.zeros(int(combined.max()) + 1 if len(combined) else 0, dtype=np.int64)
    one[combined] = np.arange(len(combined))  # a row of each distinct combination
    texts = _written_periods(claims.iloc[one])
    text_code, distinct = pd.factorize(pd.Series(texts, dtype=object))
    return text_code[combined], np.asarray(distinct, dtype=object)


def _written_periods(claims: pd.DataFrame) -> Any:
    """``periods`` of a few rows, cut as numpy fixed-width text."""
    import numpy as np

    def written(day: str, precision: str) -> Any:
        if day not in claims:
            return np.full(len(claims), "", dtype="U10")
        text = claims[day].astype(object).where(claims[day].notna(), "").to_numpy().astype("U10")
        if precision not in claims:  # a frame built by hand: days as given
            return text
        kind = claims[precision].astype(object).to_numpy()
        year, month = text.astype("U4"), text.astype("U7")
        return np.where(kind == "year", year, np.where(kind == "month", month, text))

    start = written("period_first", "period_start_precision")
    end = written("period_last", "period_end_precision")
    joined = np.char.add(np.char.add(start, ENDASH), end)
    since = np.char.add(f"{SINCE} ", start)
    before = np.char.add(f"{BEFORE} ", end)
    shown = np.where(
        start == end,
        start,
        np.where(end == "", since, np.where(start == "", before, joined)),
    )
    return shown.astype(object)
