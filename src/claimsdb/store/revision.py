"""The schema revisions claimsdb knows, and the one-query check that a database is at the newest.

Read commands check the schema here, without importing Alembic (``migrate`` drives Alembic for
``init``, ``upgrade`` and ``downgrade``). ``tests/store/test_revision.py`` holds ``REVISIONS`` to
what Alembic reads in ``migrations/versions``: a new migration appends its id.
"""

from __future__ import annotations

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DBAPIError

from claimsdb.errors import SchemaOutOfDate
from claimsdb.store.engine import masked, reading

# Every revision shipped, oldest first; the last is the head, the schema claimsdb reads and writes.
REVISIONS = (
    "fb74d3407462",  # initial schema
    "57f5fac04718",  # append-only audit
    "03e61b2c573e",  # claim scope and metric accumulates
    "a41c7e9d2b10",  # full-text search
    "7c3e5a91d2f4",  # parties
    "5d1f0c8e6a27",  # CHECK constraints without IN lists
    "9b4e2f7a1c35",  # PostgreSQL's fold skips translate for ASCII text
    "e3a7c6b05d19",  # ... and runs only the replacements ASCII text can match
)
HEAD = REVISIONS[-1]
VERSION_TABLE = "alembic_version"


def stamped(engine: Engine) -> tuple[str, ...]:
    """The revisions stamped in the database: none for a database never initialised."""
    try:
        with reading(engine) as conn:
            found = conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalars()
            return tuple(found)
    except DBAPIError:
        if _tables(engine) >= {VERSION_TABLE}:  # there, yet unreadable: that error is the answer
            raise
        return ()


def current(engine: Engine) -> str | None:
    """The revision the database is at; None for an empty (never initialised) database."""
    at = stamped(engine)
    if len(at) > 1:
        shown = _shown(engine)
        raise SchemaOutOfDate(f"{shown} is stamped with several revisions: {', '.join(at)}")
    return at[0] if at else None


def require_current(engine: Engine) -> None:
    """Raise ``SchemaOutOfDate`` unless the database is at this claimsdb's newest revision."""
    at = current(engine)
    if at == HEAD:
        return
    shown = _shown(engine)
    if at is None:
        if _tables(engine) - {VERSION_TABLE}:
            raise SchemaOutOfDate(f"{shown} is not a claimsdb database")
        raise SchemaOutOfDate(f"{shown} has no claimsdb schema yet; run `claimsdb init`")
    if at not in REVISIONS:
        raise SchemaOutOfDate(
            f"{shown} is at revision {at}, made by a newer claimsdb; upgrade claimsdb"
        )
    raise SchemaOutOfDate(f"{shown} is at revision {at}, not {HEAD}; run `claimsdb init`")


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _shown(engine: Engine) -> str:
    return masked(str(engine.url))
