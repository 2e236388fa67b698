"""What a report says about itself: the methods in a sentence each, the conventions in use (the
tolerance, the bounds of vague words) and the caveats a reader must keep in mind."""

from __future__ import annotations

from claimsdb.present.words import bounds, percent
from claimsdb.vocabulary import TOLERANCE, VAGUE

CAVEATS = (
    "Figures are claims, not facts: each row is what one source said, in its own words.",
    "Media-based and documented counts are floors: the true number may be higher.",
    "Vague words (several hundred, dozens) are given conventional bounds; those bounds are "
    "claimsdb's convention, not the source's numbers, and are labelled so.",
    "Groups are never pooled: another population, period, metric or event is another group.",
    "Counts are never shown with a fraction: a median or midpoint that falls between two whole "
    "numbers reads 'between 17 and 18', and computed bounds are rounded outward (22.5–27.5 "
    "reads 22–28); the stored values keep every digit. Shares are shown with their sign (20 %).",
    "A period open at one end reads 'since 1988-02' or 'before 1994'.",
)
METHODS = (
    ("envelope", "Lowest lower end to highest upper end of all origins; open if any is."),
    ("independent", "The same over origins whose claimant's affiliation is none."),
    (
        "consensus",
        "Marzullo's algorithm over origins with a finite figure: the interval shared by the most "
        "distinct origins, k of n; k < 2 is no consensus, and the report says why (no claim "
        "gives a finite figure, only one does, or no two overlap). Floors, ceilings and vague "
        "words do not vote.",
    ),
    ("median", "Median of the origins' point values (best, or the midpoint of a range)."),
    ("conservative", "The lowest point value: a floor, not an estimate."),
    (
        "by-affiliation",
        "Per affiliation: count, lowest, median, highest; the partisan gap is the ratio of the "
        "highest to the lowest median among conflict parties.",
    ),
    ("spread", "Highest point value over the lowest (n/a when the lowest is 0 or only one)."),
)


def tolerance(share: float) -> str:
    """The tolerance in use, beside the default."""
    return f"about and nearly figures widened by {percent(share)} (default {percent(TOLERANCE)})"


def vague_words() -> list[tuple[str, str]]:
    """Each vague word and its conventional bounds (``several hundred``, ``300 to 999``)."""
    return [(word, bounds(low, high)) for word, (low, high) in VAGUE.items()]
