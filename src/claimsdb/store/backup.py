"""Backups of a SQLite database: a consistent copy while others write, and a checked restore.

Both use SQLite's online backup API in one step: the copy is the database as of one moment (a
read transaction; writers carry on in WAL mode), never a mix of before and after a change. A
PostgreSQL database is backed up with ``pg_dump`` instead (see the README).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from claimsdb.errors import ClaimsDBError, NotFound
from claimsdb.store.engine import masked, resolve_url, sqlite_path
from claimsdb.store.revision import REVISIONS

PG_DUMP = (
    "for PostgreSQL use pg_dump and pg_restore, e.g. "
    "pg_dump --format=custom --file=claims.dump DATABASE_URL (see the README, Backups)"
)


@dataclass(frozen=True, slots=True)
class Copied:
    """What a backup or restore copied."""

    path: Path
    revision: str
    claims: int
    size: int
    kept: Path | None = None  # restore: where the database it replaced was saved


def _sqlite_file(db: str | None, doing: str) -> Path:
    url = resolve_url(db)
    path = sqlite_path(url)
    if path is None:
        raise ClaimsDBError(f"{doing} works on SQLite files, not {masked(url)}; {PG_DUMP}")
    return path


def inspect_copy(path: Path) -> tuple[str, int]:
    """The revision and claim count of the claimsdb database at ``path``; refuses anything else.

    Opened read-only: a file that is not a database, is damaged, is not claimsdb's, or was made
    by a newer claimsdb is reported and left untouched.
    """
    if not path.is_file():
        raise NotFound(f"no backup at {path}")
    try:
        con = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            check = con.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise ClaimsDBError(f"{path} is damaged (SQLite says: {check})")
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            if not {"alembic_version", "claims", "revisions"} <= tables:
                raise ClaimsDBError(f"{path} is not a claimsdb database")
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
            claims = con.execute("SELECT count(*) FROM claims").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise ClaimsDBError(f"{path} is not a claimsdb database ({exc})") from None
    if revision is None or revision[0] not in REVISIONS:
        at = revision[0] if revision else "none"
        raise ClaimsDBError(
            f"{path} is a claimsdb database at revision {at}, which this claimsdb does not know "
            "(made by a newer claimsdb?); upgrade claimsdb to restore it"
        )
    return str(revision[0]), int(claims)


def _copy(source: Path, target: Path, *, read_only: bool) -> None:
    """Copy ``source`` into ``target`` in one step of the online backup API."""
    uri = f"{source.absolute().as_uri()}?mode=ro" if read_only else str(source)
    src = sqlite3.connect(uri, uri=read_only, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst, pages=-1)
    finally:
        dst.close()
        src.close()


def backup(db: str | None, target: Path) -> Copied:
    """Copy the database to ``target`` (a new file) as of one moment, writers or not."""
    source = _sqlite_file(db, "db backup")
    if not source.is_file():
        raise NotFound(f"no database at {source}")
    if target.exists():
        raise ClaimsDBError(f"{target} exists already; back up to a new file")
    if not target.parent.is_dir():
        raise NotFound(f"folder {target.parent} does not exist")
    partial = target.with_name(target.name + ".partial")
    try:
        _copy(source, partial, read_only=False)
        revision, claims = inspect_copy(partial)
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return Copied(target, revision, claims, target.stat().st_size)


def restore(db: str | None, backup_file: Path) -> Copied:
    """Replace the database with the backup, after checking it; the replaced one is kept."""
    target = _sqlite_file(db, "db restore")
    revision, claims = inspect_copy(backup_file)
    kept = None
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = target.with_name(f"{target.name}.before-restore-{stamp}")
        _copy(target, kept, read_only=False)
    elif not target.parent.is_dir():
        raise NotFound(f"folder {target.parent} does not exist")
    _copy(backup_file, target, read_only=True)
    return Copied(target, revision, claims, target.stat().st_size, kept)
