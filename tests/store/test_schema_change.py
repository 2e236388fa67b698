"""Schema change with data: the migrations down and up again, old databases upgraded by
``init``, newer ones refused; and what the append-only migration enforces (claims and revisions
kept)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from claimsdb.load.loader import load_bundle
from claimsdb.services import database as api
from claimsdb.services.export import export_bundle
from claimsdb.store import migrate
from claimsdb.store.engine import reading, writing
from tests.synthetic import claims_csv

PARTIES = "7c3e5a91d2f4"  # parties, two revisions below the head
PREVIOUS = "a41c7e9d2b10"  # full-text search, before parties
SCOPE = "03e61b2c573e"  # claim scope and metric accumulates
INITIAL = "fb74d3407462"  # the initial schema, without the append-only triggers
SYNTHETIC = 10_000


def _export(engine: Engine, folder: Path) -> dict[str, bytes]:
    export_bundle(engine, folder)
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _without_scope(files: dict[str, bytes]) -> dict[str, bytes]:
    """An export as it comes back once ``claims.scope`` has gone down and up again: every
    claim's scope empty, all else the same."""
    rows = list(csv.reader(io.StringIO(files["claims.csv"].decode("utf-8"), newline="")))
    at = rows[0].index("scope")
    assert any(row[at] for row in rows[1:]), "the export holds no scope to lose"
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(
        [rows[0], *([*row[:at], "", *row[at + 1 :]] for row in rows[1:])]
    )
    return {**files, "claims.csv": out.getvalue().encode("utf-8")}


def _parties_bare(files: dict[str, bytes]) -> dict[str, bytes]:
    """An export as it comes back once the parties have gone down and up again: a party for
    each affiliation, without the aliases and descriptions it had."""
    rows = list(csv.DictReader(io.StringIO(files["parties.csv"].decode("utf-8"), newline="")))
    assert any(row["aliases"] for row in rows), "the export holds no party aliases to lose"
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([["name", "aliases", "description"], *([r["name"], "", ""] for r in rows)])
    return {**files, "parties.csv": out.getvalue().encode("utf-8")}


def _columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def _claims(engine: Engine) -> int:
    with reading(engine) as conn:
        return int(conn.execute(text("SELECT count(*) FROM claims")).scalar_one())


def _triggers(engine: Engine) -> set[str]:
    sql = (
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        if engine.dialect.name == "postgresql"
        else "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    )
    with reading(engine) as conn:
        return set(conn.execute(text(sql)).scalars())


@pytest.mark.slow
def test_downgrade_one_revision_and_upgrade_again_keeps_every_claim(
    engine: Engine, tmp_path: Path
) -> None:
    api.seed(engine, actor="seeder")
    load_bundle(engine, claims_csv(tmp_path / "many", "synthetic", SYNTHETIC), actor="importer")
    before = _export(engine, tmp_path / "before")
    assert before["claims.csv"].count(b"\n") > SYNTHETIC
    assert migrate.current(engine) == migrate.head() != PREVIOUS
    claims = _claims(engine)

    migrate.downgrade(engine, PARTIES)
    assert migrate.current(engine) == PARTIES
    checks = [c["sqltext"] for c in inspect(engine).get_check_constraints("claims")]
    assert sum(" IN (" in c.upper() or "ANY (ARRAY" in c.upper() for c in checks) >= 6
    assert _claims(engine) == claims

    migrate.downgrade(engine, PREVIOUS)
    assert migrate.current(engine) == PREVIOUS
    assert not {"parties", "party_names"} & set(inspect(engine).get_table_names())
    assert _claims(engine) == claims

    migrate.downgrade(engine, SCOPE)
    assert not {t for t in _triggers(engine) if t.startswith("search_")}  # search went
    assert {"claims_never_deleted"} <= _triggers(engine)
    assert _claims(engine) == claims

    migrate.downgrade(engine, "57f5fac04718")
    assert "scope" not in _columns(engine, "claims")
    assert "accumulates" not in _columns(engine, "metrics")
    assert {"claims_never_deleted"} <= _triggers(engine)  # plain ALTERs keep the triggers
    assert _claims(engine) == claims

    migrate.downgrade(engine, INITIAL)
    assert not _triggers(engine)
    assert _claims(engine) == claims

    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    assert migrate.differences(engine) == []
    assert {"claims_never_deleted"} <= _triggers(engine)
    # Scope went with its column; each metric's ``accumulates`` comes back by name, each party
    # from the affiliations (its aliases and description went with its table).
    assert _export(engine, tmp_path / "after") == _parties_bare(_without_scope(before))


def test_init_upgrades_a_database_of_the_previous_revision(
    db_url: str, run: Callable[..., Result], tmp_path: Path
) -> None:
    engine = api.connect(db_url, must_exist=False)
    migrate.upgrade(engine)
    api.seed(engine, actor="seeder")
    before = _export(engine, tmp_path / "before")
    # A database of the previous revision holding the data set: this claimsdb writes only its
    # own schema, so the data goes down with the schema rather than being loaded at PREVIOUS.
    migrate.downgrade(engine, PREVIOUS)
    result = run("init")
    assert result.exit_code == 0, result.stderr
    assert f"upgraded {PREVIOUS} -> {migrate.head()}" in result.stderr
    assert migrate.current(engine) == migrate.head()
    assert _export(engine, tmp_path / "after") == _parties_bare(before)
    engine.dispose()


def test_a_database_of_a_newer_claimsdb_is_refused_with_exit_1(
    engine: Engine, run: Callable[..., Result]
) -> None:
    with writing(engine) as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed0000'"))
    for args in (("init",), ("claims",), ("db", "upgrade"), ("db", "downgrade", "-1")):
        result = run(*args)
        assert result.exit_code == 1, args
        assert "f00dfeed0000" in result.stderr and "claimsdb" in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1
    with reading(engine) as conn:  # untouched
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "f00dfeed0000"
        )


@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ("DELETE FROM claims WHERE id = 1", "claims are never deleted"),
        ("DELETE FROM claims", "claims are never deleted"),
        ("UPDATE revisions SET actor = 'someone else'", "revisions are append-only"),
        ("DELETE FROM revisions", "revisions are append-only"),
    ],
)
def test_the_database_itself_keeps_claims_and_revisions(
    loaded: Engine, statement: str, refusal: str
) -> None:
    with reading(loaded) as conn:
        counts = [
            conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("claims", "revisions")
        ]
    with pytest.raises(DBAPIError, match=refusal), writing(loaded) as conn:
        conn.execute(text(statement))
    with reading(loaded) as conn:
        assert [
            conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("claims", "revisions")
        ] == counts


@pytest.mark.postgresql_only  # SQLite has no TRUNCATE
def test_truncate_is_refused_on_postgresql(loaded: Engine) -> None:
    for table in ("claims", "revisions"):
        with pytest.raises(DBAPIError, match="never"), writing(loaded) as conn:
            conn.execute(text(f"TRUNCATE {table} CASCADE"))
