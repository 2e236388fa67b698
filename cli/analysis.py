"""Analysis commands: ``compare``, ``reconcile``, ``check`` and ``lint``.

They parse, call the services and render. Table output ends with the database revision it
reflects; json carries it as ``revision``; csv (data only) reports it on stderr.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import click

from claimsdb.cli import analysis_render as show
from claimsdb.cli.output import format_option, render
from claimsdb.present.groups import group_title
from claimsdb.present.nested import heads, table_rows, under
from claimsdb.present.summaries import by_affiliation, summary, summary_line
from claimsdb.present.words import plural, unit_of
from claimsdb.vocabulary import METHODS, PERIOD_OVERLAP, TOLERANCE

METHOD_CHOICES = (*METHODS, "all")


def _tolerance(function: Any) -> Any:
    return click.option(
        "--tolerance",
        type=click.FloatRange(0, 1, max_open=True),
        default=TOLERANCE,
        show_default=True,
        help="Relative width given to 'about'/'nearly' figures (a labelled convention).",
    )(function)


def _overlap(function: Any) -> Any:
    return click.option(
        "--period-overlap",
        type=click.FloatRange(0, 1, min_open=True),
        default=PERIOD_OVERLAP,
        show_default=True,
        help="Claims are compared when their periods overlap by at least this share of their"
        " union (a labelled convention); a period this much inside a longer one is its"
        " sub-period, shown under it and never pooled.",
    )(function)


_format = format_option(help="table and markdown for reading; csv and json for other programs.")


@click.command()
@click.argument("event")
@click.option("--metric", help="Only this metric's groups (scope notes still see the others).")
@click.option("--population", help="Only this population's groups.")
@click.option("--with-children", is_flag=True, help="Also the groups of child events (not pooled).")
@_tolerance
@_overlap
@_format
@click.pass_context
def compare(
    ctx: click.Context,
    event: str,
    metric: str | None,
    population: str | None,
    with_children: bool,
    tolerance: float,
    period_overlap: float,
    fmt: str,
) -> None:
    """Show who says what about EVENT: one table per group, sorted by value.

    A group is one event, metric, population and period; groups are never pooled. Each table
    gives claimant, affiliation, phrase, the stored low/best/high, when it was said, the
    document and the claim's role, then the spread, the partisan gap and scope notes for
    groups that differ in one key.

    \b
    Examples:
      claimsdb compare khojaly
      claimsdb compare nagorno-karabakh-war --metric displaced
      claimsdb compare khojaly --metric killed --format json
    """
    result = ctx.obj.compare(
        event,
        metric,
        population,
        with_children=with_children,
        tolerance=tolerance,
        period_overlap=period_overlap,
    )
    columns = ["key", "claimant", "affiliation", "phrase", "low", "best", "high"]
    columns += ["claimed_on", "document", "status", "role", "reason"]
    if fmt in ("csv", "json"):
        sets = result.groups[["group", "period", "kind"]]
        rows = result.claims.merge(
            sets.rename(columns={"period": "set_period", "kind": "set"}), on="group"
        )
        wanted = ["event", "metric", "population", "scope", "period", "set_period", "set"]
        wanted += columns
        if fmt == "csv":
            render(show.records(rows, wanted), "csv", all_columns=wanted)
        else:
            show.emit_json(
                result.stamp.fields()
                | {"groups": show.group_summaries(result), "claims": show.records(rows, wanted)}
            )
        show.stamp(result.stamp, fmt)
        return
    for n, group in enumerate(heads(result.groups)):
        mine = under(result.groups, group)
        click.echo(("\n" if n else "") + group_title(group))
        render(
            table_rows(result.claims, result.groups, group).to_dict("records"),
            fmt,
            table_columns=[*columns[1:4], "period", *columns[4:7], "claimed_on", "reason", "key"],
        )
        click.echo(("\n" if fmt == "markdown" else "") + summary_line(summary(group)))
        if group.get("periods_differ"):
            click.echo(f"periods differ: {group['periods_differ']}")
        affiliations = result.affiliations[result.affiliations["group"] == group["group"]]
        click.echo("by affiliation: " + by_affiliation(affiliations, unit_of(group)))
        if result.contradictions is not None:
            for note in result.contradictions.loc[
                result.contradictions["group"].isin(mine), "note"
            ]:
                click.echo(note)
        for note in result.notes.loc[result.notes["group"] == group["group"], "note"]:
            click.echo(f"scope: {note}")
    show.stamp(result.stamp, fmt)


@click.command()
@click.argument("event", required=False)
@click.option("--metric", help="Only this metric's groups.")
@click.option("--population", help="Only this population's groups.")
@click.option(
    "--method",
    "methods",
    type=click.Choice(METHOD_CHOICES),
    multiple=True,
    help="Method(s) to show (repeatable) [default: all].",
)
@click.option("--explain", is_flag=True, help="Also list each claim's role and the reason.")
@_tolerance
@_overlap
@_format
@click.pass_context
def reconcile(
    ctx: click.Context,
    event: str | None,
    metric: str | None,
    population: str | None,
    methods: tuple[str, ...],
    explain: bool,
    tolerance: float,
    period_overlap: float,
    fmt: str,
) -> None:
    """Reconcile the claims of EVENT (without EVENT: every group) by each method.

    One row per group and method. envelope: lowest to highest end of all origins;
    independent: the same over third parties (affiliation none); consensus: Marzullo's
    interval shared by the most origins, "k of n" (k < 2: no consensus; floors, ceilings and
    vague words never vote); median; conservative: the lowest point value (a floor, not an
    estimate); by-affiliation: the partisan gap. See the README, "How reconciliation works".

    \b
    Examples:
      claimsdb reconcile khojaly --explain
      claimsdb reconcile --metric displaced --method consensus
      claimsdb reconcile --format csv > all-groups.csv
    """
    chosen = METHODS if not methods or "all" in methods else tuple(methods)
    result = ctx.obj.reconcile(
        event,
        metric,
        population,
        methods=chosen,
        explain=explain,
        tolerance=tolerance,
        period_overlap=period_overlap,
    )
    from claimsdb.present.methods import COLUMNS, OPTIONAL, method_rows
    from claimsdb.present.reasons import EXPLAINED, explained_rows

    table = method_rows(result.table)
    explained = None if result.explained is None else explained_rows(result.explained)
    if fmt == "json":
        numbers = show.records(result.table, ["low", "high", "value", "k", "n"])
        rows = [row | extra for row, extra in zip(table, numbers, strict=True)]
        payload: dict[str, Any] = result.stamp.fields() | {"methods": rows}
        if explained is not None:
            payload["claims"] = explained
        show.emit_json(payload)
        return
    shown = [c for c in COLUMNS if c not in OPTIONAL or any(r[c] for r in table)]
    render(table, fmt, table_columns=shown, all_columns=COLUMNS)
    if explained is not None:
        click.echo("")
        render(explained, fmt, all_columns=EXPLAINED if explained else None)
    show.stamp(result.stamp, fmt)


class Value(click.ParamType):
    """A number as people write it: ``613``, ``1,000``, ``1 300 000``, ``9.5``."""

    name = "number"

    def convert(self, value: Any, param: Any, ctx: Any) -> float:
        if isinstance(value, float):
            return value
        text = str(value).strip().replace(",", "").replace(" ", "").replace("\u202f", "")
        try:
            number = float(text)
        except ValueError:
            self.fail(f"{value!r} is not a number (write e.g. 613 or 1,000)", param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number (write e.g. 613 or 1,000)", param, ctx)
        return number


@click.command()
@click.argument("event")
@click.argument("metric")
@click.argument("value", type=Value())
@click.option("--population", help="Only this population (default: one verdict per population).")
@click.option("--as-of", metavar="DATE", help="Judge on claims made by DATE (YYYY[-MM[-DD]]).")
@_tolerance
@_overlap
@_format
@click.pass_context
def check(
    ctx: click.Context,
    event: str,
    metric: str,
    value: float,
    population: str | None,
    as_of: str | None,
    tolerance: float,
    period_overlap: float,
    fmt: str,
) -> None:
    """Check VALUE before publishing it: does EVENT's METRIC support it, and how to word it.

    The verdict is the first that holds of: within_consensus, matches_estimate,
    within_independent, below_floor, above_all, envelope_only (no_claims when nothing is
    active). Then the claims it matches and contradicts, its distance from the consensus and
    the independent range, and an attribution sentence to print. Exit 1 when no group has an
    active claim.

    \b
    Examples:
      claimsdb check khojaly killed 613
      claimsdb check khojaly killed 161 --population civilians
      claimsdb check khojaly killed 500 --as-of 1992-03 --format json
    """
    from claimsdb.present.verdicts import FLAT, verdict_lines, verdict_row

    result = ctx.obj.check(
        event,
        metric,
        value,
        population,
        as_of=as_of,
        tolerance=tolerance,
        period_overlap=period_overlap,
    )
    verdicts = [verdict_row(v) for v in result.verdicts]
    if fmt == "json":
        show.emit_json(
            result.stamp.fields()
            | {
                "value": value,
                "as_of": as_of,
                "left_out": result.left_out,
                "verdicts": verdicts,
            }
        )
    elif fmt == "csv":
        render(verdicts, "csv", all_columns=FLAT)
        show.stamp(result.stamp, fmt)
    else:
        for line in verdict_lines(result, verdicts):
            click.echo(line)
        show.stamp(result.stamp, fmt)
    if all(v.verdict == "no_claims" for v in result.verdicts):
        click.echo("error: no active claims to check against", err=True)
        sys.exit(1)


@click.command()
@_overlap
@_format
@click.pass_context
def lint(ctx: click.Context, period_overlap: float, fmt: str) -> None:
    """Find data-quality problems; exit 1 when there are any.

    Reports quotes missing from their document's text, parts adding up to more than their
    whole allows, a claimant contradicting itself within a group, and the same figure and
    quote stored under two keys — each with the keys involved.
    """
    from claimsdb.present.findings import COLUMNS

    result = ctx.obj.lint(period_overlap=period_overlap)
    rows = result.findings.to_dict("records")
    if fmt == "json":
        show.emit_json(result.stamp.fields() | {"findings": rows})
    elif rows:
        render(rows, fmt, all_columns=COLUMNS, whole=["keys"])
        show.stamp(result.stamp, fmt)
    click.echo(plural(len(rows), "finding") if rows else "no findings", err=True)
    if rows:
        sys.exit(1)


COMMANDS = (compare, reconcile, check, lint)
