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
without a value, ``$CLAIMSDB_TEST_PG_URL``, else a throwaway cluster that ``tests/pgserver.py``
starts and stops) the same run also times, each in a fresh database:

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
(from any folder; ``python -m benchmarks.bench_import`` from the repository root works too)

Where things are: ``bundles`` (the data), ``baselines`` (the raw, pandas and COPY workers),
``import_runs`` (the SQLite runs), ``postgres`` (the server and the pg runs), ``report``.
"""

from __future__ import annotations

import sys
from pathlib import Path

if not __package__:  # run as a file: import the benchmarks package from the repository root
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse
import shutil
import tempfile

from benchmarks.baselines import run_worker
from benchmarks.bundles import generate
from benchmarks.environment import source_state
from benchmarks.import_runs import (
    METHODS,
    PG_METHODS,
    PG_URL_ENV,
    SQLITE_METHODS,
    Plan,
    Results,
    run_sqlite_round,
    sqlite_overhead,
)
from benchmarks.measure import add_worker_options, log
from benchmarks.report import report
from benchmarks.storage import remove_db


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
        f"dbname URL of a role that may create databases (no URL: ${PG_URL_ENV}, else a throwaway"
        " cluster started by tests/pgserver.py)",
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
    add_worker_options(parser, "--bundle")
    args = parser.parse_args(argv)
    if args.worker:
        return run_worker(args.worker, args.db, args.bundle)
    from benchmarks import postgres  # not in the worker children above: their start-up is timed

    if args.postgres == "":
        args.postgres = postgres.default_url()
        if args.postgres is None:
            parser.error(
                f"--postgres without a URL reads ${PG_URL_ENV}, which is not set, or starts a"
                " throwaway cluster, but no PostgreSQL server binaries (initdb) are installed"
            )
    default = SQLITE_METHODS + (PG_METHODS if args.postgres is not None else ())
    only = [m.strip() for m in (args.only or ",".join(default)).split(",") if m.strip()]
    unknown = set(only) - set(METHODS)
    if unknown:
        parser.error(
            f"unknown method(s) {', '.join(sorted(unknown))}; choose from {', '.join(METHODS)}"
        )
    if args.postgres is None and set(only) & set(PG_METHODS):
        parser.error("the pg methods need --postgres [URL]")
    n, runs = args.rows, args.runs
    res = Results()
    overhead = pg_overhead = None
    with postgres.server(args.postgres, args.keep) as pg:
        pg_settings = pg.settings() if pg else None
        temp = args.workdir is None
        workdir = (
            Path(tempfile.mkdtemp(prefix="claimsdb-bench-")) if temp else args.workdir.resolve()
        )
        workdir.mkdir(parents=True, exist_ok=True)
        log(f"workdir {workdir}")
        state_at_start = source_state()
        log(f"claimsdb {state_at_start}")
        try:
            set_a, set_b, empty_bundle = generate(workdir, n)
            for path in (set_a / "claims.csv", set_b / "claims.csv"):
                path.read_bytes()  # warm the page cache, so the first method does not pay for it
            plan = Plan(n, only, set_a, set_b, workdir, args.timeout, args.keep)
            plan.dbs.mkdir(exist_ok=True)
            remove_db(plan.append_base)  # one an interrupted run left may hold an older schema
            if "claimsdb" in only or "append" in only:
                overhead = sqlite_overhead(empty_bundle, plan)
            if pg and ("pg-claimsdb" in only or "pg-append" in only):
                pg_overhead = postgres.pg_overhead(pg, empty_bundle, plan)
            for run in range(1, runs + 1):
                log(f"--- run {run}/{runs}")
                # The first run checks (untimed) that the baselines stored what claimsdb stored.
                run_sqlite_round(run, plan, run == 1 and not args.no_verify, res)
                if pg:
                    postgres.run_pg_round(pg, run, plan, res)
        finally:
            if pg:
                pg.finish(args.keep)
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
