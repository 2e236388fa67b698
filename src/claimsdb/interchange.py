"""The interchange row: every bundle table's columns, and each row built from stored values.

Import reads these columns, export writes them, listings show them, and revisions record a change
as the row before and after. Each row is spelled here once: ``claim_row`` from a claim's stored
columns and the names it points to, and one builder per entity table. All values are text, as a
CSV cell holds them; missing values are empty.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from claimsdb.dates import written_form
from claimsdb.vocabulary import LINKS

CLAIM_COLUMNS = (
    "key",
    "event",
    "metric",
    "population",
    "scope",
    "low",
    "high",
    "best",
    "qualifier",
    "phrase",
    "period_start",
    "period_end",
    "claimant",
    "claimant_kind",
    "affiliation",
    "reported_by",
    "document",
    "url",
    "quote",
    "locator",
    "claimed_on",
    "derived_from",
    "supersedes",
    "part_of",
    "status",
    "grade",
    "notes",
)
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "metrics": ("name", "unit", "accumulates", "description"),
    "events": (
        "slug",
        "name",
        "aliases",
        "parent",
        "period_start",
        "period_end",
        "place",
        "description",
    ),
    "parties": ("name", "aliases", "description"),
    "sources": ("name", "aliases", "kind", "affiliation", "description"),
    "documents": (
        "key",
        "title",
        "publisher",
        "published_on",
        "url",
        "citation",
        "licence",
        "text_file",
        "text",
    ),
    "claims": CLAIM_COLUMNS,
}
# Columns that hold yes or no, written ``true`` or ``false`` (a JSON or XLSX boolean reads as one).
FLAG_COLUMNS = ("accumulates",)
# Columns accepted on input beyond the interchange ones.
EXTRA_INPUT_COLUMNS = {"claims": ("figure",)}
TABLES = tuple(TABLE_COLUMNS)


_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def number_text(value: float | None) -> str:
    """A stored number as written in interchange files: ``613``, ``1300000``, ``9.5``."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def _text(value: str | None) -> str:
    return value or ""


def claim_row(claim: Mapping[str, Any], names: Mapping[str, str | None]) -> dict[str, str]:
    """One claim: its stored columns (``key``, ``population``, ``scope``, ``low`` …
    ``period_first``, ``period_start_precision`` …) and ``names``, the names of what it points
    to: ``event``, ``metric``, ``claimant``, ``claimant_kind``, ``affiliation``,
    ``reported_by``, ``document``, ``url`` and the keys of its ``LINKS``."""
    return {
        "key": claim["key"],
        "event": _text(names["event"]),
        "metric": _text(names["metric"]),
        "population": claim["population"],
        "scope": claim["scope"],
        "low": number_text(claim["low"]),
        "high": number_text(claim["high"]),
        "best": number_text(claim["best"]),
        "qualifier": claim["qualifier"],
        "phrase": claim["phrase"],
        "period_start": written_form(claim["period_first"], claim["period_start_precision"]),
        "period_end": written_form(claim["period_last"], claim["period_end_precision"]),
        "claimant": _text(names["claimant"]),
        "claimant_kind": _text(names["claimant_kind"]),
        "affiliation": _text(names["affiliation"]),
        "reported_by": _text(names["reported_by"]),
        "document": _text(names["document"]),
        "url": _text(names["url"]),
        "quote": _text(claim["quote"]),
        "locator": _text(claim["locator"]),
        "claimed_on": written_form(claim["claimed_first"], claim["claimed_precision"]),
        **{link: _text(names[link]) for link in LINKS},
        "status": claim["status"],
        "grade": _text(claim["grade"]),
        "notes": _text(claim["notes"]),
    }


def flag_text(value: bool) -> str:
    """A yes/no column as interchange files write it: ``true`` or ``false``."""
    return "true" if value else "false"


def metric_row(
    name: str, unit: str, description: str | None, accumulates: bool = False
) -> dict[str, str]:
    """One metric; ``accumulates`` as ``true`` or ``false``."""
    return {
        "name": name,
        "unit": unit,
        "accumulates": flag_text(accumulates),
        "description": _text(description),
    }


def party_row(name: str, aliases: Sequence[str], description: str | None) -> dict[str, str]:
    """One party, its aliases in the order given."""
    return {"name": name, "aliases": "; ".join(aliases), "description": _text(description)}


def source_row(
    name: str,
    aliases: Sequence[str],
    kind: str,
    affiliation: str | None,
    description: str | None,
) -> dict[str, str]:
    """One source, its aliases in the order given."""
    return {
        "name": name,
        "aliases": "; ".join(aliases),
        "kind": kind,
        "affiliation": _text(affiliation),
        "description": _text(description),
    }


def event_row(
    values: Mapping[str, Any], aliases: Sequence[str], parent: str | None
) -> dict[str, str]:
    """One event from its stored columns (``slug``, ``name``, ``period_first`` …), its aliases
    and its parent's slug."""
    return {
        "slug": values["slug"],
        "name": values["name"],
        "aliases": "; ".join(aliases),
        "parent": _text(parent),
        "period_start": written_form(values["period_first"], values["period_start_precision"]),
        "period_end": written_form(values["period_last"], values["period_end_precision"]),
        "place": _text(values["place"]),
        "description": _text(values["description"]),
    }


def document_row(
    values: Mapping[str, Any], published: tuple[date | None, str | None]
) -> dict[str, str]:
    """One document from its stored columns and its publication date (first day, precision);
    its text inline (where a CSV bundle puts it in a file is the export's concern)."""
    return {
        "key": values["key"],
        "title": values["title"],
        "publisher": _text(values["publisher"]),
        "published_on": written_form(*published),
        "url": _text(values["url"]),
        "citation": _text(values["citation"]),
        "licence": _text(values["licence"]),
        "text_file": "",
        "text": _text(values["text"]),
    }


def neutralise(text: str) -> str:
    """``=1+1`` -> ``'=1+1`` so that no spreadsheet runs it; a text that already starts with
    quotes before a formula sign gets one more, so ``restore`` gives every text back exactly."""
    return "'" + text if _FORMULA.match(text) else text


def restore(text: str) -> str:
    """Undo ``neutralise`` (applied to every CSV cell read)."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text) else text
