"""``parse_figure``: a phrase as a source wrote it, read into a ``Figure`` or refused."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from claimsdb.errors import InvalidFigure
from claimsdb.figures.amounts import read_quantity
from claimsdb.figures.figure import LIMIT, SLOTS, Figure, shorthand_ambiguous, to_number
from claimsdb.figures.words import (
    MODIFIER_PAIRS,
    MODIFIER_WORDS,
    MULTIPLIERS,
    NOT_A_ZERO,
    NUMBER_WORDS,
    POSTFIXES,
    PREFIXES,
    RANGE_TOLERANT,
    SHARE_PHRASES,
    TEENS,
    TENS,
    UNITS,
    VAGUE_PHRASES,
    ZERO_WORD,
    Reader,
    Token,
    match_phrase,
)

# --------------------------------------------------------------------------- parse


def _body_end(toks: Sequence[Token], i: int) -> int:
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
            or (word == "a" and (following in MULTIPLIERS or following == "half"))
            or (word == "per" and following == "cent")
            or word in UNITS
            or word in TEENS
            or word in TENS
            or word in MULTIPLIERS
            or word in ("half", "and", "to", "cent", "percent")
        ):
            j += 1
        else:
            break
    # A dangling connector belongs to what follows: "613 and counting", "613 — the toll".
    while j > i and toks[j - 1].text in ("and", "to", "-"):
        j -= 1
    return j


def _check_trailing(reader: Reader, i: int) -> None:
    """Refuse trailing words that hold another number or change the figure's meaning."""
    toks = reader.toks
    if i >= len(toks):
        return
    rest = reader.norm[toks[i].start :]
    if any(c.isnumeric() for c in rest):
        raise reader.fail("the text after the figure holds another number")
    words = [t.text for t in toks[i:]]
    for word in words:
        if word in NUMBER_WORDS:
            raise reader.fail(f"the text after the figure holds the number word {word!r}")
        if word in MODIFIER_WORDS:
            raise reader.fail(f"the word {word!r} after the figure changes its meaning")
    for pair in itertools.pairwise(words):
        if pair in MODIFIER_PAIRS:
            raise reader.fail(f"{' '.join(pair)!r} after the figure changes its meaning")
    if words[0] == "to":
        raise reader.fail("'to' after the figure, but no second number")


# The commonest phrases ("613", "at least 161", "about 30,000") are read by one regular
# expression before the full reader; tests check that both readings always agree.
_QUICK_PREFIXES: Final = {
    " ".join(words): qualifier
    for words, qualifier in PREFIXES.items()
    if all(w.isalpha() for w in words)
}
_QUICK_NUMBER = r"[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*|0"
_QUICK: Final = re.compile(
    rf"(?:(?P<q>{'|'.join(sorted(map(re.escape, _QUICK_PREFIXES), key=len, reverse=True))}) )?"
    rf"(?P<a>{_QUICK_NUMBER})",
    re.IGNORECASE,
)


# Plain ranges ("20 to 30", "20-30", "20–30", "between 20 and 30") and "20+", likewise; a range
# the full reader might read otherwise ("20-30,000", "30-20") is left to it.
_QUICK_RANGE: Final = re.compile(
    rf"between (?P<b1>{_QUICK_NUMBER}) and (?P<b2>{_QUICK_NUMBER})"
    rf"|(?P<a1>{_QUICK_NUMBER})(?: to |-|\u2013)(?P<a2>{_QUICK_NUMBER})"
    rf"|(?P<plus>{_QUICK_NUMBER})\+",
    re.IGNORECASE,
)


def _quick(text: str) -> Figure | None:
    """The figure of a one-number phrase or a plain range, or None to leave it to the full
    reader."""
    text = text.strip()
    match = _QUICK.fullmatch(text)
    if match is None:
        return _quick_range(text)
    first = _plain(match["a"])
    qualifier = _QUICK_PREFIXES[match["q"].lower()] if match["q"] else "exact"
    if first >= LIMIT or (qualifier == "less_than" and first == 0):
        return None
    return Figure.sound(qualifier, **{next(iter(SLOTS[qualifier])): first})


