"""Cell-level checks shared by bundle validation: text, dates, periods, figure shapes.

Each check reports into ``Problems`` as ``FILE:ROW:COLUMN: message`` rather than raising, so one
pass over a bundle lists every problem at once.
"""

from __future__ import annotations

from typing import Any

from claimsdb.dates import ReducedDate, parse_date
from claimsdb.errors import InvalidInput
from claimsdb.load.readers import Row
from claimsdb.store.models import unstorable
from claimsdb.vocabulary import MAX_CELL, MAX_ERRORS, RANGE_MAY_HOLD_BEST, SHAPES


class Problems:
    """Collects ``FILE:ROW:COLUMN: message`` lines, up to ``MAX_ERRORS``."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.total = 0
        self.malformed = 0

    def add(self, row: Row, column: str, message: str, *, unresolved: bool = False) -> None:
        """Record a problem; ``unresolved`` marks a well-formed name that matches nothing."""
        self.total += 1
        self.malformed += not unresolved
        if len(self.lines) < MAX_ERRORS:
            self.lines.append(f"{row.where(column)}: {message}")

    def raise_if_any(self) -> None:
        if not self.total:
            return
        more = self.total - len(self.lines)
        tail = [f"… and {more} more problems"] if more else []
        raise BundleInvalid(self.lines + tail, unresolved_only=not self.malformed)


class BundleInvalid(InvalidInput):
    """A bundle with problems; ``lines`` holds one ``FILE:ROW:COLUMN: message`` each."""

    def __init__(self, lines: list[str], *, unresolved_only: bool = False) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        # Only names that match nothing: a single command reports that as exit 1, not 2.
        self.unresolved_only = unresolved_only


def split_aliases(text: str) -> list[str]:
    """Aliases as written in a cell: separated by semicolons."""
    return [a.strip() for a in text.split(";") if a.strip()]


def read_date(row: Row, column: str, problems: Problems) -> ReducedDate | None:
    """The reduced-precision date in ``column``, or None when empty or unreadable."""
    text = row.values.get(column, "").strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except InvalidInput as exc:
        problems.add(row, column, str(exc))
        return None


def read_period(row: Row, problems: Problems) -> dict[str, Any]:
    """The period_start/period_end cells as the four stored period columns."""
    start = read_date(row, "period_start", problems)
    end = read_date(row, "period_end", problems)
    if start and end and end.last < start.first:
        problems.add(row, "period_end", "period ends before it starts")
    return {
        "period_first": start.first if start else None,
        "period_start_precision": start.precision if start else None,
        # A start alone ("since June 1992") leaves the period open, not one month long.
        "period_last": end.last if end else None,
        "period_end_precision": end.precision if end else None,
    }


def cell_problem(value: str) -> str | None:
    """Why no cell may hold ``value`` (a NUL, a lone surrogate, more than ``MAX_CELL``
    characters: the CSV reader's limit, applied to JSON, XLSX and arguments too), or None."""
    reason = unstorable(value)
    if reason is None and len(value) > MAX_CELL:
        reason = f"longer than {MAX_CELL:,} characters"
    return reason


def read_text(row: Row, column: str, problems: Problems, *, required: bool = False) -> str:
    """The stripped text of ``column``; text no database can store (NUL, lone surrogates), cells
    over ``MAX_CELL`` and missing required cells are reported."""
    value = row.values.get(column, "")
    if not value:
        if required:
            missing = column not in row.values and row.file
            problems.add(
                row,
                column,
                f"required, but the file has no {column} column"
                if missing
                else "required, but empty",
            )
        return ""
    reason = cell_problem(value)
    if reason is not None:
        problems.add(row, column, reason)
        return ""
    value = value.strip()
    if required and not value:
        missing = column not in row.values and row.file
        problems.add(
            row,
            column,
            f"required, but the file has no {column} column" if missing else "required, but empty",
        )
    return value


def shape_problem(qualifier: str, n: dict[str, float | None]) -> tuple[str, str] | None:
    """(column, message) when the numbers do not fit the qualifier, as the database would refuse."""
    low, high, best = n["low"], n["high"], n["best"]
    needs = SHAPES[qualifier]
    for column in needs:
        if n[column] is None:
            return column, f"{_article(qualifier)} {qualifier} figure needs {column}"
    allowed = set(needs) | ({"best"} if qualifier == "range" and RANGE_MAY_HOLD_BEST else set())
    for column in ("low", "high", "best"):
        if n[column] is not None and column not in allowed:
            stored = ", ".join(needs) or "no numbers"
            return column, f"{_article(qualifier)} {qualifier} figure stores no {column} ({stored})"
    if low is not None and high is not None and low > high:
        return "high", "high is below low"
    if best is not None and (
        (low is not None and best < low) or (high is not None and best > high)
    ):
        return "best", "best lies outside low..high"
    return None


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"
