"""What a report says about itself: the methods in a sentence each, the conventions in use (the
tolerance, the period overlap, the bounds of vague words) and the caveats a reader must keep in
mind, which name the period overlap the report's comparable sets were found with."""

from __future__ import annotations

from claimsdb.present.words import bounds, percent
from claimsdb.vocabulary import PERIOD_OVERLAP, TOLERANCE, VAGUE

_STANDING = (
    "Figures are claims, not facts: each row is what one source said, in its own words.",
    "Media-based and documented counts are floors: the true number may be higher.",
    "Vague words (several hundred, dozens) are given conventional bounds; those bounds are "
    "claimsdb's convention, not the source's numbers, and are labelled so.",
    "Counts are never shown with a fraction: a median or midpoint that falls between two whole "
    "numbers reads 'between 17 and 18', and computed bounds are rounded outward (22.5–27.5 "
    "reads 22–28); the stored values keep every digit. Shares are shown with their sign (20 %).",
    "A period open at one end reads 'since 1988-02' or 'before 1994'.",
)


def caveats(overlap: float = PERIOD_OVERLAP) -> tuple[str, ...]:
    """The caveats of a report whose comparable sets were found with period overlap
    ``overlap``."""
    sets = (
        "Claims are weighed in comparable sets: the same event, metric, population and scope, "
        f"with periods overlapping by at least {percent(overlap)} of their union (the period "
        f"overlap used for this report; default {percent(PERIOD_OVERLAP)}). Sets are never "
        "pooled: another event, metric, population or scope, or a period that overlaps less, "
        "is another set.",
        "A sub-period (a period wholly within a longer one) and the parts of a whole (part_of) "
        "are shown under their set, marked ↳, and never pooled with it. For counts that "
        "accumulate, a sub-period's figure above the figure for an enclosing period is reported "
        "as a contradiction.",
    )
    return (*_STANDING[:3], *sets, *_STANDING[3:])


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
    return (
        f"an approximate figure (about, around, roughly, an estimated …) widened by"
        f" {percent(share)} each way, a 'nearly' figure (nearly, almost, close to) by"
        f" {percent(share)} downward (default {percent(TOLERANCE)})"
    )


def period_overlap(share: float) -> str:
    """The period overlap in use, beside the default."""
    return (
        f"claims compared when their periods overlap by at least {percent(share)} of their union"
        f" (default {percent(PERIOD_OVERLAP)}); a period wholly within a longer one is a"
        " sub-period, shown under it and never pooled"
    )


def vague_words() -> list[tuple[str, str]]:
    """Each vague word and its conventional bounds (``several hundred``, ``300 to 999``)."""
    return [(word, bounds(low, high)) for word, (low, high) in VAGUE.items()]