def _quick_range(text: str) -> Figure | None:
    match = _QUICK_RANGE.fullmatch(text)
    if match is None:
        return None
    if match["plus"]:
        first = _plain(match["plus"])
        return Figure.sound("at_least", low=first) if first < LIMIT else None
    low, high = (_plain(match[a] or match[b]) for a, b in (("a1", "b1"), ("a2", "b2")))
    if not low < high < LIMIT or shorthand_ambiguous(Decimal(low), Decimal(high)):
        return None
    return Figure.sound("range", low=low, high=high)


def _plain(number: str) -> int:
    return int(number.replace(",", ""))


def parse_figure(text: str) -> Figure:
    """Read a figure phrase as a source wrote it, e.g. "at least 161" or "6,000–10,000".

    Case, surrounding whitespace, trailing punctuation and trailing words without
    numbers ("613 people") are tolerated. Raises InvalidFigure, naming the text, for
    anything that is not a figure or that could be read more than one way.
    """
    if not isinstance(text, str):
        raise InvalidFigure(f"cannot read figure {text!r}: not a string")
    return _quick(text) or _parse(text)


def _check_elisions(reader: Reader, between: int | None, after: int) -> None:
    """Refuse an elision (…) anywhere but between the qualifier and the number (token
    ``between``, None when there is no qualifier) or among the words after the figure (from
    token ``after``): words left out must never join pieces into a number, a qualifier or a
    vague amount the text did not write ("two … hundred", "as … many as 5")."""
    seen: set[int] = set()
    for at in reader.elisions:
        if at in seen:
            raise reader.fail("two elisions in a row")
        seen.add(at)
        if at == 0 or at == len(reader.toks):
            raise reader.fail("an elision (…) needs words on both sides")
        if at != between and at < after:
            raise reader.fail("an elision (…) inside the figure")


def _zero(reader: Reader) -> Figure | None:
    """0 for "no prisoners-of-war" ("no" and the noun it counts), else None."""
    toks = reader.toks
    if len(toks) < 2 or toks[0].text != ZERO_WORD or toks[1].kind != "word":
        return None
    following = toks[1].text
    if following in NOT_A_ZERO or (ZERO_WORD, following) in MODIFIER_PAIRS:
        return None
    _check_trailing(reader, 1)
    _check_elisions(reader, None, 1)
    return Figure("exact", best=0)


def _parse(text: str) -> Figure:
    """The full reader behind ``parse_figure``."""
    reader = Reader(text)
    toks = reader.toks
    share, n = match_phrase(toks, 0, SHARE_PHRASES)
    # "nearly half a million" is a number; "nearly half of the territory" a share.
    if share and not (n < len(toks) and (toks[n].text == "a" or toks[n].text in MULTIPLIERS)):
        _check_trailing(reader, n)
        _check_elisions(reader, None, n)
        return Figure("vague", vague=share, percent=True)
    zero = _zero(reader)
    if zero is not None:
        return zero
    qualifier, i = match_phrase(toks, 0, PREFIXES)
    if qualifier and i < len(toks) and toks[i].text == ",":
        i += 1  # "at most, 1,000": a comma after the qualifier changes nothing
    vague, n = match_phrase(toks, i, VAGUE_PHRASES)
    if vague:
        if qualifier:
            raise reader.fail(f"a vague amount cannot be qualified ({vague!r})")
        _check_trailing(reader, n)
        _check_elisions(reader, None, n)
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
    first, second, percent = read_quantity(reader, toks[i:j])
    postfix, n = match_phrase(toks, j, POSTFIXES)
    if postfix:
        if qualifier or second is not None:
            raise reader.fail("qualified twice")
        qualifier, j = postfix, j + n
    _check_trailing(reader, j)
    _check_elisions(reader, i if i else None, j)
    value = to_number(first, reader.fail)
    low = high = best = None
    if second is not None:
        if qualifier and qualifier not in RANGE_TOLERANT:
            raise reader.fail(f"a range cannot be {qualifier.replace('_', ' ')}")
        qualifier, low, high = "range", value, to_number(second, reader.fail)
    else:
        qualifier = qualifier or "exact"
        slot = next(iter(SLOTS[qualifier]))
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
