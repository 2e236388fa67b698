"""The analysis benchmark's database: N synthetic claims in G event x metric x population groups.

``claimsdb init`` makes the file; the rows go straight in through ``sqlite3.executemany`` in one
transaction with ``foreign_keys = ON``, so every CHECK and foreign key of the schema is enforced.
Sources, the parties their affiliations name, documents, vocabularies and date helpers are the
import benchmark's (``synthetic``).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import log
from benchmarks.storage import (
    BATCH_AT,
    INSERT_CLAIM,
    INSERT_EVENT,
    INSERT_EVENT_NAME,
    INSERT_SOURCE_NAME,
    begin,
    claim_columns,
    init_db,
    insert_batch,
    insert_document,
    insert_party,
    insert_source,
    remove_db,
)
from benchmarks.synthetic import (
    FILLER,
    GRADES,
    METRICS,
    NOTES,
    PLACES,
    POPULATIONS,
    QUALIFIER_MIX,
    event_shape,
    parties,
    reduced,
    reduced_date,
    said,
    vocabulary,
    weighted,
)

GENERATOR_VERSION = 2  # 2: the parties the sources name, claims.scope
SEED = 20_261_201


def _vague_keys() -> list[tuple[str, float, float]]:
    from claimsdb.vocabulary import VAGUE

    return [(k, lo, math.inf if hi is None else hi) for k, (lo, hi) in VAGUE.items()]


def _figure_near(
    rng: random.Random, qualifier: str, base: float, vague: list[tuple[str, float, float]]
) -> tuple[float | None, float | None, float | None, str | None, str]:
    """(low, high, best, vague key, phrase) near the group's ``base``, in the stored shape the
    ``figure_shape`` and ``vague_key`` constraints demand. Figures of one group scatter around one
    value, so groups have overlaps, consensus intervals and dissenters."""
    n = max(1, round(base * rng.uniform(0.7, 1.3)))
    if qualifier == "exact":
        return None, None, float(n), None, f"{n}"
    if qualifier == "range":
        hi = n + max(1, round(n * rng.uniform(0.1, 0.6)))
        return float(n), float(hi), None, None, f"{n} to {hi}"
    if qualifier in ("at_least", "more_than"):
        lo = max(1, round(n * rng.uniform(0.5, 1.0)))
        return (
            float(lo),
            None,
            None,
            None,
            f"{'at least' if qualifier == 'at_least' else 'over'} {lo}",
        )
    if qualifier in ("at_most", "less_than"):
        hi = round(n * rng.uniform(1.0, 1.5))
        return None, float(hi), None, None, f"{'up to' if qualifier == 'at_most' else 'under'} {hi}"
    if qualifier in ("approximately", "nearly"):
        return (
            None,
            None,
            float(n),
            None,
            f"{'about' if qualifier == 'approximately' else 'nearly'} {n}",
        )
    fits = [k for k, lo, hi in vague if lo <= n <= hi]
    key = rng.choice(fits) if fits else "many"
    return None, None, None, key, key


def build(db: Path, workdir: Path, n_claims: int, n_groups: int) -> dict[str, Any]:
    """``claimsdb init`` DB, then events, names, parties, sources, documents, one batch and the
    claims."""
    from claimsdb.names import fold

    started = time.perf_counter()
    init_db(db, workdir)
    rng = random.Random(SEED)
    _, sources, documents = vocabulary(random.Random(SEED))  # the import's 500 sources, 20 docs
    con = begin(db)
    claim_columns(con)
    metric_names = [m for m, _ in METRICS]  # all in the metrics table `claimsdb init` fills
    metric_id = dict(con.execute("SELECT name, id FROM metrics"))
    populations = [p for p, _ in POPULATIONS]
    per_event = len(metric_names) * len(populations)
    n_events = math.ceil(n_groups / per_event)

    events: list[tuple[Any, str, tuple[Any, ...]]] = []  # (id, slug, period columns)
    names = []
    for i in range(n_events):
        place, kind, year, start_text, end_text = event_shape(rng, i)
        start, end = reduced(start_text), reduced(end_text)
        assert start and end
        period = (start[0], end[1], start[2], end[2])
        slug, name = f"{place.lower()}-{kind}-{year}-{i:05d}", f"{place} {kind} of {year} ({i})"
        parent = None if i < len(PLACES) else 1 + i % len(PLACES)
        cur = con.execute(
            INSERT_EVENT,
            (slug, name, parent, *period, f"{place}, Nagorno-Karabakh", f"Synthetic event {i}."),
        )
        events.append((cur.lastrowid, slug, period))
        names += [
            (cur.lastrowid, slug, fold(slug), "slug"),
            (cur.lastrowid, name, fold(name), "name"),
        ]
    con.executemany(INSERT_EVENT_NAME, names)

    for party in parties(sources):  # before the sources: a trigger refuses an unknown affiliation
        insert_party(con, party)
    source_ids, names = [], []
    for src in sources:
        source_id = insert_source(con, src)
        source_ids.append((source_id, src["name"]))
        names.append((source_id, src["name"], fold(src["name"]), "name"))
    con.executemany(INSERT_SOURCE_NAME, names)
    document_ids = [insert_document(con, doc) for doc in documents]
    batch = insert_batch(con, "bench_analysis synthetic data")
    con.execute(
        "INSERT INTO revisions (at, actor, table_name, row_id, row_key, action, batch_id)"
        " VALUES (?,?,?,?,?,?,?)",
        (BATCH_AT, "bench", "batches", batch, str(batch), "import", batch),
    )

    qualifiers = weighted(rng, QUALIFIER_MIX)
    vague = _vague_keys()
    # Each event hears from a pool of 30 sources, so a claimant often speaks twice in a group.
    pools = [rng.sample(source_ids, 30) for _ in range(n_events)]
    bases = [10 ** rng.uniform(0.5, 5.5) for _ in range(n_groups)]
    in_group: list[list[int]] = [[] for _ in range(n_groups)]
    superseded: list[int] = []

    def claims() -> Any:
        for i in range(n_claims):
            claim_id = i + 1
            g = i if i < n_groups else rng.randrange(n_groups)  # every group gets a claim
            e, rest = divmod(g, per_event)
            metric, population = (
                metric_names[rest // len(populations)],
                populations[rest % len(populations)],
            )
            event_id, slug, period = events[e]
            qualifier = rng.choice(qualifiers)
            low, high, best, vague_key, phrase = _figure_near(rng, qualifier, bases[g], vague)
            claimant_id, claimant = rng.choice(pools[e])
            earlier = in_group[g]
            derived = supersedes = part_of = None
            r = rng.random()
            if r < 0.02 and i:  # a repeat: mostly of a claim in the same group
                derived = rng.choice(earlier) if earlier and r < 0.016 else rng.randint(1, i)
            elif r < 0.022 and earlier:
                supersedes = rng.choice(earlier)
                superseded.append(supersedes)
            elif r < 0.027 and earlier:
                part_of = rng.choice(earlier)
            s = rng.random()
            status = (
                "active" if s < 0.94 else "superseded" if s < 0.96
                else "discounted" if s < 0.98 else "retracted"
            )  # fmt: skip
            claimed_on = reduced_date(rng, rng.randint(1988, 2010)) if rng.random() < 0.4 else ""
            quote = said(claimant, phrase, population, metric)
            while len(quote) < 100:
                quote += " " + FILLER[i % len(FILLER)]
            reporter = rng.choice(source_ids)[0] if rng.random() < 0.15 else None
            earlier.append(claim_id)
            yield (  # in the order of storage.CLAIM_DB_COLUMNS
                claim_id,
                f"{slug}-{metric}-{population or 'all'}-{claim_id:07d}",
                event_id,
                metric_id[metric],
                population,
                "",  # scope
                low,
                high,
                best,
                qualifier,
                vague_key,
                phrase,
                *(period if rng.random() < 0.4 else (None, None, None, None)),
                claimant_id,
                reporter if reporter != claimant_id else None,
                rng.choice(document_ids) if rng.random() < 0.3 else None,
                quote[:150],
                f"para {1 + i % 60}" if i % 2 else None,
                *(reduced(claimed_on) or (None, None, None)),
                derived,
                supersedes,
                part_of,
                status,
                GRADES[i % 4] if i % 3 == 0 else None,
                NOTES[i % len(NOTES)] if i % 10 == 0 else None,
                batch,
            )

    con.executemany(INSERT_CLAIM, claims())
    # As claimsdb's loader does: a claim another claim supersedes is marked superseded.
    con.executemany(
        "UPDATE claims SET status = 'superseded' WHERE id = ? AND status = 'active'",
        [(c,) for c in superseded],
    )
    con.execute("COMMIT")
    con.close()
    return {"events": n_events, "seconds": time.perf_counter() - started}


def database(args: argparse.Namespace, workdir: Path) -> tuple[Path, dict[str, Any]]:
    """The database to measure: ``--keep DB`` reused when it was built with the same settings."""
    meta = {
        "generator": GENERATOR_VERSION,
        "seed": SEED,
        "claims": args.claims,
        "groups": args.groups,
    }
    db = args.keep.resolve() if args.keep else workdir / "analysis.db"
    stamp = Path(f"{db}.bench.json")
    if db.exists() and stamp.exists() and json.loads(stamp.read_text())["meta"] == meta:
        log("reusing the database from --keep")
        return db, json.loads(stamp.read_text())["built"]
    remove_db(db)
    stamp.unlink(missing_ok=True)
    log(f"building {args.claims:,} claims in {args.groups:,} groups …")
    built = build(db, workdir, args.claims, args.groups)
    log(f"built in {built['seconds']:.1f} s ({db.stat().st_size / 1e6:.0f} MB)")
    if args.keep:
        stamp.write_text(json.dumps({"meta": meta, "built": built}))
    return db, built
