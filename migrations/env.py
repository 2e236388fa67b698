"""Alembic environment: runs migrations inside one transaction on claimsdb's own engine."""

from __future__ import annotations

from alembic import context

from claimsdb.store.engine import make_engine, resolve_url, writing
from claimsdb.store.models import metadata, modelled

config = context.config
target_metadata = metadata


def run_migrations_online() -> None:
    """Migrate over a connection claimsdb handed in, or over the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or resolve_url())
    try:
        with writing(engine) as conn:
            _run(conn)
    finally:
        engine.dispose()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=modelled,
        # SQLite can roll DDL back; claimsdb wraps the whole upgrade in its write transaction.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("claimsdb migrations run online only: use `claimsdb db upgrade`")
run_migrations_online()
