"""Analysis commands: ``compare``, ``reconcile``, ``check`` and ``lint``.

They parse, call the services and render. Table output ends with the database revision it
reflects; json carries it as ``revision``; csv (data only) reports it on stderr. What renders
a result (``claimsdb.present``) is imported in the command's body, so ``--help`` stays light.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import click

from claimsdb.cli import analysis_render as show
from claimsdb.cli.output import format_option, period_overlap_option, render
from claimsdb.vocabulary import METHODS, TOLERANCE

METHOD_CHOICES = (*METHODS, "all")


def _tolerance(function: Any) -> Any:
    return click.option(
        "--tolerance",
        type=click.FloatRange(0, 1, max_open=True),
        default=TOLERANCE,
        show_default=True,
        help="Relative width given to 'about'/'nearly' figures (a labelled convention).",
    )(function)


_format = format_option(help="table and markdown for reading; csv and json for other programs.")


@click.command()
@click.argument("event")
@click.option("--metric", help="Only this metric's sets (scope notes still see the others).")
@click.option("--population", help="Only this population's sets.")
@click.option("--with-children", is_flag=True, help="Also the sets of child events (not pooled).")
@_tolerance
@period_overlap_option
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
    """Show who says what about EVENT: one table per comparable set, sorted by value.

    A comparable set is the claims of one event, metric, population and scope whose periods
    mostly coincide (--period-overlap): "1987–1989" and "1988–1989" are weighed together, and
    "periods differ" says so. Different sets are never pooled. Shown under a set's claims,
    marked ↳, and never pooled with them:

    \b
      sub-periods  claims for a period wholly inside the set's ("1988" in
                   "1987–1989"); for a count that accumulates they are floors
                   for it, and one above an enclosing claim's upper end is
                   printed as a contradiction
      parts        claims that are part_of a claim of the set (women and
                   children of the civilians killed)

    Each table gives claimant, affiliation, phrase, period, the stored low/best/high, when it
    was said, why the claim is used or not (reason) and its key; then the spread, the partisan
    gap, who says what by affiliation, contradictions, and scope notes pointing at sets that
    differ in one key. csv and json add the document, status and role of each claim.

    \b
    Examples:
      claimsdb compare khojaly
      claimsdb compare khojaly --metric killed --format json
      claimsdb compare expulsion-of-azerbaijanis-from-armenia
      claimsdb compare expulsion-of-azerbaijanis-from-armenia --period-overlap 0.7
      claimsdb compare nagorno-karabakh-war --metric displaced
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
    from claimsdb.present.groups import group_title
    from claimsdb.present.nested import panels
    from claimsdb.present.summaries import by_affiliation, shown_under, summary, summary_line
    from claimsdb.present.words import unit_of

    for n, (group, mine, rows) in enumerate(panels(result.claims, result.groups)):
        nested = shown_under(result.groups, group)
        click.echo(("\n" if n else "") + group_title(group) + (f"; {nested}" if nested else ""))
        render(
            rows,
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
@click.option("--metric", help="Only this metric's sets.")
@click.option("--population", help="Only this population's sets.")
@click.option(
    "--method",
    "methods",
    type=click.Choice(METHOD_CHOICES),
    multiple=True,
    help="Method(s) to show (repeatable) [default: all].",
)
@click.option("--explain", is_flag=True, help="Also list each claim's role and the reason.")
@_tolerance
@period_overlap_option
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
    """Reconcile the claims of EVENT (without EVENT: every set) by each method.

    One row per comparable set (see compare --help) and method; a sub-period or parts set is
    reconciled on its own, and "within" names the set it is shown under. envelope: lowest to
    highest end of all origins; independent: the same over third parties (affiliation none);
    consensus: Marzullo's interval shared by the most origins, "k of n" (k < 2: no consensus,
    the table shows "—" and the note says why; floors, ceilings and vague words never vote);
    median; conservative: the lowest point value (a floor, not an estimate); by-affiliation:
    the partisan gap. See the README, "How reconciliation works".

    \b
    Examples:
      claimsdb reconcile khojaly --explain
      claimsdb reconcile expulsion-of-azerbaijanis-from-armenia --method consensus
      claimsdb reconcile --metric displaced --method consensus
      claimsdb reconcile --format csv > all-sets.csv
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
    if fmt in ("table", "markdown"):
        # "1 of 1" beside "none: only one claim gives a finite figure" reads like agreement:
        # without a consensus the note carries the words (csv and json keep k_of_n as it is).
        agreed = [k >= 2 for k in result.table["k"].fillna(0)]
        table = [
            r | {"k_of_n": "—"} if r["k_of_n"] and not ok else r
            for r, ok in zip(table, agreed, strict=True)
        ]
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
@click.option(
    "--population",
    help="Judge only this population's sets (default: every population; the headline is the"
    " set VALUE is most plausibly about).",
)
@click.option("--as-of", metavar="DATE", help="Judge on claims made by DATE (YYYY[-MM[-DD]]).")
@_tolerance
@period_overlap_option
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

    VALUE is judged against every comparable set of EVENT's METRIC (see compare --help). The
    first line is the headline verdict, on the set VALUE is most plausibly about: a set of its
    own (not parts, not a sub-period); of those, one where VALUE is within the consensus or
    matches an estimate, then the one with most claims, then the whole population before a
    named one. Under it come the claims VALUE
    matches and contradicts, its distance from the consensus and the independent range, and
    an attribution sentence to print; then that set's parts and sub-periods (a sub-period above
    an enclosing claim is a contradiction); then "other sets", one line each.

    A verdict is the first that holds of: within_consensus, matches_estimate,
    within_independent, below_floor, above_all, envelope_only (no_claims when nothing is
    active). Exit 1 when no set has an active claim.

    \b
    Examples:
      claimsdb check khojaly killed 613
      claimsdb check khojaly killed 161 --population civilians
      claimsdb check expulsion-of-azerbaijanis-from-armenia killed 127
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
@period_overlap_option
@_format
@click.pass_context
def lint(ctx: click.Context, period_overlap: float, fmt: str) -> None:
    """Find data-quality problems; exit 1 when there are any.

    Each finding names the keys involved and says what is wrong:

    \b
      quote_not_in_document        a quote is not in its document's stored text
      parts_exceed_whole           the parts of a claim (part_of) add up to more
                                   than the whole's upper end
      claimant_contradicts_itself  one claimant gives two figures in one set that
                                   do not meet
      sub_period_exceeds           a figure for a sub-period of a count that
                                   accumulates ("127 killed in 1988") is above a
                                   figure for the enclosing period ("25 in
                                   1988–1989")
      duplicate                    the same figure and quote under two or more keys

    \b
    Examples:
      claimsdb lint
      claimsdb lint --format json
    """
    from claimsdb.present.findings import COLUMNS
    from claimsdb.present.words import plural

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
