"""Query commands: ``events``, ``sources``, ``parties``, ``claims`` and ``show``."""

from __future__ import annotations

import click

from claimsdb.cli.output import format_option, render
from claimsdb.vocabulary import STATUSES

CLAIM_TABLE = (
    "key",
    "event",
    "metric",
    "population",
    "scope",  # shown only when a claim states one
    "period",
    "phrase",
    "low",
    "best",
    "high",
    "claimant",
    "affiliation",
    "part_of",
)


@click.command()
@format_option
@click.pass_context
def events(ctx: click.Context, fmt: str) -> None:
    """List events, nested under their parents, with aliases and claim counts."""
    rows = ctx.obj.events().rows
    if fmt in ("table", "markdown"):
        rows = [{**r, "name": "  " * r["depth"] + r["name"]} for r in rows]
        render(rows, fmt, table_columns=("slug", "name", "period_start", "period_end", "claims"))
    else:
        render(rows, fmt)


@click.command()
@format_option
@click.pass_context
def sources(ctx: click.Context, fmt: str) -> None:
    """List sources with kind, affiliation, and how many claims each makes and relays.

    Affiliation is the conflict party a source speaks for; ``none`` marks a third party
    (the only kind the independent method counts), and an empty cell means unknown.
    """
    render(ctx.obj.sources().rows, fmt)


@click.command()
@format_option
@click.pass_context
def parties(ctx: click.Context, fmt: str) -> None:
    """List the parties a source may speak for, with the aliases that find each, and how many
    sources speak for it and claims they make.

    A source's affiliation names one of these (by name or alias: "Armenian" is Armenia), ``none``
    (a third party) or nothing (unknown). An affiliation no party is known by is refused with
    "did you mean" unless --create-missing; add a party or an alias with `claimsdb party add`
    and `claimsdb party edit`.
    """
    listing = ctx.obj.parties()
    render(listing.rows, fmt, all_columns=listing.columns)


@click.command()
@click.option("--event", help="Event slug, name or alias (accents and case do not matter).")
@click.option("--metric", help="Metric name: killed, wounded, displaced, refugees, ...")
@click.option("--population", help="Population label, e.g. civilians (exact, any case).")
@click.option("--source", help="Claimant or relaying source, by name or alias.")
@click.option(
    "--affiliation", help="Claimant's affiliation: a party by any of its names, none, or unknown."
)
@click.option("--status", type=click.Choice(STATUSES))
@format_option
@click.pass_context
def claims(ctx: click.Context, fmt: str, **filters: str | None) -> None:
    """List claims, filtered; csv and json give every interchange column.

    The table's period is the claim's own; a claim that states none takes its event's, shown
    as "1992-02-25–1992-02-26 (event)" (csv and json leave period_start and period_end empty).

    \b
    Examples:
      claimsdb claims --event Xocalı --metric killed
      claimsdb claims --metric displaced --format csv > displaced.csv
    """
    listing = ctx.obj.claims(**filters)
    rows = listing.rows
    if fmt in ("table", "markdown"):
        from claimsdb.present.show import listed_period

        events = listing.event_periods
        rows = [{**r, "period": listed_period(r, events.get(r["event"]))} for r in rows]
    hidden = {"event"} if filters.get("event") else set()
    if not any(r.get("scope") for r in rows):
        hidden.add("scope")
    shown = [c for c in CLAIM_TABLE if c not in hidden]
    if filters.get("status") or any(r["status"] != "active" for r in rows):
        shown.append("status")
    render(rows, fmt, table_columns=shown, all_columns=listing.columns)


@click.command()
@click.argument("key")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def show(ctx: click.Context, key: str, fmt: str) -> None:
    """Show one claim: its fields, its quote within its paragraph, lineage, parts and history."""
    from dataclasses import asdict

    from claimsdb.present.show import claim_text

    detail = ctx.obj.show(key)
    if fmt == "json":
        import json

        click.echo(json.dumps(asdict(detail), indent=2, ensure_ascii=False, default=str))
        return
    click.echo(claim_text(detail, bold=_bold))


def _bold(text: str) -> str:
    return click.style(text, bold=True)


COMMANDS = [events, sources, parties, claims, show]
