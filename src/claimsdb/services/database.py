"""Opening a claimsdb database: the entry points the CLI and notebooks share."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from claimsdb.errors import NotFound
from claimsdb.store import revision
from claimsdb.store.engine import make_engine, masked, resolve_url, sqlite_path

if TYPE_CHECKING:
    from claimsdb.load.loader import LoadSummary


def connect(db: str | None = None, *, must_exist: bool = True, current: bool = True) -> Engine:
    """An engine for ``db`` (path or URL; else ``CLAIMSDB_URL``; else ``./claims.db``).

    With ``must_exist`` a missing SQLite file is reported instead of silently created; with
    ``current`` too, the database must be at this claimsdb's schema (else: run ``claimsdb init``).
    """
    url = resolve_url(db)
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_path(path, creating=not must_exist)
    engine = make_engine(url)
    if must_exist and current:
        revision.require_current(engine)
    return engine


def _check_sqlite_path(path: Path, *, creating: bool) -> None:
    if path.is_dir():
        raise NotFound(f"{path} is a folder; give a database file, e.g. {path / 'claims.db'}")
    if not path.parent.is_dir():
        raise NotFound(f"no database at {path}: folder {path.parent} does not exist")
    if not creating and not path.exists():
        raise NotFound(f"no database at {path}; create it with `claimsdb init`")


def init(db: str | None = None) -> tuple[Engine, str | None, str]:
    """Create or upgrade the database; returns the engine and the revisions before and after."""
    from claimsdb.store import migrate

    engine = connect(db, must_exist=False)
    before = migrate.current(engine)
    migrate.upgrade(engine)
    return engine, before, migrate.head()


def seed(engine: Engine, *, actor: str | None = None) -> LoadSummary:
    """Load the bundled data set, adding only claims whose keys are missing."""
    from claimsdb.load.loader import load_bundle

    bundle = files("claimsdb.seed")
    if not bundle.joinpath("claims.csv").is_file():
        raise NotFound("this claimsdb carries no bundled data set (seed/claims.csv is missing)")
    from claimsdb.load.readers import read_bundle

    with as_file(bundle) as folder:
        data = read_bundle(Path(folder), "csv")
        data.origin = "the bundled data set"
        return load_bundle(engine, data, actor=actor, kind="seed")


def describe(engine: Engine) -> str:
    """The database as it may be shown to a user, password masked."""
    return masked(str(engine.url))
