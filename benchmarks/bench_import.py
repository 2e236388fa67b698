#!/usr/bin/env python3
"""Import benchmark: ``claimsdb import`` against the raw SQLite limit, pandas and sqlite-utils.

Generates N synthetic claims (seeded, so the same N always gives the same files) as a claimsdb
bundle folder, then times, each as the median of ``--runs`` runs on fresh databases:

* ``claimsdb``      ``claimsdb --db sqlite:///X import BUNDLE`` into a database just made by
                    ``claimsdb init`` (init untimed);
* ``raw``           stdlib ``csv`` + ``sqlite3.executemany`` of the same column values into the same
                    schema (made by ``claimsdb init``), one transaction, names resolved with
                    preloaded dicts; once with the indexes in place and once dropping the secondary
                    indexes on ``claims`` and recreating them; the faster is the "raw limit";
* ``pandas``        ``read_csv`` + vectorised transform + ``DataFrame.to_sql(if_exists="append")``
                    into the same schema;
* ``sqlite-utils``  ``sqlite-utils insert DB claims claims.csv --csv`` into an empty file (it makes
                    its own all-TEXT table: the conventional baseline, not the claimsdb schema);
* ``append``        ``claimsdb import`` of a second, disjoint set of N claims into a database that
                    already holds the first N.

With ``--postgres [URL]`` (a maintenance database of a server where the role may create databases;
without a value, ``$CLAIMSDB_TEST_PG_URL``) the same run also times, each in a fresh database:

* ``pg-claimsdb``   ``claimsdb --db postgresql+psycopg://…/FRESH import BUNDLE`` after an untimed
                    ``claimsdb init``;
* ``pg-copy``       the PostgreSQL limit: one ``COPY claims (…) FROM STDIN (FORMAT csv, HEADER)`` of
                    the same ``claims.csv``, in one transaction, from a psycopg child, into a plain
                    table of the CSV's columns with the real table's keys and indexes (COPY_TABLE);
* ``pg-append``     ``claimsdb import`` of the second set into a copy of a database holding the
                    first.

The databases it creates are dropped at the end, also when a run fails.

Every method runs as a child process and is timed by wall clock from start to exit, so
interpreter start-up and imports count for every method alike; peak RSS is the child's own
``VmHWM`` (the kernel's high-water mark for its address space), polled from ``/proc`` while it
runs — not ``ru_maxrss``, which on Linux also counts the parent's peak (see ``measure``).

Usage: python benchmarks/bench_import.py [--rows N] [--runs R] [--workdir DIR]
       [--only claimsdb,raw,pandas,sqlite-utils,append,pg-claimsdb,pg-copy,pg-append]
       [--postgres [URL]] [--keep] [--timeout S]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import hashlib
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

from claimsdb.load.readers import CLAIM_COLUMNS

GENERATOR_VERSION = 1
SEED = 20_261_124
N_EVENTS = 200
N_SOURCES = 500
N_DOCUMENTS = 20
SQLITE_METHODS = ("claimsdb", "raw", "pandas", "sqlite-utils", "append")
PG_METHODS = ("pg-claimsdb", "pg-copy", "pg-append")
METHODS = SQLITE_METHODS + PG_METHODS
PG_URL_ENV = "CLAIMSDB_TEST_PG_URL"
GIB = 1024**3

# The claims table's columns as claimsdb's loader fills them (id is assigned here, batch_id is
# the one batch row each load writes).
DB_COLUMNS = (
    "id",
    "key",
    "event_id",
    "metric_id",
    "population",
    "low",
    "high",
    "best",
    "qualifier",
    "vague",
    "phrase",
    "period_first",
    "period_last",
    "period_start_precision",
    "period_end_precision",
    "claimant_id",
    "reported_by_id",
    "document_id",
    "quote",
    "locator",
    "claimed_first",
    "claimed_last",
    "claimed_precision",
    "derived_from_id",
    "supersedes_id",
    "part_of_id",
    "status",
    "grade",
    "notes",
    "batch_id",
)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ============================================================================ data generation

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
VAGUE_PHRASES = [  # keys of claimsdb.figures.VAGUE, written as sources write them
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


def _weighted(rng: random.Random, items: list[tuple[str, int]]) -> list[str]:
    """A 1000-slot table to draw from with one ``rng.choice`` (fast and deterministic)."""
    total = sum(w for _, w in items)
    table: list[str] = []
    for value, weight in items:
        table.extend([value] * round(1000 * weight / total))
    return table


def _num(rng: random.Random, n: int) -> str:
    """A number as a source writes it: thousands separators half of the time."""
    return f"{n:,}" if n >= 1000 and rng.random() < 0.5 else str(n)


def _reduced_date(rng: random.Random, year: int) -> str:
    month = rng.randint(1, 12)
    precision = rng.random()
    if precision < 0.3:
        return f"{year}"
    if precision < 0.65:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def _vocabulary(rng: random.Random) -> tuple[list[dict[str, str]], ...]:
    events: list[dict[str, str]] = []
    for i in range(N_EVENTS):
        place, kind = PLACES[i % len(PLACES)], EVENT_KINDS[(i // len(PLACES)) % len(EVENT_KINDS)]
        year = rng.randint(1988, 1994)
        start = _reduced_date(rng, year)
        end = start if rng.random() < 0.5 else _reduced_date(rng, year + rng.randint(1, 2))
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
            "published_on": _reduced_date(rng, rng.randint(1990, 2005)),
            "url": f"https://example.org/reports/{i}",
            "citation": f"Situation report {i}, synthetic.",
            "licence": "CC BY-SA 4.0",
            "text_file": "",
        }
        for i in range(N_DOCUMENTS)
    ]
    return events, sources, documents


def _figure(rng: random.Random, qualifier: str) -> tuple[str, str, str, str]:
    """(low, high, best, phrase) consistent with the qualifier, as claimsdb stores them."""
    n = max(1, int(10 ** rng.uniform(0, 6)))
    if qualifier == "exact":
        return "", "", str(n), _num(rng, n)
    if qualifier == "range":
        hi = n + max(1, int(n * rng.uniform(0.1, 1.0)))
        a, b = _num(rng, n), _num(rng, hi)
        phrase = rng.choice([f"{a} to {b}", f"{a}–{b}", f"between {a} and {b}"])
        return str(n), str(hi), "", phrase
    if qualifier == "at_least":
        phrase = rng.choice(["at least {}", "no fewer than {}", "a minimum of {}", "{}+"])
        return str(n), "", "", phrase.format(_num(rng, n))
    if qualifier == "more_than":
        phrase = rng.choice(["more than {}", "over {}", "upwards of {}", "in excess of {}"])
        return str(n), "", "", phrase.format(_num(rng, n))
    if qualifier == "at_most":
        phrase = rng.choice(["up to {}", "as many as {}", "no more than {}"])
        return "", str(n), "", phrase.format(_num(rng, n))
    if qualifier == "less_than":
        phrase = rng.choice(["fewer than {}", "less than {}", "under {}"])
        return "", str(n), "", phrase.format(_num(rng, n))
    if qualifier == "approximately":
        phrase = rng.choice(["about {}", "around {}", "some {}", "an estimated {}", "roughly {}"])
        return "", "", str(n), phrase.format(_num(rng, n))
    if qualifier == "nearly":
        phrase = rng.choice(["nearly {}", "almost {}", "close to {}"])
        return "", "", str(n), phrase.format(_num(rng, n))
    phrase = rng.choice(VAGUE_PHRASES)
    return "", "", "", phrase.capitalize() if rng.random() < 0.2 else phrase


def _claims(
    rng: random.Random,
    n: int,
    prefix: str,
    events: list[dict[str, str]],
    sources: list[dict[str, str]],
    documents: list[dict[str, str]],
    earlier_keys: list[str] | None,
) -> list[list[str]]:
    metrics = _weighted(rng, METRICS)
    populations = _weighted(rng, POPULATIONS)
    qualifiers = _weighted(rng, QUALIFIER_MIX)
    keys: list[str] = []
    rows = []

    def link() -> str:
        # Links point at earlier keys of this set, or (for the append set) half the time at
        # claims the database already holds; earlier only, so there is never a cycle.
        if earlier_keys and (not keys or rng.random() < 0.5):
            return rng.choice(earlier_keys)
        return rng.choice(keys) if keys else ""

    for i in range(n):
        event = rng.choice(events)
        metric = rng.choice(metrics)
        population = rng.choice(populations)
        qualifier = rng.choice(qualifiers)
        low, high, best, phrase = _figure(rng, qualifier)
        src = rng.choice(sources)
        key = f"{event['slug']}-{metric}-{prefix}{i:07d}"
        period_start = period_end = ""
        if rng.random() < 0.6:
            year = rng.randint(1988, 1994)
            period_start = _reduced_date(rng, year)
            if rng.random() < 0.5:
                period_end = period_start if rng.random() < 0.5 else f"{year + rng.randint(1, 3)}"
        described = rng.random() < 0.6
        reported_by = ""
        if rng.random() < 0.2:
            other = rng.choice(sources)
            reported_by = other["name"] if other is not src else ""
        quote = (
            f"{src['name']} said that {phrase} {population or 'people'} "
            f"{METRIC_VERBS[metric]} in the {event['name']},"
        )
        target = rng.randint(80, 150)
        while len(quote) < target:
            quote += " " + rng.choice(FILLER)
        quote = quote[:target].rstrip()
        r = rng.random()
        status = (
            "active" if r < 0.93 else "" if r < 0.96 else "superseded" if r < 0.98
            else "discounted" if r < 0.99 else "retracted"
        )  # fmt: skip
        rows.append(
            [
                key,
                event["slug"],
                metric,
                population,
                low,
                high,
                best,
                qualifier,
                phrase,
                period_start,
                period_end,
                src["name"],
                src["kind"] if described else "",
                src["affiliation"] if described else "",
                reported_by,
                rng.choice(documents)["key"] if rng.random() < 0.3 else "",
                "",
                quote,
                f"para {rng.randint(1, 60)}" if rng.random() < 0.5 else "",
                _reduced_date(rng, rng.randint(1988, 2010)) if rng.random() < 0.4 else "",
                link() if rng.random() < 0.01 else "",
                link() if rng.random() < 0.002 else "",
                link() if rng.random() < 0.01 else "",
                status,
                rng.choice(("confirmed", "fair", "weak", "contested"))
                if rng.random() < 0.3
                else "",
                rng.choice(NOTES) if rng.random() < 0.1 else "",
            ]
        )
        keys.append(key)
    return rows


def _write_csv(path: Path, header: list[str] | tuple[str, ...], rows: list[Any]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row[h] for h in header] if isinstance(row, dict) else row)


def generate(workdir: Path, n: int) -> tuple[Path, Path, Path]:
    """Bundles ``set-a`` (the N claims) and ``set-b`` (N disjoint ones for the append test), and
    an ``empty`` bundle (no claims) that measures the fixed cost of one ``claimsdb import``."""
    data = workdir / f"data-{n}"
    a, b, empty = data / "set-a", data / "set-b", data / "empty"
    meta = {"generator": GENERATOR_VERSION, "seed": SEED, "rows": n}
    stamp = data / "meta.json"
    if stamp.exists() and json.loads(stamp.read_text()) == meta:
        log(f"reusing the generated bundles in {data}")
        return a, b, empty
    shutil.rmtree(data, ignore_errors=True)
    for folder in (a, b, empty):
        folder.mkdir(parents=True)
    log(f"generating {n:,} + {n:,} synthetic claims …")
    started = time.perf_counter()
    events, sources, documents = _vocabulary(random.Random(SEED))
    rows_a = _claims(random.Random(SEED + 1), n, "a", events, sources, documents, None)
    keys_a = [r[0] for r in rows_a]
    for folder, rows in ((a, rows_a), (empty, [])):
        _write_csv(folder / "events.csv", list(events[0]), events)
        _write_csv(folder / "sources.csv", list(sources[0]), sources)
        _write_csv(folder / "documents.csv", list(documents[0]), documents)
        _write_csv(folder / "claims.csv", CLAIM_COLUMNS, rows)
    del rows_a
    rows_b = _claims(random.Random(SEED + 2), n, "b", events, sources, documents, keys_a)
    _write_csv(b / "events.csv", list(events[0]), events)
    _write_csv(b / "sources.csv", list(sources[0]), sources)
    _write_csv(b / "documents.csv", list(documents[0]), documents)
    _write_csv(b / "claims.csv", CLAIM_COLUMNS, rows_b)
    del rows_b
    stamp.write_text(json.dumps(meta))
    size = (a / "claims.csv").stat().st_size
    log(f"generated in {time.perf_counter() - started:.1f} s; claims.csv is {size / 1e6:.0f} MB")
    return a, b, empty


# ============================================================================ workers (children)
# The raw and pandas baselines run as child processes of this script (``--worker``), so every
# method is timed and measured the same way. Each prints one JSON line with its inner time.

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


def _read_table(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def insert_vocabulary(con: sqlite3.Connection, bundle: Path) -> dict[str, Any]:
    """Events (+names, parents), sources (+names), documents and one batch row, the way claimsdb
    writes them; returns the name -> id dicts claims are resolved with."""
    from claimsdb.names import fold  # the same folded forms claimsdb stores (tiny tables)

    ids: dict[str, Any] = {"events": {}, "sources": {}, "documents": {}}
    ids["metrics"] = dict(con.execute("SELECT name, id FROM metrics"))
    events = _read_table(bundle / "events.csv")
    for ev in events:
        start, end = reduced(ev["period_start"]), reduced(ev["period_end"])
        cur = con.execute(
            "INSERT INTO events (slug, name, period_first, period_last, period_start_precision,"
            " period_end_precision, place, description) VALUES (?,?,?,?,?,?,?,?)",
            (
                ev["slug"],
                ev["name"],
                start[0] if start else None,
                end[1] if end else None,
                start[2] if start else None,
                end[2] if end else None,
                ev["place"] or None,
                ev["description"] or None,
            ),
        )
        ids["events"][ev["slug"]] = cur.lastrowid
    names = []
    for ev in events:
        event_id = ids["events"][ev["slug"]]
        if ev["parent"]:
            con.execute(
                "UPDATE events SET parent_id = ? WHERE id = ?",
                (ids["events"][ev["parent"]], event_id),
            )
        forms = [("name", ev["name"]), ("slug", ev["slug"])]
        forms += [("alias", a.strip()) for a in ev["aliases"].split(";") if a.strip()]
        seen: set[str] = set()
        for kind, name in forms:
            if fold(name) not in seen:
                seen.add(fold(name))
                names.append((event_id, name, fold(name), kind))
    con.executemany(
        "INSERT INTO event_names (event_id, name, folded, kind) VALUES (?,?,?,?)", names
    )
    names = []
    for src in _read_table(bundle / "sources.csv"):
        cur = con.execute(
            "INSERT INTO sources (name, kind, affiliation, description) VALUES (?,?,?,?)",
            (src["name"], src["kind"], src["affiliation"] or None, src["description"] or None),
        )
        ids["sources"][src["name"]] = cur.lastrowid
        forms = [("name", src["name"])]
        forms += [("alias", a.strip()) for a in src["aliases"].split(";") if a.strip()]
        for kind, name in forms:
            names.append((cur.lastrowid, name, fold(name), kind))
    con.executemany(
        "INSERT INTO source_names (source_id, name, folded, kind) VALUES (?,?,?,?)", names
    )
    for doc in _read_table(bundle / "documents.csv"):
        published = reduced(doc["published_on"])
        cur = con.execute(
            "INSERT INTO documents (key, title, publisher, published_first, published_last,"
            " published_precision, url, citation, licence) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                doc["key"],
                doc["title"],
                doc["publisher"] or None,
                *(published or (None, None, None)),
                doc["url"] or None,
                doc["citation"] or None,
                doc["licence"] or None,
            ),
        )
        ids["documents"][doc["key"]] = cur.lastrowid
    ids["batch"] = con.execute(
        "INSERT INTO batches (at, actor, kind, origin, summary) VALUES (?,?,?,?,?)",
        ("2026-01-01 00:00:00.000000+00:00", "bench", "import", str(bundle), "{}"),
    ).lastrowid
    return ids


# claimsdb marks a claim superseded when a loaded claim names it in ``supersedes`` (and it was
# active); the baselines do the same, as one statement.
SUPERSEDE = (
    "UPDATE claims SET status = 'superseded' WHERE status = 'active' AND id IN"
    " (SELECT supersedes_id FROM claims WHERE batch_id = ? AND supersedes_id IS NOT NULL)"
)


def worker_raw(db: Path, bundle: Path, drop_indexes: bool) -> dict[str, Any]:
    started = time.perf_counter()
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")  # as claimsdb's connections have it
    con.execute("BEGIN IMMEDIATE")
    ids = insert_vocabulary(con, bundle)
    events, metrics, sources, documents = (
        ids["events"], ids["metrics"], ids["sources"], ids["documents"]
    )  # fmt: skip
    batch = ids["batch"]
    index_sql: list[str] = []
    if drop_indexes:
        index_sql = [
            sql
            for name, sql in con.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claims'"
                " AND sql IS NOT NULL"
            )
        ]
        for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claims'"
            " AND sql IS NOT NULL"
        ).fetchall():
            con.execute(f'DROP INDEX "{name}"')
    next_id = con.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0] + 1
    key_ids: dict[str, int] = {}
    deferred: list[tuple[str, str, int]] = []  # links to keys that appear later in the file
    links = ("derived_from_id", "supersedes_id", "part_of_id")

    def rows() -> Any:
        nonlocal next_id
        with (bundle / "claims.csv").open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            col = {name: i for i, name in enumerate(next(reader))}
            c = [col[name] for name in CLAIM_COLUMNS]
            (k_key, k_event, k_metric, k_pop, k_low, k_high, k_best, k_qual, k_phrase, k_ps,
             k_pe, k_claimant, _, _, k_rep, k_doc, _, k_quote, k_loc, k_claimed, k_der, k_sup,
             k_part, k_status, k_grade, k_notes) = c  # fmt: skip
            for r in reader:
                claim_id = next_id
                next_id += 1
                key = r[k_key]
                key_ids[key] = claim_id
                ps, pe, claimed = reduced(r[k_ps]), reduced(r[k_pe]), reduced(r[k_claimed])
                qualifier = r[k_qual]
                refs: list[int | None] = []
                for column, k in zip(links, (k_der, k_sup, k_part), strict=True):
                    target = r[k]
                    if not target:
                        refs.append(None)
                    elif target in key_ids:
                        refs.append(key_ids[target])
                    else:
                        refs.append(None)
                        deferred.append((column, target, claim_id))
                yield (
                    claim_id,
                    key,
                    events[r[k_event]],
                    metrics[r[k_metric]],
                    r[k_pop],
                    float(r[k_low]) if r[k_low] else None,
                    float(r[k_high]) if r[k_high] else None,
                    float(r[k_best]) if r[k_best] else None,
                    qualifier,
                    r[k_phrase].casefold() if qualifier == "vague" else None,
                    r[k_phrase],
                    ps[0] if ps else None,
                    pe[1] if pe else None,
                    ps[2] if ps else None,
                    pe[2] if pe else None,
                    sources[r[k_claimant]],
                    sources[r[k_rep]] if r[k_rep] else None,
                    documents[r[k_doc]] if r[k_doc] else None,
                    r[k_quote] or None,
                    r[k_loc] or None,
                    claimed[0] if claimed else None,
                    claimed[1] if claimed else None,
                    claimed[2] if claimed else None,
                    *refs,
                    r[k_status] or "active",
                    r[k_grade] or None,
                    r[k_notes] or None,
                    batch,
                )

    con.executemany(
        f"INSERT INTO claims ({', '.join(DB_COLUMNS)}) VALUES ({', '.join('?' * len(DB_COLUMNS))})",
        rows(),
    )
    for column, target, claim_id in deferred:
        con.execute(f"UPDATE claims SET {column} = ? WHERE id = ?", (key_ids[target], claim_id))
    con.execute(SUPERSEDE, (batch,))
    for sql in index_sql:
        con.execute(sql)
    con.execute("COMMIT")
    con.close()
    return {"inner_seconds": time.perf_counter() - started, "rows": len(key_ids)}


def worker_pandas(db: Path, bundle: Path) -> dict[str, Any]:
    started = time.perf_counter()
    import numpy as np
    import pandas as pd

    imported = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    ids = insert_vocabulary(con, bundle)  # opens the one transaction (sqlite3 implicit BEGIN)
    df = pd.read_csv(
        bundle / "claims.csv", dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8"
    )
    start = con.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0] + 1
    out = pd.DataFrame({"id": np.arange(start, start + len(df), dtype=np.int64)})
    key_ids = pd.Series(out["id"].to_numpy(), index=df["key"].to_numpy())

    def ids_of(column: str, table: dict[str, int]) -> Any:
        return df[column].map(table).astype("Int64")

    def none_if_empty(column: str) -> Any:
        return df[column].where(df[column] != "", None).astype(object)

    def dates(column: str) -> dict[str, Any]:
        uniq = {v: reduced(v) or (None, None, None) for v in df[column].unique()}
        return {
            part: df[column].map({v: t[i] for v, t in uniq.items()}).astype(object)
            for i, part in enumerate(("first", "last", "precision"))
        }

    period_start, period_end, claimed = (
        dates("period_start"),
        dates("period_end"),
        dates("claimed_on"),
    )
    out["key"] = df["key"]
    out["event_id"] = ids_of("event", ids["events"])
    out["metric_id"] = ids_of("metric", ids["metrics"])
    out["population"] = df["population"]
    for column in ("low", "high", "best"):
        out[column] = pd.to_numeric(df[column].replace("", np.nan), errors="raise").astype(float)
    out["qualifier"] = df["qualifier"]
    out["vague"] = (
        df["phrase"].str.casefold().where(df["qualifier"] == "vague", None).astype(object)
    )
    out["phrase"] = df["phrase"]
    out["period_first"] = period_start["first"]
    out["period_last"] = period_end["last"]
    out["period_start_precision"] = period_start["precision"]
    out["period_end_precision"] = period_end["precision"]
    out["claimant_id"] = ids_of("claimant", ids["sources"])
    out["reported_by_id"] = ids_of("reported_by", ids["sources"])
    out["document_id"] = ids_of("document", ids["documents"])
    out["quote"] = none_if_empty("quote")
    out["locator"] = none_if_empty("locator")
    out["claimed_first"] = claimed["first"]
    out["claimed_last"] = claimed["last"]
    out["claimed_precision"] = claimed["precision"]
    for column, target in (
        ("derived_from_id", "derived_from"),
        ("supersedes_id", "supersedes"),
        ("part_of_id", "part_of"),
    ):
        out[column] = df[target].map(key_ids).astype("Int64")
    out["status"] = df["status"].where(df["status"] != "", "active")
    out["grade"] = none_if_empty("grade")
    out["notes"] = none_if_empty("notes")
    out["batch_id"] = ids["batch"]
    transformed = time.perf_counter()
    out.to_sql("claims", con, if_exists="append", index=False, chunksize=10_000, method=None)
    con.execute(SUPERSEDE, (ids["batch"],))
    con.commit()
    con.close()
    done = time.perf_counter()
    return {
        "inner_seconds": done - started,
        "import_pandas_seconds": imported - started,
        "read_transform_seconds": transformed - imported,
        "to_sql_seconds": done - transformed,
        "rows": len(df),
    }


# The PostgreSQL limit's table: claims.csv as it is. Every CSV column is text (figures are phrases
# such as "1,200"); empty fields load as NULL (COPY's csv default), so only the columns every claim
# fills are NOT NULL. Keys and indexes mirror the real ``claims`` table: a serial primary key, a
# UNIQUE key, and its three secondary indexes (claimant_id, the event_id/metric_id/population
# group, part_of_id) on the columns that hold those names here.
COPY_NOT_NULL = ("key", "event", "metric", "qualifier", "phrase", "claimant")
COPY_TABLE = (
    "CREATE TABLE claims (id serial CONSTRAINT pk_claims PRIMARY KEY, "
    + ", ".join(f"{c} text{' NOT NULL' * (c in COPY_NOT_NULL)}" for c in CLAIM_COLUMNS)
    + ", CONSTRAINT uq_claims_key UNIQUE (key))"
)
COPY_INDEXES = (
    "CREATE INDEX ix_claims_claimant ON claims (claimant)",
    "CREATE INDEX ix_claims_group ON claims (event, metric, population)",
    "CREATE INDEX ix_claims_part_of ON claims (part_of)",
)
COPY_SQL = f"COPY claims ({', '.join(CLAIM_COLUMNS)}) FROM STDIN (FORMAT csv, HEADER)"


def worker_pg_copy(conninfo: str, bundle: Path) -> dict[str, Any]:
    """One ``COPY … FROM STDIN`` of claims.csv, streamed in 1 MiB pieces, in one transaction."""
    started = time.perf_counter()
    import psycopg

    with psycopg.connect(conninfo) as conn:
        with conn.cursor() as cur, (bundle / "claims.csv").open("rb") as handle:
            with cur.copy(COPY_SQL) as copy:
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
            rows = cur.rowcount
        conn.commit()
    return {"inner_seconds": time.perf_counter() - started, "rows": rows}


def run_worker(args: argparse.Namespace) -> int:
    if args.worker == "pg-copy":
        print(json.dumps(worker_pg_copy(args.db, Path(args.bundle))))
        return 0
    db, bundle = Path(args.db), Path(args.bundle)
    if args.worker == "raw":
        result = worker_raw(db, bundle, drop_indexes=False)
    elif args.worker == "raw-noidx":
        result = worker_raw(db, bundle, drop_indexes=True)
    elif args.worker == "pandas":
        result = worker_pandas(db, bundle)
    else:
        raise SystemExit(f"unknown worker {args.worker!r}")
    print(json.dumps(result))
    return 0


# ============================================================================ measuring children


class Measured:
    def __init__(self, seconds: float, rss: int, code: int, out: str, err: str, timed_out: bool):
        self.seconds, self.rss, self.code = seconds, rss, code
        self.out, self.err, self.timed_out = out, err, timed_out

    @property
    def ok(self) -> bool:
        return self.code == 0 and not self.timed_out


POLL_SECONDS = 0.02
RSS_HOW = (
    "peak RSS is the child's own VmHWM\n(kernel high-water mark since exec, polled from /proc)"
    if Path("/proc/self/status").exists()
    else "peak RSS is ru_maxrss from os.wait4\n(may include the parent's pages: an upper bound)"
)


def _peak_rss_of(pid: int) -> int | None:
    """A process's own peak RSS so far (Linux ``VmHWM``) in bytes; None when unavailable."""
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def measure(
    cmd: list[str], workdir: Path, timeout: float, env: dict[str, str] | None = None
) -> Measured:
    """Run ``cmd``: wall time from spawn to exit, and the child's peak RSS.

    Peak RSS is the child's ``VmHWM``, a high-water mark the kernel keeps for the child's own
    address space, polled every 20 ms until the child has exited (so only growth in its last
    20 ms could be missed). ``ru_maxrss`` from ``os.wait4`` is not used where ``/proc`` exists:
    on Linux a child started with fork/vfork + exec inherits the parent's high-water mark, so it
    reports at least the benchmark process's own peak (hundreds of MiB after generating data).
    """
    out_path, err_path = workdir / "child.out", workdir / "child.err"
    timed_out = threading.Event()
    stop = threading.Event()
    peak = 0
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        # Popen returns once the child has exec'd, so from here on /proc shows its own memory.
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)

        def kill() -> None:
            timed_out.set()
            proc.kill()

        def poll() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, _peak_rss_of(proc.pid) or 0)
                stop.wait(POLL_SECONDS)

        timer = threading.Timer(timeout, kill)
        timer.start()
        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)  # exited, not yet reaped
        seconds = time.perf_counter() - started
        stop.set()
        poller.join()
        timer.cancel()
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if not peak:  # no /proc: fall back to ru_maxrss (an upper bound, see above)
        peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Measured(
        seconds,
        peak,
        proc.returncode,
        out_path.read_text(errors="replace"),
        err_path.read_text(errors="replace"),
        timed_out.is_set(),
    )


