"""Reading the cells of one row: text, keys, dates, periods and figures, within the schema's limits.

Each reader reports into ``Problems`` as ``FILE:ROW:COLUMN: message`` rather than raising, so one
pass over a bundle lists every problem at once.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Final

from claimsdb.dates import ReducedDate, parse_date
from claimsdb.errors import InvalidInput
from claimsdb.figures import Figure, parse_figure
from claimsdb.interchange import number_text
from claimsdb.load.problems import Problems
from claimsdb.load.readers import Row
from claimsdb.store.models import Claim, Event, Metric, Source
from claimsdb.store.types import unstorable
from claimsdb.vocabulary import (
    FIGURE_LIMIT,
    MAX_CELL,
    NUMBER_COLUMNS,
    QUALIFIERS,
    RANGE_MAY_HOLD_BEST,
    SHAPES,
    VAGUE,
)


def _width(column: Any) -> int:
    return int(column.type.length)


# The widths the schema gives keys and names: refused here, as SQLite would store longer ones
# whole and PostgreSQL refuse them with a database error.
KEY_WIDTH = _width(Claim.key)  # also the width of a document's key
NAME_WIDTH = _width(Source.name)  # also the width of every folded event and source name
SLUG_WIDTH = _width(Event.slug)
METRIC_WIDTH = _width(Metric.name)
UNIT_WIDTH = _width(Metric.unit)
KEY = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9._:-]{{0,{KEY_WIDTH - 1}}}$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")


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
    if value:
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


def read_flag(row: Row, column: str, problems: Problems) -> bool:
    """A yes/no cell: ``true`` or ``false`` in any case; empty is false."""
    text = read_text(row, column, problems)
    if text.lower() not in ("", "true", "false"):
        problems.add(row, column, f"{text!r} is not true or false")
    return text.lower() == "true"


def date_columns(prefix: str, when: ReducedDate | None) -> dict[str, Any]:
    """A date as its three stored columns: ``PREFIX_first``, ``_last`` and ``_precision``."""
    return {
        f"{prefix}_first": when.first if when else None,
        f"{prefix}_last": when.last if when else None,
        f"{prefix}_precision": when.precision if when else None,
    }


# -- figures --------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65_536)
def _parsed(text: str) -> Figure | str:
    """The figure a phrase reads as, or the reason it cannot be read (cached: phrases repeat)."""
    try:
        return parse_figure(text)
    except InvalidInput as exc:
        return str(exc)


def read_figure(row: Row, problems: Problems, metric: str, unit: str | None) -> dict[str, Any]:
    """The stored figure columns (qualifier, low, high, best, vague, phrase) of a claim row.

    Read from ``figure`` (or a lone ``phrase``) when given, else from ``qualifier`` and the
    numbers, which must fit the qualifier and agree with a readable phrase beside them. ``unit``
    is the metric's (None when the metric is unknown). Empty when the figure cannot be read.
    """
    figure_text = read_text(row, "figure", problems)
    phrase = read_text(row, "phrase", problems)
    qualifier = read_text(row, "qualifier", problems)
    numbers: dict[str, float | None] = {}
    unreadable = False
    for column in NUMBER_COLUMNS:
        text = read_text(row, column, problems)
        number = float(text) if text and _NUMBER.match(text) else None
        if text and number is None:
            problems.add(row, column, f"{text!r} is not a plain non-negative number")
            unreadable = True
        elif number is not None and number >= FIGURE_LIMIT:
            problems.add(
                row, column, f"{text} is implausibly large (the limit is {FIGURE_LIMIT:.0e})"
            )
            number, unreadable = None, True
        numbers[column] = number
    if figure_text or (not qualifier and not any(v is not None for v in numbers.values())):
        return _from_phrase(row, problems, figure_text, phrase, metric, unit)
    if not phrase:
        problems.add(row, "phrase", "required, but empty: the figure as the source wrote it")
    if not qualifier:
        problems.add(row, "qualifier", "required with low, high or best (or give just the phrase)")
        return {}
    if qualifier not in QUALIFIERS:
        problems.add(
            row, "qualifier", f"unknown qualifier {qualifier!r}; use {', '.join(QUALIFIERS)}"
        )
        return {}
    shape = None if unreadable else shape_problem(qualifier, numbers)
    if shape:
        problems.add(row, shape[0], shape[1])
    elif not unreadable and phrase:
        # Numbers given beside a readable phrase must say what the phrase says.
        read = _parsed(phrase)
        if not isinstance(read, str) and (read.qualifier, read.low, read.high, read.best) != (
            qualifier,
            *numbers.values(),
        ):
            problems.add(
                row,
                "phrase",
                f"{phrase!r} reads as "
                f"{_describe(read.qualifier, read.low, read.high, read.best)} but the row "
                f"stores {_describe(qualifier, *numbers.values())}; make them agree or give "
                "only the phrase",
            )
    vague = None
    if qualifier == "vague":  # as ``vague_key`` reads it, from the reading cached above
        read = _parsed(phrase)
        vague = None if isinstance(read, str) else read.vague
    if qualifier == "vague" and vague is None:
        problems.add(
            row,
            "phrase",
            f"{phrase!r} is not a vague amount claimsdb has a convention for "
            f"({', '.join(VAGUE)}); give the numbers the source wrote instead",
        )
    return {"qualifier": qualifier, **numbers, "vague": vague, "phrase": phrase}


def _from_phrase(
    row: Row, problems: Problems, figure_text: str, phrase: str, metric: str, unit: str | None
) -> dict[str, Any]:
    """The figure columns read from ``figure`` (or the phrase when there is no figure)."""
    source_text = figure_text or phrase
    column = "figure" if figure_text else "phrase"
    if not source_text:
        problems.add(row, "phrase", "required, but empty (give phrase, figure or qualifier)")
        return {}
    fig = _parsed(source_text)
    if isinstance(fig, str):
        problems.add(row, column, fig)
        return {}
    if unit is not None and fig.percent != (unit == "percent"):
        problems.add(row, column, f"{source_text!r} does not fit metric {metric!r} ({unit})")
    return {
        "qualifier": fig.qualifier,
        "low": fig.low,
        "high": fig.high,
        "best": fig.best,
        "vague": fig.vague,
        "phrase": phrase or figure_text,
    }


def _describe(qualifier: str, low: Any, high: Any, best: Any) -> str:
    numbers = ", ".join(
        f"{n}={number_text(v)}"
        for n, v in zip(NUMBER_COLUMNS, (low, high, best), strict=True)
        if v is not None
    )
    return f"{qualifier} ({numbers})" if numbers else qualifier


# The numbers each qualifier may store: those it needs, and a range's best where allowed.
_ALLOWED: Final = {
    q: frozenset(needs) | ({"best"} if q == "range" and RANGE_MAY_HOLD_BEST else set())
    for q, needs in SHAPES.items()
}


def shape_problem(qualifier: str, n: dict[str, float | None]) -> tuple[str, str] | None:
    """(column, message) when the numbers do not fit the qualifier, as the database would refuse."""
    low, high, best = n["low"], n["high"], n["best"]
    needs = SHAPES[qualifier]
    for column in needs:
        if n[column] is None:
            return column, f"{_article(qualifier)} {qualifier} figure needs {column}"
    allowed = _ALLOWED[qualifier]
    for column in NUMBER_COLUMNS:
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
