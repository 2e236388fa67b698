"""Query commands: ``events``, ``sources``, ``claims`` and ``show``."""

from __future__ import annotations

import click

from claimsdb.cli.output import format_option, render

CLAIM_TABLE = (
    "key",
    "event",
    "metric",
    "population",
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
@click.option("--event", help="Event slug, name or alias (accents and case do not matter).")
@click.option("--metric", help="Metric name: killed, wounded, displaced, refugees, ...")
@click.option("--population", help="Population label, e.g. civilians (exact, any case).")
@click.option("--source", help="Claimant or relaying source, by name or alias.")
@click.option("--affiliation", help="Claimant's affiliation: a party, none, or unknown.")
@click.option("--status", type=click.Choice(["active", "superseded", "retracted", "discounted"]))
@format_option
@click.pass_context
def claims(ctx: click.Context, fmt: str, **filters: str | None) -> None:
    """List claims, filtered; csv and json give every interchange column.

    \b
    Examples:
      claimsdb claims --event Xocalı --metric killed
      claimsdb claims --metric displaced --format csv > displaced.csv
    """
    listing = ctx.obj.claims(**filters)
    rows = listing.rows
    shown = [c for c in CLAIM_TABLE if not (c == "event" and filters.get("event"))]
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

    detail = ctx.obj.show(key)
    if fmt == "json":
        import json

        click.echo(json.dumps(asdict(detail), indent=2, ensure_ascii=False, default=str))
        return
    c = detail.claim
    lines = [click.style(f"{c['key']}", bold=True) + f"  [{c['status']}]"]
    lines.append(
        f"  {detail.event_name} · {c['metric']}"
        + (f" · {c['population']}" if c["population"] else "")
    )
    numbers = ", ".join(f"{n}={c[n]}" for n in ("low", "best", "high") if c[n])
    lines.append(
        f"  figure:     {c['phrase']!r} ({c['qualifier']}{'; ' + numbers if numbers else ''})"
    )
    claimant = (
        f"{c['claimant']} ({c['claimant_kind']}, affiliation: {c['affiliation'] or 'unknown'})"
    )
    lines.append(f"  claimant:   {claimant}")
    for label, column in (
        ("reported by", "reported_by"),
        ("claimed on", "claimed_on"),
        ("period", "period_start"),
        ("grade", "grade"),
        ("notes", "notes"),
    ):
        if c[column]:
            value = c[column]
            if column == "period_start" and c["period_end"] and c["period_end"] != value:
                value = f"{value} to {c['period_end']}"
            lines.append(f"  {label + ':':<11} {value}")
    if c["document"]:
        where = f", {c['locator']}" if c["locator"] else ""
        lines.append(f"  document:   {detail.document_title or c['document']}{where}")
        if c["url"]:
            lines.append(f"  url:        {c['url']}")
    if c["quote"]:
        lines.append("")
        if detail.paragraph:
            lines.append("  quote, in its paragraph:")
            lines.append("  " + _highlight(detail.paragraph, c["quote"]))
        else:
            lines.append(f"  quote: “{c['quote']}”")
            if c["document"]:
                lines.append("  (not found in the stored document text)")
    if detail.lineage:
        chain = " <- ".join([c["key"], *(p["key"] for p in detail.lineage)])
        lines.append(f"\n  repeats:    {chain}")
    if detail.repeats:
        lines.append(f"  repeated by: {', '.join(r['key'] for r in detail.repeats)}")
    if detail.whole:
        w = detail.whole
        lines.append(f"\n  part of:    {w['key']} ({w['phrase']!r} {w['population']})")
    if detail.parts:
        lines.append("\n  parts:")
        lines.extend(f"    {p['key']}: {p['phrase']!r} {p['population']}" for p in detail.parts)
    if detail.history:
        lines.append("\n  history:")
        for h in detail.history:
            what = h.note or ", ".join(h.changes) or ""
            why = f" ({h.reason})" if h.reason else ""
            lines.append(f"    #{h.revision} {h.at[:19]} {h.actor} {h.action}: {what}{why}")
    click.echo("\n".join(lines))


def _highlight(paragraph: str, quote: str) -> str:
    at = paragraph.find(quote)
    before, after = paragraph[:at], paragraph[at + len(quote) :]
    # Trim long paragraphs around the quote so it stays readable in a terminal.
    if len(before) > 300:
        before = "…" + before[-300:].split(" ", 1)[-1]
    if len(after) > 300:
        after = after[:300].rsplit(" ", 1)[0] + "…"
    return before + click.style(f"»{quote}«", bold=True) + after


COMMANDS = [events, sources, claims, show]
