"""Opening a claimsdb database: the entry points the CLI and notebooks share."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from claimsdb import migrate
from claimsdb.db import make_engine, masked, resolve_url, sqlite_path
from claimsdb.errors import NotFound

if TYPE_CHECKING:
    from claimsdb.io.loader import LoadSummary


def connect(db: str | None = None, *, must_exist: bool = True) -> Engine:
    """An engine for ``db`` (path or URL; else ``CLAIMSDB_URL``; else ``./claims.db``).

    With ``must_exist`` the database must already be at this claimsdb's schema: a missing SQLite
    file is reported instead of silently created, and an old schema asks for ``claimsdb init``.
    """
    url = resolve_url(db)
    path = sqlite_path(url)
    if must_exist and path is not None and not path.exists():
        raise NotFound(f"no database at {path}; create it with `claimsdb init`")
    engine = make_engine(url)
    if must_exist:
        migrate.require_current(engine)
    return engine


def init(db: str | None = None) -> tuple[Engine, str | None, str]:
    """Create or upgrade the database; returns the engine and the revisions before and after."""
    url = resolve_url(db)
    path = sqlite_path(url)
    if path is not None and not path.parent.exists():
        raise NotFound(f"cannot create {path}: folder {path.parent} does not exist")
    engine = make_engine(url)
    before = migrate.current(engine)
    migrate.upgrade(engine)
    return engine, before, migrate.head()


def seed(engine: Engine, *, actor: str | None = None) -> LoadSummary:
    """Load the bundled data set, adding only claims whose keys are missing."""
    from claimsdb.io.loader import load_bundle

    bundle = files("claimsdb.seed")
    if not bundle.joinpath("claims.csv").is_file():
        raise NotFound("this claimsdb carries no bundled data set (seed/claims.csv is missing)")
    with as_file(bundle) as folder:
        return load_bundle(engine, Path(folder), fmt="csv", actor=actor, kind="seed")


def describe(engine: Engine) -> str:
    """The database as it may be shown to a user, password masked."""
    return masked(str(engine.url))
