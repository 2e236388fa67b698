"""Reporting: the result tables, the ratio and memory targets, and how numbers are written.

``mib`` is shared by both benchmarks; the rest is the import benchmark's report: one table per
backend (method, rows/s, median and every run, peak RSS, claimsdb's rows/s ÷ the method's), the
environment, and each target as PASS, FAIL or n/a.
"""

from __future__ import annotations

import statistics

from benchmarks.environment import import_environment
from benchmarks.import_runs import PG_METHODS, SQLITE_METHODS, Results
from benchmarks.measure import RSS_HOW

GIB = 1024**3


def mib(b: int | None, missing: str = "") -> str:
    """Bytes as MiB (``1,169 MiB``); ``missing`` for None."""
    return missing if b is None else f"{b / 2**20:,.0f} MiB"


Check = tuple[str, bool | None, str]


def print_table(header: tuple[str, ...], table: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *table]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in table:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def method_rows(
    res: Results, order: list[str], labels: dict[str, str], cdb_method: str, no_ratio: set[str],
    rows_per_s: dict[str, float], width: int,
) -> list[tuple[str, ...]]:  # fmt: skip
    """The report rows of the methods in ``order`` that ran (or failed), ``width`` columns."""
    cdb = rows_per_s.get(cdb_method)
    table: list[tuple[str, ...]] = []
    for m in order:
        if m not in res.times and m not in res.errors:
            continue
        if m in res.errors and m not in rows_per_s:
            table.append((m, "FAILED", "", "", "", "", res.errors[m][:60])[:width])
            continue
        ratio = f"{cdb / rows_per_s[m]:.2f}×" if cdb and m not in no_ratio else ""
        row = (
            labels.get(m, m),
            f"{rows_per_s[m]:,.0f}",
            f"{res.median(m):.2f}",
            " ".join(f"{t:.2f}" for t in res.times[m]),
            mib(max(res.rss[m])),
            ratio,
            res.fingerprints.get(m, ""),
        )
        table.append(row[:width])
    return table


def print_section(
    title: str, header: tuple[str, ...], table: list[tuple[str, ...]], clock: str,
    overhead: float | None, res: Results, order: list[str],
) -> None:  # fmt: skip
    """A backend's table, how it was measured, the fixed cost of an import, in-process times."""
    print(title)
    print_table(header, table)
    print()
    print(clock)
    if overhead is not None:
        print(f"Fixed cost of one `claimsdb import` (same bundle, no claims): {overhead:.2f} s.")
    for m, inner in res.inner.items():
        if m in order:
            print(f"{m}: in-process time (excl. start-up) median {statistics.median(inner):.2f} s")


def print_errors(res: Results, order: list[str]) -> None:
    for m, e in res.errors.items():
        if m in order:
            print(f"ERROR {m}: {e}")


def ratio_check(
    name: str, cdb: float | None, rows_per_s: dict[str, float], baseline: str | None, need: float
) -> Check:
    if baseline is None or baseline not in rows_per_s:
        return (name, None, "baseline not measured")
    if cdb is None:
        return (name, False, "claimsdb import did not complete")
    r = cdb / rows_per_s[baseline]
    return (name, r >= need, f"{r:.3f}× (need ≥ {need}×)")


def rate_check(name: str, cdb: float | None, need: float) -> Check:
    if cdb is None:
        return (name, False, "claimsdb import did not complete")
    return (name, cdb >= need, f"{cdb:,.0f} rows/s (need ≥ {need:,.0f})")


def import_checks(res: Results, empty_method: str, append_method: str) -> list[Check]:
    """Peak RSS of the imports, and the append against the empty import, for one backend."""
    checks: list[Check] = []
    rss_name = f"{empty_method} peak RSS < 1 GiB"
    append_name = f"{append_method} ≤ {APPEND_LIMIT}× empty-database import"
    rss = [r for m in (empty_method, append_method) for r in res.rss.get(m, [])]
    if rss:
        checks.append((rss_name, max(rss) < GIB, f"{mib(max(rss))} (empty and append imports)"))
    elif empty_method in res.errors:
        checks.append((rss_name, False, "import did not complete"))
    empty, append = res.median(empty_method), res.median(append_method)
    if append and empty:
        detail = f"{append / empty:.2f}× ({append:.2f} s vs {empty:.2f} s)"
        checks.append((append_name, append <= APPEND_LIMIT * empty, detail))
    elif append_method in res.errors:
        checks.append((append_name, False, "append import did not complete"))
    else:
        checks.append((append_name, None, "not measured"))
    return checks


# The targets of issue 17: end-to-end rows/s into an empty database, and an append's time.
RATE_TARGET = 30_000
APPEND_LIMIT = 1.5

SQLITE_ORDER = [
    "claimsdb",
    "append",
    "raw (indexes kept)",
    "raw (drop+recreate indexes)",
    "raw (staged, as claimsdb writes)",
    "pandas",
    "sqlite-utils",
]
PG_ORDER = ["pg-claimsdb", "pg-append", "pg-copy"]


