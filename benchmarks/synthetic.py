"""Synthetic-data pieces both benchmarks draw from: vocabularies, weights, numbers and dates.

Everything here is deterministic for a given ``random.Random``: the same seed gives the same
values. ``bundles`` builds the import benchmark's CSV bundles from these pieces;
``analysis_data`` builds the analysis benchmark's database from them.
"""

from __future__ import annotations

import calendar
import random
from datetime import date

N_EVENTS = 200
N_SOURCES = 500
N_DOCUMENTS = 20

PLACES = [
    "Stepanakert", "Shusha", "Agdam", "Lachin", "Kelbajar", "Fizuli", "Jabrayil", "Goris",
    "Ganja", "Sumgait", "Martakert", "Hadrut", "Khojavend", "Kubatly", "Zangilan", "Tartar",
    "Barda", "Askeran", "Mardakert", "Shahumyan",
]  # fmt: skip
EVENT_KINDS = [
    "siege", "offensive", "massacre", "shelling", "battle", "pogrom", "expulsion", "clashes",
    "bombardment", "evacuation",
]  # fmt: skip
SOURCE_BASES = {
    "government": ["Ministry of Health", "Ministry of Foreign Affairs", "State Committee",
                   "Office of the President", "Parliament commission", "Regional administration"],
    "military": ["Ministry of Defence", "General Staff", "Army press service", "Border guards"],
    "ngo": ["Human Rights Watch", "Memorial", "Amnesty International", "Helsinki Watch",
            "Red Cross delegation", "Refugee council"],
    "intergovernmental": ["UNHCR", "OSCE mission", "Council of Europe", "UN Security Council"],
    "media": ["The Boston Globe", "The New York Times", "Reuters", "BBC", "TASS", "Izvestia",
              "Le Monde", "Associated Press"],
    "academic": ["Thomas de Waal", "Svante Cornell", "Caucasus research centre",
                 "University study"],
    "individual": ["local mayor", "eyewitness", "field commander", "journalist"],
    "unattributed": ["unattributed", "other sources", "conservative estimates", "local sources"],
}  # fmt: skip
AFFILIATIONS = {
    "government": ["Armenia", "Azerbaijan", "Russia", "USSR", "Nagorno-Karabakh"],
    "military": ["Armenia", "Azerbaijan", "Russia", "Nagorno-Karabakh"],
    "ngo": ["none", "none", "none", ""],
    "intergovernmental": ["none"],
    "media": ["none", "none", "Russia", ""],
    "academic": ["none", ""],
    "individual": ["Armenia", "Azerbaijan", "none", ""],
    "unattributed": [""],
}
METRICS = [  # default vocabulary (people metrics), weighted
    ("killed", 30), ("wounded", 15), ("displaced", 12), ("refugees", 10), ("missing", 8),
    ("hostages", 5), ("prisoners", 5), ("expelled", 5), ("casualties", 10),
]  # fmt: skip
METRIC_VERBS = {
    "killed": "were killed",
    "wounded": "were wounded",
    "displaced": "were displaced from their homes",
    "refugees": "fled across the border",
    "missing": "went missing",
    "hostages": "were taken hostage",
    "prisoners": "were taken prisoner",
    "expelled": "were expelled",
    "casualties": "were killed or wounded",
}
POPULATIONS = [
    ("", 35), ("civilians", 25), ("women", 8), ("children", 8), ("soldiers", 8),
    ("armenians", 5), ("azerbaijanis", 5), ("elderly", 3), ("men", 3),
]  # fmt: skip
QUALIFIER_MIX = [
    ("exact", 34), ("range", 12), ("at_least", 10), ("more_than", 8), ("at_most", 6),
    ("less_than", 3), ("approximately", 12), ("nearly", 4), ("vague", 11),
]  # fmt: skip
VAGUE_PHRASES = [  # keys of claimsdb.vocabulary.VAGUE, written as sources write them
    "a few", "several", "a few dozen", "dozens", "scores", "a few hundred", "several hundred",
    "hundreds", "thousands", "several thousand", "tens of thousands", "hundreds of thousands",
]  # fmt: skip
FILLER = [
    "according to the statement released that week.",
    "The figure could not be independently verified.",
    "Officials gave no breakdown by district.",
    "Other estimates put the toll considerably higher.",
    "the report added, citing hospital records and local officials.",
    "Relief agencies said the number was likely to rise.",
]
NOTES = [
    "Figure rounded by the source.",
    "Count covers the first week only.",
    "Source does not say how the figure was obtained.",
    "Later revised; see the superseding claim.",
]
GRADES = ("confirmed", "fair", "weak", "contested")


def weighted(rng: random.Random, items: list[tuple[str, int]]) -> list[str]:
    """A 1000-slot table to draw from with one ``rng.choice`` (fast and deterministic)."""
    total = sum(w for _, w in items)
    table: list[str] = []
    for value, weight in items:
        table.extend([value] * round(1000 * weight / total))
    return table


