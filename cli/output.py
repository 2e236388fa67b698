"""Rendering listings: one ``--format`` option and one routine for table, csv, json and markdown."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import click

from claimsdb.vocabulary import LISTING_FORMATS, PERIOD_OVERLAP

FORMATS = LISTING_FORMATS
WIDTH = 80  # a table cell wider than this is wrapped onto further lines
# Columns that hold claim keys: shown whole, always, since ``claimsdb show KEY`` needs all of it.
KEY_COLUMNS = frozenset({"key", "keys", "part_of", "derived_from", "supersedes"})


def format_option(
    function: Callable[..., Any] | None = None,
    *,
    help: str = "Output format; csv and json use the interchange column names.",
) -> Any:
    """Add ``--format table|csv|json|markdown`` to a command (``@format_option`` or
    ``@format_option(help=...)``)."""

    def add(command: Callable[..., Any]) -> Callable[..., Any]:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default="table",
            show_default=True,
            help=help,
        )(command)

    return add(function) if function is not None else add


def render(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    *,
    table_columns: Sequence[str] | None = None,
    all_columns: Sequence[str] | None = None,
    whole: Sequence[str] = (),
) -> None:
    """Write ``rows`` to stdout. Tables may show fewer columns; csv/json always show them all.
    Keys (``KEY_COLUMNS``) and the ``whole`` columns are never cut or wrapped; other table cells
    longer than 80 characters wrap onto further lines between words (markdown keeps them on
    one line, whole: its readers wrap)."""
    columns = list(all_columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        import json

        click.echo(
            json.dumps(
                [{c: r.get(c, "") for c in columns} for r in rows],
                indent=2,
                ensure_ascii=False,
                default=str,
            )
        )
        return
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[r.get(c, "") for c in columns] for r in rows])
        return
    from tabulate import tabulate

    shown = list(table_columns or columns)
    if not rows:
        click.echo("(no rows)", err=True)
        return
    kept = KEY_COLUMNS.union(whole)
    wrap = fmt != "markdown"
    click.echo(
        tabulate(
            [[_cell(r.get(c, ""), whole=c in kept, wrap=wrap) for c in shown] for r in rows],
            headers=shown,
            tablefmt="pipe" if fmt == "markdown" else "simple",
            disable_numparse=True,
            preserve_whitespace=True,  # nested event names keep their indentation
        )
    )


def _cell(value: Any, *, whole: bool = False, wrap: bool = True) -> str:
    """A table cell on one line; when ``wrap`` and longer than ``WIDTH`` (and not ``whole``),
    on several, broken between words only (a key inside a reason stays in one piece)."""
    text = "" if value is None else str(value)
    text = text.replace("\n", " ")
    if whole or not wrap or len(text) <= WIDTH:
        return text
    return "\n".join(textwrap.wrap(text, WIDTH, break_long_words=False, break_on_hyphens=False))


# compare, reconcile, check and report find comparable sets alike: one option, worded once.
period_overlap_option = click.option(
    "--period-overlap",
    type=click.FloatRange(0, 1, min_open=True),
    default=PERIOD_OVERLAP,
    show_default=True,
    help="Claims form one comparable set when their periods overlap by at least this share"
    " of their union (a labelled convention). 0.5: 1987–1989 and 1988–1989 (2 of 3 years"
    " shared) are compared; 0.9: they are not, and 1988–1989, wholly inside 1987–1989,"
    " becomes its sub-period: shown under it, never pooled.",
)
