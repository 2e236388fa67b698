#!/usr/bin/env python3
"""Report benchmark: the time and peak memory of ``claimsdb report`` (workbook and page) at size.

For each size N (default 1,000, 10,000 and 100,000 claims) it builds a SQLite database
(``claimsdb init``, then ``claimsdb import --create-missing`` of a seeded synthetic bundle whose
events, and so comparable sets, grow with N; see ``report_data``) and times
``claimsdb --db URL report -o report-N.xlsx`` and ``-o report-N.html`` on it, each once, as a
child process by wall clock from spawn to exit, with the child's peak RSS (``measure``).

It prints a table (claims, format, seconds, peak RSS, output size, comparable sets), the growth
from each size to the next (time ratio against claims ratio), the environment and the targets:

- 10x the claims costs at most 12x the time (for another step r, at most r ** log10(12));
- 100,000 claims in under 60 s and under 1 GB (1,024 MiB) peak RSS.

A report that runs past ``--timeout`` is killed and shown as TIMEOUT; that format is then not run
at the larger sizes. Progress goes to stderr, the report to stdout; the exit code is 1 when a
target fails or a report times out or fails, else 0.

Usage: python benchmarks/bench_report.py [--sizes 1000,10000,100000] [--formats xlsx,html]
       [--timeout S] [--workdir DIR] [--claims-per-event K]
(from any folder; ``python -m benchmarks.bench_report`` from the repository root works too)
"""

from __future__ import annotations

import sys
from pathlib import Path

if not __package__:  # run as a file: import the benchmarks package from the repository root
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse
import itertools
import math
import re
import shutil
import tempfile
from dataclasses import dataclass
from typing import Any

from benchmarks.environment import analysis_environment, source_state, version_of
from benchmarks.measure import ENV, RSS_HOW, claimsdb_command, log, measure
from benchmarks.report import mib, print_table
from benchmarks.report_data import CLAIMS_PER_EVENT, database

FORMATS = ("xlsx", "html")
TARGET_GROWTH = 12.0  # 10x the claims may cost at most this many times the time
GROWTH_EXPONENT = math.log10(TARGET_GROWTH)  # time may grow as claims ** 1.079
TARGET_SIZE = 100_000
TARGET_SECONDS = 60.0
TARGET_RSS = 1024 * 2**20
SETS = re.compile(r"([\d,]+) comparable sets?")

Check = tuple[str, bool | None, str]


@dataclass
class Run:
    claims: int
    fmt: str
    status: str  # ok, TIMEOUT, ERROR, or "not run"
    seconds: float | None = None
    rss: int | None = None
    output: int | None = None
    sets: int | None = None
    detail: str = ""


def run_report(db: Path, n: int, fmt: str, workdir: Path, timeout: float) -> Run:
    """``claimsdb --db sqlite:///DB report -o report-N.FMT``, timed as a child process."""
    out = workdir / f"report-{n}.{fmt}"
    out.unlink(missing_ok=True)
    m = measure(
        claimsdb_command(f"sqlite:///{db}", "report", "-o", str(out)), workdir, timeout, ENV
    )
    run = Run(n, fmt, "ok", m.seconds, m.rss)
    if m.timed_out:
        run.status, run.detail = "TIMEOUT", f"killed after {timeout:,.0f} s"
    elif m.code:
        lines = m.err.strip().splitlines()
        run.status, run.detail = "ERROR", f"exit {m.code}: {lines[-1] if lines else ''}"
    else:
        run.output = out.stat().st_size if out.exists() else None
        found = SETS.search(m.err)
        run.sets = int(found.group(1).replace(",", "")) if found else None
    return run


def ratio_text(x: float) -> str:
    return f"{x:.3g}×" if x < 100 else f"{x:,.0f}×"


