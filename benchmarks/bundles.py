"""The import benchmark's data: seeded claimsdb bundles of N synthetic claims, written as CSV.

``generate`` writes three bundle folders: ``set-a`` (the N claims), ``set-b`` (N disjoint claims
for the append test, half of whose links point at claims of ``set-a``) and ``empty`` (no claims,
for the fixed cost of one import). The same N always gives byte-identical files. Each holds
``events``, ``parties`` (every affiliation the sources name), ``sources``, ``documents`` and
``claims``, their columns written by name from ``claimsdb.interchange.TABLE_COLUMNS``.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import time
from pathlib import Path

from benchmarks.measure import log
from benchmarks.synthetic import (
    GRADES,
    METRICS,
    NOTES,
    POPULATIONS,
    QUALIFIER_MIX,
    VAGUE_PHRASES,
    parties,
    quote_for,
    reduced_date,
    status_for,
    vocabulary,
    weighted,
)
from claimsdb.interchange import TABLE_COLUMNS

GENERATOR_VERSION = 2  # 2: columns by name (claims gained scope), parties.csv
SEED = 20_261_124


def _num(rng: random.Random, n: int) -> str:
    """A number as a source writes it: thousands separators half of the time."""
    return f"{n:,}" if n >= 1000 and rng.random() < 0.5 else str(n)


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
) -> list[dict[str, str]]:
    metrics = weighted(rng, METRICS)
    populations = weighted(rng, POPULATIONS)
    qualifiers = weighted(rng, QUALIFIER_MIX)
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
            period_start = reduced_date(rng, year)
            if rng.random() < 0.5:
                period_end = period_start if rng.random() < 0.5 else f"{year + rng.randint(1, 3)}"
        described = rng.random() < 0.6
        reported_by = ""
        if rng.random() < 0.2:
            other = rng.choice(sources)
            reported_by = other["name"] if other is not src else ""
        quote = quote_for(rng, src["name"], phrase, population, metric, event["name"])
        status = status_for(rng)
        rows.append(
            {  # in interchange order, which is also the order the values are drawn in
                "key": key,
                "event": event["slug"],
                "metric": metric,
                "population": population,
                "scope": "",
                "low": low,
                "high": high,
                "best": best,
                "qualifier": qualifier,
                "phrase": phrase,
                "period_start": period_start,
                "period_end": period_end,
                "claimant": src["name"],
                "claimant_kind": src["kind"] if described else "",
                "affiliation": src["affiliation"] if described else "",
                "reported_by": reported_by,
                "document": rng.choice(documents)["key"] if rng.random() < 0.3 else "",
                "url": "",
                "quote": quote,
                "locator": f"para {rng.randint(1, 60)}" if rng.random() < 0.5 else "",
                "claimed_on": (
                    reduced_date(rng, rng.randint(1988, 2010)) if rng.random() < 0.4 else ""
                ),
                "derived_from": link() if rng.random() < 0.01 else "",
                "supersedes": link() if rng.random() < 0.002 else "",
                "part_of": link() if rng.random() < 0.01 else "",
                "status": status,
                "grade": rng.choice(GRADES) if rng.random() < 0.3 else "",
                "notes": rng.choice(NOTES) if rng.random() < 0.1 else "",
            }
        )
        keys.append(key)
    return rows


def _write_csv(path: Path, table: str, rows: list[dict[str, str]]) -> None:
    """``rows`` of bundle table ``table``, its interchange columns by name (absent ones empty)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, TABLE_COLUMNS[table], restval="")
        writer.writeheader()
        writer.writerows(rows)


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
    events, sources, documents = vocabulary(random.Random(SEED))
    rows_a = _claims(random.Random(SEED + 1), n, "a", events, sources, documents, None)
    keys_a = [r["key"] for r in rows_a]
    names = {
        "events": events,
        "parties": parties(sources),
        "sources": sources,
        "documents": documents,
    }

    def write(folder: Path, claims: list[dict[str, str]]) -> None:
        for table, rows in (*names.items(), ("claims", claims)):
            _write_csv(folder / f"{table}.csv", table, rows)

    write(a, rows_a)
    write(empty, [])
    del rows_a
    rows_b = _claims(random.Random(SEED + 2), n, "b", events, sources, documents, keys_a)
    write(b, rows_b)
    del rows_b
    stamp.write_text(json.dumps(meta))
    size = (a / "claims.csv").stat().st_size
    log(f"generated in {time.perf_counter() - started:.1f} s; claims.csv is {size / 1e6:.0f} MB")
    return a, b, empty
