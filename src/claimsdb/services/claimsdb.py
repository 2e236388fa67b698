"""The front door: ``claimsdb.open(url)`` returns a ``ClaimsDB`` whose methods are the use cases.

Notebooks, scripts and the command line use the same object. Each method opens one read snapshot
or one write transaction of its own; results are DataFrames, or result objects whose ``.frame`` is
their main table. Reading and analysis methods are the service functions themselves, bound to
the database's engine when first used; what they draw on (the analysis, pandas, openpyxl,
matplotlib) is imported only then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from claimsdb.services.bind import Deferred

if TYPE_CHECKING:
    from types import TracebackType

    from sqlalchemy import Engine

    from claimsdb.load.loader import LoadSummary
    from claimsdb.services import check as _check
    from claimsdb.services import claims as _claims
    from claimsdb.services import compare as _compare
    from claimsdb.services import edit as _edit
    from claimsdb.services import lint as _lint
    from claimsdb.services import reconcile as _reconcile
    from claimsdb.services import report as _report
    from claimsdb.services import search as _search
    from claimsdb.services.bind import on_engine
    from claimsdb.store.backup import Copied

ENTITY_TABLES = ("events", "sources", "parties", "documents")


@dataclass(frozen=True)
class Initialised:
    """What ``init`` did: the schema revision before (None: a new database) and after."""

    before: str | None
    after: str
    seeded: LoadSummary | None = None


def open(url: str | None = None, *, actor: str | None = None) -> ClaimsDB:
    """The claimsdb database at ``url``: a SQLite path or any SQLAlchemy URL; without one,
    ``$CLAIMSDB_URL``, else ``./claims.db``. ``actor`` names who makes changes (the audit
    trail); without one, ``$CLAIMSDB_ACTOR``, else the OS user."""
    return ClaimsDB(url, actor=actor)


class ClaimsDB:
    """One claimsdb database and everything that can be done with it.

    Nothing is opened until a method needs it; ``close()`` (or a ``with`` block) releases the
    connections. Reading methods require an existing database at this claimsdb's schema
    (``init()`` creates or upgrades one).
    """

    def __init__(self, url: str | None = None, *, actor: str | None = None) -> None:
        self.url = url
        self.actor = actor
        self._engine: Engine | None = None
        self._current = False

    def __repr__(self) -> str:
        return f"ClaimsDB({self.describe()!r})"

    def __enter__(self) -> ClaimsDB:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections; the object may be used again afterwards."""
        if self._engine is not None:
            self._engine.dispose()
        self._engine, self._current = None, False

    def _connected(self, *, must_exist: bool = True) -> Engine:
        from claimsdb.services import database

        if self._engine is None:
            self._engine = database.connect(self.url, must_exist=must_exist, current=False)
        return self._engine

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine of an existing database at this claimsdb's schema."""
        engine = self._connected()
        if not self._current:
            from claimsdb.store import revision

            revision.require_current(engine)
            self._current = True
        return engine

    def describe(self) -> str:
        """Where the database is, as it may be shown (a password masked)."""
        from claimsdb.store.engine import masked, resolve_url

        return masked(resolve_url(self.url))

    # ------------------------------------------------------------------ the database itself

    def init(self, *, seed: bool = False) -> Initialised:
        """Create the database, or upgrade it to this claimsdb's schema; with ``seed`` also load
        the bundled data set. Safe to run again."""
        from claimsdb.services import database

        self.close()
        self._engine, before, after = database.init(self.url)
        self._current = True
        return Initialised(before, after, self.seed() if seed else None)

    def seed(self) -> LoadSummary:
        """Load the bundled data set, adding only claims whose keys are missing."""
        from claimsdb.services import database

        return database.seed(self.engine, actor=self.actor)

    def schema(self) -> tuple[str | None, str]:
        """The database's schema revision (None: not initialised) and this claimsdb's newest."""
        from claimsdb.store import revision

        return revision.current(self._connected()), revision.HEAD

    def upgrade(self, revision: str = "head") -> str | None:
        """Migrate the schema up to ``revision``; returns the revision reached."""
        from claimsdb.store import migrate

        engine = self._connected()
        migrate.upgrade(engine, revision)
        self._current = False
        return migrate.current(engine)

    def downgrade(self, revision: str) -> str | None:
        """Migrate the schema down to ``revision`` (an id, ``-1`` or ``base``: every table goes)."""
        from claimsdb.store import migrate

        engine = self._connected()
        migrate.downgrade(engine, revision)
        self._current = False
        return migrate.current(engine)

    def schema_differences(self) -> list[Any]:
        """How the database's schema differs from claimsdb's models (empty: it matches)."""
        from claimsdb.store import migrate

        return migrate.differences(self.engine)

    def backup(self, target: Path) -> Copied:
        """Copy a SQLite database to the new file ``target``, as of one moment."""
        from claimsdb.store.backup import backup

        return backup(self.url, target)

    def restore(self, backup_file: Path) -> Copied:
        """Replace a SQLite database with a checked backup; the replaced file is kept beside."""
        from claimsdb.store.backup import restore

        self.close()
        return restore(self.url, backup_file)

    # ------------------------------------------------------------------ reading and analysis
    # The use cases themselves, bound to this database: their signatures and docstrings are
    # the services' own (help(db.compare) shows them). Each is imported when first used, so
    # listing claims loads no analysis and no pandas; mypy and editors read the first branch,
    # and tests/services/test_front_door.py holds the two to the same names.

    if TYPE_CHECKING:
        claims = on_engine(_claims.claims)
        events = on_engine(_claims.events)
        sources = on_engine(_claims.sources)
        parties = on_engine(_claims.parties)
        show = on_engine(_claims.show)
        search = on_engine(_search.search)
        history = on_engine(_edit.history)
        compare = on_engine(_compare.compare)
        reconcile = on_engine(_reconcile.reconcile)
        check = on_engine(_check.check)
        lint = on_engine(_lint.lint)
        report = on_engine(_report.report)
        plot = on_engine(_report.plot)
    else:
        claims = Deferred("claimsdb.services.claims:claims")
        events = Deferred("claimsdb.services.claims:events")
        sources = Deferred("claimsdb.services.claims:sources")
        parties = Deferred("claimsdb.services.claims:parties")
        show = Deferred("claimsdb.services.claims:show")
        search = Deferred("claimsdb.services.search:search")
        history = Deferred("claimsdb.services.edit:history")
        compare = Deferred("claimsdb.services.compare:compare")
        reconcile = Deferred("claimsdb.services.reconcile:reconcile")
        check = Deferred("claimsdb.services.check:check")
        lint = Deferred("claimsdb.services.lint:lint")
        report = Deferred("claimsdb.services.report:report")
        plot = Deferred("claimsdb.services.report:plot")

    # ------------------------------------------------------------------ changing, one row

    def add(self, values: dict[str, str], *, create_missing: bool = False) -> LoadSummary:
        """Add one claim from interchange fields; ``figure`` ("at least 161") may stand for the
        numbers. Its key is ``.keys[0]`` of the summary."""
        from claimsdb.services import edit

        return edit.add_claim(self.engine, values, actor=self.actor, create_missing=create_missing)

    def edit(self, key: str, changes: dict[str, str], *, reason: str | None = None) -> LoadSummary:
        """Change fields of claim ``key``; the old values stay in its history."""
        from claimsdb.services import edit

        return edit.edit_claim(self.engine, key, changes, actor=self.actor, reason=reason)

    def retract(self, key: str, reason: str) -> LoadSummary:
        """Mark claim ``key`` retracted (never deleted), recording why."""
        from claimsdb.services import edit

        return edit.retract_claim(self.engine, key, reason, actor=self.actor)

    def revert(self, key: str, revision: int, *, table: str = "claims") -> LoadSummary:
        """Put a claim (or event, source, document) back as it stood right after ``revision``."""
        from claimsdb.services import edit

        if table == "claims":
            return edit.revert_claim(self.engine, key, revision, actor=self.actor)
        return edit.revert_entity(self.engine, _entity(table), key, revision, actor=self.actor)

    def add_entity(
        self, table: str, values: dict[str, str], *, create_missing: bool = False
    ) -> LoadSummary:
        """Add one event, source, party or document (``table``: events, sources, parties,
        documents). A source's affiliation must name a known party (by any of its names) unless
        ``create_missing``."""
        from claimsdb.services import edit

        return edit.add_entity(
            self.engine, _entity(table), values, actor=self.actor, create_missing=create_missing
        )

    def edit_entity(
        self, table: str, name: str, changes: dict[str, str], *, create_missing: bool = False
    ) -> LoadSummary:
        """Change fields of one event, source, party or document, found by any of its names."""
        from claimsdb.services import edit

        return edit.edit_entity(
            self.engine,
            _entity(table),
            name,
            changes,
            actor=self.actor,
            create_missing=create_missing,
        )

    # ------------------------------------------------------------------ bundles

    def import_bundle(
        self,
        path: Path | str,
        *,
        fmt: str | None = None,
        dry_run: bool = False,
        create_missing: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> LoadSummary:
        """Validate and load a bundle (folder, lone claims CSV, XLSX or JSON), all or nothing."""
        from claimsdb.load.loader import load_bundle

        return load_bundle(
            self.engine,
            Path(path),
            fmt=fmt,
            actor=self.actor,
            create_missing=create_missing,
            dry_run=dry_run,
            progress=progress,
        )

    def export(
        self,
        path: Path | str | None = None,
        *,
        fmt: str | None = None,
        stdout: TextIO | None = None,
        event: str | None = None,
        metric: str | None = None,
        population: str | None = None,
        source: str | None = None,
        affiliation: str | None = None,
        status: str | None = None,
    ) -> dict[str, int]:
        """Write the claims (filtered) and what they need as a bundle that imports back
        unchanged; without ``path``, the claims CSV goes to ``stdout``. Returns row counts."""
        from claimsdb.read.claims import ClaimFilter
        from claimsdb.services.export import export_bundle

        filters = ClaimFilter(event, metric, population, source, affiliation, status)
        return export_bundle(self.engine, path, fmt=fmt, filters=filters, stdout=stdout)

    @staticmethod
    def template(path: Path | str | None = None, stdout: TextIO | None = None) -> None:
        """Write the claims columns with one worked example row (CSV or XLSX by suffix)."""
        from claimsdb.export.bundle import template

        template(Path(path) if path is not None else None, stdout=stdout)


def _entity(table: str) -> str:
    from claimsdb.errors import InvalidInput

    if table not in ENTITY_TABLES:
        raise InvalidInput(f"unknown table {table!r}; use {', '.join(ENTITY_TABLES)}")
    return table