def growth(runs: dict[tuple[int, str], Run], sizes: list[int], fmt: str) -> list[Check]:
    """The growth of each step to the next size, for one format, as targets."""
    checks: list[Check] = []
    for a, b in itertools.pairwise(sizes):
        small, large = runs[a, fmt], runs[b, fmt]
        r = b / a
        allowed = r**GROWTH_EXPONENT
        name = f"{fmt}: {a:,} → {b:,} claims"
        bound = f"(allowed ≤ {ratio_text(allowed)})"
        if small.status != "ok" or small.seconds is None:
            checks.append((name, None, f"not measured: {a:,} claims {small.status}"))
        elif large.status == "ok" and large.seconds is not None:
            t = large.seconds / small.seconds
            text = f"{ratio_text(r)} claims → {ratio_text(t)} time {bound}"
            checks.append((name, t <= allowed, text))
        elif large.status == "TIMEOUT" and large.seconds is not None:
            t = large.seconds / small.seconds  # a lower bound: the run was killed
            text = f"{ratio_text(r)} claims → more than {ratio_text(t)} time (timed out) {bound}"
            checks.append((name, False if t > allowed else None, text))
        else:
            checks.append((name, None if large.status == "not run" else False, large.status))
    return checks


def size_targets(runs: dict[tuple[int, str], Run], fmt: str) -> list[Check]:
    """100,000 claims in under 60 s and under 1 GB peak RSS, for one format."""
    time_name = f"{fmt}: {TARGET_SIZE:,} claims < {TARGET_SECONDS:.0f} s"
    rss_name = f"{fmt}: {TARGET_SIZE:,} claims peak RSS < {mib(TARGET_RSS)}"
    run = runs.get((TARGET_SIZE, fmt))
    if run is None:
        why = f"{TARGET_SIZE:,} claims not in --sizes"
        return [(time_name, None, why), (rss_name, None, why)]
    if run.status == "not run":
        why = f"not run ({run.detail})"
        return [(time_name, None, why), (rss_name, None, why)]
    if run.status == "ERROR":
        return [(time_name, False, run.detail), (rss_name, False, run.detail)]
    assert run.seconds is not None and run.rss is not None
    if run.status == "TIMEOUT":
        rss_ok = False if run.rss >= TARGET_RSS else None
        return [
            (time_name, False, f"timed out after {run.seconds:,.1f} s"),
            (rss_name, rss_ok, f"at least {mib(run.rss)} when it was killed"),
        ]
    return [
        (time_name, run.seconds < TARGET_SECONDS, f"{run.seconds:,.1f} s"),
        (rss_name, run.rss < TARGET_RSS, mib(run.rss)),
    ]


def size_text(b: int | None) -> str:
    return "" if b is None else f"{b / 1e6:,.1f} MB"


def report(
    args: argparse.Namespace,
    runs: dict[tuple[int, str], Run],
    built: dict[int, dict[str, Any]],
    state_at_start: str,
) -> int:
    print()
    print(
        f"claimsdb report benchmark: {', '.join(f'{n:,}' for n in args.sizes)} claims;"
        f" {', '.join(args.formats)}; one run each; timeout {args.timeout:,.0f} s"
    )
    packages = ("openpyxl", "matplotlib", "XlsxWriter")
    lines = [
        *analysis_environment(state_at_start),
        ", ".join(f"{p} {version_of(p)}" for p in packages),
    ]
    for line in lines:
        print(f"  {line}")
    state_at_end = source_state()
    if state_at_end != state_at_start:
        print(f"  WARNING: the claimsdb sources changed during the run; now {state_at_end}")
    print()
    header = ("claims", "events", "format", "seconds", "peak RSS", "output", "sets", "status")
    table = []
    for n in args.sizes:
        for fmt in args.formats:
            run = runs[n, fmt]
            seconds = "" if run.seconds is None else f"{run.seconds:,.2f}"
            rss = mib(run.rss)
            if run.status == "TIMEOUT":
                seconds, rss = f"> {seconds}", f"≥ {rss}"
            status = run.status if not run.detail else f"{run.status}: {run.detail}"
            table.append(
                (
                    f"{n:,}",
                    f"{built[n]['events']:,}" if n in built else "",
                    fmt,
                    seconds,
                    rss,
                    size_text(run.output),
                    "" if run.sets is None else f"{run.sets:,}",
                    status,
                )
            )
    print_table(header, table)
    print()
    print(
        "Seconds are wall clock of `claimsdb --db URL report -o FILE` from spawn to exit\n"
        f"(interpreter start-up and imports included); {RSS_HOW}.\n"
        "sets: the comparable sets the report says it wrote."
    )
    for n, b in built.items():
        print(
            f"{n:,} claims: {b['events']:,} events, {b['sources']:,} sources; built by"
            f" `claimsdb import --create-missing` in {b['import_seconds']:,.1f} s"
            f" (peak RSS {mib(b['import_rss'])})"
        )

    checks: list[Check] = []
    for fmt in args.formats:
        checks += growth(runs, args.sizes, fmt)
    for fmt in args.formats:
        checks += size_targets(runs, fmt)
    print()
    print(
        f"Targets (growth: {TARGET_GROWTH:g}× the time for 10× the claims, i.e. at most"
        f" r ** {GROWTH_EXPONENT:.3f} for r× the claims)"
    )
    width = max(len(name) for name, _, _ in checks)
    failed = 0
    for name, ok, detail in checks:
        verdict = "n/a " if ok is None else "PASS" if ok else "FAIL"
        failed += ok is False
        print(f"  {verdict}  {name:<{width}}  {detail}")
    broken = any(r.status in ("TIMEOUT", "ERROR") for r in runs.values())
    return 1 if failed or broken else 0


