"""Figure phrases as sources write them ("at least 161", "6,000–10,000", "several hundred").

``parse_figure`` turns a phrase into a :class:`Figure` and ``format_figure`` turns a
Figure back into canonical English. The rule everything here serves: only numbers the
text actually writes are stored. Text that cannot be read, or that could be read two
ways, raises :class:`~claimsdb.errors.InvalidFigure` naming the text; the parser never
guesses a number.

Decisions a reader of the data should know about:

* Numbers are computed with :class:`~decimal.Decimal` and stored as ``int`` whenever
  integral ("1.3 million" -> 1300000), otherwise as ``float``.
* Numbers must be non-negative, finite and below 10**13.
* A range needs low < high; "5 to 5" is refused rather than silently made exact.
* "30.000" (one dot, exactly three digits after it, 1-3 digits before) is refused:
  it is 30 in English and 30000 in much of Europe. "0.500", "1,234.567", "1234.567",
  "1.5" and "1.300.000" (several dots) cannot be misread and are accepted.
* "20-30,000" is refused: journalists write it for 20,000-30,000, so the literal reading
  could be wrong by a factor of 1000. "from 20 to 30,000" is read literally (and is what
  ``format_figure`` writes for such ranges). A scale *word* is always shared:
  "25-30 thousand" is 25,000-30,000.
* Digits glued to letters ("10k", "1.3m", "1st") are refused.
* "161+" reads as at least 161 ("18+" means 18 or older); "1,000 or more",
  "600 or so", "50 or fewer" are read likewise. Any other trailing words are ignored,
  unless they contain a number, a number word, or a word that changes the figure
  ("or more", "at most", "odd", "roughly", "per", ...), which are refused.
* A range after an approximation word ("some 6,000 to 10,000") stays a plain range;
  other qualifiers cannot apply to a range or to a vague amount.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from claimsdb.errors import InvalidFigure
from claimsdb.vocabulary import FIGURE_LIMIT, QUALIFIERS, SHAPES, VAGUE, Number

__all__ = [
    "Figure",
    "Number",
    "format_figure",
    "parse_figure",
    "vague_key",
]


_LIMIT: Final = Decimal(FIGURE_LIMIT)

# Which of low/high/best each qualifier stores.
_SLOTS: Final[dict[str, frozenset[str]]] = {q: frozenset(s) for q, s in SHAPES.items()}


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as a source wrote it: a qualifier and the numbers the text gives.

    Construction validates the shape (which of low/high/best the qualifier stores, low <
    high, non-negative finite numbers below 10**13, a known vague key) and raises
    InvalidFigure otherwise. Integral floats (as a database may return them) are stored
    as ints, so Figures loaded back compare equal to parsed ones.
    """

    qualifier: str
    low: Number | None = None
    high: Number | None = None
    best: Number | None = None
    percent: bool = False
    vague: str | None = None

    def __post_init__(self) -> None:
        if self.qualifier not in _SLOTS:
            raise InvalidFigure(
                f"unknown qualifier {self.qualifier!r}; use {', '.join(QUALIFIERS)}"
            )
        if not isinstance(self.percent, bool):
            raise TypeError(f"percent must be a bool, not {type(self.percent).__name__}")
        for name in ("low", "high", "best"):
            object.__setattr__(self, name, _stored_number(name, getattr(self, name)))
        wanted = _SLOTS[self.qualifier]
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
            if self.percent:
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

    def numbers(self) -> tuple[Number, ...]:
        """The stored numbers, in the order low, best, high, leaving out the absent ones."""
        return tuple(n for n in (self.low, self.best, self.high) if n is not None)


def _stored_number(name: str, value: object) -> Number | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"{name} must be an int or float, not {type(value).__name__}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidFigure(f"{name} must be finite, got {value!r}")
        return _to_number(value, lambda why: InvalidFigure(f"{name}: {why}"))
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


# --------------------------------------------------------------------------- vocabulary


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_UNITS: Final = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS: Final = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS: Final = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_BIG: Final = {"thousand": Decimal(1000), "million": Decimal(10**6), "billion": Decimal(10**9)}
# Words that may follow "a" / "half a" as a multiplier.
_MULTIPLIERS: Final = {"dozen": Decimal(12), "hundred": Decimal(100), **_BIG}

