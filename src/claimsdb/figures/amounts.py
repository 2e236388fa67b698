"""Amounts: a run of tokens read as a number, a scale, or a range of two."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from claimsdb.figures.figure import shorthand_ambiguous
from claimsdb.figures.words import BIG, MULTIPLIERS, TEENS, TENS, UNITS, Reader, Token

# --------------------------------------------------------------------------- amounts


@dataclass(frozen=True, slots=True)
class _Amount:
    value: Decimal
    percent: bool
    scale: Decimal | None  # the thousand/million/billion word ending the amount, if any
    bare: bool  # no thousand/million/billion word and below 1000: may share the high's scale


def _amount(toks: Sequence[Token]) -> _Amount | None:
    """Read a whole token slice as one amount ("1.3 million", "twenty-five", "9%"), or None."""
    texts = [t.text for t in toks]
    percent = False
    if texts and texts[-1] in ("%", "percent"):
        percent, texts, toks = True, texts[:-1], toks[:-1]
    elif texts[-2:] == ["per", "cent"]:
        percent, texts, toks = True, texts[:-2], toks[:-2]
    if not toks:
        return None
    if len(texts) == 3 and texts[:2] == ["half", "a"] and texts[2] in MULTIPLIERS:
        multiplier = MULTIPLIERS[texts[2]]
        big = BIG.get(texts[2])
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
        if closed or (prev == "tens-" and word not in UNITS):
            return None
        if tok.kind == "num":
            if prev != "start":
                return None
            group, prev = tok.value, "num"
        elif word in UNITS or word in TEENS or word in TENS:
            value = Decimal(UNITS.get(word, TEENS.get(word, TENS.get(word, 0))))
            if word == "zero" and len(toks) != 1:
                return None
            if word in UNITS and prev in ("tens", "tens-") and value > 0:
                prev = "unit"  # "twenty five", "twenty-five"
            elif prev in ("start", "hundred", "big", "and"):
                prev = "tens" if word in TENS else "unit"
            else:
                return None
            group = (group or Decimal(0)) + value
        elif tok.kind == "dash":
            if prev != "tens" or following not in UNITS or following == "zero":
                return None
            prev = "tens-"
        elif word == "a":
            if prev != "start" or following not in MULTIPLIERS:
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
        elif word in BIG:
            scale = BIG[word]
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
    elif form != "from" and high.scale is None and shorthand_ambiguous(low.value, high.value):
        return (
            f"ambiguous range: {low.value} may be short for {low.value * 1000} "
            "(write 'from ... to ...' for the literal reading)"
        )
    if not low_value < high.value:
        return "the low end of a range must be below the high end"
    return low_value, high.value, high.percent


_Quantity = tuple[Decimal, None, bool] | tuple[Decimal, Decimal, bool]


def read_quantity(reader: Reader, body: Sequence[Token]) -> _Quantity:
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
        if inner[k].kind == "dash" and inner[k - 1].text in TENS and inner[k + 1].text in UNITS:
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
