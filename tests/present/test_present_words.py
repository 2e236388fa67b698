"""Single values in words: numbers, intervals, ratios, periods, bounds and the revision stamp."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pandas as pd

from claimsdb.present.caveats import tolerance, vague_words
from claimsdb.present.words import bounds, interval, number, percent, periods, plural, ratio, stamp


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
    assert (ratio(1.2658), ratio(250.0), ratio(math.nan)) == ("1.3×", "250×", "n/a")
    assert (plural(1, "claim"), plural(8, "claim"), percent(0.25)) == ("1 claim", "8 claims", "25%")


def test_periods_as_written() -> None:
    frame = pd.DataFrame(
        {
            "period_first": ["1992-02-25", "1988-02-01", "1994-01-01", None],
            "period_last": ["1992-02-26", "1994-05-31", "1994-12-31", None],
            "period_start_precision": ["day", "month", "year", None],
            "period_end_precision": ["day", "month", "year", None],
        }
    )
    assert list(periods(frame)) == ["1992-02-25–1992-02-26", "1988-02–1994-05", "1994", ""]


def test_the_stamp_and_the_conventions() -> None:
    at = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert stamp(58, at) == "database revision 58 of 2024-05-01 12:00:00 UTC"
    assert stamp(3, None) == "database revision 3 of unknown time"
    assert stamp(None, None) == "database without revisions"
    assert (bounds(300, 999), bounds(1000, None)) == ("300 to 999", "1,000 or more")
    assert ("several hundred", "300 to 999") in vague_words()
    assert tolerance(0.25) == "about and nearly figures widened by 25% (default 10%)"


def test_a_stamp_prints_its_words() -> None:
    from claimsdb.analysis.results import Stamp

    at = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    stamped = Stamp(58, at, stamp(58, at))
    assert f"({stamped})" == "(database revision 58 of 2024-05-01 12:00:00 UTC)"
    assert stamped == Stamp(58, at)  # the words are not part of the state
    assert stamped.fields() == {"revision": 58, "revision_at": "2024-05-01T12:00:00+00:00"}
