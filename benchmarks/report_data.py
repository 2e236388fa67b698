"""The report benchmark's databases: N synthetic claims as a bundle, loaded by ``claimsdb import``.

The events grow with the claims (one event per ``claims_per_event`` claims, at least 10), so the
number of comparable sets grows with N while their sizes keep one distribution: claims pick an
event at random, a metric and a population by the import benchmark's weights (``synthetic``), so
an event's killed / all-people set holds about a tenth of its claims and rare combinations one or
none. Figures of one event x metric x population scatter around one value drawn for it (the
analysis benchmark's ``_figure_near``), so sets have overlaps, consensus and dissenters. Each
event hears from 30 of the 500 sources; 55 % of claims state a period (mostly the event's, some a
sub-period), 40 % a ``claimed_on`` date, 30 % a document, 15 % a relaying source. Links point
at earlier claims: 1.5 % are ``derived_from`` one (mostly of the same set), 0.2 % supersede one of
their set, and 3 % of the rest are ``part_of`` an all-people claim of their event and metric when
they name a population and such a claim exists (about 1.4 % of all claims).

The bundle (``events``, ``parties``, ``sources``, ``documents`` and ``claims`` CSV files, columns
by name from ``claimsdb.interchange.TABLE_COLUMNS``) goes into a database made by ``claimsdb
init``, through ``claimsdb import --create-missing`` (the CLI, as a user would). Built databases
are kept in the work folder with a stamp of how they were made, and reused when it matches.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

from benchmarks.analysis_data import _figure_near, _vague_keys
from benchmarks.measure import ENV, claimsdb_command, log, measure
from benchmarks.storage import init_db, remove_db
from benchmarks.synthetic import (
    AFFILIATIONS,
    GRADES,
    METRICS,
    NOTES,
    POPULATIONS,
    QUALIFIER_MIX,
    event_shape,
    quote_for,
    reduced_date,
    status_for,
    vocabulary,
    weighted,
)

GENERATOR_VERSION = 1
SEED = 20_261_216
CLAIMS_PER_EVENT = 100
BUILD_TIMEOUT = 4 * 3600.0  # seconds for one `claimsdb import` of a bundle


def _events(rng: random.Random, n_events: int) -> list[dict[str, str]]:
    """events.csv rows: the first tenth are umbrella events, the rest sit within one of them."""
    umbrellas = max(1, n_events // 10)
    events: list[dict[str, str]] = []
    for i in range(n_events):
        place, kind, year, start, end = event_shape(rng, i)
        events.append(
            {
                "slug": f"{place.lower()}-{kind}-{year}-{i:05d}",
                "name": f"{place} {kind} of {year} ({i})",
                "aliases": f"{place} {year} {kind} {i}" if rng.random() < 0.3 else "",
                "parent": "" if i < umbrellas else events[i % umbrellas]["slug"],
                "period_start": start,
                "period_end": end,
                "place": f"{place}, Nagorno-Karabakh",
                "description": f"Synthetic event {i} for the report benchmark.",
            }
        )
    return events


def _parties() -> list[dict[str, str]]:
    """parties.csv rows: every affiliation the sources name (``none`` and empty are no party)."""
    names = sorted({a for values in AFFILIATIONS.values() for a in values} - {"", "none"})
    return [{"name": n, "aliases": "", "description": f"Synthetic party {n}."} for n in names]


def _claims(
    rng: random.Random,
    n: int,
    events: list[dict[str, str]],
    sources: list[dict[str, str]],
    documents: list[dict[str, str]],
) -> list[dict[str, str]]:
    metrics, populations = weighted(rng, METRICS), weighted(rng, POPULATIONS)
    qualifiers = weighted(rng, QUALIFIER_MIX)
    vague = _vague_keys()
    pools = [rng.sample(sources, 30) for _ in events]
    bases: dict[tuple[int, str, str], float] = {}
    in_group: dict[tuple[int, str, str], list[str]] = {}
    keys: list[str] = []
    rows = []

    def number(x: float | None) -> str:
        return "" if x is None else str(int(x))

    for i in range(n):
        e = rng.randrange(len(events))
        event = events[e]
        metric, population = rng.choice(metrics), rng.choice(populations)
        group = (e, metric, population)
        base = bases.setdefault(group, 10 ** rng.uniform(0.5, 5.5))
        qualifier = rng.choice(qualifiers)
        low, high, best, _vague_key, phrase = _figure_near(rng, qualifier, base, vague)
        src = rng.choice(pools[e])
        period_start = period_end = ""
        r = rng.random()
        if r < 0.4:  # the event's period
            period_start, period_end = event["period_start"], event["period_end"]
        elif r < 0.55:  # a sub-period: a year, month or day of the event's first year
            period_start = period_end = reduced_date(rng, int(event["period_start"][:4]))
        reported_by = ""
        if rng.random() < 0.15:
            other = rng.choice(sources)
            reported_by = other["name"] if other is not src else ""
        quote = quote_for(rng, src["name"], phrase, population, metric, event["name"])
        earlier = in_group.setdefault(group, [])
        derived_from = supersedes = part_of = ""
        r = rng.random()
        if r < 0.015 and keys:  # a repeat: mostly of a claim of the same set
            derived_from = rng.choice(earlier) if earlier and r < 0.012 else rng.choice(keys)
        elif r < 0.017 and earlier:
            supersedes = rng.choice(earlier)
        elif r < 0.047 and population and in_group.get((e, metric, "")):
            part_of = rng.choice(in_group[(e, metric, "")])
        status = status_for(rng)
        described = rng.random() < 0.6
        key = f"{event['slug']}-{metric}-{population or 'all'}-{i:07d}"
        rows.append(
            {
                "key": key,
                "event": event["slug"],
                "metric": metric,
                "population": population,
                "low": number(low),
                "high": number(high),
                "best": number(best),
                "qualifier": qualifier,
                "phrase": phrase,
                "period_start": period_start,
                "period_end": period_end,
                "claimant": src["name"],
                "claimant_kind": src["kind"] if described else "",
                "affiliation": src["affiliation"] if described else "",
                "reported_by": reported_by,
                "document": rng.choice(documents)["key"] if rng.random() < 0.3 else "",
                "quote": quote,
                "locator": f"para {rng.randint(1, 60)}" if rng.random() < 0.5 else "",
                "claimed_on": (
                    reduced_date(rng, rng.randint(1988, 2010)) if rng.random() < 0.4 else ""
                ),
                "derived_from": derived_from,
                "supersedes": supersedes,
                "part_of": part_of,
                "status": status,
                "grade": rng.choice(GRADES) if rng.random() < 0.3 else "",
                "notes": rng.choice(NOTES) if rng.random() < 0.1 else "",
            }
        )
        earlier.append(key)
        keys.append(key)
    return rows


def write_bundle(folder: Path, n: int, claims_per_event: int) -> int:
    """The bundle of ``n`` claims in ``folder``; returns the number of events."""
    from claimsdb.interchange import TABLE_COLUMNS

    rng = random.Random(SEED)
    _, sources, documents = vocabulary(random.Random(SEED))  # the 500 sources, 20 documents
    events = _events(rng, max(10, n // claims_per_event))
    tables = {
        "events": events,
        "parties": _parties(),
        "sources": sources,
        "documents": documents,
        "claims": _claims(rng, n, events, sources, documents),
    }
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, rows in tables.items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, TABLE_COLUMNS[name], restval="")
            writer.writeheader()
            writer.writerows(rows)
    return len(events)


def facts_of(db: Path) -> dict[str, int]:
    """What a database holds: claims, events, sources."""
    con = sqlite3.connect(db)
    try:
        return {
            table: int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("claims", "events", "sources")
        }
    finally:
        con.close()


def database(workdir: Path, n: int, claims_per_event: int) -> tuple[Path, dict[str, Any]]:
    """The database of ``n`` claims in ``workdir``: reused when its stamp matches, else built
    with ``claimsdb init`` and ``claimsdb import --create-missing`` of a generated bundle."""
    meta = {
        "generator": GENERATOR_VERSION,
        "seed": SEED,
        "claims": n,
        "claims_per_event": claims_per_event,
    }
    db = workdir / f"report-{n}.db"
    stamp = Path(f"{db}.bench.json")
    if db.exists() and stamp.exists() and json.loads(stamp.read_text())["meta"] == meta:
        log(f"reusing the database of {n:,} claims in the work folder")
        return db, json.loads(stamp.read_text())["built"]
    remove_db(db)
    stamp.unlink(missing_ok=True)
    started = time.perf_counter()
    bundle = workdir / f"bundle-{n}"
    log(f"generating {n:,} claims …")
    write_bundle(bundle, n, claims_per_event)
    generated = time.perf_counter() - started
    init_db(db, workdir)
    log(f"claimsdb import --create-missing of {n:,} claims …")
    done = measure(
        claimsdb_command(f"sqlite:///{db}", "import", "--create-missing", str(bundle)),
        workdir,
        BUILD_TIMEOUT,
        ENV,
    )
    if not done.ok:
        tail = "\n".join(done.err.strip().splitlines()[-15:])
        why = "timed out" if done.timed_out else f"exit {done.code}"
        raise SystemExit(f"claimsdb import of the {n:,}-claim bundle failed ({why}):\n{tail}")
    shutil.rmtree(bundle)
    built = {
        **facts_of(db),
        "generate_seconds": generated,
        "import_seconds": done.seconds,
        "import_rss": done.rss,
    }
    if built["claims"] != n:
        raise SystemExit(f"the database holds {built['claims']:,} claims, not {n:,}")
    stamp.write_text(json.dumps({"meta": meta, "built": built}))
    log(f"built in {time.perf_counter() - started:.1f} s (import {done.seconds:.1f} s)")
    return db, built
