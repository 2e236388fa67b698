"""Rendering listings: one ``--format`` option and one routine for table, csv, json and markdown."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from claimsdb.vocabulary import LISTING_FORMATS

FORMATS = LISTING_FORMATS


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
    Table cells longer than 80 characters are cut, except in the ``whole`` columns."""
    columns = list(all_columns or (rows[0].keys() if rows else []))
    if fmt == "json":
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
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[r.get(c, "") for c in columns] for r in rows])
        return
    from tabulate import tabulate

    shown = list(table_columns or columns)
    if not rows:
        click.echo("(no rows)", err=True)
        return
    click.echo(
        tabulate(
            [[_cell(r.get(c, ""), whole=c in whole) for c in shown] for r in rows],
            headers=shown,
            tablefmt="pipe" if fmt == "markdown" else "simple",
            disable_numparse=True,
            preserve_whitespace=True,  # nested event names keep their indentation
        )
    )


def _cell(value: Any, *, whole: bool = False) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\n", " ")
    return text if whole or len(text) <= 80 else text[:77] + "..."