def tool(name: str) -> str:
    """A console script of the running interpreter's environment (the venv), else from PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"cannot find the {name!r} command; install it into this environment")
    return found


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def init_db(path: Path, workdir: Path) -> None:
    remove_db(path)
    result = measure([tool("claimsdb"), "--db", f"sqlite:///{path}", "init"], workdir, 600, ENV)
    if not result.ok:
        raise SystemExit(f"claimsdb init failed: {result.err.strip()}")


def count_claims(path: Path, table: str = "claims") -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


CANONICAL = """
SELECT c.key, e.slug, m.name, c.population, c.low, c.high, c.best, c.qualifier, c.vague,
       c.phrase, c.period_first, c.period_last, c.period_start_precision, c.period_end_precision,
       s.name, r.name, d.key, c.quote, c.locator, c.claimed_first, c.claimed_last,
       c.claimed_precision, df.key, sp.key, po.key, c.status, c.grade, c.notes,
       typeof(c.low), typeof(c.period_first), typeof(c.event_id), typeof(c.part_of_id)
FROM claims c
JOIN events e ON e.id = c.event_id
JOIN metrics m ON m.id = c.metric_id
JOIN sources s ON s.id = c.claimant_id
LEFT JOIN sources r ON r.id = c.reported_by_id
LEFT JOIN documents d ON d.id = c.document_id
LEFT JOIN claims df ON df.id = c.derived_from_id
LEFT JOIN claims sp ON sp.id = c.supersedes_id
LEFT JOIN claims po ON po.id = c.part_of_id
ORDER BY c.key
"""


def fingerprint(path: Path) -> str:
    """A hash of every claim's stored values (names instead of ids) and storage types, to show
    that a baseline stored exactly what claimsdb stores."""
    digest = hashlib.sha256()
    con = sqlite3.connect(path)
    try:
        for row in con.execute(CANONICAL):
            digest.update(repr(row).encode())
    finally:
        con.close()
    return digest.hexdigest()[:16]


# ============================================================================ the benchmark

ENV = {**os.environ, "CLAIMSDB_ACTOR": "bench"}


class Results:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.rss: dict[str, list[int]] = {}
        self.inner: dict[str, list[float]] = {}
        self.errors: dict[str, str] = {}
        self.fingerprints: dict[str, str] = {}

    def add(self, method: str, m: Measured, inner: float | None = None) -> None:
        self.times.setdefault(method, []).append(m.seconds)
        self.rss.setdefault(method, []).append(m.rss)
        if inner is not None:
            self.inner.setdefault(method, []).append(inner)

    def fail(self, method: str, m: Measured, what: str) -> None:
        tail = (m.err.strip() or m.out.strip()).splitlines()[-5:]
        reason = f"timed out after {m.seconds:.0f} s" if m.timed_out else f"exit {m.code}"
        self.errors[method] = f"{what}: {reason}: " + " | ".join(tail)
        log(f"{method} FAILED: {self.errors[method]}")

    def median(self, method: str) -> float | None:
        return statistics.median(self.times[method]) if self.times.get(method) else None


def run_claimsdb(
    method: str, bundle: Path, db: Path, workdir: Path, n: int, timeout: float, res: Results
) -> bool:
    cmd = [tool("claimsdb"), "--db", f"sqlite:///{db}", "import", str(bundle)]
    m = measure(cmd, workdir, timeout, ENV)
    if not m.ok:
        res.fail(method, m, "claimsdb import")
        return False
    total = count_claims(db)
    log(f"{method}: {m.seconds:.2f} s, peak RSS {m.rss / 2**20:.0f} MiB, {total:,} claims in db")
    res.add(method, m)
    return True


def run_worker_child(
    method: str, worker: str, bundle: Path, db: Path, workdir: Path, n: int, timeout: float,
    res: Results,
) -> bool:  # fmt: skip
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", worker, "--db", str(db),
           "--bundle", str(bundle)]  # fmt: skip
    m = measure(cmd, workdir, timeout)
    if not m.ok:
        res.fail(method, m, worker)
        return False
    info = json.loads(m.out.strip().splitlines()[-1])
    total = count_claims(db)
    if total != n:
        res.errors[method] = f"stored {total} claims, expected {n}"
        return False
    extra = {k: round(v, 2) for k, v in info.items() if k.endswith("_seconds")}
    log(f"{method}: {m.seconds:.2f} s wall, peak RSS {m.rss / 2**20:.0f} MiB, {extra}")
    res.add(method, m, info["inner_seconds"])
    return True


def run_sqlite_utils(
    bundle: Path, db: Path, workdir: Path, n: int, timeout: float, res: Results
) -> bool:
    remove_db(db)
    cmd = [tool("sqlite-utils"), "insert", str(db), "claims", str(bundle / "claims.csv"), "--csv"]
    m = measure(cmd, workdir, timeout)
    if not m.ok:
        res.fail("sqlite-utils", m, "sqlite-utils insert")
        return False
    total = count_claims(db)
    if total != n:
        res.errors["sqlite-utils"] = f"stored {total} rows, expected {n}"
        return False
    log(f"sqlite-utils: {m.seconds:.2f} s, peak RSS {m.rss / 2**20:.0f} MiB")
    res.add("sqlite-utils", m)
    return True


# ============================================================================ PostgreSQL mode


class PgServer:
    """Fresh databases on a PostgreSQL server, made and dropped through its maintenance database.

    ``url`` is a SQLAlchemy URL (``postgresql+psycopg://user:pass@host:port/dbname``) of a role that
    may create databases. Every database made here is remembered, so ``drop_all`` can remove them
    at the end whatever happened in between.
    """

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        if self.url.get_backend_name() != "postgresql":
            raise SystemExit(f"--postgres needs a postgresql+psycopg:// URL, not {self.url!r}")
        self.prefix = f"claimsdb_bench_{os.getpid()}"
        self.created: list[str] = []
        self.append_base: str | None = None

    def sqlalchemy_url(self, name: str) -> str:
        """The URL of database ``name`` as claimsdb takes it (``--db``)."""
        return self.url.set(database=name).render_as_string(hide_password=False)

    def conninfo(self, name: str | None = None) -> str:
        """The libpq URI of database ``name`` (default: the maintenance database) for psycopg."""
        url = self.url.set(drivername="postgresql")
        return (url.set(database=name) if name else url).render_as_string(hide_password=False)

    def scrub(self, text: str) -> str:
        """``text`` with the password masked (child output may quote a URL)."""
        return text.replace(self.url.password, "***") if self.url.password else text

    def _execute(self, statements: tuple[str, ...] | list[str], name: str | None = None) -> None:
        import psycopg

        with psycopg.connect(self.conninfo(name), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def create(self, label: str, template: str | None = None) -> str:
        """A new, empty database (or a copy of ``template``); returns its name."""
        name = f"{self.prefix}_{label}".replace("-", "_")
        clone = f' TEMPLATE "{template}"' if template else ""
        self._execute([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])
        self.created.append(name)
        self._execute([f'CREATE DATABASE "{name}"{clone}'])
        return name

    def drop(self, name: str) -> None:
        self._execute([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])
        if name in self.created:
            self.created.remove(name)

    def drop_all(self) -> None:
        for name in list(self.created):
            try:
                self.drop(name)
            except Exception as exc:  # the server may be gone; say so, go on with the rest
                log(f"could not drop database {name}: {self.scrub(str(exc))}")

    def count(self, name: str, table: str = "claims") -> int:
        import psycopg

        with psycopg.connect(self.conninfo(name)) as conn:
            row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def settings(self) -> dict[str, str]:
        """Server version and the durability settings, which the report states as caveats."""
        import psycopg

        names = ("server_version", "fsync", "synchronous_commit", "full_page_writes")
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            return {
                n: str(conn.execute(f"SHOW {n}").fetchone()[0])  # type: ignore[index]
                for n in names
            }


def pg_measure(pg: PgServer, cmd: list[str], workdir: Path, timeout: float) -> Measured:
    """``measure``, with the password masked in what the child printed."""
    m = measure(cmd, workdir, timeout, ENV)
    m.out, m.err = pg.scrub(m.out), pg.scrub(m.err)
    return m


def pg_init(pg: PgServer, label: str, workdir: Path) -> str:
    """A fresh database migrated by ``claimsdb init`` (untimed); returns its name."""
    name = pg.create(label)
    m = pg_measure(pg, [tool("claimsdb"), "--db", pg.sqlalchemy_url(name), "init"], workdir, 600)
    if not m.ok:
        raise SystemExit(f"claimsdb init on PostgreSQL failed: {m.err.strip()}")
    return name


def run_pg_claimsdb(
    method: str, pg: PgServer, name: str, bundle: Path, workdir: Path, expect: int,
    timeout: float, res: Results,
) -> bool:  # fmt: skip
    cmd = [tool("claimsdb"), "--db", pg.sqlalchemy_url(name), "import", str(bundle)]
    m = pg_measure(pg, cmd, workdir, timeout)
    if not m.ok:
        res.fail(method, m, "claimsdb import")
        return False
    total = pg.count(name)
    if total != expect:
        res.errors[method] = f"database holds {total} claims, expected {expect}"
        return False
    log(f"{method}: {m.seconds:.2f} s, peak RSS {m.rss / 2**20:.0f} MiB, {total:,} claims in db")
    res.add(method, m)
    return True


def run_pg_copy(
    pg: PgServer, run: int, bundle: Path, workdir: Path, n: int, timeout: float, res: Results,
    keep: bool,
) -> None:  # fmt: skip
    name = pg.create(f"copy_{run}")
    pg._execute([COPY_TABLE, *COPY_INDEXES], name)  # the schema, untimed (as claimsdb init)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "pg-copy",
           "--db", pg.conninfo(name), "--bundle", str(bundle)]  # fmt: skip
    m = pg_measure(pg, cmd, workdir, timeout)
    if not m.ok:
        res.fail("pg-copy", m, "COPY")
    elif (total := pg.count(name)) != n:
        res.errors["pg-copy"] = f"stored {total} rows, expected {n}"
    else:
        info = json.loads(m.out.strip().splitlines()[-1])
        log(f"pg-copy: {m.seconds:.2f} s wall, peak RSS {m.rss / 2**20:.0f} MiB, {total:,} rows")
        res.add("pg-copy", m, info["inner_seconds"])
    if not keep:
        pg.drop(name)


def pg_append_base(pg: PgServer, source: str | None, set_a: Path, workdir: Path, timeout: float,
                   res: Results) -> str | None:  # fmt: skip
    """The database the append runs copy: a clone of a finished ``pg-claimsdb`` run's database
    (or, without one, a fresh import of the first set), vacuumed and analysed as autovacuum would
    leave it shortly after a large import. Untimed."""
    if pg.append_base is None:
        if source is None:
            log("preparing a PostgreSQL database holding the first set (untimed) …")
            source = pg_init(pg, "append_source", workdir)
            cmd = [tool("claimsdb"), "--db", pg.sqlalchemy_url(source), "import", str(set_a)]
            m = pg_measure(pg, cmd, workdir, timeout)
            if not m.ok:
                res.fail("pg-append", m, "preparing the first set")
                return None
        pg.append_base = pg.create("append_base", template=source)
        pg._execute(["VACUUM (ANALYZE) claims"], pg.append_base)
    return pg.append_base


def run_pg_round(
    pg: PgServer, run: int, only: list[str], set_a: Path, set_b: Path, workdir: Path, n: int,
    timeout: float, keep: bool, res: Results,
) -> None:  # fmt: skip
    """One run of each selected PostgreSQL method, each in a fresh database."""
    finished: str | None = None  # a pg-claimsdb database holding the first set
    if "pg-claimsdb" in only and "pg-claimsdb" not in res.errors:
        name = pg_init(pg, f"claimsdb_{run}", workdir)
        log("pg-claimsdb import …")
        if run_pg_claimsdb("pg-claimsdb", pg, name, set_a, workdir, n, timeout, res):
            finished = name
        if "pg-append" in only and pg.append_base is None and finished:
            pg_append_base(pg, finished, set_a, workdir, timeout, res)
        if not keep:
            pg.drop(name)
    if "pg-copy" in only and "pg-copy" not in res.errors:
        log("pg-copy: COPY … FROM STDIN …")
        run_pg_copy(pg, run, set_a, workdir, n, timeout, res, keep)
    if "pg-append" in only and "pg-append" not in res.errors:
        base = pg_append_base(pg, None, set_a, workdir, timeout, res)
        if base is not None:
            name = pg.create(f"append_{run}", template=base)
            log("pg-append: claimsdb import of a second, disjoint set …")
            run_pg_claimsdb("pg-append", pg, name, set_b, workdir, 2 * n, timeout, res)
            if not keep:
                pg.drop(name)


def source_state() -> str:
    """Which state of the library is measured: the git commit, and a hash of the importer's
    source files (the library may be edited while a long benchmark runs)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder in ("src", "cli", "migrations"):
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "src", "cli", "migrations"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        commit += " (+ uncommitted changes)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "(not a git checkout)"
    return f"commit {commit}, source hash {digest.hexdigest()[:12]}"


def environment(pg_settings: dict[str, str] | None = None) -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    lines = [
        f"claimsdb at   {source_state()}",
        f"python        {platform.python_version()} ({platform.python_implementation()})",
        f"sqlite        {sqlite3.sqlite_version} (python sqlite3 module)",
        f"cpus          {os.cpu_count()} ({platform.machine()}, {platform.system()})",
        f"packages      claimsdb {v('claimsdb')}, SQLAlchemy {v('SQLAlchemy')}, "
        f"pandas {v('pandas')}, sqlite-utils {v('sqlite-utils')}, psycopg {v('psycopg')}",
    ]
    if pg_settings is not None:
        lines.append(
            f"postgresql    {pg_settings['server_version']} (fsync={pg_settings['fsync']}, "
            f"synchronous_commit={pg_settings['synchronous_commit']}, "
            f"full_page_writes={pg_settings['full_page_writes']})"
        )
    return lines


def fmt_rss(b: int | None) -> str:
    return "" if b is None else f"{b / 2**20:,.0f} MiB"


Check = tuple[str, bool | None, str]


def print_table(header: tuple[str, ...], table: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *table]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in table:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def method_rows(
    res: Results, order: list[str], labels: dict[str, str], cdb_method: str, no_ratio: set[str],
    rows_per_s: dict[str, float], width: int,
) -> list[tuple[str, ...]]:  # fmt: skip
    """The report rows of the methods in ``order`` that ran (or failed), ``width`` columns."""
    cdb = rows_per_s.get(cdb_method)
    table: list[tuple[str, ...]] = []
    for m in order:
        if m not in res.times and m not in res.errors:
            continue
        if m in res.errors and m not in rows_per_s:
            table.append((m, "FAILED", "", "", "", "", res.errors[m][:60])[:width])
            continue
        ratio = f"{cdb / rows_per_s[m]:.2f}×" if cdb and m not in no_ratio else ""
        row = (
            labels.get(m, m),
            f"{rows_per_s[m]:,.0f}",
            f"{res.median(m):.2f}",
            " ".join(f"{t:.2f}" for t in res.times[m]),
            fmt_rss(max(res.rss[m])),
            ratio,
            res.fingerprints.get(m, ""),
        )
        table.append(row[:width])
    return table


def ratio_check(
    name: str, cdb: float | None, rows_per_s: dict[str, float], baseline: str | None, need: float
) -> Check:
    if baseline is None or baseline not in rows_per_s:
        return (name, None, "baseline not measured")
    if cdb is None:
        return (name, False, "claimsdb import did not complete")
    r = cdb / rows_per_s[baseline]
    return (name, r >= need, f"{r:.3f}× (need ≥ {need}×)")


def import_checks(res: Results, empty_method: str, append_method: str) -> list[Check]:
    """Peak RSS of the imports, and the append against the empty import, for one backend."""
    checks: list[Check] = []
    rss_name = f"{empty_method} peak RSS < 1 GiB"
    append_name = f"{append_method} ≤ 2× empty-database import"
    rss = [r for m in (empty_method, append_method) for r in res.rss.get(m, [])]
    if rss:
        checks.append((rss_name, max(rss) < GIB, f"{fmt_rss(max(rss))} (empty and append imports)"))
    elif empty_method in res.errors:
        checks.append((rss_name, False, "import did not complete"))
    empty, append = res.median(empty_method), res.median(append_method)
    if append and empty:
        detail = f"{append / empty:.2f}× ({append:.2f} s vs {empty:.2f} s)"
        checks.append((append_name, append <= 2 * empty, detail))
    elif append_method in res.errors:
        checks.append((append_name, False, "append import did not complete"))
    else:
        checks.append((append_name, None, "not measured"))
    return checks


SQLITE_ORDER = [
    "claimsdb",
    "append",
    "raw (indexes kept)",
    "raw (drop+recreate indexes)",
    "pandas",
    "sqlite-utils",
]
PG_ORDER = ["pg-claimsdb", "pg-append", "pg-copy"]


def report_sqlite(
    res: Results, rows_per_s: dict[str, float], overhead: float | None
) -> list[Check]:
    raw_candidates: list[str] = [
        m for m in ("raw (indexes kept)", "raw (drop+recreate indexes)") if m in rows_per_s
    ]
    raw_limit: str | None = None
    if raw_candidates:
        raw_limit = max(raw_candidates, key=lambda m: rows_per_s[m])
    header = (
        "method",
        "rows/s",
        "median s",
        "all runs s",
        "peak RSS",
        "claimsdb ÷ this",
        "stored = claimsdb",
    )
    labels = {raw_limit: f"{raw_limit} = raw limit"} if raw_limit else {}
    table = method_rows(
        res, SQLITE_ORDER, labels, "claimsdb", {"claimsdb", "append"}, rows_per_s, len(header)
    )
    print("SQLite")
    print_table(header, table)
    print()
    print("Times are wall clock of the child process from spawn to exit (interpreter start-up and")
    print(f"imports included); {RSS_HOW} (max over runs).")
    if overhead is not None:
        print(f"Fixed cost of one `claimsdb import` (same bundle, no claims): {overhead:.2f} s.")
    for m, inner in res.inner.items():
        if m in SQLITE_ORDER:
            print(f"{m}: in-process time (excl. start-up) median {statistics.median(inner):.2f} s")
    print("sqlite-utils creates its own all-TEXT table (no constraints, ids or indexes): it is")
    print("the conventional baseline, not the claimsdb schema.")
    if res.fingerprints:
        print("'stored = claimsdb': yes when every stored claim value (names for ids) and storage")
        print("type equals what claimsdb stored for the same CSV (checked once, untimed).")
    for m, e in res.errors.items():
        if m in SQLITE_ORDER:
            print(f"ERROR {m}: {e}")
    cdb = rows_per_s.get("claimsdb")
    return [
        ratio_check("claimsdb ≥ 0.5× raw limit", cdb, rows_per_s, raw_limit, 0.5),
        ratio_check("claimsdb ≥ 1× pandas", cdb, rows_per_s, "pandas", 1.0),
        ratio_check("claimsdb ≥ 5× sqlite-utils", cdb, rows_per_s, "sqlite-utils", 5.0),
        *import_checks(res, "claimsdb", "append"),
    ]


def report_pg(
    res: Results, rows_per_s: dict[str, float], overhead: float | None, settings: dict[str, str]
) -> list[Check]:
    header = ("method", "rows/s", "median s", "all runs s", "peak RSS", "claimsdb ÷ this")
    labels = {"pg-copy": "pg-copy = COPY limit"}
    table = method_rows(
        res, PG_ORDER, labels, "pg-claimsdb", {"pg-claimsdb", "pg-append"}, rows_per_s, len(header)
    )
    print(f"PostgreSQL {settings['server_version']}")
    print_table(header, table)
    print()
    print("Same clock and peak RSS as above; peak RSS is the client process only (the server")
    print("backend's memory is not counted, for either method).")
    if overhead is not None:
        print(f"Fixed cost of one `claimsdb import` (same bundle, no claims): {overhead:.2f} s.")
    if res.inner.get("pg-copy"):
        inner = statistics.median(res.inner["pg-copy"])
        print(f"pg-copy: in-process time (excl. start-up) median {inner:.2f} s")
    print("pg-copy: one `COPY claims (<the CSV's columns>) FROM STDIN (FORMAT csv, HEADER)` of the")
    print("same claims.csv in one transaction, into a table of text columns with a serial primary")
    print("key, UNIQUE (key), and indexes on claimant, (event, metric, population) and part_of —")
    print("the real claims table's keys and secondary indexes, on names instead of ids.")
    caveats = [
        k for k in ("fsync", "synchronous_commit", "full_page_writes") if settings[k] == "off"
    ]
    if caveats:
        off = ", ".join(f"{k}=off" for k in caveats)
        print(f"CAVEAT: the server runs with {off}")
        print("(a throwaway test cluster): absolute times are faster than on a durable server.")
        print("Every pg method runs on the same server, so the claimsdb ÷ COPY ratio is fair.")
    for m, e in res.errors.items():
        if m in PG_ORDER:
            print(f"ERROR {m}: {e}")
    cdb = rows_per_s.get("pg-claimsdb")
    return [
        ratio_check("pg-claimsdb ≥ 0.5× COPY limit", cdb, rows_per_s, "pg-copy", 0.5),
        *import_checks(res, "pg-claimsdb", "pg-append"),
    ]


def report(
    n: int, runs: int, res: Results, overhead: float | None, only: list[str],
    pg_overhead: float | None = None, pg_settings: dict[str, str] | None = None,
) -> int:  # fmt: skip
    rows_per_s = {m: n / t for m in res.times if (t := res.median(m))}
    print()
    print(f"claimsdb import benchmark: N = {n:,} claims, median of {runs} run(s)")
    for line in environment(pg_settings):
        print(f"  {line}")
    checks: list[Check] = []
    if any(m in SQLITE_METHODS for m in only):
        print()
        checks += report_sqlite(res, rows_per_s, overhead)
    if pg_settings is not None and any(m in PG_METHODS for m in only):
        print()
        checks += report_pg(res, rows_per_s, pg_overhead, pg_settings)

    print()
    print("Targets")
    failed = 0
    for name, ok, detail in checks:
        verdict = "n/a " if ok is None else "PASS" if ok else "FAIL"
        failed += ok is False
        print(f"  {verdict}  {name:<38} {detail}")
    return 1 if failed or res.errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time `claimsdb import` against raw sqlite3, pandas and sqlite-utils (and,"
        " with --postgres, against COPY on PostgreSQL).",
    )
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="claims to generate (default 1,000,000)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per method; the median is reported (default 3)"
    )
    parser.add_argument(
        "--workdir", type=Path, help="where bundles and databases go (default: a new temp dir)"
    )
    parser.add_argument(
        "--only",
        help=f"comma-separated subset of {','.join(METHODS)} (default: the SQLite methods, and"
        " the pg ones with --postgres)",
    )
    parser.add_argument(
        "--postgres",
        nargs="?",
        const="",
        metavar="URL",
        help="also time the pg methods on this server: a postgresql+psycopg://user:pass@host:port/"
        f"dbname URL of a role that may create databases (no URL: ${PG_URL_ENV})",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the databases (and a temp workdir)"
    )
    parser.add_argument(
        "--timeout", type=float, default=3600, help="per-run time limit in seconds (default 3600)"
    )
    parser.add_argument(
        "--no-verify", action="store_true", help="skip the untimed stored-values check"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--bundle", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return run_worker(args)

    if args.postgres == "":
        args.postgres = os.environ.get(PG_URL_ENV) or parser.error(
            f"--postgres without a URL reads ${PG_URL_ENV}, which is not set"
        )
    default = SQLITE_METHODS + (PG_METHODS if args.postgres else ())
    only = [m.strip() for m in (args.only or ",".join(default)).split(",") if m.strip()]
    unknown = set(only) - set(METHODS)
    if unknown:
        parser.error(
            f"unknown method(s) {', '.join(sorted(unknown))}; choose from {', '.join(METHODS)}"
        )
    if not args.postgres and set(only) & set(PG_METHODS):
        parser.error("the pg methods need --postgres [URL]")
    pg = PgServer(args.postgres) if args.postgres else None
    pg_settings = pg.settings() if pg else None
    n, runs = args.rows, args.runs
    temp = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="claimsdb-bench-")) if temp else args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    log(f"workdir {workdir}")
    state_at_start = source_state()
    log(f"claimsdb {state_at_start}")
    res = Results()
    overhead = pg_overhead = None
    try:
        set_a, set_b, empty_bundle = generate(workdir, n)
        for path in (set_a / "claims.csv", set_b / "claims.csv"):
            path.read_bytes()  # warm the page cache, so the first method does not pay for it
        dbs = workdir / "dbs"
        dbs.mkdir(exist_ok=True)
        base_for_append = dbs / "append-base.db"  # holds set A; copied for each append run
        if "claimsdb" in only or "append" in only:
            db = dbs / "overhead.db"
            init_db(db, workdir)
            m = measure(
                [tool("claimsdb"), "--db", f"sqlite:///{db}", "import", str(empty_bundle)],
                workdir,
                600,
                ENV,
            )
            overhead = m.seconds if m.ok else None
            remove_db(db)
        if pg and ("pg-claimsdb" in only or "pg-append" in only):
            name = pg_init(pg, "overhead", workdir)
            cmd = [tool("claimsdb"), "--db", pg.sqlalchemy_url(name), "import", str(empty_bundle)]
            m = pg_measure(pg, cmd, workdir, 600)
            pg_overhead = m.seconds if m.ok else None
            pg.drop(name)
        verified = args.no_verify
        reference: str | None = None
        for run in range(1, runs + 1):
            log(f"--- run {run}/{runs}")
            if "claimsdb" in only and "claimsdb" not in res.errors:
                db = dbs / f"claimsdb-{run}.db"
                init_db(db, workdir)
                log("claimsdb import …")
                if run_claimsdb("claimsdb", set_a, db, workdir, n, args.timeout, res):
                    if not verified:
                        reference = fingerprint(db)
                        res.fingerprints["claimsdb"] = "(reference)"
                    if not base_for_append.exists():
                        shutil.copyfile(db, base_for_append)
                if not args.keep:
                    remove_db(db)
            if "raw" in only:
                for method, worker in (
                    ("raw (indexes kept)", "raw"),
                    ("raw (drop+recreate indexes)", "raw-noidx"),
                ):
                    if method in res.errors:
                        continue
                    db = dbs / f"{worker}-{run}.db"
                    init_db(db, workdir)
                    log(f"{method} …")
                    if (
                        run_worker_child(method, worker, set_a, db, workdir, n, args.timeout, res)
                        and reference
                        and not verified
                    ):
                        res.fingerprints[method] = "yes" if fingerprint(db) == reference else "NO"
                    if not args.keep:
                        remove_db(db)
            if "pandas" in only and "pandas" not in res.errors:
                db = dbs / f"pandas-{run}.db"
                init_db(db, workdir)
                log("pandas …")
                if (
                    run_worker_child("pandas", "pandas", set_a, db, workdir, n, args.timeout, res)
                    and reference
                    and not verified
                ):
                    res.fingerprints["pandas"] = "yes" if fingerprint(db) == reference else "NO"
                if not args.keep:
                    remove_db(db)
            if "sqlite-utils" in only and "sqlite-utils" not in res.errors:
                db = dbs / f"sqlite-utils-{run}.db"
                log("sqlite-utils insert …")
                run_sqlite_utils(set_a, db, workdir, n, args.timeout, res)
                if not args.keep:
                    remove_db(db)
            if "append" in only and "append" not in res.errors:
                if not base_for_append.exists():
                    log("preparing a database holding the first set (untimed) …")
                    init_db(base_for_append, workdir)
                    url = f"sqlite:///{base_for_append}"
                    cmd = [tool("claimsdb"), "--db", url, "import", str(set_a)]
                    m = measure(cmd, workdir, args.timeout, ENV)
                    if not m.ok:
                        res.fail("append", m, "preparing the first set")
                        remove_db(base_for_append)
                if base_for_append.exists():
                    db = dbs / f"append-{run}.db"
                    remove_db(db)
                    shutil.copyfile(base_for_append, db)
                    log("append: claimsdb import of a second, disjoint set …")
                    if run_claimsdb("append", set_b, db, workdir, n, args.timeout, res):
                        total = count_claims(db)
                        if total != 2 * n:
                            res.errors["append"] = (
                                f"database holds {total} claims, expected {2 * n}"
                            )
                    if not args.keep:
                        remove_db(db)
            if pg:
                run_pg_round(pg, run, only, set_a, set_b, workdir, n, args.timeout, args.keep, res)
            verified = True
    finally:
        if pg and args.keep:
            log(f"kept the PostgreSQL databases {', '.join(pg.created)}")
        elif pg:
            log(f"dropping the PostgreSQL databases {', '.join(pg.created)} …")
            pg.drop_all()
        if args.keep:
            log(f"kept {workdir}")
        else:
            remove_db(workdir / "dbs" / "append-base.db")
            if temp:
                shutil.rmtree(workdir, ignore_errors=True)
    code = report(n, runs, res, overhead, only, pg_overhead, pg_settings)
    if source_state() != state_at_start:
        print()
        print("WARNING: the claimsdb sources changed while the benchmark ran; runs may have")
        print(f"measured different versions of the importer (at start: {state_at_start}).")
    return code


if __name__ == "__main__":
    sys.exit(main())
