"""Single values in words: numbers, intervals, ratios, periods, bounds and the revision stamp."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pandas as pd

from claimsdb.present.caveats import tolerance, vague_words
from claimsdb.present.words import (
    amount,
    bounds,
    in_words,
    interval,
    number,
    percent,
    period_text,
    periods,
    plural,
    ratio,
    stamp,
    unit_of,
)


def test_numbers_intervals_and_ratios() -> None:
    assert (number(7000), number(9.5), number(math.nan), number(math.inf)) == (
        "7,000",
        "9.5",
        "",
        "∞",
    )
    assert (interval(485, 613), interval(613, 613), interval(161, math.inf)) == (
        "485–613",
        "613",
        "≥ 161",
    )
    assert (interval(None, 3), interval(math.nan, 3), number(None)) == ("", "", "")
    assert (ratio(1.2658), ratio(250.0), ratio(math.nan)) == ("1.3×", "250×", "n/a")
    assert (plural(1, "claim"), plural(8, "claim"), percent(0.25)) == ("1 claim", "8 claims", "25%")


def test_counts_never_show_a_fraction() -> None:
    # a median of two figures, the midpoint of "8 to 11", the tolerance bounds of "about 25"
    assert (amount(17.5), amount(9.5, "people"), amount(9.75, "items")) == (
        "between 17 and 18",
        "between 9 and 10",
        "between 9 and 10",
    )
    assert (amount(613.0), amount(7000), amount(math.inf), amount(math.nan)) == (
        "613",
        "7,000",
        "∞",
        "",
    )
    assert (interval(22.5, 27.5), interval(17.5, 17.5), interval(8.1, 9.9, "items")) == (
        "22–28",
        "17–18",
        "8–10",
    )
    assert (interval(90.0, 110.00000000001), interval(9.5, math.inf)) == ("90–110", "≥ 9")
    assert number(9.5) == "9.5"  # number() stays exact: the words above decide, not it


def test_shares_carry_their_unit() -> None:
    assert (amount(20, "percent"), amount(9.5, "percent"), amount(14.75, "percent")) == (
        "20 %",
        "9.5 %",
        "14.75 %",
    )
    assert (interval(9, 20, "percent"), interval(8.1, 9.9, "percent")) == ("9–20 %", "8.1–9.9 %")
    assert (interval(20, 20, "percent"), interval(20, math.inf, "percent")) == ("20 %", "≥ 20 %")
    assert ratio(20 / 9) == "2.2×"  # spreads and gaps are ratios, with no unit
    assert (unit_of({"unit": "percent"}), unit_of({}), unit_of({"unit": None})) == (
        "percent",
        "people",
        "people",
    )


def test_periods_as_written() -> None:
    frame = pd.DataFrame(
        {
            "period_first": ["1992-02-25", "1988-02-01", "1994-01-01", None, "1988-02-01", None],
            "period_last": ["1992-02-26", "1994-05-31", "1994-12-31", None, None, "1994-12-31"],
            "period_start_precision": ["day", "month", "year", None, "month", None],
            "period_end_precision": ["day", "month", "year", None, None, "year"],
        }
    )
    assert list(periods(frame)) == [
        "1992-02-25–1992-02-26",
        "1988-02–1994-05",
        "1994",
        "",
        "since 1988-02",
        "before 1994",
    ]


def test_one_period_from_its_ends_as_written() -> None:
    assert period_text("1988-02", "") == "since 1988-02"
    assert period_text("", "1994") == "before 1994"
    assert period_text(None, "1994") == "before 1994"
    assert period_text("1987", "1989") == "1987–1989"
    assert period_text("1992-02-25", "1992-02-25") == "1992-02-25"
    assert period_text("", "") == period_text(None, None) == ""


def test_periods_in_words_as_an_editor_reads_them() -> None:
    said = {
        "1992-02-25–1992-02-26": "25–26 Feb 1992",
        "1988-02-27–1988-03-01": "27 Feb – 1 Mar 1988",
        "1992-12-30–1993-01-02": "30 Dec 1992 – 2 Jan 1993",
        "1993-03–1993-04": "Mar–Apr 1993",
        "1988-02–1994-05": "Feb 1988 – May 1994",
        "1993-03–1993-04-03": "Mar 1993 – 3 Apr 1993",
        "1992-02-25": "25 Feb 1992",
        "since 1988-02": "since Feb 1988",
        "before 1994": "before 1994",
        "1987–1989": "1987–1989",
        "parts of killed / civilians, 1992-02-25–1992-02-26": "parts of killed / civilians, 25–26 Feb 1992",
        # figures are not dates; a month that is not one stays as written
        "1,000–2,000 displaced": "1,000–2,000 displaced",
        "1992-13": "1992-13",
    }  # fmt: skip
    assert {text: in_words(text) for text in said} == said


def test_the_stamp_and_the_conventions() -> None:
    at = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert stamp(58, at) == "database revision 58 of 2024-05-01 12:00:00 UTC"
    assert stamp(3, None) == "database revision 3 of unknown time"
    assert stamp(None, None) == "database without revisions"
    assert (bounds(300, 999), bounds(1000, None)) == ("300 to 999", "1,000 or more")
    assert ("several hundred", "300 to 999") in vague_words()
    assert tolerance(0.25) == (
        "an approximate figure (about, around, roughly, an estimated …) widened by 25% each way,"
        " a 'nearly' figure (nearly, almost, close to) by 25% downward (default 10%)"
    )


def test_a_stamp_prints_its_words() -> None:
    from claimsdb.analysis.results import Stamp

    at = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    stamped = Stamp(58, at, stamp(58, at))
    assert f"({stamped})" == "(database revision 58 of 2024-05-01 12:00:00 UTC)"
    assert stamped == Stamp(58, at)  # the words are not part of the state
    assert stamped.fields() == {"revision": 58, "revision_at": "2024-05-01T12:00:00+00:00"}
