"""Migrations are the schema: one head, clean upgrade and downgrade, agreement with the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from claimsdb.errors import SchemaOutOfDate
from claimsdb.load.loader import load_bundle
from claimsdb.store import migrate, revision
from claimsdb.store.engine import make_engine, writing


def test_single_head() -> None:
    heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert len(heads) == 1, f"migrations have several heads {heads}: merge them"


def test_every_revision_has_a_message_and_date_first_file_name() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    for rev in script.walk_revisions():
        assert rev.doc and rev.doc.strip(), f"revision {rev.revision} has no message"
        assert Path(rev.path).name[:4].isdigit(), f"{rev.path} is not date-first"


def test_upgrade_from_empty_matches_models(engine: Engine) -> None:
    diffs = migrate.differences(engine)
    assert diffs == [], (
        f"models and migrations differ: {diffs}\n"
        "Write a revision: alembic revision --autogenerate -m 'what changed'"
    )
    assert migrate.current(engine) == migrate.head()


def test_downgrade_to_base_and_upgrade_again(loaded: Engine) -> None:
    migrate.downgrade(loaded, "base")
    assert migrate.current(loaded) is None
    assert set(inspect(loaded).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(loaded)
    assert migrate.differences(loaded) == []
    with loaded.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM metrics")).scalar_one() >= 14


def test_interrupted_migration_leaves_nothing(db_url: str) -> None:
    engine = make_engine(db_url)
    config = migrate.alembic_config()
    with pytest.raises(RuntimeError), writing(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        assert "claims" in inspect(conn).get_table_names()
        raise RuntimeError("killed half-way")
    assert migrate.current(engine) is None
    assert inspect(engine).get_table_names() == []


def test_database_from_a_newer_claimsdb_is_refused(engine: Engine) -> None:
    with writing(engine) as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed0000'"))
    with pytest.raises(SchemaOutOfDate, match="newer claimsdb"):
        migrate.upgrade(engine)
    with pytest.raises(SchemaOutOfDate, match="newer claimsdb"):
        revision.require_current(engine)


def test_db_commands(run, engine: Engine, bundle: Path) -> None:  # type: ignore[no-untyped-def]
    load_bundle(engine, bundle)
    result = run("db", "check")
    assert result.exit_code == 0, result.stderr
    assert "schema matches" in result.stderr
    result = run("db", "current")
    assert f"revision: {migrate.head()}" in result.stdout
    result = run("db", "downgrade", "base")
    assert result.exit_code == 0
    result = run("claims")
    assert result.exit_code == 1
    assert "claimsdb init" in result.stderr
    assert run("init").exit_code == 0
    assert run("claims", "--format", "csv").stdout.count("\n") == 1  # data went with the schema