_ORDINALS: Final = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth "
    "thousandth millionth"
)
# A trailing word from this set means the text holds a second quantity: refuse.
_NUMBER_WORDS: Final = frozenset(
    {*_UNITS, *_TEENS, *_TENS, *_MULTIPLIERS, *_ORDINALS}
    | _words(
        "hundreds thousands millions billions dozens score scores half halves quarter "
        "quarters thirds tens several few couple twice thrice"
    )
)
# A trailing word from this set (or pair below) would change what the number means.
_MODIFIER_WORDS: Final = _words(
    "+ ~ ≈ % < > ≤ ≥ = plus odd thereabouts approximately approx roughly estimated est circa "
    "upwards nearly almost maximum minimum max min per"
)
_MODIFIER_PAIRS: Final = frozenset(
    {("or", w) for w in _words("more less fewer so over above under below higher lower greater")}
    | {("and", w) for w in _words("more over above under below counting rising upwards higher")}
    | {("at", "least"), ("at", "most"), ("or", "thereabouts"), ("in", "excess"), ("up", "to")}
    | {(w, "than") for w in _words("more less fewer greater")}
    | {(w, v) for w in ("as", "no", "not") for v in _words("many much high more fewer less")}
)


def _phrases(table: dict[str, str]) -> dict[tuple[str, ...], str]:
    # Phrases are written token by token, space-separated ("c ." is "c.").
    return {tuple(phrase.split()): value for phrase, value in table.items()}


def _qualifier_table() -> dict[tuple[str, ...], str]:
    words = {
        "at_least": "at least|no fewer than|not fewer than|no less than|not less than|"
        "a minimum of|≥|> =",
        "more_than": "more than|over|upwards of|in excess of|above|exceeding|greater than|"
        "well over|just over|>",
        "at_most": "up to|as many as|at most|no more than|not more than|as high as|"
        # "as high 40%" (the bundled article's slip for "as high as") reads the same way
        "as high|as much as|a maximum of|≤|< =",
        "less_than": "fewer than|less than|under|below|<",
        "approximately": "about|around|some|approximately|approx|approx .|roughly|"
        "an estimated|estimated|est .|circa|c .|ca .|~|≈",
        "nearly": "nearly|almost|close to|just under",
    }
    return _phrases({p: q for q, ps in words.items() for p in ps.split("|")})


_PREFIXES: Final = _qualifier_table()
_POSTFIXES: Final = _phrases(
    {
        **dict.fromkeys(
            ["or more", "and more", "or above", "and above", "or over", "and over", "plus",
             "+", "- plus"],
            "at_least",
        ),
        **dict.fromkeys(
            ["or fewer", "or less", "or under", "and under", "or below", "and below"],
            "at_most",
        ),
        **dict.fromkeys(["or so", "or thereabouts"], "approximately"),
    }
)  # fmt: skip
_VAGUE_PHRASES: Final = _phrases({key: key for key in VAGUE})
# Qualifiers whose meaning survives on a range: "some 6,000 to 10,000" is the range.
_RANGE_TOLERANT: Final = frozenset({"approximately"})


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "num", "word", "dash" or "sym"
    text: str
    start: int
    end: int
    value: Decimal | None = None


