"""One process of the many-users test (``test_concurrency.py``): a writer or a reader.

    concurrency_worker.py add URL N TAG          N claims, one ``add`` (transaction) each
    concurrency_worker.py edit URL N KEY...      N edits of these claims, round robin
    concurrency_worker.py import URL BUNDLE...   one import per bundle
    concurrency_worker.py read URL STOP_FILE     reconcile and export until STOP_FILE exists

Each goes through the library calls the commands make. A writer prints nothing and exits 0, or
prints the error and exits 1. The reader prints a JSON summary: how many snapshots it read, and any
import it saw half of (claims of one batch: all of them or none, never some).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from claimsdb.load.loader import load_bundle
from claimsdb.services import database as api
from claimsdb.services import edit as edits
from claimsdb.services.export import export_bundle
from claimsdb.services.reconcile import reconcile
from claimsdb.store.engine import reading

IMPORT_SIZE = 1_000  # rows in each bundle the test writes


def add(url: str, n: int, tag: str) -> None:
    engine = api.connect(url)
    for i in range(n):
        values = {
            "key": f"{tag}-{i}",
            "event": "khojaly",
            "metric": "wounded",
            "figure": str(i + 1),
            "claimant": "Human Rights Watch",
            "population": "civilians",
        }
        edits.add_claim(engine, values, actor=tag)


def edit(url: str, n: int, keys: list[str]) -> None:
    engine = api.connect(url)
    for i in range(n):
        edits.edit_claim(engine, keys[i % len(keys)], {"notes": f"edit {i}"}, actor="editor")


def load(url: str, bundles: list[str]) -> None:
    engine = api.connect(url)
    for bundle in bundles:
        load_bundle(engine, Path(bundle), actor="importer")


def read(url: str, stop: Path) -> None:
    engine = api.connect(url)
    snapshots, half = 0, []
    with tempfile.TemporaryDirectory() as folder:
        while not stop.exists():
            with reading(engine) as conn:
                sizes = conn.execute(
                    text(
                        "SELECT b.id, count(c.id) FROM batches b LEFT JOIN claims c "
                        "ON c.batch_id = b.id WHERE b.kind = 'import' GROUP BY b.id"
                    )
                ).all()
            half += [list(row) for row in sizes if row[1] != IMPORT_SIZE]
            reconcile(engine)
            export_bundle(engine, Path(folder) / "claims.csv")
            snapshots += 1
            time.sleep(0.1)  # a person reading, not a benchmark: leave the writers some CPU
    print(json.dumps({"snapshots": snapshots, "half": half}))


def main(argv: list[str]) -> int:
    role, url, *rest = argv
    try:
        if role == "add":
            add(url, int(rest[0]), rest[1])
        elif role == "edit":
            edit(url, int(rest[0]), rest[1:])
        elif role == "import":
            load(url, rest)
        elif role == "read":
            read(url, Path(rest[0]))
        else:
            raise SystemExit(f"unknown role {role!r}")
    except Exception as exc:  # reported to the test, which fails on it
        print(f"{role}: {type(exc).__name__}: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
