"""The ``Figure`` a phrase is read into, its checks, and ``format_figure`` back to words."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Final

from claimsdb.errors import InvalidFigure
from claimsdb.vocabulary import FIGURE_LIMIT, QUALIFIERS, SHAPES, SHARES, VAGUE, Number

LIMIT: Final = Decimal(FIGURE_LIMIT)

# Which of low/high/best each qualifier stores.
SLOTS: Final[dict[str, frozenset[str]]] = {q: frozenset(s) for q, s in SHAPES.items()}


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as a source wrote it: a qualifier and the numbers the text gives.

    Construction validates the shape (which of low/high/best the qualifier stores, low <
    high, non-negative finite numbers below 10**13, a known vague key) and raises
    InvalidFigure otherwise. Integral floats (as a database may return them) are stored
    as ints, so Figures loaded back compare equal to parsed ones. A share word ("nearly half",
    ``vocabulary.SHARES``) is a percentage whatever ``percent`` says: the database does not
    store the flag, and the word cannot be anything else.
    """

    qualifier: str
    low: Number | None = None
    high: Number | None = None
    best: Number | None = None
    percent: bool = False
    vague: str | None = None

    def __post_init__(self) -> None:
        if self.qualifier not in SLOTS:
            raise InvalidFigure(
                f"unknown qualifier {self.qualifier!r}; use {', '.join(QUALIFIERS)}"
            )
        if not isinstance(self.percent, bool):
            raise TypeError(f"percent must be a bool, not {type(self.percent).__name__}")
        for name in ("low", "high", "best"):
            object.__setattr__(self, name, _stored_number(name, getattr(self, name)))
        wanted = SLOTS[self.qualifier]
        for name in ("low", "high", "best"):
            if (getattr(self, name) is not None) != (name in wanted):
                stores = " and ".join(sorted(wanted)) or "no numbers"
                raise InvalidFigure(
                    f"a {self.qualifier} figure stores {stores}, got low={self.low!r}, "
                    f"high={self.high!r}, best={self.best!r}"
                )
        if self.qualifier == "vague":
            if self.vague not in VAGUE:
                raise InvalidFigure(f"unknown vague amount {self.vague!r}")
            if self.vague in SHARES:
                object.__setattr__(self, "percent", True)
            elif self.percent:
                raise InvalidFigure("a vague amount cannot be a percentage")
        elif self.vague is not None:
            raise InvalidFigure(f"only a vague figure has a vague key, not {self.qualifier}")
        if (
            self.qualifier == "range"
            and self.low is not None
            and self.high is not None
            and not self.low < self.high
        ):
            raise InvalidFigure(f"a range needs low < high, got {self.low!r} to {self.high!r}")
        if self.qualifier == "less_than" and self.high == 0:
            raise InvalidFigure("nothing is fewer than 0")

    @classmethod
    def sound(
        cls,
        qualifier: str,
        low: int | None = None,
        high: int | None = None,
        best: int | None = None,
    ) -> Figure:
        """A figure the caller has made sound already (integers in the slots its qualifier
        stores, below the limit, a range's low below its high), built without the checks: a
        third of the time of reading a common phrase. Only the quick reader uses it, and tests
        check that what it builds equals the checked figure the full reader makes."""
        figure = object.__new__(cls)
        for name, value in zip(_FIELDS, (qualifier, low, high, best, False, None), strict=True):
            object.__setattr__(figure, name, value)
        return figure

    def numbers(self) -> tuple[Number, ...]:
        """The stored numbers, in the order low, best, high, leaving out the absent ones."""
        return tuple(n for n in (self.low, self.best, self.high) if n is not None)


_FIELDS: Final = tuple(f.name for f in fields(Figure))


def _stored_number(name: str, value: object) -> Number | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"{name} must be an int or float, not {type(value).__name__}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidFigure(f"{name} must be finite, got {value!r}")
        return to_number(value, lambda why: InvalidFigure(f"{name}: {why}"))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidFigure(f"{name} must be finite, got {value!r}")
        if value.is_integer():
            value = int(value)
    if value < 0:
        raise InvalidFigure(f"{name} must not be negative, got {value!r}")
    if value >= FIGURE_LIMIT:
        raise InvalidFigure(f"{name} is implausibly large: {value!r}")
    return value


def shorthand_ambiguous(low: Decimal, high: Decimal) -> bool:
    """Whether "LOW to HIGH" could be shorthand for LOW thousand ("20-30,000")."""
    return 0 < low < 1000 <= high and low * 1000 < high


def to_number(value: Decimal, fail: Callable[[str], InvalidFigure]) -> Number:
    if value < 0:
        raise fail("negative numbers are not figures")
    if value >= LIMIT:
        raise fail(f"{value} is implausibly large")
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    if number == 0:
        raise fail(f"{value} is too small to store")
    return number


# --------------------------------------------------------------------------- format


def _format_number(number: Number) -> str:
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    if isinstance(number, int):
        return f"{number:,}"
    # repr is the shortest text that reads back as the same float.
    text = format(Decimal(repr(number)), ",f")
    whole, _, frac = text.partition(".")
    if len(frac) == 3 and len(whole) <= 3 and whole != "0":
        # "12.345" would be refused as possibly European; "12.3450" cannot be misread.
        text += "0"
    return text


_WORDING: Final = {
    "exact": "",
    "at_least": "at least ",
    "more_than": "more than ",
    "at_most": "up to ",
    "less_than": "fewer than ",
    "approximately": "about ",
    "nearly": "nearly ",
}


def format_figure(figure: Figure) -> str:
    """Canonical English for a figure; ``parse_figure`` reads it back as the same Figure."""
    if figure.qualifier == "vague":
        return figure.vague or ""
    sign = "%" if figure.percent else ""
    if figure.qualifier == "range":
        assert figure.low is not None and figure.high is not None
        text = f"{_format_number(figure.low)}{sign} to {_format_number(figure.high)}{sign}"
        literal = shorthand_ambiguous(Decimal(repr(figure.low)), Decimal(repr(figure.high)))
        return f"from {text}" if literal else text
    (value,) = figure.numbers()
    wording = _WORDING[figure.qualifier]
    if figure.qualifier == "less_than" and figure.percent:
        wording = "less than "  # "fewer than 5%" reads wrong; both parse the same
    return f"{wording}{_format_number(value)}{sign}"
