"""Drive Alembic from code: upgrade, downgrade, current revision, and the models-vs-schema check.

Reading needs none of this: ``store.revision`` checks a database's schema without Alembic.

The configuration is built here from the installed ``claimsdb.migrations`` package, so a wheel
migrates databases without the repository's ``alembic.ini``. Every migration runs inside one write
transaction: interrupted, it leaves the previous schema intact.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from claimsdb.errors import InvalidInput, SchemaOutOfDate
from claimsdb.store import faults
from claimsdb.store.engine import masked, reading, writing
from claimsdb.store.models import modelled


def alembic_config() -> Config:
    """An Alembic configuration pointing at the installed migrations."""
    config = Config()
    config.set_main_option("script_location", str(files("claimsdb.migrations")))
    return config


def head() -> str:
    """The newest revision this claimsdb knows."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None, "claimsdb ships at least one migration"
    return revision


def known_revisions() -> set[str]:
    """Every revision id shipped with this claimsdb."""
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current(engine: Engine) -> str | None:
    """The revision the database is at; None for an empty (never initialised) database."""
    with reading(engine) as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _run(engine: Engine, action: Any, revision: str) -> None:
    from alembic.util import CommandError

    config = alembic_config()
    try:
        with writing(engine) as conn:
            config.attributes["connection"] = conn
            config.attributes["checkpoint"] = faults.point
            action(config, revision)
    except CommandError as exc:
        raise InvalidInput(
            f"cannot migrate to {revision!r}: {exc}; known revisions: "
            f"{', '.join(sorted(known_revisions()))}, head, base"
        ) from None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade to ``revision`` (default: the newest), refusing a database newer than claimsdb."""
    _refuse_unknown(engine, "it was made by a newer claimsdb; upgrade claimsdb")
    _run(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade to ``revision`` (``base`` empties the schema)."""
    _refuse_unknown(engine, "only the claimsdb that made it can downgrade it")
    _run(engine, command.downgrade, revision)


def _refuse_unknown(engine: Engine, advice: str) -> None:
    at = current(engine)
    if at is not None and at not in known_revisions():
        raise SchemaOutOfDate(
            f"database {masked(str(engine.url))} is at revision {at}, which this claimsdb does not "
            f"know: {advice}"
        )


def differences(engine: Engine) -> list[Any]:
    """Autogenerate's differences between the models and the database (empty = they agree)."""
    from alembic.autogenerate import compare_metadata

    from claimsdb.store.models import metadata

    with reading(engine) as conn:
        context = MigrationContext.configure(
            conn,
            opts={"compare_type": True, "render_as_batch": True, "include_name": modelled},
        )
        diffs = compare_metadata(context, metadata)
    return list(diffs)
