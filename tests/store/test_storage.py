"""Transactions as claimsdb drives them: SQLite pragmas, writers serialised up front, retries."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
from sqlalchemy import Connection, Engine, text

from claimsdb.store.engine import (
    ATTEMPTS,
    masked,
    reading,
    resolve_url,
    sqlite_path,
    write,
    writing,
)


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


def _transient(backend: str) -> Exception:
    """The error each backend raises when it asks for the transaction to be tried again."""
    if backend == "postgresql":
        from psycopg.errors import SerializationFailure

        return SerializationFailure("could not serialize access due to concurrent update")
    return sqlite3.OperationalError("database is locked")


def test_a_transaction_the_database_asks_to_retry_is_retried(engine: Engine, backend: str) -> None:
    failures, attempts = [_transient(backend)], []

    def work(conn: Connection) -> str:
        attempts.append(1)
        conn.execute(text("INSERT INTO metrics (name, unit) VALUES ('deaths', 'people')"))
        if failures:
            raise failures.pop()
        return "done"

    assert write(engine, work) == "done"
    assert len(attempts) == 2
    with reading(engine) as conn:  # the failed attempt left nothing behind
        assert (
            conn.execute(text("SELECT count(*) FROM metrics WHERE name = 'deaths'")).scalar() == 1
        )


def test_retries_are_bounded_and_only_for_transient_errors(engine: Engine, backend: str) -> None:
    attempts: list[str] = []

    def always(error: Exception) -> Callable[[Connection], None]:
        def work(conn: Connection) -> None:
            attempts.append(type(error).__name__)
            raise error

        return work

    with pytest.raises(type(_transient(backend))):
        write(engine, always(_transient(backend)))
    assert len(attempts) == ATTEMPTS
    attempts.clear()
    with pytest.raises(ValueError):
        write(engine, always(ValueError("a bug, not a busy database")))
    assert attempts == ["ValueError"]
