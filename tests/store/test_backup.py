"""Backups: a consistent copy while writers write, and a restore that checks before it replaces."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from claimsdb.cli.main import cli
from claimsdb.services import database as api
from claimsdb.store import migrate
from claimsdb.store.engine import reading
from tests import pgserver
from tests.pgserver import Cluster
from tests.store.test_concurrency import WORKER

ADDED = 400


def _added(path: Path) -> tuple[int, int]:
    """Claims the adder made, and their create revisions, in the database file at ``path``."""
    con = sqlite3.connect(path)
    try:
        claims = con.execute("SELECT count(*) FROM claims WHERE key LIKE 'added-%'").fetchone()[0]
        revisions = con.execute(
            "SELECT count(*) FROM revisions WHERE action = 'create' AND row_key LIKE 'added-%'"
        ).fetchone()[0]
    finally:
        con.close()
    return claims, revisions


@pytest.mark.sqlite_only
@pytest.mark.slow
def test_backups_taken_while_a_writer_writes_are_whole(
    engine: Engine, db_url: str, run: Callable[..., Result], tmp_path: Path
) -> None:
    api.seed(engine, actor="seeder")
    path = Path(db_url.removeprefix("sqlite:///"))
    writer = subprocess.Popen(
        [sys.executable, str(WORKER), "add", db_url, str(ADDED), "added"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    backups = []
    while writer.poll() is None and len(backups) < 5:
        time.sleep(0.3)
        target = tmp_path / f"backup{len(backups)}.db"
        result = run("db", "backup", str(target))
        assert result.exit_code == 0, result.stderr
        assert f"to {target}" in result.stderr
        backups.append(target)
    assert writer.wait(300) == 0, writer.stdout.read() if writer.stdout else ""
    seen = [_added(b) for b in backups]
    assert any(0 < claims < ADDED for claims, _ in seen), "no backup was taken mid-write"
    for backup, (claims, revisions) in zip(backups, seen, strict=True):
        assert claims == revisions  # each copy is one moment: every claim with its revision
        assert sqlite3.connect(backup).execute("PRAGMA integrity_check").fetchone() == ("ok",)

    # Restore the middle backup over the database: it comes back exactly, the newer one is kept.
    chosen = backups[len(backups) // 2]
    result = run("db", "restore", str(chosen))
    assert result.exit_code == 0, result.stderr
    assert _added(path) == _added(chosen)
    kept = next(tmp_path.glob("claims.db.before-restore-*"))
    assert _added(kept) == (ADDED, ADDED)
    assert run("compare", "khojaly", "--metric", "wounded").exit_code == 0


@pytest.mark.sqlite_only
def test_restore_refuses_what_is_not_a_sound_claimsdb_backup(
    engine: Engine, db_url: str, run: Callable[..., Result], tmp_path: Path
) -> None:
    api.seed(engine)
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    newer = tmp_path / "newer.db"
    assert run("db", "backup", str(newer)).exit_code == 0
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = 'f00dfeed0000'")
    con.commit()
    con.close()
    cases = [
        (tmp_path / "missing.db", "no backup at"),
        (not_a_db, "is not a claimsdb database"),
        (other, "is not a claimsdb database"),
        (newer, "revision f00dfeed0000, which this claimsdb does not know"),
    ]
    with reading(engine) as conn:
        claims = conn.execute(text("SELECT count(*) FROM claims")).scalar()
    for path, message in cases:
        result = run("db", "restore", str(path))
        assert result.exit_code == 1, path
        assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    with reading(engine) as conn:  # nothing replaced
        assert conn.execute(text("SELECT count(*) FROM claims")).scalar() == claims
    assert not list(tmp_path.glob("claims.db.before-restore-*"))
    assert run("db", "backup", str(newer)).exit_code == 1  # never overwrites a file


@pytest.mark.sqlite_only
def test_a_backup_of_an_older_schema_is_restored_then_upgraded(
    engine: Engine, run: Callable[..., Result], tmp_path: Path
) -> None:
    migrate.downgrade(engine, "-1")
    old = tmp_path / "old.db"
    assert run("db", "backup", str(old)).exit_code == 0
    migrate.upgrade(engine)
    result = run("db", "restore", str(old))
    assert result.exit_code == 0
    assert "run `claimsdb init`" in result.stderr
    assert run("init").exit_code == 0
    assert migrate.current(engine) == migrate.head()


@pytest.mark.postgresql_only
def test_postgresql_is_backed_up_with_pg_dump(run: Callable[..., Result], tmp_path: Path) -> None:
    for command in ("backup", "restore"):
        result = run("db", command, str(tmp_path / "x.db"))
        assert result.exit_code == 1
        assert "pg_dump" in result.stderr and "***" in result.stderr


@pytest.mark.postgresql_only
@pytest.mark.slow
def test_the_readme_pg_dump_recipe_restores_everything(
    pg_cluster: Cluster, seeded_url: str, tmp_path: Path
) -> None:
    binaries = pgserver.bindir()
    assert binaries is not None
    dump, plain = tmp_path / "claims.dump", make_url(seeded_url).set(drivername="postgresql")
    env = {**os.environ, "PGPASSWORD": plain.password or ""}
    as_libpq = lambda url: url.set(password=None).render_as_string(False)  # noqa: E731
    subprocess.run(
        [binaries / "pg_dump", "--format=custom", f"--file={dump}", as_libpq(plain)],
        check=True, env=env,
    )  # fmt: skip
    restored = pg_cluster.create()
    subprocess.run(
        [binaries / "pg_restore", "--no-owner", f"--dbname={as_libpq(make_url(restored).set(drivername='postgresql'))}", dump],
        check=True, env=env,
    )  # fmt: skip
    try:
        exports = [
            CliRunner().invoke(cli, ["--db", url, "export"]) for url in (seeded_url, restored)
        ]
        assert exports[0].exit_code == 0 and exports[0].stdout.count("\n") > 100
        assert exports[1].stdout == exports[0].stdout
        engine = api.connect(restored)
        # The append-only triggers came along.
        with reading(engine) as conn, pytest.raises(DBAPIError, match="never deleted"):
            conn.execute(text("DELETE FROM claims"))
        engine.dispose()
    finally:
        pg_cluster.drop(restored)