_TOKEN_RE: Final = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<num>[0-9](?:[0-9]|[.,\x20](?=[0-9]))*)
    | (?P<word>[^\W\d_]+)
    | (?P<dash>[\-\u2010-\u2015\u2212])
    | (?P<sym>.)
    """,
    re.VERBOSE | re.DOTALL,
)
# Group separators as typeset (NBSP, narrow NBSP, thin and figure space) read as a space.
_SPACES: Final = {0xA0: " ", 0x202F: " ", 0x2009: " ", 0x2007: " "}


class _Reader:
    """One parse: the text, its normalised form, tokens, and the error it raises."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = text.lower().translate(_SPACES)
        self.toks = self._tokenize()

    def fail(self, why: str) -> InvalidFigure:
        return InvalidFigure(f"cannot read figure {self.text!r}: {why}")

    def _tokenize(self) -> list[_Tok]:
        toks: list[_Tok] = []
        s = self.norm
        for m in _TOKEN_RE.finditer(s):
            kind = m.lastgroup or "sym"
            if kind == "space":
                continue
            start, end = m.span()
            if kind == "num":
                if end < len(s) and s[end].isalnum():
                    glued = re.match(r"\w*", s[end:])
                    written = s[start : end + (glued.end() if glued else 1)]
                    raise self.fail(f"{written!r} mixes digits and letters")
                toks.append(_Tok(kind, m.group(), start, end, self._numeral(m.group())))
            elif kind == "dash":
                toks.append(_Tok(kind, "-", start, end))
            else:
                toks.append(_Tok(kind, m.group(), start, end))
        return toks

    def _numeral(self, run: str) -> Decimal:
        separators = {c for c in run if not c.isdigit()}
        if not separators:
            if len(run) > 1 and run[0] == "0":
                raise self.fail(f"{run!r} has a leading zero")
            return Decimal(run)
        if "," in separators and " " in separators:
            raise self.fail(f"{run!r} mixes digit-group separators")
        group_sep = "," if "," in separators else " " if " " in separators else None
        if group_sep is None:
            whole, _, frac = run.partition(".")
            if "." not in frac:
                if len(whole) > 1 and whole[0] == "0":
                    raise self.fail(f"{run!r} has a leading zero")
                # "30.000" is 30 in English but 30000 in much of Europe.
                if len(frac) == 3 and len(whole) <= 3 and whole != "0":
                    raise self.fail(
                        f"{run!r} is ambiguous (a decimal point or a thousands separator?)"
                    )
                return Decimal(run)
            # Several dots can only be European thousands separators: "1.300.000".
            return Decimal(self._groups(run, run.split(".")))
        whole, dot, frac = run.partition(".")
        if "." in frac or group_sep in frac:
            raise self.fail(f"{run!r} has digit groups after the decimal point")
        digits = self._groups(run, whole.split(group_sep))
        return Decimal(digits + dot + frac)

    def _groups(self, run: str, groups: list[str]) -> str:
        first, rest = groups[0], groups[1:]
        if not 1 <= len(first) <= 3 or first[0] == "0" or any(len(g) != 3 for g in rest):
            raise self.fail(f"{run!r} has malformed digit groups")
        return "".join(groups)


def _match(toks: Sequence[_Tok], i: int, table: dict[tuple[str, ...], str]) -> tuple[str, int]:
    """The longest phrase of ``table`` starting at token ``i``: (value, length) or ("", 0)."""
    for n in range(min(4, len(toks) - i), 0, -1):
        key = tuple(t.text for t in toks[i : i + n])
        if key in table:
            return table[key], n
    return "", 0


# --------------------------------------------------------------------------- amounts


@dataclass(frozen=True, slots=True)
class _Amount:
    value: Decimal
    percent: bool
    scale: Decimal | None  # the thousand/million/billion word ending the amount, if any
    bare: bool  # no thousand/million/billion word and below 1000: may share the high's scale


