"""Many users at once: writers and readers in separate processes against one database.

Four writers (1,000 single ``add``s; 1,000 single edits; two importers of two disjoint 1,000-claim
files each) and a reader (reconcile of every group and a full export, over and over) run at the
same time, on SQLite and on PostgreSQL. Every row must land, each change with exactly one
revision, no reader may see part of an import, and no process may fail, with a lock error or
anything else.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from claimsdb.services import database as api
from claimsdb.store.engine import reading
from tests.store.concurrency_worker import IMPORT_SIZE
from tests.synthetic import claims_csv

WORKER = Path(__file__).parent / "concurrency_worker.py"
ROWS = 1_000
EDITED = ["khojaly-massacre-killed-hrw", "khojaly-massacre-killed-azerbaijani-authorities"]


def _count(conn, sql: str) -> int:  # type: ignore[no-untyped-def]
    return int(conn.execute(text(sql)).scalar_one())


@pytest.mark.slow
def test_writers_and_readers_at_once(engine: Engine, db_url: str, tmp_path: Path) -> None:
    api.seed(engine, actor="seeder")
    with reading(engine) as conn:
        claims_before = _count(conn, "SELECT count(*) FROM claims")
        revisions_before = _count(conn, "SELECT max(id) FROM revisions")
    bundles = [str(claims_csv(tmp_path / f"imp{n}", f"imp{n}", IMPORT_SIZE)) for n in range(4)]
    stop = tmp_path / "stop"
    python = [sys.executable, str(WORKER)]
    spawn = lambda *args: subprocess.Popen(  # noqa: E731
        [*python, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    reader = spawn("read", db_url, str(stop))
    writers = [
        spawn("add", db_url, str(ROWS), "added"),
        spawn("edit", db_url, str(ROWS), *EDITED),
        spawn("import", db_url, *bundles[:2]),
        spawn("import", db_url, *bundles[2:]),
    ]
    outputs = [w.communicate(timeout=600)[0] for w in writers]
    stop.touch()
    seen = reader.communicate(timeout=120)[0]
    assert [w.returncode for w in writers] == [0, 0, 0, 0], outputs
    assert reader.returncode == 0, seen
    summary = json.loads(seen.strip().splitlines()[-1])
    assert summary["snapshots"] >= 1
    assert summary["half"] == []  # no reader saw part of an import

    with reading(engine) as conn:
        claims = _count(conn, "SELECT count(*) FROM claims")
        assert claims == claims_before + ROWS + 4 * IMPORT_SIZE  # every row landed, once
        added = conn.execute(
            text(
                "SELECT count(*), count(DISTINCT row_key) FROM revisions "
                "WHERE table_name = 'claims' AND action = 'create' AND row_key LIKE 'added-%'"
            )
        ).one()
        assert tuple(added) == (ROWS, ROWS)  # one revision per added claim
        edits = _count(
            conn,
            "SELECT count(*) FROM revisions WHERE table_name = 'claims' AND action = 'update' "
            f"AND actor = 'editor' AND id > {revisions_before}",
        )
        assert edits == ROWS  # one revision per edit
        notes = dict(
            conn.execute(text("SELECT key, notes FROM claims WHERE notes LIKE 'edit %'")).all()
        )
        assert notes == {EDITED[0]: f"edit {ROWS - 2}", EDITED[1]: f"edit {ROWS - 1}"}
        batches = conn.execute(
            text(
                "SELECT b.origin, count(c.id) FROM batches b JOIN claims c ON c.batch_id = b.id "
                "WHERE b.kind = 'import' GROUP BY b.origin ORDER BY b.origin"
            )
        ).all()
        assert [count for _, count in batches] == [IMPORT_SIZE] * 4
        imports = _count(
            conn,
            "SELECT count(*) FROM revisions WHERE table_name = 'batches' AND action = 'import' "
            f"AND id > {revisions_before}",
        )
        assert imports == 4  # one revision per import
        total = _count(conn, f"SELECT count(*) FROM revisions WHERE id > {revisions_before}")
        assert total == ROWS + ROWS + 4  # and nothing else
