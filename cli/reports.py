"""File commands: ``plot`` (a forest plot) and ``report`` (a workbook or a page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from claimsdb.cli.output import period_overlap_option


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
@click.option("--metric", help="Only this metric's sets.")
@click.option("--population", help="Only this population's sets.")
@click.option(
    "--shared-scale/--own-scale",
    default=True,
    show_default=True,
    help="Panels of one metric on one x scale, or every panel on its own.",
)
@_output("The picture to write: FILE.png, FILE.svg or FILE.pdf.")
@click.pass_context
def plot(
    ctx: click.Context,
    event: str,
    metric: str | None,
    population: str | None,
    shared_scale: bool,
    path: Path,
) -> None:
    """Draw a forest plot of EVENT's claims: one panel per comparable set (its parts and
    sub-periods drawn in it), one row per claim.

    Each claim's interval is a bar and its point value a dot; an open end ("at least 161")
    runs to the edge with an arrow; vague words are drawn lighter and marked "convention";
    colours show affiliation and the consensus, when there is one, is shaded.

    Panels of one metric share one x scale, so the same number sits at the same place in
    each; a panel of another metric keeps its own scale and its axis says so ("own scale").
    --own-scale stretches every panel to its own claims instead.

    \b
    Examples:
      claimsdb plot khojaly --metric killed --population civilians -o khojaly.png
      claimsdb plot nagorno-karabakh-war --metric displaced -o displaced.svg
      claimsdb plot nagorno-karabakh-war --metric troops --own-scale -o troops.png
    """
    from claimsdb.present.nested import heads
    from claimsdb.present.words import plural

    comparison = ctx.obj.plot(event, path, metric, population, shared_scale=shared_scale)
    panels = plural(len(heads(comparison.groups)), "panel")  # parts, sub-periods: in their set
    click.echo(f"wrote {path} ({panels})", err=True)


@click.command()
@_output("The report to write: FILE.xlsx (a workbook) or FILE.html (a page).")
@click.option("--event", help="Only this event's sets (slug, name or alias).")
@click.option("--metric", help="Only this metric's sets.")
@period_overlap_option
@click.pass_context
def report(
    ctx: click.Context, path: Path, event: str | None, metric: str | None, period_overlap: float
) -> None:
    """Write a report an editor can read: an Excel workbook (FILE.xlsx) or a page (FILE.html).

    The workbook has the Summary, one sheet per event, the bundle tables (it imports back with
    claimsdb import) and the method and caveats; the page the same, with a forest plot per set.

    Claims are weighed in comparable sets, as in compare: each set's table gives every claim
    with its period, then the periods that differ and the contradictions; parts and
    sub-periods are shown under their set, never pooled, and the Summary says what they are
    within. Filters choose sets; they never drop claims from a set, which would change its
    reconciliation.

    \b
    Examples:
      claimsdb report -o karabakh.xlsx
      claimsdb report -o khojaly.xlsx --event khojaly
      claimsdb report -o karabakh.html --period-overlap 0.75
    """
    from claimsdb.present.words import plural

    counts = ctx.obj.report(path, event, metric, period_overlap=period_overlap)
    click.echo(
        f"wrote {path}: {plural(counts['groups'], 'comparable set')},"
        f" {plural(counts['claims'], 'claim')}, {plural(counts['events'], 'event')}",
        err=True,
    )
    if counts.get("without_chart"):
        click.echo(
            f"note: {plural(counts['without_chart'], 'set')} of two claims or more went without"
            " a chart (a report draws at most"
            f" {counts['charts']}): --event EVENT writes one event's with all of its charts",
            err=True,
        )


COMMANDS = (plot, report)
