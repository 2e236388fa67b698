"""SQLite as claimsdb drives it: pragmas on every connection, writers serialised up front."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import Engine, text

from claimsdb.db import masked, reading, resolve_url, sqlite_path, writing


@pytest.mark.sqlite_only
def test_pragmas(engine: Engine) -> None:
    with reading(engine) as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() == 30_000


@pytest.mark.sqlite_only
def test_a_write_transaction_takes_the_write_lock_at_begin(engine: Engine) -> None:
    path = sqlite_path(str(engine.url))
    assert path is not None
    with writing(engine):
        other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        # Readers still read while a writer holds the lock (WAL).
        assert other.execute("SELECT count(*) FROM claims").fetchone() == (0,)
        other.close()


def test_a_failed_write_leaves_nothing(engine: Engine) -> None:
    with pytest.raises(RuntimeError), writing(engine) as conn:
        conn.execute(text("INSERT INTO metrics (name, unit) VALUES ('deaths', 'people')"))
        raise RuntimeError("interrupted")
    with reading(engine) as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM metrics WHERE name = 'deaths'")).scalar() == 0
        )


def test_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMSDB_URL", raising=False)
    assert resolve_url() == f"sqlite:///{tmp_path / 'claims.db'}"
    monkeypatch.setenv("CLAIMSDB_URL", "sqlite:///other.db")
    assert resolve_url() == "sqlite:///other.db"
    assert resolve_url("x.db") == f"sqlite:///{tmp_path / 'x.db'}"


def test_passwords_are_masked() -> None:
    shown = masked("postgresql+psycopg://editor:s3cret@127.0.0.1:5432/claims")
    assert "s3cret" not in shown
    assert shown == "postgresql+psycopg://editor:***@127.0.0.1:5432/claims"
