"""The analysis benchmark's measurements, each run in a child process of ``bench_analysis.py``.

``--worker point`` times ``compare`` and ``check`` of one event (SQL through SQLAlchemy's execute
hooks, the same statements replayed through ``sqlite3`` with a full ``fetchall``, and the wall
time of the call); ``--worker reconcile`` times the bare ``GROUP BY`` and then ``reconcile`` over
every group, stage by stage, with this child's peak RSS; ``--worker profile`` splits loading from
computing and runs one ``reconcile`` under cProfile. Each imports claimsdb, SQLAlchemy and pandas
before its clock starts, and prints one JSON line (``measure.emit``).
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from typing import Any

from benchmarks.measure import emit, own_peak_rss

CHECK_METRIC = "killed"
CHECK_VALUE = 613
BASELINE_SQL = (
    "SELECT event_id, metric_id, population, count(*), min(best), max(best) FROM claims"
    " GROUP BY event_id, metric_id, population"
)


def _open(path: str) -> Any:
    """The database at ``path`` through claimsdb's front door (``claimsdb.open``), connected,
    after importing everything the timed calls import lazily, so no run pays for imports."""
    import numpy  # noqa: F401
    import pandas  # noqa: F401

    import claimsdb
    import claimsdb.analysis.check
    import claimsdb.analysis.explain
    import claimsdb.analysis.reconcile
    import claimsdb.analysis.scope
    import claimsdb.read.claims
    import claimsdb.read.frame
    import claimsdb.services.check
    import claimsdb.services.compare
    import claimsdb.services.reconcile
    import claimsdb.store.engine

    db = claimsdb.open(path)
    db.engine  # noqa: B018 (connects, and checks the schema, before any clock starts)
    return db


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

    db = _open(args.db)
    engine = db.engine
    captured: list[tuple[str, Any]] = []
    spent = [0.0]

    @sa_event.listens_for(engine, "before_cursor_execute")
    def _before(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    @sa_event.listens_for(engine, "after_cursor_execute")
    def _after(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
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
        "compare": lambda: db.compare(args.event),
        "check": lambda: db.check(args.event, CHECK_METRIC, CHECK_VALUE),
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
    "compute: groups_with_periods",
    "compute: method_table",
)


def _stage_timers() -> tuple[dict[str, float], dict[str, int]]:
    """Wrap the stages of ``claimsdb.reconcile`` with timers (in this child only); also record
    the peak RSS so far at the end of each stage (VmHWM only grows: the stage that raises it
    most is where the peak is)."""
    import functools

    import claimsdb.analysis.explain as explain
    import claimsdb.analysis.reconcile as reconcile
    import claimsdb.read.frame as frames
    import claimsdb.services.reconcile as service

    spent: dict[str, float] = {}
    peak: dict[str, int] = {}

    def wrap(module: Any, name: str, label: str) -> None:
        original = getattr(module, name)

        @functools.wraps(original)
        def timed(*a: Any, **k: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started
                peak[label] = own_peak_rss()

        setattr(module, name, timed)

    for (module, name), label in zip(
        [(frames, "claims_frame"), (frames, "_records"), (frames, "_ancestors"),
         (frames, "_named"), (reconcile, "reconcile"), (service, "groups_with_periods"),
         (explain, "method_table")],
        STAGES,
        strict=True,
    ):  # fmt: skip
        wrap(module, name, label)
    return spent, peak


def worker_reconcile(args: argparse.Namespace) -> dict[str, Any]:
    """One run: the bare GROUP BY, then reconcile over every group, then this child's peak RSS."""
    db = _open(args.db)
    _baseline(args.db)  # warm the page cache for both
    baseline, groups_sql = _baseline(args.db)
    rss_before = own_peak_rss()
    spent, peak = _stage_timers()
    started = time.perf_counter()
    result = db.reconcile()
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
        "rss": own_peak_rss(),
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

    db = _open(args.db)
    from claimsdb.analysis.explain import method_table
    from claimsdb.analysis.reconcile import reconcile as run
    from claimsdb.read.frame import _select, claims_frame
    from claimsdb.services.scope import groups_with_periods
    from claimsdb.store.engine import reading

    engine = db.engine
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
        timed("  + DataFrame.from_records(Rows)", from_records, rows, columns=columns)
        timed("  + [tuple(r)], DataFrame.from_records", as_tuples, rows, columns)
        del rows
        frame = timed("claims_frame (all of loading, as reconcile)", claims_frame, conn)
    result = timed("analysis.reconcile(frame)", run, frame)
    timed("groups_with_periods(frame, result)", groups_with_periods, frame, result)
    timed("method_table(result)", method_table, result)
    del frame, result

    profile = cProfile.Profile()
    profile.enable()
    result = db.reconcile()
    profile.disable()
    groups = int(result.groups["group"].nunique())
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    table = []
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.items():
        where = f"{_where(filename)}:{line}({func})" if filename != "~" else func
        is_ours = any(m in filename for m in ("/claimsdb/", "/pandas/"))
        library = is_ours or any(m in filename for m in ("/numpy/", "/sqlalchemy/"))
        table.append((ncalls, tottime, cumtime, where, is_ours, library))
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
    return emit(WORKERS[args.worker](args))
