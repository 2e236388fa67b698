"""The import benchmark's runs on SQLite: each method timed on a fresh database, results kept.

Every method runs as a child process (``measure``): ``claimsdb import`` and ``sqlite-utils``
as their own commands, the raw and pandas baselines as ``bench_import.py --worker …``. The first
run also checks, untimed, that raw and pandas stored exactly what claimsdb stored
(``storage.fingerprint``).
"""

from __future__ import annotations

import shutil
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import ENV, Measured, claimsdb_command, log, measure, tool, worker_command
from benchmarks.storage import count_rows, fingerprint, init_db, remove_db

SQLITE_METHODS = ("claimsdb", "raw", "pandas", "sqlite-utils", "append")
PG_METHODS = ("pg-claimsdb", "pg-copy", "pg-append")
METHODS = SQLITE_METHODS + PG_METHODS
PG_URL_ENV = "CLAIMSDB_TEST_PG_URL"  # the server --postgres uses when given no URL
# The baseline workers of the "raw" and "pandas" methods: (method as reported, --worker name).
WORKERS = {
    "raw": (
        ("raw (indexes kept)", "raw"),
        ("raw (drop+recreate indexes)", "raw-noidx"),
        ("raw (staged, as claimsdb writes)", "raw-staged"),
    ),
    "pandas": (("pandas", "pandas"),),
}


@dataclass
class Plan:
    """What every run of every method works with."""

    n: int  # claims in each set
    only: list[str]  # the methods to run
    set_a: Path  # the bundle of the N claims
    set_b: Path  # the bundle of N more, for the append methods
    workdir: Path
    timeout: float  # per run, in seconds
    keep: bool  # keep the databases

    @property
    def dbs(self) -> Path:
        return self.workdir / "dbs"

    @property
    def append_base(self) -> Path:
        """The SQLite database that holds set A; copied for each append run."""
        return self.dbs / "append-base.db"


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


def record_import(
    method: str, m: Measured, res: Results, count: Callable[[], int], expect: int | None = None
) -> bool:
    """Keep a ``claimsdb import`` run's measures, once it succeeded and the database holds
    ``expect`` claims (when given); ``count`` counts them."""
    if not m.ok:
        res.fail(method, m, "claimsdb import")
        return False
    total = count()
    if expect is not None and total != expect:
        res.errors[method] = f"database holds {total} claims, expected {expect}"
        return False
    log(f"{method}: {m.seconds:.2f} s, peak RSS {m.rss / 2**20:.0f} MiB, {total:,} claims in db")
    res.add(method, m)
    return True


def run_claimsdb(method: str, bundle: Path, db: Path, plan: Plan, res: Results) -> bool:
    cmd = claimsdb_command(f"sqlite:///{db}", "import", str(bundle))
    m = measure(cmd, plan.workdir, plan.timeout, ENV)
    return record_import(method, m, res, lambda: count_rows(db))


def run_worker_child(method: str, worker: str, db: Path, plan: Plan, res: Results) -> bool:
    cmd = worker_command("bench_import.py", worker, db, "--bundle", str(plan.set_a))
    m = measure(cmd, plan.workdir, plan.timeout)
    if not m.ok:
        res.fail(method, m, worker)
        return False
    info = m.result()
    total = count_rows(db)
    if total != plan.n:
        res.errors[method] = f"stored {total} claims, expected {plan.n}"
        return False
    extra = {k: round(v, 2) for k, v in info.items() if k.endswith("_seconds")}
    log(f"{method}: {m.seconds:.2f} s wall, peak RSS {m.rss / 2**20:.0f} MiB, {extra}")
    res.add(method, m, info["inner_seconds"])
    return True


def run_sqlite_utils(db: Path, plan: Plan, res: Results) -> bool:
    remove_db(db)
    claims = str(plan.set_a / "claims.csv")
    cmd = [tool("sqlite-utils"), "insert", str(db), "claims", claims, "--csv"]
    m = measure(cmd, plan.workdir, plan.timeout)
    if not m.ok:
        res.fail("sqlite-utils", m, "sqlite-utils insert")
        return False
    total = count_rows(db)
    if total != plan.n:
        res.errors["sqlite-utils"] = f"stored {total} rows, expected {plan.n}"
        return False
    log(f"sqlite-utils: {m.seconds:.2f} s, peak RSS {m.rss / 2**20:.0f} MiB")
    res.add("sqlite-utils", m)
    return True


def sqlite_overhead(empty: Path, plan: Plan) -> float | None:
    """The wall time of one ``claimsdb import`` of the bundle with no claims (fixed cost)."""
    db = plan.dbs / "overhead.db"
    init_db(db, plan.workdir)
    m = measure(claimsdb_command(f"sqlite:///{db}", "import", str(empty)), plan.workdir, 600, ENV)
    remove_db(db)
    return m.seconds if m.ok else None


def run_sqlite_round(run: int, plan: Plan, verify: bool, res: Results) -> None:
    """One run of each selected SQLite method, each on a fresh database file. With ``verify``,
    also check (untimed) that the baselines stored what claimsdb stored."""
    only, dbs = plan.only, plan.dbs
    reference: str | None = None
    if "claimsdb" in only and "claimsdb" not in res.errors:
        db = dbs / f"claimsdb-{run}.db"
        init_db(db, plan.workdir)
        log("claimsdb import …")
        if run_claimsdb("claimsdb", plan.set_a, db, plan, res):
            if verify:
                reference = fingerprint(db)
                res.fingerprints["claimsdb"] = "(reference)"
            if not plan.append_base.exists():
                shutil.copyfile(db, plan.append_base)
        if not plan.keep:
            remove_db(db)
    for method, worker in (w for name in ("raw", "pandas") if name in only for w in WORKERS[name]):
        if method in res.errors:
            continue
        db = dbs / f"{worker}-{run}.db"
        init_db(db, plan.workdir)
        log(f"{method} …")
        if run_worker_child(method, worker, db, plan, res) and reference and verify:
            res.fingerprints[method] = "yes" if fingerprint(db) == reference else "NO"
        if not plan.keep:
            remove_db(db)
    if "sqlite-utils" in only and "sqlite-utils" not in res.errors:
        db = dbs / f"sqlite-utils-{run}.db"
        log("sqlite-utils insert …")
        run_sqlite_utils(db, plan, res)
        if not plan.keep:
            remove_db(db)
    if "append" in only and "append" not in res.errors:
        run_append(run, plan, res)


def run_append(run: int, plan: Plan, res: Results) -> None:
    """``claimsdb import`` of set B into a copy (untimed) of a database that holds set A."""
    base = plan.append_base
    if not base.exists():
        log("preparing a database holding the first set (untimed) …")
        init_db(base, plan.workdir)
        cmd = claimsdb_command(f"sqlite:///{base}", "import", str(plan.set_a))
        m = measure(cmd, plan.workdir, plan.timeout, ENV)
        if not m.ok:
            res.fail("append", m, "preparing the first set")
            remove_db(base)
    if base.exists():
        db = plan.dbs / f"append-{run}.db"
        remove_db(db)
        shutil.copyfile(base, db)
        log("append: claimsdb import of a second, disjoint set …")
        if run_claimsdb("append", plan.set_b, db, plan, res):
            total = count_rows(db)
            if total != 2 * plan.n:
                res.errors["append"] = f"database holds {total} claims, expected {2 * plan.n}"
        if not plan.keep:
            remove_db(db)
