"""Engines and transactions: URL resolution, SQLite pragmas, read/write transactions, retries.

SQLite is driven in autocommit mode by the driver so that claimsdb emits ``BEGIN`` itself: plain
``BEGIN`` for reads, ``BEGIN IMMEDIATE`` for writes (the write lock is taken up front, so two
writers queue on the busy timeout instead of failing half-way). DDL runs inside those transactions
too, which makes migrations all-or-nothing on SQLite.

PostgreSQL gets the same two guarantees its own way. A write transaction first takes a
transaction-level advisory lock, so writers queue one after another exactly as ``BEGIN IMMEDIATE``
makes them queue on SQLite: no two writers allocate the same revision, and none fails with a
serialization error. Writers stay at ``READ COMMITTED``, so each statement after the lock sees
everything committed before it. A read transaction is ``REPEATABLE READ``: a report sees one
snapshot, never half of an import. Readers never wait for writers on either backend.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, NoSuchModuleError

from claimsdb.errors import ClaimsDBError, PermissionDenied
from claimsdb.store import faults

DEFAULT_PATH = "claims.db"
BUSY_TIMEOUT_MS = 30_000
_WRITE = "claimsdb_write"
# pg_advisory_xact_lock key of claimsdb's writers (any fixed 64-bit number; ASCII "claimsdb").
WRITER_LOCK = 0x636C61696D736462
INSUFFICIENT_PRIVILEGE = "42501"
# Errors after which the whole transaction may simply be tried again: PostgreSQL's serialization
# failure and deadlock, SQLite's busy database (after the busy timeout has run out).
RETRY_STATES = ("40001", "40P01")
RETRY_MESSAGES = ("database is locked", "database is busy")
ATTEMPTS = 3
T = TypeVar("T")


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
    """A write transaction, committed on success or rolled back; one writer at a time.

    A role that may not write gets ``PermissionDenied`` instead of the driver's error.
    """
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(**{_WRITE: True})
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
                yield conn
                faults.point("before_commit")
    except Exception as exc:
        if getattr(driver_error(exc), "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
            raise PermissionDenied("permission denied: this role cannot write") from None
        raise


def write(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run ``work`` in a write transaction; when the database asks for a retry, try again.

    At most ``ATTEMPTS`` times, with a short random pause between; ``work`` must do all of its
    writing through the connection it is given, so a failed attempt leaves nothing behind.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with writing(engine) as conn:
                return work(conn)
        except Exception as exc:
            if attempt == ATTEMPTS or not _transient(exc):
                raise
            time.sleep(random.uniform(0.05, 0.2) * attempt)
    raise AssertionError("unreachable")


def _transient(exc: Exception) -> bool:
    driver = driver_error(exc)
    if driver is None:
        return False
    if getattr(driver, "sqlstate", None) in RETRY_STATES:
        return True
    return any(message in str(driver) for message in RETRY_MESSAGES)


def driver_error(exc: BaseException) -> BaseException | None:
    """The database driver's own error behind ``exc`` (wrapped by SQLAlchemy or raw), if any.

    Raw driver errors come from the few places that use the driver's cursor directly (the bulk
    read of claims, ``COPY``).
    """
    if isinstance(exc, DBAPIError):
        return exc.orig or exc
    module = type(exc).__module__.split(".", 1)[0]
    return exc if module in ("psycopg", "sqlite3") else None


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read transaction: one consistent snapshot for the whole of a listing or a report."""
    with engine.connect() as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield conn
