"""Dates of reduced precision: ``1992``, ``1992-02`` or ``1992-02-26``.

Stored as the first day, the last day and the precision, so that ranges compare correctly in SQL
(``1992-02`` covers 1992-02-01 … 1992-02-29) and the written form can be given back unchanged.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

from claimsdb.errors import InvalidInput
from claimsdb.vocabulary import DATE_PRECISIONS

PRECISIONS = DATE_PRECISIONS
_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class ReducedDate:
    """A date known to a year, a month or a day."""

    first: date
    last: date
    precision: str

    @property
    def written(self) -> str:
        """The written form: ``1992``, ``1992-02`` or ``1992-02-26``."""
        return written_form(self.first, self.precision)


@functools.lru_cache(maxsize=16_384)  # a bulk load repeats the same dates many times
def parse_date(text: str) -> ReducedDate:
    """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; anything else raises ``InvalidInput``."""
    match = _FORM.match(text.strip())
    if not match:
        raise InvalidInput(f"cannot read date {text!r}: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        if month is None:
            return ReducedDate(date(year, 1, 1), date(year, 12, 31), "year")
        if day is None:
            last_day = calendar.monthrange(year, month)[1]
            return ReducedDate(date(year, month, 1), date(year, month, last_day), "month")
        exact = date(year, month, day)
    except ValueError as exc:
        raise InvalidInput(f"cannot read date {text!r}: {exc}") from None
    return ReducedDate(exact, exact, "day")


def written_form(day: date | None, precision: str | None) -> str:
    """Give back the written form of a stored (day, precision) pair; empty when there is none."""
    if day is None or precision is None:
        return ""
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