def reduced_date(rng: random.Random, year: int) -> str:
    """A date of ``year`` as sources write it: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    month = rng.randint(1, 12)
    precision = rng.random()
    if precision < 0.3:
        return f"{year}"
    if precision < 0.65:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


_DATE_CACHE: dict[str, tuple[str, str, str] | None] = {}


def reduced(text: str) -> tuple[str, str, str] | None:
    """``YYYY`` / ``YYYY-MM`` / ``YYYY-MM-DD`` -> (first day, last day, precision), as claimsdb
    stores them (SQLAlchemy writes a ``Date`` to SQLite as an ISO string)."""
    if not text:
        return None
    hit = _DATE_CACHE.get(text)
    if hit is None:
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 1:
            hit = (f"{parts[0]:04d}-01-01", f"{parts[0]:04d}-12-31", "year")
        elif len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            first = date(parts[0], parts[1], 1)
            hit = (first.isoformat(), first.replace(day=last).isoformat(), "month")
        else:
            day = date(*parts).isoformat()
            hit = (day, day, "day")
        _DATE_CACHE[text] = hit
    return hit


def event_shape(rng: random.Random, i: int) -> tuple[str, str, int, str, str]:
    """Event ``i``'s place and kind, and a year with a period start and end (reduced dates)."""
    place, kind = PLACES[i % len(PLACES)], EVENT_KINDS[(i // len(PLACES)) % len(EVENT_KINDS)]
    year = rng.randint(1988, 1994)
    start = reduced_date(rng, year)
    end = start if rng.random() < 0.5 else reduced_date(rng, year + rng.randint(1, 2))
    return place, kind, year, start, end


def said(claimant: str, phrase: str, population: str, metric: str) -> str:
    """The start of a claim's quote: who said how many of whom suffered what."""
    return f"{claimant} said that {phrase} {population or 'people'} {METRIC_VERBS[metric]}"


def quote_for(rng: random.Random, claimant: str, phrase: str, population: str, metric: str,
              event: str) -> str:  # fmt: skip
    """A made-up quote of 80 to 150 characters (the sentence, then filler words)."""
    quote = f"{said(claimant, phrase, population, metric)} in the {event},"
    target = rng.randint(80, 150)
    while len(quote) < target:
        quote += " " + rng.choice(FILLER)
    return quote[:target].rstrip()


def status_for(rng: random.Random) -> str:
    """A claim's status: mostly active (or left empty, which is active)."""
    r = rng.random()
    return (
        "active" if r < 0.93 else "" if r < 0.96 else "superseded" if r < 0.98
        else "discounted" if r < 0.99 else "retracted"
    )  # fmt: skip


def vocabulary(rng: random.Random) -> tuple[list[dict[str, str]], ...]:
    """The bundle's events, sources (with kinds and affiliations) and documents, as CSV rows
    (the parties the sources' affiliations name: ``parties``)."""
    events: list[dict[str, str]] = []
    for i in range(N_EVENTS):
        place, kind, year, start, end = event_shape(rng, i)
        events.append(
            {
                "slug": f"{place.lower()}-{kind}-{year}",
                "name": f"{place} {kind} of {year}",
                "aliases": f"{place} {kind} ({year})" if rng.random() < 0.3 else "",
                # The first 20 events are umbrella events; the rest sit within one of them.
                "parent": "" if i < len(PLACES) else events[i % len(PLACES)]["slug"],
                "period_start": start,
                "period_end": end,
                "place": f"{place}, Nagorno-Karabakh",
                "description": f"Synthetic event {i} for the import benchmark.",
            }
        )
    sources: list[dict[str, str]] = []
    used: dict[str, int] = {}
    kinds = list(SOURCE_BASES)
    for i in range(N_SOURCES):
        kind = kinds[i % len(kinds)]
        base = rng.choice(SOURCE_BASES[kind])
        used[base] = used.get(base, 0) + 1
        name = base if used[base] == 1 else f"{base} {used[base]}"
        sources.append(
            {
                "name": name,
                "aliases": f"SRC-{i:03d}" if rng.random() < 0.2 else "",
                "kind": kind,
                "affiliation": rng.choice(AFFILIATIONS[kind]),
                "description": f"Synthetic source {i}.",
            }
        )
    documents = [
        {
            "key": f"report-{i:02d}",
            "title": f"Situation report {i}",
            "publisher": rng.choice(sources)["name"],
            "published_on": reduced_date(rng, rng.randint(1990, 2005)),
            "url": f"https://example.org/reports/{i}",
            "citation": f"Situation report {i}, synthetic.",
            "licence": "CC BY-SA 4.0",
            "text_file": "",
        }
        for i in range(N_DOCUMENTS)
    ]
    return events, sources, documents


def parties(sources: list[dict[str, str]]) -> list[dict[str, str]]:
    """parties.csv rows: one party for every affiliation ``sources`` name, sorted (``none`` and
    empty say no party). claimsdb refuses a source whose affiliation is not a party's name."""
    names = sorted({s["affiliation"] for s in sources} - {"", "none"})
    return [{"name": n, "aliases": "", "description": f"Synthetic party {n}."} for n in names]
