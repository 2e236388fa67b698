"""Database commands: ``init``, ``seed``, and ``db`` (migrations, backup and restore)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--seed", "with_seed", is_flag=True, help="Also load the bundled data set.")
@click.pass_context
def init(ctx: click.Context, with_seed: bool) -> None:
    """Create the database, or upgrade it to this claimsdb's schema.

    Safe to run again: an up-to-date database is left as it is.
    """
    done = ctx.obj.init()
    where, before, after = ctx.obj.describe(), done.before, done.after
    if before == after:
        click.echo(f"{where}: schema up to date (revision {after})", err=True)
    elif before is None:
        click.echo(f"{where}: created (revision {after})", err=True)
    else:
        click.echo(f"{where}: upgraded {before} -> {after}", err=True)
    if with_seed:
        _seed(ctx)


@click.command()
@click.pass_context
def seed(ctx: click.Context) -> None:
    """Load the bundled data set, adding only claims that are missing.

    Claims already in the database are never overwritten, so re-seeding keeps your edits.
    """
    _seed(ctx)


def _seed(ctx: click.Context) -> None:
    summary = ctx.obj.seed()
    click.echo(f"seed: {summary.describe()}", err=True)


@click.group()
def db() -> None:
    """Schema migrations (upgrade, downgrade, current, check) and backups (backup, restore)."""


@db.command()
@click.argument("revision", default="head")
@click.pass_context
def upgrade(ctx: click.Context, revision: str) -> None:
    """Upgrade the schema to REVISION (default: the newest)."""
    click.echo(f"at revision {ctx.obj.upgrade(revision)}", err=True)


@db.command(context_settings={"ignore_unknown_options": True})
@click.argument("revision")
@click.pass_context
def downgrade(ctx: click.Context, revision: str) -> None:
    """Downgrade the schema to REVISION: an id, ``-1`` for one step, or ``base``.

    ``base`` removes every table, and all data.
    """
    click.echo(f"at revision {ctx.obj.downgrade(revision) or 'base'}", err=True)


@db.command()
@click.pass_context
def current(ctx: click.Context) -> None:
    """Print the database's schema revision and this claimsdb's newest."""
    revision, newest = ctx.obj.schema()
    click.echo(f"database: {ctx.obj.describe()}")
    click.echo(f"revision: {revision or 'none (not initialised)'}")
    click.echo(f"newest:   {newest}")


@db.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Check that the database schema matches claimsdb's models exactly (exit 1 if not)."""
    diffs = ctx.obj.schema_differences()
    if diffs:
        for diff in diffs:
            click.echo(f"differs: {diff}", err=True)
        raise SystemExit(1)
    click.echo("schema matches the models", err=True)


@db.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def backup(ctx: click.Context, file: Path) -> None:
    """Copy the database to FILE (a new file), as of one moment, even while others write.

    SQLite only; for PostgreSQL use pg_dump (see the README, Backups).

    \b
    Example:
      claimsdb db backup backups/claims-2026-11-25.db
    """
    copied = ctx.obj.backup(file)
    click.echo(
        f"backed up {copied.claims:,} claims (revision {copied.revision}, "
        f"{copied.size / 1024 / 1024:.1f} MiB) to {copied.path}",
        err=True,
    )


@db.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def restore(ctx: click.Context, file: Path) -> None:
    """Replace the database with the backup FILE, after checking it is a sound claimsdb database.

    The database it replaces is kept beside it as NAME.before-restore-TIME. SQLite only; for
    PostgreSQL use pg_restore (see the README, Backups).
    """
    copied = ctx.obj.restore(file)
    click.echo(
        f"restored {copied.claims:,} claims (revision {copied.revision}) from {file} "
        f"into {copied.path}",
        err=True,
    )
    if copied.kept is not None:
        click.echo(f"the database it replaced is kept at {copied.kept}", err=True)
    if copied.revision != ctx.obj.schema()[1]:
        click.echo("the backup is of an older schema: run `claimsdb init` to upgrade it", err=True)


COMMANDS = [init, seed, db]
