"""The ``claimsdb`` command group: global options, the context object, and the error boundary.

Library errors (``ClaimsDBError``) become one line on stderr and their exit code (2 malformed
input, 1 well-formed but unresolvable); database driver errors become exit 1. No traceback reaches
a user for either.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

import click

from claimsdb import __version__
from claimsdb.cli import analysis, database, editing, listing, loading, reports, search

EPILOG = """\b
Examples:
  claimsdb init --seed                     create ./claims.db with the bundled data set
  claimsdb claims --event khojaly --metric killed
  claimsdb show khojaly-massacre-killed-hrw
  claimsdb --db postgresql+psycopg://user@host/claims events
"""


class Front:
    """The ``ClaimsDB`` of ``--db`` and ``--actor``, made when a command first calls it.

    Making it imports the library; ``claimsdb COMMAND --help`` never calls it, and so stays
    as quick as click itself.
    """

    def __init__(self, db: str | None, actor: str | None) -> None:
        self._args = (db, actor)
        self._db: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._db is None:
            from claimsdb.services.claimsdb import ClaimsDB

            db, actor = self._args
            self._db = ClaimsDB(db, actor=actor)
        return getattr(self._db, name)

    def close(self) -> None:
        """Release the database, if a command opened it."""
        if self._db is not None:
            self._db.close()


class ClaimsGroup(click.Group):
    """A group that turns library and database errors into one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.UsageError as exc:  # one line, like every other refusal
            where = exc.ctx.command_path if exc.ctx is not None else "claimsdb"
            click.echo(f"error: {exc.format_message()} (see: {where} --help)", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # the one boundary: everything else is reported, not dumped
            _fail(exc)


def _fail(exc: Exception) -> None:
    from claimsdb.errors import ClaimsDBError

    if isinstance(exc, BrokenPipeError):  # `claimsdb claims | head`: the reader has had enough
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    if isinstance(exc, ClaimsDBError):
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    from sqlalchemy.exc import SQLAlchemyError

    from claimsdb.store.engine import driver_error, masked

    driver = driver_error(exc)
    if driver is not None:
        detail = str(driver).strip().splitlines()[0] if str(driver).strip() else "database error"
        click.echo(f"error: database: {masked(detail)}", err=True)
        sys.exit(1)
    if isinstance(exc, SQLAlchemyError):
        click.echo(f"error: database: {masked(str(exc).splitlines()[0])}", err=True)
        sys.exit(1)
    if isinstance(exc, OSError):
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    raise exc


@click.group(
    cls=ClaimsGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--db",
    metavar="PATH_OR_URL",
    envvar="CLAIMSDB_URL",
    help="SQLite file or SQLAlchemy URL [env CLAIMSDB_URL; default ./claims.db].",
)
@click.option(
    "--actor",
    metavar="NAME",
    envvar="CLAIMSDB_ACTOR",
    help="Who is making changes, for the audit trail [env CLAIMSDB_ACTOR; default: OS user].",
)
@click.version_option(__version__, prog_name="claimsdb")
@click.pass_context
def cli(ctx: click.Context, db: str | None, actor: str | None) -> None:
    """claimsdb: who says how many were killed, wounded, missing or displaced.

    Every figure is a claim by a named source, kept side by side with the claims that
    contradict it, each with its verbatim quote.
    """
    ctx.obj = Front(db, actor)  # every command calls one method of its ClaimsDB
    ctx.call_on_close(ctx.obj.close)


for module in (database, listing, search, loading, editing, analysis, reports):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    """Run the command line."""
    try:
        cli(prog_name="claimsdb")
    finally:
        # The command has finished and closed its database: spare the interpreter's exit a
        # garbage collection over every object the imports made (SQLAlchemy's alone take
        # tens of ms to walk), memory the operating system takes back anyway.
        gc.freeze()