def _amount(toks: Sequence[_Tok]) -> _Amount | None:
    """Read a whole token slice as one amount ("1.3 million", "twenty-five", "9%"), or None."""
    texts = [t.text for t in toks]
    percent = False
    if texts and texts[-1] in ("%", "percent"):
        percent, texts, toks = True, texts[:-1], toks[:-1]
    elif texts[-2:] == ["per", "cent"]:
        percent, texts, toks = True, texts[:-2], toks[:-2]
    if not toks:
        return None
    if len(texts) == 3 and texts[:2] == ["half", "a"] and texts[2] in _MULTIPLIERS:
        multiplier = _MULTIPLIERS[texts[2]]
        big = _BIG.get(texts[2])
        if percent and big is not None:
            return None
        return _Amount(multiplier / 2, percent, big, big is None)

    total = Decimal(0)
    group: Decimal | None = None  # the part below the last thousand/million/billion word
    prev = "start"
    last_big: Decimal | None = None
    after_and = ""  # "hundred" or "big": what the British "and" followed
    closed = False  # after "dozen" or "1.3 million" nothing more may follow
    used_big = used_dozen = False
    k = 0
    while k < len(toks):
        tok, word = toks[k], texts[k]
        following = texts[k + 1] if k + 1 < len(texts) else ""
        if closed or (prev == "tens-" and word not in _UNITS):
            return None
        if tok.kind == "num":
            if prev != "start":
                return None
            group, prev = tok.value, "num"
        elif word in _UNITS or word in _TEENS or word in _TENS:
            value = Decimal(_UNITS.get(word, _TEENS.get(word, _TENS.get(word, 0))))
            if word == "zero" and len(toks) != 1:
                return None
            if word in _UNITS and prev in ("tens", "tens-") and value > 0:
                prev = "unit"  # "twenty five", "twenty-five"
            elif prev in ("start", "hundred", "big", "and"):
                prev = "tens" if word in _TENS else "unit"
            else:
                return None
            group = (group or Decimal(0)) + value
        elif tok.kind == "dash":
            if prev != "tens" or following not in _UNITS or following == "zero":
                return None
            prev = "tens-"
        elif word == "a":
            if prev != "start" or following not in _MULTIPLIERS:
                return None
            group, prev = Decimal(1), "a"
        elif word == "hundred":
            # "fifteen hundred" is fine alone, but not after "two thousand".
            top = 9 if last_big is not None else 99
            if (
                prev not in ("unit", "tens", "num", "a")
                or after_and
                or group is None
                or group != group.to_integral_value()
                or not 1 <= group <= top
            ):
                return None
            group, prev = group * 100, "hundred"
        elif word in _BIG:
            scale = _BIG[word]
            if (
                prev not in ("unit", "tens", "num", "a", "hundred", "half")
                or group is None
                or group <= 0
                or after_and == "big"
                or (last_big is not None and scale >= last_big)
            ):
                return None
            # "1.3 million" is complete; "1.3 million 200" is not a way to write a number.
            closed = group != group.to_integral_value()
            total += group * scale
            group, last_big, prev, after_and, used_big = None, scale, "big", "", True
        elif word == "dozen":
            if (
                prev not in ("unit", "tens", "num", "a", "half")
                or group is None
                or group <= 0
                or after_and
                or last_big is not None
            ):
                return None
            group, prev, closed, used_dozen = group * 12, "dozen", True, True
        elif word == "and":
            if texts[k + 1 : k + 3] == ["a", "half"]:
                # "two and a half million"; digits write "2.5 million" instead
                if (
                    prev not in ("unit", "tens")
                    or group is None
                    or group != group.to_integral_value()
                ):
                    return None
                group, prev = group + Decimal("0.5"), "half"
                k += 3
                continue
            if prev not in ("hundred", "big"):
                return None
            after_and, prev = prev, "and"
        else:
            return None
        k += 1
    if prev in ("start", "tens-", "and", "a"):
        return None
    if percent and (used_big or used_dozen):
        return None
    amount = total + (group or Decimal(0))
    trailing = last_big if prev == "big" else None
    return _Amount(amount, percent, trailing, amount < 1000 and not used_big)


def _shorthand_ambiguous(low: Decimal, high: Decimal) -> bool:
    """Whether "LOW to HIGH" could be shorthand for LOW thousand ("20-30,000")."""
    return 0 < low < 1000 <= high and low * 1000 < high


def _combine(low: _Amount, high: _Amount, form: str) -> tuple[Decimal, Decimal, bool] | str:
    """A range from its two ends, or the reason it is not one."""
    if low.percent and not high.percent:
        return "a percent sign on the low end only"
    low_value = low.value
    if high.scale is not None and low.bare:
        # "25-30 thousand": the scale word belongs to both ends.
        low_value = low.value * high.scale
        if low_value >= high.value:
            return "ambiguous range: the scale word may or may not apply to the low end"
    elif form != "from" and high.scale is None and _shorthand_ambiguous(low.value, high.value):
        return (
            f"ambiguous range: {low.value} may be short for {low.value * 1000} "
            "(write 'from ... to ...' for the literal reading)"
        )
    if not low_value < high.value:
        return "the low end of a range must be below the high end"
    return low_value, high.value, high.percent


_Quantity = tuple[Decimal, None, bool] | tuple[Decimal, Decimal, bool]


