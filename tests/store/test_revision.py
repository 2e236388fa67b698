"""The schema check that read commands make without Alembic: its revisions are Alembic's own, and
it refuses what ``claimsdb init`` must fix, in the same words as before."""

from __future__ import annotations

import subprocess
import sys

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from claimsdb.errors import SchemaOutOfDate
from claimsdb.store import migrate, revision
from claimsdb.store.engine import make_engine, writing


def test_revisions_are_alembics() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_current_head() == revision.HEAD, (
        "a new migration: append its id to claimsdb.store.revision.REVISIONS"
    )
    oldest_first = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert list(revision.REVISIONS) == oldest_first
    assert set(revision.REVISIONS) == migrate.known_revisions()


def test_checking_the_schema_imports_no_alembic() -> None:
    code = (
        "import sys\n"
        "from claimsdb.store import revision\n"
        "from claimsdb.services import database\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_current_database_passes(engine: Engine) -> None:
    revision.require_current(engine)
    assert revision.current(engine) == revision.HEAD == migrate.current(engine)


def test_an_empty_database_needs_init(db_url: str) -> None:
    engine = make_engine(db_url)
    assert revision.current(engine) is None
    with pytest.raises(SchemaOutOfDate, match=r"has no claimsdb schema yet; run `claimsdb init`$"):
        revision.require_current(engine)


def test_another_database_is_not_claimsdb(db_url: str) -> None:
    engine = make_engine(db_url)
    with writing(engine) as conn:
        conn.execute(text("CREATE TABLE notes (body TEXT)"))
    with pytest.raises(SchemaOutOfDate, match=r"is not a claimsdb database$"):
        revision.require_current(engine)


def test_an_older_revision_needs_init(engine: Engine) -> None:
    older = revision.REVISIONS[-2]
    with writing(engine) as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": older})
    with pytest.raises(SchemaOutOfDate, match=rf"at revision {older}, not {revision.HEAD}; run"):
        revision.require_current(engine)


def test_a_newer_revision_is_refused(engine: Engine) -> None:
    with writing(engine) as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed0000'"))
    with pytest.raises(SchemaOutOfDate, match="f00dfeed0000, made by a newer claimsdb"):
        revision.require_current(engine)


def test_an_empty_version_table_is_no_schema(db_url: str) -> None:
    engine = make_engine(db_url)
    with writing(engine) as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
    with pytest.raises(SchemaOutOfDate, match="no claimsdb schema yet"):
        revision.require_current(engine)
