"""Every closed list, limit and convention claimsdb knows, once.

The database's CHECK constraints, the importers, the analysis, the command line's choices and the
texts a reader sees all take their words and numbers from here. Pure data: importing this module
costs nothing.
"""

from __future__ import annotations

from typing import Final

Number = int | float

# --------------------------------------------------------------------------- figures

# How a figure was worded, and so which of low/high/best it stores (its shape).
SHAPES: Final[dict[str, tuple[str, ...]]] = {
    "exact": ("best",),  # "613"
    "range": ("low", "high"),  # "8 to 11"
    "at_least": ("low",),  # "at least 161"
    "more_than": ("low",),  # "over 1,000"
    "at_most": ("high",),  # "up to 300"
    "less_than": ("high",),  # "fewer than 50"
    "approximately": ("best",),  # "about 200"
    "nearly": ("best",),  # "nearly 30,000"
    "vague": (),  # "several hundred": no numbers, only a key into VAGUE
}
QUALIFIERS: Final[tuple[str, ...]] = tuple(SHAPES)
NUMBER_COLUMNS: Final = ("low", "high", "best")
# A range may also carry the best estimate its source gave beside it ("8 to 11, most likely 9").
RANGE_MAY_HOLD_BEST: Final = True

# How the analysis treats each shape.
FINITE_QUALIFIERS: Final = ("exact", "range", "approximately", "nearly")  # these vote
FLOOR_QUALIFIERS: Final = ("at_least", "more_than")
CEILING_QUALIFIERS: Final = ("at_most", "less_than")

# No count claimsdb stores reaches this (ten trillion): a larger number is a typo or a unit slip.
FIGURE_LIMIT: Final = 10**13

# A convention, not a fact: the analysis widens "about"/"nearly" figures by this relative
# amount and labels the result as such.
TOLERANCE: Final[float] = 0.10

# A convention, not a fact: two periods "mostly coincide", and their claims are compared, when
# their overlap is at least this share of their union (1987–1989 and 1988–1989: 2 of 3 years); a
# period this much inside a longer one it does not coincide with is its sub-period.
PERIOD_OVERLAP: Final[float] = 0.5

# Conventional bounds for vague amounts, applied (and labelled as conventions) by the
# analysis. One scheme throughout, so the bounds can be defended as a set:
#   "a few X"    = 2-9 X     -> (2X, 10X - 1)
#   "several X"  = 3-9 X     -> (3X, 10X - 1)   ("two hundred" would be "a couple of hundred")
#   plural "Xs"  = 2-9 X     -> (2X, 10X - 1)   (below the next order, which has its own word)
#   "scores"     = 2-9 score -> (40, 199)
#   "a number of", "many": no magnitude at all, only "more than one" -> (2, open)
#   share words (SHARES below) are percentages of a whole: "half" is read as 50 %, and "nearly"
#   before it as before a number, TOLERANCE below it -> "nearly half" = (45, 50)
VAGUE: Final[dict[str, tuple[Number, Number | None]]] = {
    "a few": (2, 9),
    "several": (3, 9),
    "a few dozen": (24, 119),
    "several dozen": (36, 119),
    "dozens": (24, 119),
    "scores": (40, 199),
    "a few hundred": (200, 999),
    "several hundred": (300, 999),
    "hundreds": (200, 999),
    "a few thousand": (2_000, 9_999),
    "several thousand": (3_000, 9_999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "a few million": (2_000_000, 9_999_999),
    "several million": (3_000_000, 9_999_999),
    "millions": (2_000_000, 9_999_999),
    "a number of": (2, None),
    "many": (2, None),
    "nearly half": (45, 50),
}
# The VAGUE keys that are shares of a whole rather than counts: their bounds are percentages, so
# they are read only as a percentage and fit only a metric whose unit is percent.
SHARES: Final[frozenset[str]] = frozenset({"nearly half"})

# --------------------------------------------------------------------------- claims and names

STATUSES: Final = ("active", "superseded", "retracted", "discounted")
GRADES: Final = ("confirmed", "fair", "weak", "contested")
SOURCE_KINDS: Final = (
    "government",
    "military",
    "ngo",
    "intergovernmental",
    "media",
    "academic",
    "individual",
    "unattributed",
)
UNATTRIBUTED_KIND: Final = "unattributed"
# The affiliation of a third party: the only claimants the independent method counts.
INDEPENDENT: Final = "none"
NAME_KINDS: Final = ("slug", "name", "alias")
DATE_PRECISIONS: Final = ("year", "month", "day")
LINKS: Final = ("derived_from", "supersedes", "part_of")

# --------------------------------------------------------------------------- audit

BATCH_KINDS: Final = ("seed", "import")  # bulk loads, each one batch record
LOAD_KINDS: Final = (*BATCH_KINDS, "add", "edit")  # every way claims are written
REVISION_ACTIONS: Final = ("create", "update", "import", "retract", "revert")

# --------------------------------------------------------------------------- analysis

METHODS: Final = (
    "envelope",
    "independent",
    "consensus",
    "median",
    "conservative",
    "by-affiliation",
)

# --------------------------------------------------------------------------- input and output

BUNDLE_FORMATS: Final = ("csv", "xlsx", "json")
LISTING_FORMATS: Final = ("table", "csv", "json", "markdown")
MAX_CELL: Final = 1_000_000  # characters in one cell of any input
MAX_ERRORS: Final = 50  # problems reported for one input before the rest are counted
MAX_XLSX_BYTES: Final = 50 * 2**20  # a workbook file, before anything is unpacked
MAX_XLSX_UNPACKED: Final = 500 * 2**20  # what its parts unpack to
XLSX_CELL_MAX: Final = 32_767  # the most characters an Excel cell holds (openpyxl cuts there)
XLSX_CELL_LIMIT: Final = 32_000  # how much of a long text an export puts in one cell
