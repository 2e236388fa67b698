"""Crashes at named points: a write killed by SIGKILL leaves the database as it was, never half.

Each case runs a real ``claimsdb`` process with ``CLAIMSDB_FAULT`` set, so it kills itself at
that point of the write (see ``claimsdb.store.faults``). Afterwards SQLite's integrity check passes,
the database holds none of the operation's rows and revisions (every point lies before the
commit), the schema is at the old revision, and running the same command again completes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from claimsdb.load.claims import CHUNK
from claimsdb.services import database as api
from claimsdb.services.export import export_bundle
from claimsdb.store import migrate
from claimsdb.store.engine import reading
from tests.synthetic import claims_csv

PREVIOUS = "fb74d3407462"  # the initial schema: ``init`` then runs every later migration
KEY = "khojaly-massacre-killed-hrw"
IMPORT_ROWS = CHUNK + CHUNK // 5  # two chunks: the first is written before the second is read

OPERATIONS = {
    "import": ["import", "{bundle}"],
    "add": ["add", "--event", "khojaly", "--metric", "wounded", "--figure", "about 200",
            "--claimant", "Memorial", "--key", "crash-added"],
    "edit": ["edit", KEY, "--set", "grade=confirmed", "--reason", "checked"],
    "retract": ["retract", KEY, "--reason", "misread"],
    "migration": ["init"],
}  # fmt: skip
CASES = [
    ("import", "after_chunk:1"),
    ("import", "after_validation"),
    ("import", "before_commit"),
    ("add", "after_validation"),
    ("add", "before_commit"),
    ("edit", "after_validation"),
    ("edit", "before_commit"),
    ("retract", "after_validation"),
    ("retract", "before_commit"),
    ("migration", "mid_migration"),
    ("migration", "before_commit"),
]


def _claimsdb(
    url: str, args: list[str], fault: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLAIMSDB_FAULT"}
    if fault:
        env["CLAIMSDB_FAULT"] = fault
    command = [sys.executable, "-m", "claimsdb", "--db", url, "--actor", "crash-test", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def _state(engine: Engine, folder: Path) -> tuple[object, ...]:
    """Everything a user could see: the export (of a database at the newest schema: this
    claimsdb exports no older one), every row of every table, and the schema revision."""
    at = migrate.current(engine)
    files = None
    if at == migrate.head():
        export_bundle(engine, folder)
        files = {
            str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()
        }
    with reading(engine) as conn:
        rows = {
            table: sorted(map(repr, conn.execute(text(f"SELECT * FROM {table}"))))
            for table in sorted(inspect(conn).get_table_names())
        }
    return files, rows, at


def _integrity(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        with reading(engine) as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"


@pytest.mark.slow
@pytest.mark.parametrize(("operation", "fault"), CASES, ids=[f"{o}-{f}" for o, f in CASES])
def test_a_killed_write_leaves_nothing_and_can_be_run_again(
    engine: Engine, db_url: str, tmp_path: Path, operation: str, fault: str
) -> None:
    api.seed(engine, actor="seeder")
    if operation == "migration":  # the data set, in a database of the initial schema
        migrate.downgrade(engine, PREVIOUS)
    bundle = claims_csv(tmp_path / "bundle", "crash", IMPORT_ROWS)
    args = [a.format(bundle=bundle) for a in OPERATIONS[operation]]
    before = _state(engine, tmp_path / "before")

    killed = _claimsdb(db_url, args, fault)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    _integrity(engine)
    assert _state(engine, tmp_path / "after-crash") == before  # none of it

    again = _claimsdb(db_url, args)
    assert again.returncode == 0, again.stderr
    _integrity(engine)
    after = _state(engine, tmp_path / "after")
    assert after != before  # all of it, this time
    if operation == "migration":
        assert after[2] == migrate.head()
    if operation == "import":
        with reading(engine) as conn:
            landed = conn.execute(text("SELECT count(*) FROM claims WHERE key LIKE 'crash-%'"))
            assert landed.scalar() == IMPORT_ROWS


def test_an_unknown_fault_name_changes_nothing(db_url: str, engine: Engine) -> None:
    api.seed(engine)
    result = _claimsdb(db_url, OPERATIONS["edit"], "no_such_point")
    assert result.returncode == 0, result.stderr
