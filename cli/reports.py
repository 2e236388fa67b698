"""File commands: ``plot`` (a forest plot) and ``report`` (a workbook or a page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from claimsdb.present.nested import heads
from claimsdb.present.words import plural


def _output(help: str) -> Any:
    """The required ``-o/--output FILE`` of a command that writes a file."""
    return click.option(
        "-o",
        "--output",
        "path",
        required=True,
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help=help,
    )


@click.command()
@click.argument("event")
@click.option("--metric", help="Only this metric's groups.")
@click.option("--population", help="Only this population's groups.")
@_output("The picture to write: FILE.png, FILE.svg or FILE.pdf.")
@click.pass_context
def plot(
    ctx: click.Context, event: str, metric: str | None, population: str | None, path: Path
) -> None:
    """Draw a forest plot of EVENT's claims: one panel per group, one row per claim.

    Each claim's interval is a bar and its point value a dot; an open end ("at least 161")
    runs to the edge with an arrow; vague words are drawn lighter and marked "convention";
    colours show affiliation and the consensus, when there is one, is shaded.

    \b
    Examples:
      claimsdb plot khojaly --metric killed --population civilians -o khojaly.png
      claimsdb plot nagorno-karabakh-war --metric displaced -o displaced.svg
    """
    comparison = ctx.obj.plot(event, path, metric, population)
    panels = plural(len(heads(comparison.groups)), "panel")  # parts, sub-periods: in their set
    click.echo(f"wrote {path} ({panels})", err=True)


@click.command()
@_output("The workbook to write: FILE.xlsx.")
@click.option("--event", help="Only this event's groups (slug, name or alias).")
@click.option("--metric", help="Only this metric's groups.")
@click.pass_context
def report(ctx: click.Context, path: Path, event: str | None, metric: str | None) -> None:
    """Write an Excel workbook an editor can read: Summary, one sheet per event, the bundle
    tables (it imports back with claimsdb import) and the method and caveats.

    Filters choose groups; they never drop claims from a group, which would change its
    reconciliation.

    \b
    Examples:
      claimsdb report -o karabakh.xlsx
      claimsdb report -o khojaly.xlsx --event khojaly
    """
    counts = ctx.obj.report(path, event, metric)
    click.echo(
        f"wrote {path}: {plural(counts['groups'], 'comparable set')},"
        f" {plural(counts['claims'], 'claim')}, {plural(counts['events'], 'event')}",
        err=True,
    )


COMMANDS = (plot, report)