def sizes_of(text: str) -> list[int]:
    try:
        sizes = sorted({int(s.replace("_", "")) for s in text.split(",") if s.strip()})
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a list of claim counts: {text!r}") from error
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are positive claim counts, e.g. 1000,10000")
    return sizes


def formats_of(text: str) -> list[str]:
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"formats are xlsx and html, not {unknown or text!r}")
    return list(dict.fromkeys(formats))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time `claimsdb report` (xlsx and html) on databases of growing size."
    )
    parser.add_argument(
        "--sizes", type=sizes_of, default=[1_000, 10_000, 100_000],
        help="claims per database, comma-separated (default 1000,10000,100000)",
    )  # fmt: skip
    parser.add_argument(
        "--formats", type=formats_of, default=list(FORMATS),
        help="report formats, comma-separated (default xlsx,html)",
    )  # fmt: skip
    parser.add_argument(
        "--timeout", type=float, default=900, help="limit per report (s); past it: TIMEOUT (900)"
    )
    parser.add_argument(
        "--workdir", type=Path,
        help="where databases and reports go; databases are kept and reused from here"
        " (default: a temp dir, removed at the end)",
    )  # fmt: skip
    parser.add_argument(
        "--claims-per-event", type=int, default=CLAIMS_PER_EVENT,
        help=f"one event per this many claims (at least 10 events; default {CLAIMS_PER_EVENT})",
    )  # fmt: skip
    args = parser.parse_args(argv)

    state_at_start = source_state()
    temp = None
    if args.workdir is None:
        temp = tempfile.mkdtemp(prefix="claimsdb-bench-report-")
        workdir = Path(temp)
    else:
        workdir = args.workdir.resolve()
        workdir.mkdir(parents=True, exist_ok=True)
    runs: dict[tuple[int, str], Run] = {}
    built: dict[int, dict[str, Any]] = {}
    timed_out: dict[str, int] = {}  # format -> the size it timed out at
    try:
        for n in args.sizes:
            todo = [fmt for fmt in args.formats if fmt not in timed_out]
            for fmt in args.formats:
                if fmt in timed_out:
                    detail = f"{timed_out[fmt]:,} claims timed out"
                    runs[n, fmt] = Run(n, fmt, "not run", detail=detail)
            if not todo:
                continue
            db, built[n] = database(workdir, n, args.claims_per_event)
            for fmt in todo:
                log(f"report of {n:,} claims as {fmt} …")
                run = runs[n, fmt] = run_report(db, n, fmt, workdir, args.timeout)
                note = f" ({run.detail})" if run.detail else ""
                log(f"  {run.status}: {run.seconds:,.2f} s, {mib(run.rss)}{note}")
                if run.status == "TIMEOUT":
                    timed_out[fmt] = n
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    return report(args, runs, built, state_at_start)


if __name__ == "__main__":
    sys.exit(main())
