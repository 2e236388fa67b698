"""``search``: find events, sources, documents and claims by the words of their text."""

from __future__ import annotations

import click

from claimsdb.cli.output import format_option, render


@click.command()
@click.argument("text")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Show at most this many hits, best first (0 for all).",
)
@format_option
@click.pass_context
def search(ctx: click.Context, text: str, limit: int, fmt: str) -> None:
    """Find what holds every word of TEXT: event names, aliases and descriptions, source names
    and aliases, document titles, and claims' quotes and notes.

    Each word matches a word or the start of one, with case and accents ignored ("xocali"
    finds "Xocalı"); TEXT is taken literally, so quotes, *, -, AND or NEAR are just words or
    separators. Hits come best first: a match in a name before one in a quote or a note, all
    words whole before word starts, the words side by side before scattered. When nothing
    holds every word, hits holding some of them are shown, most words first, and say so.
    Each hit says what it is and the key to use next (an event's slug for compare, a
    source's name for claims --source, a claim's key for show). Exits 1 when nothing is
    found.

    \b
    Examples:
      claimsdb search "border clashes"
      claimsdb search Helsinki
      claimsdb search "prisoners of war" --format json
    """
    listing = ctx.obj.search(text, limit=limit or None)
    if not listing.rows:
        click.echo(f"nothing found for {text!r}", err=True)
        ctx.exit(1)
    shown = ["kind", "key", "field", "context"]
    found, wanted = listing.rows[0]["words"].split(" of ")
    if found != wanted:
        click.echo(f"nothing holds every word of {text!r}; hits holding some of them:", err=True)
        shown.insert(3, "words")
    render(listing.rows, fmt, table_columns=shown, all_columns=listing.columns)


COMMANDS = [search]