def report_sqlite(
    res: Results, rows_per_s: dict[str, float], overhead: float | None
) -> list[Check]:
    raw_candidates: list[str] = [
        m for m in SQLITE_ORDER if m.startswith("raw (") and m in rows_per_s
    ]
    raw_limit: str | None = None
    if raw_candidates:
        raw_limit = max(raw_candidates, key=lambda m: rows_per_s[m])
    header = (
        "method",
        "rows/s",
        "median s",
        "all runs s",
        "peak RSS",
        "claimsdb ÷ this",
        "stored = claimsdb",
    )
    labels = {raw_limit: f"{raw_limit} = raw limit"} if raw_limit else {}
    table = method_rows(
        res, SQLITE_ORDER, labels, "claimsdb", {"claimsdb", "append"}, rows_per_s, len(header)
    )
    clock = (
        "Times are wall clock of the child process from spawn to exit (interpreter start-up and\n"
        f"imports included); {RSS_HOW} (max over runs)."
    )
    print_section("SQLite", header, table, clock, overhead, res, SQLITE_ORDER)
    print("sqlite-utils creates its own all-TEXT table (no constraints, ids or indexes): it is")
    print("the conventional baseline, not the claimsdb schema.")
    if res.fingerprints:
        print("'stored = claimsdb': yes when every stored claim value (names for ids) and storage")
        print("type equals what claimsdb stored for the same CSV (checked once, untimed).")
    print_errors(res, SQLITE_ORDER)
    cdb = rows_per_s.get("claimsdb")
    return [
        rate_check("claimsdb ≥ 30,000 rows/s", cdb, RATE_TARGET),
        ratio_check("claimsdb ≥ 0.5× raw limit", cdb, rows_per_s, raw_limit, 0.5),
        ratio_check("claimsdb ≥ 2× pandas", cdb, rows_per_s, "pandas", 2.0),
        ratio_check("claimsdb ≥ 5× sqlite-utils", cdb, rows_per_s, "sqlite-utils", 5.0),
        *import_checks(res, "claimsdb", "append"),
    ]


def report_pg(
    res: Results, rows_per_s: dict[str, float], overhead: float | None, settings: dict[str, str]
) -> list[Check]:
    header = ("method", "rows/s", "median s", "all runs s", "peak RSS", "claimsdb ÷ this")
    labels = {"pg-copy": "pg-copy = COPY limit"}
    table = method_rows(
        res, PG_ORDER, labels, "pg-claimsdb", {"pg-claimsdb", "pg-append"}, rows_per_s, len(header)
    )
    clock = (
        "Same clock and peak RSS as above; peak RSS is the client process only (the server\n"
        "backend's memory is not counted, for either method)."
    )
    title = f"PostgreSQL {settings['server_version']}"
    print_section(title, header, table, clock, overhead, res, PG_ORDER)
    print("pg-copy: one `COPY claims (<the CSV's columns>) FROM STDIN (FORMAT csv, HEADER)` of the")
    print("same claims.csv in one transaction, into a table of text columns with a serial primary")
    print("key, UNIQUE (key), and indexes on claimant, (event, metric, population) and part_of —")
    print("the real claims table's keys and secondary indexes, on names instead of ids.")
    caveats = [
        k for k in ("fsync", "synchronous_commit", "full_page_writes") if settings[k] == "off"
    ]
    if caveats:
        off = ", ".join(f"{k}=off" for k in caveats)
        print(f"CAVEAT: the server runs with {off}")
        print("(a throwaway test cluster): absolute times are faster than on a durable server.")
        print("Every pg method runs on the same server, so the claimsdb ÷ COPY ratio is fair.")
    print_errors(res, PG_ORDER)
    cdb = rows_per_s.get("pg-claimsdb")
    return [
        ratio_check("pg-claimsdb ≥ 0.5× COPY limit", cdb, rows_per_s, "pg-copy", 0.5),
        *import_checks(res, "pg-claimsdb", "pg-append"),
    ]


def report(
    n: int, runs: int, res: Results, overhead: float | None, only: list[str],
    pg_overhead: float | None = None, pg_settings: dict[str, str] | None = None,
) -> int:  # fmt: skip
    rows_per_s = {m: n / t for m in res.times if (t := res.median(m))}
    print()
    print(f"claimsdb import benchmark: N = {n:,} claims, median of {runs} run(s)")
    for line in import_environment(pg_settings):
        print(f"  {line}")
    checks: list[Check] = []
    if any(m in SQLITE_METHODS for m in only):
        print()
        checks += report_sqlite(res, rows_per_s, overhead)
    if pg_settings is not None and any(m in PG_METHODS for m in only):
        print()
        checks += report_pg(res, rows_per_s, pg_overhead, pg_settings)

    print()
    print("Targets")
    failed = 0
    for name, ok, detail in checks:
        verdict = "n/a " if ok is None else "PASS" if ok else "FAIL"
        failed += ok is False
        print(f"  {verdict}  {name:<38} {detail}")
    return 1 if failed or res.errors else 0
