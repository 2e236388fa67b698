"""How fast a refused import reports its problems: 5,000 claims naming 50 new events and 30 new
sources, two of them with a bad figure.

Times ``claimsdb import FILE`` (refused: the two bad rows first, then one line per kind of
unknown name) against the same file checked in full, ``claimsdb import FILE --dry-run
--create-missing`` (refused too, for the same two rows, after creating every name in the dry
run), each a child process by wall clock, median of ``--runs``. Target: under 2 s.

    python benchmarks/bench_import_errors.py [--rows 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def generate(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["key", "event", "metric", "figure", "claimant", "claimant_kind", "quote"])
        for i in range(rows):
            figure = {rows // 5: "lots and lots", 3 * rows // 5: "-5"}.get(i, f"about {i + 1}")
            out.writerow(
                [f"gen-{i}", f"Battle of Place {i % 50}", "killed", figure,
                 f"New Source {i % 30}", "media", "q"]
            )  # fmt: skip


def timed(args: list[str], runs: int) -> tuple[float, str]:
    seconds, err = [], ""
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        seconds.append(time.perf_counter() - started)
        err = done.stderr
    return statistics.median(seconds), err


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    claimsdb = str(Path(sys.executable).with_name("claimsdb"))
    with tempfile.TemporaryDirectory() as folder:
        db, csv_file = Path(folder) / "claims.db", Path(folder) / "claims.csv"
        subprocess.run(
            [claimsdb, "--db", str(db), "init", "--seed"], capture_output=True, check=True
        )
        generate(csv_file, options.rows)
        base = [claimsdb, "--db", str(db), "import", str(csv_file)]
        refused, lines = timed(base, options.runs)
        checked, _ = timed([*base, "--dry-run", "--create-missing"], options.runs)
    print(f"{options.rows:,} rows, median of {options.runs}")
    print(f"refused import, names grouped   {refused:6.2f} s  (target < 2 s)")
    print(f"full check with names created   {checked:6.2f} s")
    print(f"ratio                           {refused / checked:6.2f}×")
    print(f"lines reported: {len(lines.splitlines())}")


if __name__ == "__main__":
    main()
