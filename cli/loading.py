"""``claimsdb import``: load a bundle or a lone claims CSV, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click

from claimsdb.vocabulary import BUNDLE_FORMATS, STATUSES


@click.command(name="import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(BUNDLE_FORMATS),
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
    import sys

    progress = None
    if sys.stderr.isatty():  # a progress line for people, nothing for pipes and logs

        def progress(rows: int) -> None:
            click.echo(f"\r{path}: {rows:,} claim rows checked", err=True, nl=False)

    summary = ctx.obj.import_bundle(
        path, fmt=fmt, create_missing=create_missing, dry_run=dry_run, progress=progress
    )
    if progress is not None:
        click.echo("\r\033[K", err=True, nl=False)
    suffix = f" (batch {summary.batch_id})" if summary.batch_id else ""
    click.echo(f"{path}: {summary.describe()}{suffix}", err=True)


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="A folder (CSV bundle), FILE.csv (claims), FILE.xlsx or FILE.json "
    "[default: claims CSV on stdout].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(BUNDLE_FORMATS),
    help="[default: from the output's suffix; a folder is a CSV bundle]",
)
@click.option("--event", help="Only claims of this event (slug, name or alias).")
@click.option("--metric")
@click.option("--population")
@click.option("--source", help="Claimant or relaying source.")
@click.option("--affiliation")
@click.option("--status", type=click.Choice(STATUSES))
@click.pass_context
def export(ctx: click.Context, output: Path | None, fmt: str | None, **filters: str | None) -> None:
    """Export claims, and the events, sources, parties, documents and metrics they need, as a bundle
    that `claimsdb import` reads back unchanged.

    \b
    Examples:
      claimsdb export -o backup/                 every table, a CSV folder
      claimsdb export --event khojaly -o khojaly.xlsx
      claimsdb export --metric refugees > refugees.csv
    """
    import sys

    counts = ctx.obj.export(output, fmt=fmt, stdout=sys.stdout, **filters)
    shown = ", ".join(f"{n} {table}" for table, n in counts.items())
    click.echo(f"exported {shown}" + (f" to {output}" if output else ""), err=True)


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="FILE.csv or FILE.xlsx [default: CSV on stdout].",
)
@click.pass_context
def template(ctx: click.Context, output: Path | None) -> None:
    """Write the claims columns with one worked example row, to fill in and import."""
    import sys

    ctx.obj.template(output, stdout=sys.stdout)
    if output:
        click.echo(f"wrote {output}", err=True)


COMMANDS = [import_, export, template]
