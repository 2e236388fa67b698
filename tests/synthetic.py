"""Synthetic claims for the tests that need many: a lone claims CSV about the bundled names."""

from __future__ import annotations

import csv
from pathlib import Path


def claims_csv(folder: Path, tag: str, n: int) -> Path:
    """``folder/claims.csv`` with ``n`` new claims keyed ``TAG-0``… (folder made if missing).

    They name an event, metric and claimant of the bundled data set, so they load into a seeded
    database without ``--create-missing``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "claims.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["key", "event", "metric", "population", "figure", "claimant", "quote"])
        for i in range(n):
            out.writerow(
                [f"{tag}-{i}", "khojaly", "killed", "civilians", f"about {i + 1}", "Memorial", "q"]
            )
    return folder
