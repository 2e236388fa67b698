"""One colour per affiliation, the same in the forest plots and the workbook's charts: third
parties dark, unknown grey, the conflict parties in turn (sorted by name)."""

from __future__ import annotations

PARTIES = ("1b6ca8", "c0392b", "2e8b57", "8e44ad", "d35400", "16a085", "7f6000")
FIXED = {"none": "333333", "unknown": "9a9a9a"}
# What a reader is told a claimant speaks for: a party by its name, or these words.
SPEAKS_FOR = {"none": "independent", "unknown": "affiliation unknown", "": "affiliation unknown"}


def speaks_for(affiliation: str | None) -> str:
    """``Azerbaijan``; ``independent`` for a third party (``none``); ``affiliation unknown``."""
    return SPEAKS_FOR.get(affiliation or "", affiliation or "")


def parties_of(affiliations: list[str], known: tuple[str, ...] = ()) -> list[str]:
    """The conflict parties in the order they take colours: ``known`` (every party of the
    database, so that a party has one colour whatever else a picture shows), then any other
    among ``affiliations``, sorted."""
    others = sorted(set(affiliations) - {"", *FIXED} - set(known))
    return [*known, *others]


def colour(affiliation: str, parties: list[str]) -> str:
    """An affiliation's colour as six hex digits (``1b6ca8``); ``parties`` as ``parties_of``."""
    fixed = FIXED.get(affiliation)
    return fixed or PARTIES[parties.index(affiliation) % len(PARTIES)]


def lighter(hex_colour: str) -> str:
    """The same colour three fifths of the way to white (for conventions), upper case."""
    channels = [int(hex_colour[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{c + (255 - c) * 3 // 5:02X}" for c in channels)


def darker(hex_colour: str) -> str:
    """The same colour a third of the way to black (for point marks), upper case."""
    channels = [int(hex_colour[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{c * 2 // 3:02X}" for c in channels)
