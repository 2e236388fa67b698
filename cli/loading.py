"""``claimsdb import``: load a bundle or a lone claims CSV, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "json"]),
    help="Bundle format [default: from the path; a folder or .csv is csv].",
)
@click.option("--dry-run", is_flag=True, help="Validate and print the summary; write nothing.")
@click.option(
    "--create-missing",
    is_flag=True,
    help="Create events, sources and documents the rows name but nothing defines.",
)
@click.pass_context
def import_(
    ctx: click.Context, path: Path, fmt: str | None, dry_run: bool, create_missing: bool
) -> None:
    """Import claims from PATH: a folder bundle, a lone claims CSV, an XLSX or a JSON file.

    Everything is validated before anything is written; every problem is reported as
    FILE:ROW:COLUMN and nothing is written (exit 2). Claims whose keys exist with identical
    values are left unchanged.

    \b
    Examples:
      claimsdb import my-bundle/
      claimsdb import figures.csv --create-missing --dry-run
    """
    from claimsdb.io.loader import load_bundle

    summary = load_bundle(
        ctx.obj.engine(),
        path,
        fmt=fmt,
        actor=ctx.obj.actor,
        create_missing=create_missing,
        dry_run=dry_run,
    )
    suffix = f" (batch {summary.batch_id})" if summary.batch_id else ""
    click.echo(f"{path}: {summary.describe()}{suffix}", err=True)


COMMANDS = [import_]
