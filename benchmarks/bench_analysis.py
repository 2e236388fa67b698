#!/usr/bin/env python3
"""Analysis benchmark: ``compare``/``check`` for one event and ``reconcile`` over every group.

Builds a synthetic SQLite database (``claimsdb init``, then ``sqlite3.executemany`` straight into
the schema: N claims in G groups of event x metric x population), then measures, each as the
median of ``--runs`` runs:

1. ``claimsdb.compare(EVENT)`` and ``claimsdb.check(EVENT, METRIC, VALUE)``: time spent in SQL
   (summed by SQLAlchemy ``before/after_cursor_execute`` hooks, which stop before rows are
   fetched and miss what runs on the driver's cursor; so every statement SQLite's trace
   callback saw is also replayed through ``sqlite3`` with a full
   ``fetchall``) and the wall time of the call. Target: under 50 ms of SQL.
2. ``claimsdb.reconcile()`` over every group, all methods, against a bare
   ``SELECT event_id, metric_id, population, count(*), min(best), max(best) FROM claims
   GROUP BY event_id, metric_id, population`` (all rows fetched) over the same file in the same
   child process. Target: reconcile within 5x of the bare query; peak RSS under 1.5 GB.
3. A cProfile of one reconcile: the functions called most often, and the largest call count of
   any claimsdb or pandas function relative to the number of groups (target: below 1, i.e. no
   function runs once per group or per claim).

Every measurement runs in a child process (``--worker``) with claimsdb, SQLAlchemy and pandas
imported before the clock starts. Peak RSS is the child's own ``VmHWM`` (see ``bench_import``).

Usage: python benchmarks/bench_analysis.py [--claims N] [--groups G] [--runs R] [--keep DB]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The sibling benchmark: its generator pieces and child-process measuring are reused.
from bench_import import (
    EVENT_KINDS,
    FILLER,
    METRIC_VERBS,
    METRICS,
    NOTES,
    PLACES,
    POPULATIONS,
    QUALIFIER_MIX,
    _reduced_date,
    _vocabulary,
    _weighted,
    init_db,
    log,
    measure,
    reduced,
    remove_db,
    source_state,
)

GENERATOR_VERSION = 1
SEED = 20_261_201
GB = 10**9
TARGET_QUERY_MS = 50.0
TARGET_RATIO = 5.0
TARGET_RSS = 1.5 * GB
CHECK_METRIC = "killed"
CHECK_VALUE = 613
BASELINE_SQL = (
    "SELECT event_id, metric_id, population, count(*), min(best), max(best) FROM claims"
    " GROUP BY event_id, metric_id, population"
)
CLAIM_COLUMNS = (
    "id", "key", "event_id", "metric_id", "population", "low", "high", "best", "qualifier",
    "vague", "phrase", "period_first", "period_last", "period_start_precision",
    "period_end_precision", "claimant_id", "reported_by_id", "document_id", "quote", "locator",
    "claimed_first", "claimed_last", "claimed_precision", "derived_from_id", "supersedes_id",
    "part_of_id", "status", "grade", "notes", "batch_id",
)  # fmt: skip
INSERT_CLAIM = (
    f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)})"
    f" VALUES ({', '.join('?' for _ in CLAIM_COLUMNS)})"
)

# ============================================================================ the database


def _vague_keys() -> list[tuple[str, float, float]]:
    from claimsdb.figures import VAGUE

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
    """``claimsdb init`` DB, then events, names, sources, documents, one batch and the claims."""
    from claimsdb.names import fold

    started = time.perf_counter()
    init_db(db, workdir)
    rng = random.Random(SEED)
    _, sources, documents = _vocabulary(random.Random(SEED))  # bench_import's 500 sources, 20 docs
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("BEGIN IMMEDIATE")
    metric_names = [m for m, _ in METRICS]  # all in the metrics table `claimsdb init` fills
    metric_id = dict(con.execute("SELECT name, id FROM metrics"))
    populations = [p for p, _ in POPULATIONS]
    per_event = len(metric_names) * len(populations)
    n_events = math.ceil(n_groups / per_event)

    events: list[tuple[int, str, tuple[Any, ...]]] = []  # (id, slug, period columns)
    names = []
    for i in range(n_events):
        place, kind = PLACES[i % len(PLACES)], EVENT_KINDS[(i // len(PLACES)) % len(EVENT_KINDS)]
        year = rng.randint(1988, 1994)
        start = reduced(_reduced_date(rng, year))
        end = start if rng.random() < 0.5 else reduced(_reduced_date(rng, year + rng.randint(1, 2)))
        assert start and end
        period = (start[0], end[1], start[2], end[2])
        slug, name = f"{place.lower()}-{kind}-{year}-{i:05d}", f"{place} {kind} of {year} ({i})"
        parent = None if i < len(PLACES) else 1 + i % len(PLACES)
        cur = con.execute(
            "INSERT INTO events (slug, name, parent_id, period_first, period_last,"
            " period_start_precision, period_end_precision, place, description)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (slug, name, parent, *period, f"{place}, Nagorno-Karabakh", f"Synthetic event {i}."),
        )
        events.append((cur.lastrowid, slug, period))
        names += [
            (cur.lastrowid, slug, fold(slug), "slug"),
            (cur.lastrowid, name, fold(name), "name"),
        ]
    con.executemany(
        "INSERT INTO event_names (event_id, name, folded, kind) VALUES (?,?,?,?)", names
    )

    source_ids, names = [], []
    for src in sources:
        cur = con.execute(
            "INSERT INTO sources (name, kind, affiliation, description) VALUES (?,?,?,?)",
            (src["name"], src["kind"], src["affiliation"] or None, src["description"]),
        )
        source_ids.append((cur.lastrowid, src["name"]))
        names.append((cur.lastrowid, src["name"], fold(src["name"]), "name"))
    con.executemany(
        "INSERT INTO source_names (source_id, name, folded, kind) VALUES (?,?,?,?)", names
    )
    document_ids = []
    for doc in documents:
        published = reduced(doc["published_on"]) or (None, None, None)
        cur = con.execute(
            "INSERT INTO documents (key, title, publisher, published_first, published_last,"
            " published_precision, url, citation, licence) VALUES (?,?,?,?,?,?,?,?,?)",
            (doc["key"], doc["title"], doc["publisher"], *published, doc["url"],
             doc["citation"], doc["licence"]),
        )  # fmt: skip
        document_ids.append(cur.lastrowid)
    at = "2026-01-01 00:00:00.000000+00:00"
    batch = con.execute(
        "INSERT INTO batches (at, actor, kind, origin, summary) VALUES (?,?,?,?,?)",
        (at, "bench", "import", "bench_analysis synthetic data", "{}"),
    ).lastrowid
    con.execute(
        "INSERT INTO revisions (at, actor, table_name, row_id, row_key, action, batch_id)"
        " VALUES (?,?,?,?,?,?,?)",
        (at, "bench", "batches", batch, str(batch), "import", batch),
    )

    qualifiers = _weighted(rng, QUALIFIER_MIX)
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
            claimed = (
                reduced(_reduced_date(rng, rng.randint(1988, 2010)))
                if rng.random() < 0.4
                else (None, None, None)
            )
            quote = f"{claimant} said that {phrase} {population or 'people'} {METRIC_VERBS[metric]}"
            while len(quote) < 100:
                quote += " " + FILLER[i % len(FILLER)]
            reporter = rng.choice(source_ids)[0] if rng.random() < 0.15 else None
            earlier.append(claim_id)
            yield (
                claim_id,
                f"{slug}-{metric}-{population or 'all'}-{claim_id:07d}",
                event_id,
                metric_id[metric],
                population,
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
                *claimed,
                derived,
                supersedes,
                part_of,
                status,
                ("confirmed", "fair", "weak", "contested")[i % 4] if i % 3 == 0 else None,
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


# ============================================================================ workers (children)


def _vmhwm() -> int | None:
    """This process's own peak RSS (Linux ``VmHWM``) in bytes; else ``ru_maxrss``."""
    try:
        with open("/proc/self/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _preload() -> Any:
    """Import everything the timed calls import lazily, so no run pays for imports."""
    import numpy  # noqa: F401
    import pandas  # noqa: F401

    import claimsdb.analysis.check
    import claimsdb.analysis.explain
    import claimsdb.analysis.reconcile
    import claimsdb.analysis.scope
    import claimsdb.read.claims
    import claimsdb.read.frame
    import claimsdb.services.analyse
    import claimsdb.store.engine
    from claimsdb.services.database import connect

    return claimsdb.services.analyse, connect


def _baseline(path: str) -> tuple[float, int]:
    con = sqlite3.connect(path)
    try:
        started = time.perf_counter()
        rows = con.execute(BASELINE_SQL).fetchall()
        return time.perf_counter() - started, len(rows)
    finally:
        con.close()


def worker_point(args: argparse.Namespace) -> dict[str, Any]:
    """compare(EVENT) and check(EVENT, METRIC, VALUE): SQL time, SQL time with fetch, wall."""
    from sqlalchemy import event as sa_event

    analyse, connect = _preload()
    engine = connect(args.db)
    captured: list[tuple[str, Any]] = []
    spent = [0.0]

    @sa_event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool):
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    @sa_event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool):
        spent[0] += time.perf_counter() - conn.info["bench_started"].pop()
        captured.append((statement, params))

    # SQLite's own trace also sees what claimsdb runs on the driver's cursor directly (the bulk
    # read of the claims frame), with parameters filled in: that list is what gets replayed.
    traced: list[str] = []

    @sa_event.listens_for(engine, "checkout")
    def _trace(dbapi_connection: Any, *_: Any) -> None:
        dbapi_connection.set_trace_callback(traced.append)

    raw = sqlite3.connect(args.db)
    calls = {
        "compare": lambda: analyse.compare(args.event, db=engine),
        "check": lambda: analyse.check(args.event, CHECK_METRIC, CHECK_VALUE, db=engine),
    }
    out: dict[str, Any] = {}
    for name, call in calls.items():
        call()  # warm-up: first-call costs (caches, page cache) are not what is measured
        runs = []
        for _ in range(args.runs):
            captured.clear()
            traced.clear()
            spent[0] = 0.0
            started = time.perf_counter()
            result = call()
            wall = time.perf_counter() - started
            statements = [
                (s, ()) for s in traced if s.strip().upper().startswith(("SELECT", "WITH"))
            ]
            replay = 0.0
            for statement, params in statements:
                t = time.perf_counter()
                raw.execute(statement, params).fetchall()
                replay += time.perf_counter() - t
            runs.append({"sql": spent[0], "sql_fetch": replay, "wall": wall})
        plans = []
        for statement, params in statements:
            if " claims" in statement.split("WHERE")[0]:
                plan = raw.execute(f"EXPLAIN QUERY PLAN {statement}", params).fetchall()
                plans.append(" / ".join(row[-1] for row in plan if "claims" in row[-1]))
        size = (
            {"groups": len(result.groups), "claims": len(result.claims)}
            if name == "compare"
            else {"groups": len(result.verdicts)}
        )
        out[name] = {"runs": runs, "statements": len(statements), "plans": plans, **size}
    return out


