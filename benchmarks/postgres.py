"""The import benchmark's PostgreSQL mode: the server, its fresh databases, and the pg runs.

The server is the one ``--postgres URL`` names, or ``$CLAIMSDB_TEST_PG_URL``, or else a throwaway
cluster that ``tests/pgserver.py`` starts (and stops at the end). Databases are made and dropped
through ``tests.pgserver.Cluster`` on the URL's maintenance database; every one made here is
remembered, so all are dropped at the end whatever happened in between (not with ``--keep``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.baselines import COPY_INDEXES, COPY_TABLE
from benchmarks.import_runs import PG_URL_ENV, Plan, Results, record_import
from benchmarks.measure import ENV, Measured, claimsdb_command, log, measure, worker_command
from tests import pgserver


class BenchCluster(pgserver.Cluster):
    """Fresh databases named ``claimsdb_bench_<pid>_<label>`` on a running server.

    ``url`` is a SQLAlchemy URL (``postgresql+psycopg://user:pass@host:port/dbname``) of a role that
    may create databases.
    """

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        if make_url(url).get_backend_name() != "postgresql":
            raise SystemExit(f"--postgres needs a postgresql+psycopg:// URL, not {make_url(url)!r}")
        super().__init__(url)
        self.prefix = f"claimsdb_bench_{os.getpid()}"
        self.created: list[str] = []
        self.append_base: str | None = None

    def conninfo(self, name: str | None = None) -> str:
        """The libpq URI of database ``name`` (default: the maintenance database) for psycopg."""
        url = self.url.set(drivername="postgresql")
        return (url.set(database=name) if name else url).render_as_string(hide_password=False)

    def scrub(self, text: str) -> str:
        """``text`` with the password masked (child output may quote a URL)."""
        return text.replace(self.url.password, "***") if self.url.password else text

    def execute(self, name: str, *statements: str) -> None:
        """Run ``statements`` in database ``name``, each in a transaction of its own."""
        import psycopg

        with psycopg.connect(self.conninfo(name), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def fresh(self, label: str, template: str | None = None) -> str:
        """A new, empty database (or a copy of database ``template``); returns its name."""
        name = f"{self.prefix}_{label}".replace("-", "_")
        self.drop(self.url_of(name))
        self.created.append(name)
        self._sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def remove(self, name: str) -> None:
        self.drop(self.url_of(name))
        if name in self.created:
            self.created.remove(name)

    def remove_all(self) -> None:
        for name in list(self.created):
            try:
                self.remove(name)
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

    def finish(self, keep: bool) -> None:
        """Drop every database made here (or, with ``keep``, name them)."""
        if keep:
            log(f"kept the PostgreSQL databases {', '.join(self.created)}")
        else:
            log(f"dropping the PostgreSQL databases {', '.join(self.created)} …")
            self.remove_all()
        self.close()


@contextmanager
def server(url: str | None, keep: bool) -> Iterator[BenchCluster | None]:
    """The server of ``--postgres``: None without it; for ``""`` (the option without a URL) a
    throwaway cluster started by ``tests/pgserver.py``, stopped on exit unless ``keep``."""
    if url is None:
        yield None
        return
    folder = None
    if not url:
        log("starting a throwaway PostgreSQL cluster (tests/pgserver.py) …")
        url, folder = pgserver.start()
    try:
        yield BenchCluster(url)
    finally:
        if folder is not None and keep:
            log(f"kept the cluster in {folder}: {PG_URL_ENV}={url}")
            log(f"stop it with: python tests/pgserver.py stop {folder}")
        elif folder is not None:
            log("stopping the throwaway PostgreSQL cluster …")
            pgserver.stop(folder)


def pg_measure(pg: BenchCluster, cmd: list[str], workdir: Path, timeout: float) -> Measured:
    """``measure``, with the password masked in what the child printed."""
    m = measure(cmd, workdir, timeout, ENV)
    m.out, m.err = pg.scrub(m.out), pg.scrub(m.err)
    return m


def pg_init(pg: BenchCluster, label: str, workdir: Path) -> str:
    """A fresh database migrated by ``claimsdb init`` (untimed); returns its name."""
    name = pg.fresh(label)
    m = pg_measure(pg, claimsdb_command(pg.url_of(name), "init"), workdir, 600)
    if not m.ok:
        raise SystemExit(f"claimsdb init on PostgreSQL failed: {m.err.strip()}")
    return name


def pg_import(pg: BenchCluster, name: str, bundle: Path, plan: Plan, timeout: float) -> Measured:
    """``claimsdb import`` of ``bundle`` into database ``name``."""
    cmd = claimsdb_command(pg.url_of(name), "import", str(bundle))
    return pg_measure(pg, cmd, plan.workdir, timeout)


def pg_overhead(pg: BenchCluster, empty: Path, plan: Plan) -> float | None:
    """The wall time of one ``claimsdb import`` of the bundle with no claims (fixed cost)."""
    name = pg_init(pg, "overhead", plan.workdir)
    m = pg_import(pg, name, empty, plan, 600)
    pg.remove(name)
    return m.seconds if m.ok else None


def run_pg_copy(pg: BenchCluster, run: int, plan: Plan, res: Results) -> None:
    name = pg.fresh(f"copy_{run}")
    pg.execute(name, COPY_TABLE, *COPY_INDEXES)  # the schema, untimed (as claimsdb init)
    cmd = worker_command(
        "bench_import.py", "pg-copy", pg.conninfo(name), "--bundle", str(plan.set_a)
    )
    m = pg_measure(pg, cmd, plan.workdir, plan.timeout)
    if not m.ok:
        res.fail("pg-copy", m, "COPY")
    elif (total := pg.count(name)) != plan.n:
        res.errors["pg-copy"] = f"stored {total} rows, expected {plan.n}"
    else:
        log(f"pg-copy: {m.seconds:.2f} s wall, peak RSS {m.rss / 2**20:.0f} MiB, {total:,} rows")
        res.add("pg-copy", m, m.result()["inner_seconds"])
    if not plan.keep:
        pg.remove(name)


def pg_append_base(pg: BenchCluster, source: str | None, plan: Plan, res: Results) -> str | None:
    """The database the append runs copy: a clone of a finished ``pg-claimsdb`` run's database
    (or, without one, a fresh import of the first set), vacuumed and analysed as autovacuum would
    leave it shortly after a large import. Untimed."""
    if pg.append_base is None:
        if source is None:
            log("preparing a PostgreSQL database holding the first set (untimed) …")
            source = pg_init(pg, "append_source", plan.workdir)
            m = pg_import(pg, source, plan.set_a, plan, plan.timeout)
            if not m.ok:
                res.fail("pg-append", m, "preparing the first set")
                return None
        pg.append_base = pg.fresh("append_base", template=source)
        pg.execute(pg.append_base, "VACUUM (ANALYZE) claims")
    return pg.append_base


def run_pg_claimsdb(
    method: str, pg: BenchCluster, name: str, bundle: Path, expect: int, plan: Plan, res: Results
) -> bool:
    m = pg_import(pg, name, bundle, plan, plan.timeout)
    return record_import(method, m, res, lambda: pg.count(name), expect)


def run_pg_round(pg: BenchCluster, run: int, plan: Plan, res: Results) -> None:
    """One run of each selected PostgreSQL method, each in a fresh database."""
    only = plan.only
    finished: str | None = None  # a pg-claimsdb database holding the first set
    if "pg-claimsdb" in only and "pg-claimsdb" not in res.errors:
        name = pg_init(pg, f"claimsdb_{run}", plan.workdir)
        log("pg-claimsdb import …")
        if run_pg_claimsdb("pg-claimsdb", pg, name, plan.set_a, plan.n, plan, res):
            finished = name
        if "pg-append" in only and pg.append_base is None and finished:
            pg_append_base(pg, finished, plan, res)
        if not plan.keep:
            pg.remove(name)
    if "pg-copy" in only and "pg-copy" not in res.errors:
        log("pg-copy: COPY … FROM STDIN …")
        run_pg_copy(pg, run, plan, res)
    if "pg-append" in only and "pg-append" not in res.errors:
        base = pg_append_base(pg, None, plan, res)
        if base is not None:
            name = pg.fresh(f"append_{run}", template=base)
            log("pg-append: claimsdb import of a second, disjoint set …")
            run_pg_claimsdb("pg-append", pg, name, plan.set_b, 2 * plan.n, plan, res)
            if not plan.keep:
                pg.remove(name)


def default_url() -> str | None:
    """The server of ``--postgres`` given without a URL: ``$CLAIMSDB_TEST_PG_URL``, else ``""``
    (a throwaway cluster, see ``server``) when the server binaries are installed, else None."""
    return os.environ.get(PG_URL_ENV) or ("" if pgserver.bindir() is not None else None)
