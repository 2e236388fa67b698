"""The words figures are written in (numbers, scales, qualifiers, vague amounts) and the
tokens a phrase is cut into."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from claimsdb.errors import InvalidFigure
from claimsdb.vocabulary import SHARES, VAGUE

# --------------------------------------------------------------------------- vocabulary


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


UNITS: Final = {
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
TEENS: Final = {
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
TENS: Final = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
BIG: Final = {"thousand": Decimal(1000), "million": Decimal(10**6), "billion": Decimal(10**9)}
# Words that may follow "a" / "half a" as a multiplier.
MULTIPLIERS: Final = {"dozen": Decimal(12), "hundred": Decimal(100), **BIG}

_ORDINALS: Final = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth "
    "thousandth millionth"
)
# A trailing word from this set means the text holds a second quantity: refuse.
NUMBER_WORDS: Final = frozenset(
    {*UNITS, *TEENS, *TENS, *MULTIPLIERS, *_ORDINALS}
    | _words(
        "hundreds thousands millions billions dozens score scores half halves quarter "
        "quarters thirds tens several few couple twice thrice"
    )
)
# A trailing word from this set (or pair below) would change what the number means.
MODIFIER_WORDS: Final = _words(
    "+ ~ ≈ % < > ≤ ≥ = plus odd thereabouts approximately approx roughly estimated est circa "
    "upwards nearly almost maximum minimum max min per"
)
MODIFIER_PAIRS: Final = frozenset(
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


PREFIXES: Final = _qualifier_table()
POSTFIXES: Final = _phrases(
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
VAGUE_PHRASES: Final = _phrases({key: key for key in VAGUE if key not in SHARES})
# Share words are read before any qualifier, since "nearly" is part of "nearly half".
SHARE_PHRASES: Final = _phrases({key: key for key in SHARES})
# "no prisoners-of-war" is a figure, 0: "no" followed by the noun it counts. Not after these
# words, which say a figure is missing or unknown ("no data" is not 0), and never before a
# number ("no 5", "no one") or as part of a qualifier ("no more than", "no fewer than").
ZERO_WORD: Final = "no"
NOT_A_ZERO: Final = _words(
    "data figure figures number numbers count counts estimate estimates information info "
    "record records report reports reporting detail details statistics stats tally total "
    "totals toll official reliable confirmed verified independent exact precise accurate firm "
    "clear known available comment answer response reply idea evidence sign signs trace "
    "traces change doubt longer other such further"
)
# Words of the quote left out of a phrase ("As many as … 800,000"): see parse._check_elisions.
ELISION: Final = "\u2026"
# Qualifiers whose meaning survives on a range: "some 6,000 to 10,000" is the range.
RANGE_TOLERANT: Final = frozenset({"approximately"})


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True, slots=True)
class Token:
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
    | (?P<elision>\u2026)
    | (?P<sym>.)
    """,
    re.VERBOSE | re.DOTALL,
)
# Group separators as typeset (NBSP, narrow NBSP, thin and figure space) read as a space.
_SPACES: Final = {0xA0: " ", 0x202F: " ", 0x2009: " ", 0x2007: " "}


class Reader:
    """One parse: the text, its normalised form, tokens, and the error it raises."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = text.lower().translate(_SPACES)
        # Where each elision (…) stood: the index of the token after it. Elisions are not tokens.
        self.elisions: list[int] = []
        self.toks = self._tokenize()

    def fail(self, why: str) -> InvalidFigure:
        return InvalidFigure(f"cannot read figure {self.text!r}: {why}")

    def _tokenize(self) -> list[Token]:
        toks: list[Token] = []
        s = self.norm
        for m in _TOKEN_RE.finditer(s):
            kind = m.lastgroup or "sym"
            if kind == "space":
                continue
            if kind == "elision":
                self.elisions.append(len(toks))
                continue
            start, end = m.span()
            if kind == "num":
                if end < len(s) and s[end].isalnum():
                    glued = re.match(r"\w*", s[end:])
                    written = s[start : end + (glued.end() if glued else 1)]
                    raise self.fail(f"{written!r} mixes digits and letters")
                toks.append(Token(kind, m.group(), start, end, self._numeral(m.group())))
            elif kind == "dash":
                toks.append(Token(kind, "-", start, end))
            else:
                toks.append(Token(kind, m.group(), start, end))
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


def match_phrase(
    toks: Sequence[Token], i: int, table: dict[tuple[str, ...], str]
) -> tuple[str, int]:
    """The longest phrase of ``table`` starting at token ``i``: (value, length) or ("", 0)."""
    for n in range(min(4, len(toks) - i), 0, -1):
        key = tuple(t.text for t in toks[i : i + n])
        if key in table:
            return table[key], n
    return "", 0