STAGES = (
    "load: claims_frame",
    "  SQL + rows -> frame (_records)",
    "  derived_from context (_ancestors)",
    "  names as categoricals (_named)",
    "compute: analysis.reconcile",
    "compute: periods as written (_groups)",
    "compute: method_table",
)


def _stage_timers() -> tuple[dict[str, float], dict[str, int | None]]:
    """Wrap the stages of ``claimsdb.reconcile`` with timers (in this child only); also record
    the peak RSS so far at the end of each stage (VmHWM only grows: the stage that raises it
    most is where the peak is)."""
    import functools

    import claimsdb.analysis.explain as explain
    import claimsdb.analysis.reconcile as reconcile
    import claimsdb.read.frame as frames
    import claimsdb.services.analyse as analyse

    spent: dict[str, float] = {}
    peak: dict[str, int | None] = {}

    def wrap(module: Any, name: str, label: str) -> None:
        original = getattr(module, name)

        @functools.wraps(original)
        def timed(*a: Any, **k: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started
                peak[label] = _vmhwm()

        setattr(module, name, timed)

    for (module, name), label in zip(
        [(frames, "claims_frame"), (frames, "_records"), (frames, "_ancestors"),
         (frames, "_named"), (reconcile, "reconcile"), (analyse, "_groups"),
         (explain, "method_table")],
        STAGES,
        strict=True,
    ):  # fmt: skip
        wrap(module, name, label)
    return spent, peak


def worker_reconcile(args: argparse.Namespace) -> dict[str, Any]:
    """One run: the bare GROUP BY, then reconcile over every group, then this child's peak RSS."""
    analyse, connect = _preload()
    engine = connect(args.db)
    _baseline(args.db)  # warm the page cache for both
    baseline, groups_sql = _baseline(args.db)
    rss_before = _vmhwm()
    spent, peak = _stage_timers()
    started = time.perf_counter()
    result = analyse.reconcile(db=engine)
    seconds = time.perf_counter() - started
    return {
        "baseline": baseline,
        "groups_sql": groups_sql,
        "reconcile": seconds,
        "stages": spent,
        "stage_rss": peak,
        "groups": int(result.groups["group"].nunique()),
        "rows": len(result.table),
        "claims": len(result.result.roles),
        "rss_before": rss_before,
        "rss": _vmhwm(),
    }


def _where(filename: str) -> str:
    for marker in ("site-packages/", "/src/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def worker_profile(args: argparse.Namespace) -> dict[str, Any]:
    """Where the time of one reconcile goes: a split of loading, then a cProfile."""
    import cProfile
    import pstats

    import pandas as pd

    analyse, connect = _preload()
    from claimsdb.analysis.explain import method_table
    from claimsdb.analysis.reconcile import reconcile as run
    from claimsdb.read.frame import _select, claims_frame
    from claimsdb.store.engine import reading

    engine = connect(args.db)
    _baseline(args.db)
    split: dict[str, float] = {}

    def timed(label: str, call: Any, *a: Any, **k: Any) -> Any:
        started = time.perf_counter()
        value = call(*a, **k)
        split[label] = time.perf_counter() - started
        return value

    def by_columns(rows: list[Any], columns: list[str]) -> pd.DataFrame:
        return pd.DataFrame(dict(zip(columns, zip(*rows, strict=True), strict=True)))

    def as_tuples(rows: list[Any], columns: list[str]) -> pd.DataFrame:
        return pd.DataFrame.from_records([tuple(r) for r in rows], columns=columns)

    columns = list(_select().selected_columns.keys())
    from_records = pd.DataFrame.from_records
    with reading(engine) as conn:
        statement = str(_select().compile(conn, compile_kwargs={"literal_binds": True}))
        cursor = sqlite3.connect(args.db).cursor()
        rows = timed("sqlite3: frame query, execute + fetchall", cursor.execute(statement).fetchall)
        timed("  + DataFrame.from_records(tuples)", from_records, rows, columns=columns)
        timed("  + columns by zip(*rows), DataFrame(dict)", by_columns, rows, columns)
        rows = timed("SQLAlchemy: same query, execute + fetchall", conn.execute(_select()).fetchall)
        timed("  + DataFrame.from_records(Rows) (as _records)", from_records, rows, columns=columns)
        timed("  + [tuple(r)], DataFrame.from_records", as_tuples, rows, columns)
        del rows
        frame = timed("claims_frame (all of loading, as reconcile)", claims_frame, conn)
    result = timed("analysis.reconcile(frame)", run, frame)
    timed("_groups(frame, result) (periods as written)", analyse._groups, frame, result)
    timed("method_table(result)", method_table, result)
    del frame, result

    profile = cProfile.Profile()
    profile.enable()
    result = analyse.reconcile(db=engine)
    profile.disable()
    groups = int(result.groups["group"].nunique())
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    table = []
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.items():
        where = f"{_where(filename)}:{line}({func})" if filename != "~" else func
        ours = any(m in filename for m in ("/claimsdb/", "/pandas/"))
        library = ours or any(m in filename for m in ("/numpy/", "/sqlalchemy/"))
        table.append((ncalls, tottime, cumtime, where, ours, library))
    table.sort(key=lambda r: -r[0])
    ours = [r for r in table if r[4]]
    by_cumtime = sorted((r for r in table if r[4]), key=lambda r: -r[2])
    return {
        "groups": groups,
        "claims": len(result.result.roles),
        "split": split,
        "top": [r[:4] for r in table[: args.top]],
        "top_cumtime": [r[:4] for r in by_cumtime[: args.top]],
        "max_ours": ours[0][:4] if ours else None,
        "max_library": next((r[:4] for r in table if r[5]), None),
        "max_any": table[0][:4] if table else None,
    }


WORKERS = {"point": worker_point, "reconcile": worker_reconcile, "profile": worker_profile}


def run_worker(args: argparse.Namespace) -> int:
    print(json.dumps(WORKERS[args.worker](args)))
    return 0


# ============================================================================ the parent


def child(args: argparse.Namespace, workdir: Path, db: Path, worker: str, *extra: str) -> Any:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", worker, "--db", str(db)]
    cmd += ["--runs", str(args.runs), "--top", str(args.top), *extra]
    m = measure(cmd, workdir, args.timeout)
    if not m.ok:
        tail = m.err.strip().splitlines()[-15:]
        raise SystemExit(
            f"worker {worker} failed ({'timed out' if m.timed_out else f'exit {m.code}'}):\n"
            + "\n".join(tail)
        )
    data = json.loads(m.out.strip().splitlines()[-1])
    data["_polled_rss"] = m.rss
    data["_seconds"] = m.seconds
    return data


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:,.2f} s"


def _all(values: list[float], fmt: Any) -> str:
    return ", ".join(fmt(v) for v in values)


def _mib(b: int | None) -> str:
    return "n/a" if b is None else f"{b / 2**20:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time compare/check for one event and reconcile over every group."
    )
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims (default 1,000,000)")
    parser.add_argument(
        "--groups", type=int, help="event x metric x population groups (default: claims / 10)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs; medians are shown (default 3)")
    parser.add_argument(
        "--keep", type=Path, metavar="DB", help="build the database at DB and keep it; reused "
        "when it exists and was built with the same --claims and --groups"
    )  # fmt: skip
    parser.add_argument("--timeout", type=float, default=900, help="per-child limit (s), 900")
    parser.add_argument("--top", type=int, default=15, help="profile rows to show (default 15)")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile run")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--event", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return run_worker(args)
    args.groups = args.groups or max(1, args.claims // 10)
    if args.groups > args.claims:
        parser.error("--groups cannot exceed --claims (every group needs a claim)")

    state_at_start = source_state()
    with tempfile.TemporaryDirectory(prefix="claimsdb-bench-analysis-") as tmp:
        workdir = Path(tmp)
        db, built = database(args, workdir)
        con = sqlite3.connect(db)
        n_claims = con.execute("SELECT count(*) FROM claims").fetchone()[0]
        n_groups = con.execute(
            "SELECT count(*) FROM (SELECT 1 FROM claims GROUP BY event_id, metric_id, population)"
        ).fetchone()[0]
        n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        event_id = 1 + n_events // 2
        slug = con.execute(
            "SELECT slug FROM events WHERE id = ?",
            (event_id,),
        ).fetchone()[0]
        con.close()
        size = db.stat().st_size
        log(f"{n_claims:,} claims, {n_groups:,} groups, {n_events:,} events; event {slug}")

        log("compare / check …")
        point = child(args, workdir, db, "point", "--event", slug)
        recs = []
        for run in range(1, args.runs + 1):
            log(f"reconcile run {run}/{args.runs} …")
            recs.append(child(args, workdir, db, "reconcile"))
            log(f"  reconcile {_s(recs[-1]['reconcile'])}, GROUP BY {_s(recs[-1]['baseline'])}")
        prof = None
        if not args.no_profile:
            log("profile …")
            prof = child(args, workdir, db, "profile")
        if not args.keep:
            remove_db(db)

    med = statistics.median
    ok: dict[str, bool] = {}
    print(
        f"\nclaimsdb analysis benchmark: {n_claims:,} claims in {n_groups:,} groups "
        f"(event x metric x population), {n_events:,} events; SQLite file {size / 1e6:,.0f} MB "
        f"(built in {built['seconds']:.0f} s); medians of {args.runs} runs"
    )
    print()
    rows: list[tuple[str, str, str]] = []
    for name in ("compare", "check"):
        p = point[name]
        what = (
            f"{name}({slug!r})"
            if name == "compare"
            else f"check({slug!r}, {CHECK_METRIC!r}, {CHECK_VALUE})"
        )
        size_note = f"{p['groups']} groups" + (f", {p['claims']} claims" if "claims" in p else "")
        rows.append((f"{what}: {p['statements']} statements, {size_note}", "", ""))
        for key, label in (
            ("sql", "  SQL, execute hooks"),
            ("sql_fetch", "  SQL, replayed with fetchall"),
            ("wall", "  wall time of the call"),
        ):
            values = [r[key] for r in p["runs"]]
            rows.append((label, _ms(med(values)), _all(values, _ms)))
        sql = max(med([r["sql"] for r in p["runs"]]), med([r["sql_fetch"] for r in p["runs"]]))
        ok[f"{name}: SQL < {TARGET_QUERY_MS:.0f} ms"] = sql * 1000 < TARGET_QUERY_MS
    base = [r["baseline"] for r in recs]
    rec = [r["reconcile"] for r in recs]
    ratio = med(rec) / med(base)
    rows.append(
        ("bare GROUP BY (fetchall), same child, before reconcile", _s(med(base)), _all(base, _s))
    )
    rows.append(
        (
            f"reconcile() over every group ({recs[0]['groups']:,} groups, "
            f"{recs[0]['rows']:,} rows)",
            _s(med(rec)),
            _all(rec, _s),
        )
    )
    for stage in STAGES:
        values = [r["stages"].get(stage, 0.0) for r in recs]
        rows.append((f"  {stage}", _s(med(values)), _all(values, _s)))
    rows.append(
        (
            "reconcile / GROUP BY (ratio of medians)",
            f"{ratio:.1f}x",
            _all([r["reconcile"] / r["baseline"] for r in recs], lambda v: f"{v:.1f}x"),
        )
    )
    rss = max(r["rss"] or 0 for r in recs)
    polled = max(r["_polled_rss"] or 0 for r in recs)
    rows.append(
        (
            "peak RSS of the reconcile child (own VmHWM)",
            _mib(rss),
            f"before reconcile {_mib(max(r['rss_before'] or 0 for r in recs))}; "
            f"polled {_mib(polled)}",
        )
    )
    ok[f"reconcile <= {TARGET_RATIO:.0f}x GROUP BY"] = ratio <= TARGET_RATIO
    ok[f"reconcile peak RSS < {TARGET_RSS / GB:.1f} GB"] = rss < TARGET_RSS
    width = max(len(r[0]) for r in rows) + 2
    print(f"{'measure':<{width}}{'median':>12}   every run")
    for label, median, every in rows:
        print(f"{label:<{width}}{median:>12}   {every}")
    print("\npeak RSS so far at the end of each reconcile stage (max over runs):")
    for stage in STAGES:
        values = [r["stage_rss"].get(stage) or 0 for r in recs]
        print(f"  {stage:<44}{_mib(max(values)):>12}")

    if prof:
        print(
            f"\ncProfile of one reconcile() ({prof['groups']:,} groups, {prof['claims']:,} claims)"
        )
        print("\nloading vs computing, timed one step at a time (no profiler):")
        for label, seconds in prof["split"].items():
            print(f"  {label:<48}{_s(seconds):>10}")
        print(f"\ntop {args.top} functions by call count:")
        print(f"  {'ncalls':>10} {'tottime':>9} {'cumtime':>9}  function")
        for ncalls, tottime, cumtime, where in prof["top"]:
            print(f"  {ncalls:>10,} {tottime:>9.3f} {cumtime:>9.3f}  {where}")
        print(f"\ntop {args.top} claimsdb/pandas functions by cumulative time:")
        for ncalls, tottime, cumtime, where in prof["top_cumtime"]:
            print(f"  {ncalls:>10,} {tottime:>9.3f} {cumtime:>9.3f}  {where}")
        most = prof["max_ours"]
        calls = most[0] if most else 0
        per_group = calls / prof["groups"]
        print(
            f"\nmost-called claimsdb/pandas function: {calls:,} calls = {per_group:.3f} per group"
            f" ({most[3] if most else '-'})"
        )
        if prof["max_library"]:
            lib = prof["max_library"]
            print(
                f"most-called claimsdb/pandas/numpy/SQLAlchemy function: {lib[0]:,} calls = "
                f"{lib[0] / prof['groups']:.3f} per group ({lib[3]})"
            )
        if prof["max_any"]:
            print(
                f"most-called function of any kind:     {prof['max_any'][0]:,} calls = "
                f"{prof['max_any'][0] / prof['groups']:.3f} per group ({prof['max_any'][3]})"
            )
        ok["no claimsdb/pandas function called once per group"] = per_group < 1

    print("\ncompare/check statements on claims (EXPLAIN QUERY PLAN at this size):")
    for name in ("compare", "check"):
        for plan in point[name]["plans"]:
            print(f"  {name}: {plan}")
    print("\nenvironment")
    print(f"  claimsdb at {state_at_start}")
    print(
        f"  python {platform.python_version()}, sqlite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} cpus ({platform.machine()})"
    )
    from importlib.metadata import version

    print(
        f"  SQLAlchemy {version('SQLAlchemy')}, pandas {version('pandas')}, "
        f"numpy {version('numpy')}"
    )
    if source_state() != state_at_start:
        print("  WARNING: the claimsdb sources changed while the benchmark ran")
    print("\ntargets")
    for target, passed in ok.items():
        print(f"  {'PASS' if passed else 'FAIL'}  {target}")
    return 0 if all(ok.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
