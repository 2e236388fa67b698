"""Engines and transactions: URL resolution, SQLite pragmas, and read/write transactions.

SQLite is driven in autocommit mode by the driver so that claimsdb emits ``BEGIN`` itself: plain
``BEGIN`` for reads, ``BEGIN IMMEDIATE`` for writes (the write lock is taken up front, so two
writers queue on the busy timeout instead of failing half-way). DDL runs inside those transactions
too, which makes migrations all-or-nothing on SQLite.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import NoSuchModuleError

from claimsdb.errors import ClaimsDBError

DEFAULT_PATH = "claims.db"
BUSY_TIMEOUT_MS = 30_000
_WRITE = "claimsdb_write"


def resolve_url(db: str | None = None) -> str:
    """``--db`` if given, else ``CLAIMSDB_URL``, else ``./claims.db``; bare paths mean SQLite."""
    target = db or os.environ.get("CLAIMSDB_URL") or DEFAULT_PATH
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser().absolute()}"


def masked(url: str) -> str:
    """The URL as it may be shown: any password replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL: hide whatever sits between ':' and '@'
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with claimsdb's connection settings for its backend."""
    try:
        parsed = make_url(url)
    except Exception:
        raise ClaimsDBError(f"cannot read database URL {masked(url)!r}") from None
    try:
        if parsed.get_backend_name() != "sqlite":
            return create_engine(parsed, pool_pre_ping=True)
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    except (ImportError, NoSuchModuleError) as exc:
        hint = (
            " (pip install 'claimsdb[postgres]')"
            if parsed.get_backend_name() == "postgresql"
            else ""
        )
        raise ClaimsDBError(
            f"no database driver for {masked(url)!r}: {exc}{hint}; claimsdb supports SQLite and "
            "PostgreSQL through psycopg (postgresql+psycopg://...)"
        ) from None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let claimsdb issue BEGIN itself (see module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if sqlite_path(url) is not None:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction (``BEGIN IMMEDIATE`` on SQLite), committed on success or rolled back."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read transaction: one consistent snapshot for the whole of a listing or a report."""
    with engine.connect() as conn, conn.begin():
        yield conn
