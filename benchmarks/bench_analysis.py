#!/usr/bin/env python3
"""Analysis benchmark: ``compare``/``check`` for one event and ``reconcile`` over every group.

Builds a synthetic SQLite database (``claimsdb init``, then ``sqlite3.executemany`` straight into
the schema: N claims in G groups of event x metric x population; see ``analysis_data``), then
measures, each as the median of ``--runs`` runs:

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

Every measurement runs in a child process (``--worker``; see ``analysis_workers``) with claimsdb,
SQLAlchemy and pandas imported before the clock starts. Peak RSS is the child's own ``VmHWM``
(see ``measure``). The report is ``analysis_report``'s.

Usage: python benchmarks/bench_analysis.py [--claims N] [--groups G] [--runs R] [--keep DB]
(from any folder; ``python -m benchmarks.bench_analysis`` from the repository root works too)
"""

from __future__ import annotations

import sys
from pathlib import Path

if not __package__:  # run as a file: import the benchmarks package from the repository root
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse
import sqlite3
import tempfile
from typing import Any

from benchmarks.analysis_data import database
from benchmarks.analysis_report import report
from benchmarks.analysis_workers import run_worker
from benchmarks.environment import source_state
from benchmarks.measure import add_worker_options, log, measure, worker_command
from benchmarks.storage import remove_db


def child(args: argparse.Namespace, workdir: Path, db: Path, worker: str, *extra: str) -> Any:
    extra = ("--runs", str(args.runs), "--top", str(args.top), *extra)
    m = measure(worker_command("bench_analysis.py", worker, db, *extra), workdir, args.timeout)
    if not m.ok:
        tail = m.err.strip().splitlines()[-15:]
        raise SystemExit(
            f"worker {worker} failed ({'timed out' if m.timed_out else f'exit {m.code}'}):\n"
            + "\n".join(tail)
        )
    data = m.result()
    data["_polled_rss"] = m.rss
    data["_seconds"] = m.seconds
    return data


def facts_of(db: Path) -> dict[str, Any]:
    """What the database holds, and the event ``compare`` and ``check`` look at (the middle)."""
    con = sqlite3.connect(db)
    n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    facts = {
        "claims": con.execute("SELECT count(*) FROM claims").fetchone()[0],
        "groups": con.execute(
            "SELECT count(*) FROM (SELECT 1 FROM claims GROUP BY event_id, metric_id, population)"
        ).fetchone()[0],
        "events": n_events,
        "slug": con.execute(
            "SELECT slug FROM events WHERE id = ?", (1 + n_events // 2,)
        ).fetchone()[0],
        "size": db.stat().st_size,
    }
    con.close()
    return facts


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
    add_worker_options(parser, "--event")
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
        facts = {**facts_of(db), "built": built["seconds"], "runs": args.runs}
        slug = facts["slug"]
        log(
            f"{facts['claims']:,} claims, {facts['groups']:,} groups, {facts['events']:,} events;"
            f" event {slug}"
        )

        log("compare / check …")
        point = child(args, workdir, db, "point", "--event", slug)
        recs = []
        for run in range(1, args.runs + 1):
            log(f"reconcile run {run}/{args.runs} …")
            recs.append(child(args, workdir, db, "reconcile"))
            rec = recs[-1]
            log(f"  reconcile {rec['reconcile']:,.2f} s, GROUP BY {rec['baseline']:,.2f} s")
        prof = None
        if not args.no_profile:
            log("profile …")
            prof = child(args, workdir, db, "profile")
        if not args.keep:
            remove_db(db)
    return report(facts, point, recs, prof, args.top, state_at_start)


if __name__ == "__main__":
    sys.exit(main())