def _quantity(reader: _Reader, body: Sequence[_Tok]) -> _Quantity:
    """One amount as (value, None, percent) or a range as (low, high, percent)."""
    first = body[0].text
    separators: tuple[str, ...]
    if first == "between":
        inner, separators, form = body[1:], ("and", "to", "-"), "between"
    elif first == "from":
        inner, separators, form = body[1:], ("to", "-"), "from"
    else:
        inner, separators, form = body, ("to", "-"), "plain"
    found: set[_Quantity] = set()
    reasons: list[str] = []
    if form == "plain":
        single = _amount(inner)
        if single is not None:
            found.add((single.value, None, single.percent))
    for k in range(1, len(inner) - 1):
        if inner[k].text not in separators:
            continue
        if inner[k].kind == "dash" and inner[k - 1].text in _TENS and inner[k + 1].text in _UNITS:
            continue  # "twenty-five" is one number, never the range 20 to 5...
        low, high = _amount(inner[:k]), _amount(inner[k + 1 :])
        if low is None or high is None:
            continue
        result = _combine(low, high, form)
        if isinstance(result, str):
            reasons.append(result)
        else:
            found.add(result)
    if len(found) == 1:
        return found.pop()
    if found:
        raise reader.fail("it can be read more than one way")
    if reasons:
        raise reader.fail(reasons[0])
    written = reader.norm[body[0].start : body[-1].end]
    raise reader.fail(f"{written!r} is not a number or a range")


def _to_number(value: Decimal, fail: Callable[[str], InvalidFigure]) -> Number:
    if value < 0:
        raise fail("negative numbers are not figures")
    if value >= _LIMIT:
        raise fail(f"{value} is implausibly large")
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    if number == 0:
        raise fail(f"{value} is too small to store")
    return number


# --------------------------------------------------------------------------- parse


def _body_end(toks: Sequence[_Tok], i: int) -> int:
    """Where the number (or range) starting at token ``i`` ends."""
    j = i
    while j < len(toks):
        tok = toks[j]
        word = tok.text
        following = toks[j + 1].text if j + 1 < len(toks) else ""
        if (
            tok.kind in ("num", "dash")
            or word == "%"
            or (word in ("between", "from") and j == i)
            or (word == "a" and (following in _MULTIPLIERS or following == "half"))
            or (word == "per" and following == "cent")
            or word in _UNITS
            or word in _TEENS
            or word in _TENS
            or word in _MULTIPLIERS
            or word in ("half", "and", "to", "cent", "percent")
        ):
            j += 1
        else:
            break
    # A dangling connector belongs to what follows: "613 and counting", "613 — the toll".
    while j > i and toks[j - 1].text in ("and", "to", "-"):
        j -= 1
    return j


def _check_trailing(reader: _Reader, i: int) -> None:
    """Refuse trailing words that hold another number or change the figure's meaning."""
    toks = reader.toks
    if i >= len(toks):
        return
    rest = reader.norm[toks[i].start :]
    if any(c.isnumeric() for c in rest):
        raise reader.fail("the text after the figure holds another number")
    words = [t.text for t in toks[i:]]
    for word in words:
        if word in _NUMBER_WORDS:
            raise reader.fail(f"the text after the figure holds the number word {word!r}")
        if word in _MODIFIER_WORDS:
            raise reader.fail(f"the word {word!r} after the figure changes its meaning")
    for pair in itertools.pairwise(words):
        if pair in _MODIFIER_PAIRS:
            raise reader.fail(f"{' '.join(pair)!r} after the figure changes its meaning")
    if words[0] == "to":
        raise reader.fail("'to' after the figure, but no second number")


# The commonest phrases ("613", "at least 161", "about 30,000") are read by one regular
# expression before the full reader; tests check that both readings always agree.
_QUICK_PREFIXES: Final = {
    " ".join(words): qualifier
    for words, qualifier in _PREFIXES.items()
    if all(w.isalpha() for w in words)
}
_QUICK_NUMBER = r"[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*|0"
_QUICK: Final = re.compile(
    rf"(?:(?P<q>{'|'.join(sorted(map(re.escape, _QUICK_PREFIXES), key=len, reverse=True))}) )?"
    rf"(?P<a>{_QUICK_NUMBER})",
    re.IGNORECASE,
)


