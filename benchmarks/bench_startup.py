#!/usr/bin/env python3
"""Start-up benchmark: how long read commands take against importing what they cannot avoid.

On a temporary database made by ``claimsdb init --seed`` (the bundled data set), it times three
commands against a baseline each, as child processes by wall clock from spawn to exit
(``measure``), in one run:

- ``claimsdb --help`` against ``python -c "import click"``;
- ``claimsdb claims --event khojaly`` against ``python -c "import sqlalchemy"``;
- ``claimsdb compare khojaly`` against ``python -c "import pandas, sqlalchemy"``.

Each command and baseline runs ``--runs`` times (default 7), interleaved (command, baseline,
then the next pair; the order within a pair alternates from round to round), so load on the
machine hits both alike; the table gives the medians and their ratio. Target: every ratio at
most 1.3. One untimed run of each comes first, which also writes Python's bytecode caches: the
children run without ``PYTHONDONTWRITEBYTECODE``, as an installed claimsdb does.

Progress goes to stderr, the report to stdout; the exit code is 1 when a target fails or a
command fails, else 0.

Usage: python benchmarks/bench_startup.py [--runs N] [--workdir DIR]
(from any folder; ``python -m benchmarks.bench_startup`` from the repository root works too)
"""

from __future__ import annotations

import sys
from pathlib import Path

if not __package__:  # run as a file: import the benchmarks package from the repository root
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse
import os
import platform
import shutil
import statistics
import tempfile
from dataclasses import dataclass, field

from benchmarks.environment import source_state, version_of
from benchmarks.measure import ENV, claimsdb_command, log, measure
from benchmarks.report import print_table

TARGET = 1.3  # a command may take at most this many times its baseline
TIMEOUT = 120.0
# The children's environment: bytecode cached as after an install; no database from the caller.
CHILD_ENV = {k: v for k, v in ENV.items() if k not in ("PYTHONDONTWRITEBYTECODE", "CLAIMSDB_URL")}


@dataclass
class Pair:
    """A command, the baseline it is held to, and the times of each."""

    label: str
    command: list[str]
    baseline_label: str
    baseline: list[str]
    times: list[float] = field(default_factory=list)
    baseline_times: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return statistics.median(self.times) / statistics.median(self.baseline_times)


def pairs(url: str) -> list[Pair]:
    """The commands and their baselines."""
    python = sys.executable

    def baseline(code: str) -> tuple[str, list[str]]:
        return f'python -c "{code}"', [python, "-c", code]

    return [
        Pair("claimsdb --help", claimsdb_command(url, "--help"), *baseline("import click")),
        Pair(
            "claimsdb claims --event khojaly",
            claimsdb_command(url, "claims", "--event", "khojaly"),
            *baseline("import sqlalchemy"),
        ),
        Pair(
            "claimsdb compare khojaly",
            claimsdb_command(url, "compare", "khojaly"),
            *baseline("import pandas, sqlalchemy"),
        ),
    ]


def timed(cmd: list[str], workdir: Path) -> float:
    """Seconds from spawn to exit of ``cmd``; a failure ends the benchmark."""
    m = measure(cmd, workdir, TIMEOUT, CHILD_ENV)
    if not m.ok:
        raise SystemExit(f"failed ({m.code}): {' '.join(cmd)}\n{m.err.strip()}")
    return m.seconds


def run(pairs_: list[Pair], runs: int, workdir: Path) -> None:
    """Time every pair ``runs`` times, interleaved, after one untimed run of each."""
    for pair in pairs_:
        timed(pair.command, workdir)
        timed(pair.baseline, workdir)
    for n in range(runs):
        log(f"round {n + 1} of {runs}")
        for pair in pairs_:
            first_command = n % 2 == 0
            for is_command in (first_command, not first_command):
                if is_command:
                    pair.times.append(timed(pair.command, workdir))
                else:
                    pair.baseline_times.append(timed(pair.baseline, workdir))


def report(pairs_: list[Pair], runs: int, state: str) -> bool:
    """Print the table, every run and the environment; True when every target passes."""
    header = ("command", "median s", "baseline", "baseline median s", "ratio", "target", "result")
    rows = []
    for p in pairs_:
        verdict = "PASS" if p.ratio <= TARGET else "FAIL"
        rows.append(
            (
                p.label,
                f"{statistics.median(p.times):.3f}",
                p.baseline_label,
                f"{statistics.median(p.baseline_times):.3f}",
                f"{p.ratio:.2f}×",
                f"≤ {TARGET}×",
                verdict,
            )
        )
    print_table(header, rows)
    print(f"\nmedians of {runs} runs each, interleaved; every run (s):")
    for p in pairs_:
        print(f"  {p.label}: {' '.join(f'{t:.3f}' for t in p.times)}")
        print(f"  {p.baseline_label}: {' '.join(f'{t:.3f}' for t in p.baseline_times)}")
    print(f"\nclaimsdb at {state}")
    print(
        f"python {platform.python_version()}, click {version_of('click')}, SQLAlchemy "
        f"{version_of('SQLAlchemy')}, pandas {version_of('pandas')}, "
        f"tabulate {version_of('tabulate')}; {platform.machine()}, {os.cpu_count()} cpus"
    )
    if source_state() != state:
        print("warning: the claimsdb sources changed while the benchmark ran")
    return all(p.ratio <= TARGET for p in pairs_)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    parser.add_argument("--workdir", type=Path, help="where the database goes (default: temp)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="claimsdb-startup-"))
    workdir.mkdir(parents=True, exist_ok=True)
    state = source_state()
    try:
        db = workdir / "startup.db"
        for stale in workdir.glob("startup.db*"):
            stale.unlink()
        url = f"sqlite:///{db}"
        log(f"claimsdb init --seed: {db}")
        timed(claimsdb_command(url, "init", "--seed"), workdir)
        measured = pairs(url)
        run(measured, args.runs, workdir)
        return 0 if report(measured, args.runs, state) else 1
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
