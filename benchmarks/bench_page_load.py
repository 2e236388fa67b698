#!/usr/bin/env python3
"""Page-load benchmark: how long the HTML report takes to open in a browser, by the browser's
own clock.

For each size N (default 10,000 claims) it builds the same SQLite database as
``bench_report`` (reused from ``--workdir``), writes ``claimsdb report -o page-N.html`` and
opens a copy of it in headless Chromium (``chromium --headless --dump-dom``) with one line of
script added at its end (the report itself carries none). That script, on the load event,
forces a full layout (``document.body.offsetHeight``) and writes into the document:

- ``load``: milliseconds from navigation start to the load event (every byte parsed);
- ``laid out``: milliseconds from navigation start to the end of that layout, the page ready
  to scroll — the figure the target reads.

Each page is opened ``--runs`` times (default 3) and the median is shown, beside the wall
clock of the whole browser process and, as the baseline in the same run, the wall clock of the
same browser opening an empty page (its start-up). Target: laid out in under 3,000 ms at
10,000 claims. Exit code 1 when it is missed, 2 when no Chromium is found.

Usage: python benchmarks/bench_page_load.py [--sizes 10000] [--runs 3] [--workdir DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

if not __package__:  # run as a file: import the benchmarks package from the repository root
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse
import re
import shutil
import statistics
import subprocess
import tempfile
import time

from benchmarks.measure import ENV, claimsdb_command, log, measure
from benchmarks.report_data import CLAIMS_PER_EVENT, database

TARGET_MS = 3000.0
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
PROBE = (
    "<script>addEventListener('load', function () {"
    " var loaded = performance.now(); document.body.offsetHeight;"
    " var p = document.createElement('p'); p.id = 'bench-load';"
    " p.textContent = loaded.toFixed(0) + ' ' + performance.now().toFixed(0);"
    " document.body.appendChild(p); });</script>"
)
TIMES = re.compile(r'<p id="bench-load">(\d+) (\d+)</p>')


def browser() -> str | None:
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def open_page(chrome: str, page: Path) -> tuple[float, float | None, float | None]:
    """Open ``page`` once: (wall seconds, load ms, laid-out ms) — the two last None for a page
    without the probe."""
    command = [chrome, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    wall = time.perf_counter() - started
    found = TIMES.search(done.stdout)
    if found is None:
        return wall, None, None
    return wall, float(found.group(1)), float(found.group(2))


def probed(report: Path) -> Path:
    """A copy of ``report`` with the probe before ``</body>``."""
    copy = report.with_name(f"probed-{report.name}")
    text = report.read_text(encoding="utf-8")
    copy.write_text(text.replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
    return copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the HTML report's load in Chromium.")
    parser.add_argument("--sizes", default="10000", help="claims, comma-separated (10000)")
    parser.add_argument("--runs", type=int, default=3, help="opens per page; median shown (3)")
    parser.add_argument("--workdir", type=Path, help="databases kept and reused here")
    args = parser.parse_args(argv)
    chrome = browser()
    if chrome is None:
        log("no Chromium found (apt-get install chromium): nothing measured")
        return 2
    temp = None if args.workdir else tempfile.mkdtemp(prefix="claimsdb-bench-page-")
    workdir = (args.workdir or Path(str(temp))).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    blank = workdir / "blank.html"
    blank.write_text("<!DOCTYPE html><title>blank</title><p>blank</p>", encoding="utf-8")
    ok = True
    try:
        print("| claims | page | load ms | laid out ms | browser wall s | empty page wall s |")
        print("|---:|---:|---:|---:|---:|---:|")
        for n in (int(s.replace(",", "").replace("_", "")) for s in args.sizes.split(",")):
            db, _ = database(workdir, n, CLAIMS_PER_EVENT)
            page = workdir / f"page-{n}.html"
            log(f"report of {n:,} claims as html …")
            made = measure(
                claimsdb_command(f"sqlite:///{db}", "report", "-o", str(page)), workdir, 900, ENV
            )
            if made.code:
                log(f"report failed: {made.err.strip().splitlines()[-1:]}")
                return 1
            copy = probed(page)
            runs = [open_page(chrome, copy) for _ in range(args.runs)]
            empty = [open_page(chrome, blank)[0] for _ in range(args.runs)]
            if any(r[2] is None for r in runs):
                log("the page did not report its load time")
                return 1
            load = statistics.median(r[1] for r in runs if r[1] is not None)
            laid = statistics.median(r[2] for r in runs if r[2] is not None)
            wall = statistics.median(r[0] for r in runs)
            size = page.stat().st_size / 2**20
            print(
                f"| {n:,} | {size:,.1f} MiB | {load:,.0f} | {laid:,.0f} | {wall:.2f}"
                f" | {statistics.median(empty):.2f} |"
            )
            ok &= laid < TARGET_MS
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    print(f"\ntarget: laid out in under {TARGET_MS:,.0f} ms: {'PASS' if ok else 'FAIL'}")
    print(f"browser: {chrome}; medians of {args.runs} opens")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