def _quick(text: str) -> Figure | None:
    """The figure of a one-number phrase, or None to leave it to the full reader (ranges have
    rules of their own: "20-30,000" is ambiguous)."""
    match = _QUICK.fullmatch(text.strip())
    if match is None:
        return None
    first = int(match["a"].replace(",", ""))
    qualifier = _QUICK_PREFIXES[match["q"].lower()] if match["q"] else "exact"
    if first >= _LIMIT or (qualifier == "less_than" and first == 0):
        return None
    slot = next(iter(_SLOTS[qualifier]))
    low, high, best = (first if slot == name else None for name in ("low", "high", "best"))
    return Figure(qualifier, low=low, high=high, best=best)


def parse_figure(text: str) -> Figure:
    """Read a figure phrase as a source wrote it, e.g. "at least 161" or "6,000–10,000".

    Case, surrounding whitespace, trailing punctuation and trailing words without
    numbers ("613 people") are tolerated. Raises InvalidFigure, naming the text, for
    anything that is not a figure or that could be read more than one way.
    """
    if not isinstance(text, str):
        raise InvalidFigure(f"cannot read figure {text!r}: not a string")
    return _quick(text) or _parse(text)


def _parse(text: str) -> Figure:
    """The full reader behind ``parse_figure``."""
    reader = _Reader(text)
    toks = reader.toks
    qualifier, i = _match(toks, 0, _PREFIXES)
    if qualifier and i < len(toks) and toks[i].text == ",":
        i += 1  # "at most, 1,000": a comma after the qualifier changes nothing
    vague, n = _match(toks, i, _VAGUE_PHRASES)
    if vague:
        if qualifier:
            raise reader.fail(f"a vague amount cannot be qualified ({vague!r})")
        _check_trailing(reader, n)
        return Figure("vague", vague=vague)
    if i + 1 < len(toks) and toks[i].kind == "dash" and toks[i + 1].kind == "num":
        raise reader.fail("negative numbers are not figures")
    j = _body_end(toks, i)
    if j == i:
        if any(c.isnumeric() for c in reader.norm):
            where = repr(toks[i].text) if i < len(toks) else "the end"
            raise reader.fail(f"unexpected {where} before the number")
        if qualifier:
            raise reader.fail("a qualifier but no number")
        raise reader.fail("no number or known vague amount")
    first, second, percent = _quantity(reader, toks[i:j])
    postfix, n = _match(toks, j, _POSTFIXES)
    if postfix:
        if qualifier or second is not None:
            raise reader.fail("qualified twice")
        qualifier, j = postfix, j + n
    _check_trailing(reader, j)
    value = _to_number(first, reader.fail)
    low = high = best = None
    if second is not None:
        if qualifier and qualifier not in _RANGE_TOLERANT:
            raise reader.fail(f"a range cannot be {qualifier.replace('_', ' ')}")
        qualifier, low, high = "range", value, _to_number(second, reader.fail)
    else:
        qualifier = qualifier or "exact"
        slot = next(iter(_SLOTS[qualifier]))
        low, high, best = [value if slot == name else None for name in ("low", "high", "best")]
    try:
        return Figure(qualifier, low=low, high=high, best=best, percent=percent)
    except InvalidFigure as exc:
        # Figure's own checks (low < high, ...) speak of numbers; name the text too.
        raise reader.fail(str(exc)) from exc


def vague_key(text: str) -> str | None:
    """The VAGUE key a vague phrase maps to ("scores of civilians" -> "scores"), else None."""
    try:
        figure = parse_figure(text)
    except InvalidFigure:
        return None
    return figure.vague


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
        literal = _shorthand_ambiguous(Decimal(repr(figure.low)), Decimal(repr(figure.high)))
        return f"from {text}" if literal else text
    (value,) = figure.numbers()
    wording = _WORDING[figure.qualifier]
    if figure.qualifier == "less_than" and figure.percent:
        wording = "less than "  # "fewer than 5%" reads wrong; both parse the same
    return f"{wording}{_format_number(value)}{sign}"
