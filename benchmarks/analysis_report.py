"""The analysis benchmark's report: the measures table, RSS by stage, the profile, the targets."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

from benchmarks.analysis_workers import CHECK_METRIC, CHECK_VALUE, STAGES
from benchmarks.environment import analysis_environment, source_state
from benchmarks.report import mib

TARGET_QUERY_MS = 50.0
TARGET_RATIO = 2.5  # issue 17 part 4
TARGET_RSS = 2**30  # 1 GB as 1,024 MiB, as the report benchmark counts it
med = statistics.median
Row = tuple[str, str, str]  # label, median, every run


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:,.2f} s"


def _all(values: list[float], fmt: Callable[[float], str]) -> str:
    return ", ".join(fmt(v) for v in values)


def _mib(b: int | None) -> str:
    return mib(b, "n/a")


def point_rows(point: dict[str, Any], slug: str, ok: dict[str, bool]) -> list[Row]:
    """The compare and check rows of the measures table; their targets go into ``ok``."""
    rows: list[Row] = []
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
    return rows


def reconcile_rows(recs: list[dict[str, Any]], ok: dict[str, bool]) -> list[Row]:
    """The reconcile rows of the measures table; its targets go into ``ok``."""
    base = [r["baseline"] for r in recs]
    rec = [r["reconcile"] for r in recs]
    ratio = med(rec) / med(base)
    rows: list[Row] = [
        ("bare GROUP BY (fetchall), same child, before reconcile", _s(med(base)), _all(base, _s)),
        (
            f"reconcile() over every group ({recs[0]['groups']:,} groups, "
            f"{recs[0]['rows']:,} rows)",
            _s(med(rec)),
            _all(rec, _s),
        ),
    ]
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
    ok[f"reconcile <= {TARGET_RATIO:.1f}x GROUP BY"] = ratio <= TARGET_RATIO
    ok[f"reconcile peak RSS < {_mib(TARGET_RSS)}"] = rss < TARGET_RSS
    return rows


def print_profile(prof: dict[str, Any], top: int, ok: dict[str, bool]) -> None:
    """Where one reconcile's time goes; the once-per-group target goes into ``ok``."""
    print(f"\ncProfile of one reconcile() ({prof['groups']:,} groups, {prof['claims']:,} claims)")
    print("\nloading vs computing, timed one step at a time (no profiler):")
    for label, seconds in prof["split"].items():
        print(f"  {label:<48}{_s(seconds):>10}")
    print(f"\ntop {top} functions by call count:")
    print(f"  {'ncalls':>10} {'tottime':>9} {'cumtime':>9}  function")
    for ncalls, tottime, cumtime, where in prof["top"]:
        print(f"  {ncalls:>10,} {tottime:>9.3f} {cumtime:>9.3f}  {where}")
    print(f"\ntop {top} claimsdb/pandas functions by cumulative time:")
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


def report(
    facts: dict[str, Any],
    point: dict[str, Any],
    recs: list[dict[str, Any]],
    prof: dict[str, Any] | None,
    top: int,
    state_at_start: str,
) -> int:
    """Print the report; returns the exit code: 1 when a target fails, else 0."""
    ok: dict[str, bool] = {}
    print(
        f"\nclaimsdb analysis benchmark: {facts['claims']:,} claims in {facts['groups']:,} groups "
        f"(event x metric x population), {facts['events']:,} events; SQLite file "
        f"{facts['size'] / 1e6:,.0f} MB (built in {facts['built']:.0f} s); "
        f"medians of {facts['runs']} runs"
    )
    print()
    rows = point_rows(point, facts["slug"], ok) + reconcile_rows(recs, ok)
    width = max(len(r[0]) for r in rows) + 2
    print(f"{'measure':<{width}}{'median':>12}   every run")
    for label, median, every in rows:
        print(f"{label:<{width}}{median:>12}   {every}")
    print("\npeak RSS so far at the end of each reconcile stage (max over runs):")
    for stage in STAGES:
        values = [r["stage_rss"].get(stage) or 0 for r in recs]
        print(f"  {stage:<44}{_mib(max(values)):>12}")
    if prof:
        print_profile(prof, top, ok)

    print("\ncompare/check statements on claims (EXPLAIN QUERY PLAN at this size):")
    for name in ("compare", "check"):
        for plan in point[name]["plans"]:
            print(f"  {name}: {plan}")
    print("\nenvironment")
    for line in analysis_environment(state_at_start):
        print(f"  {line}")
    if source_state() != state_at_start:
        print("  WARNING: the claimsdb sources changed while the benchmark ran")
    print("\ntargets")
    for target, passed in ok.items():
        print(f"  {'PASS' if passed else 'FAIL'}  {target}")
    return 0 if all(ok.values()) else 1
