"""How the analysis commands write what ``claimsdb.present`` words: the revision stamp after a
table, and json and csv rows (missing numbers as null)."""

from __future__ import annotations

import math
from typing import Any

import click


def stamp(stamp: Any, fmt: str) -> None:
    """Table output ends with the revision; csv keeps stdout pure data and says it on stderr."""
    if fmt == "csv":
        click.echo(f"({stamp})", err=True)
    elif fmt != "json":
        click.echo(f"\n({stamp})")


def emit_json(payload: Any) -> None:
    """``payload`` as indented json; NaN and infinity as null."""
    import json

    click.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=_plain))


def _plain(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return str(value)


def _plain_value(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def records(frame: Any, columns: list[str]) -> list[dict[str, Any]]:
    """Rows as dicts with NaN and infinity as None, for json and csv."""
    rows = frame[columns].astype(object).where(frame[columns].notna(), None).to_dict("records")
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float) and math.isinf(value):
                row[key] = None
    return rows


GROUP_FIELDS = ["group", "event", "metric", "population", "scope", "period", "periods_differ"]
GROUP_FIELDS += ["kind", "parent", "within", "unit", "claims", "origins", "k", "n"]
GROUP_FIELDS += ["consensus_low", "consensus_high", "via_tolerance", "median", "conservative"]
GROUP_FIELDS += ["highest", "spread", "partisan_gap", "envelope_low", "envelope_high"]
GROUP_FIELDS += ["independent_low", "independent_high"]


def group_summaries(result: Any) -> list[dict[str, Any]]:
    """compare's per-group summary for json: numbers, words and scope notes."""
    from claimsdb.present.summaries import summary

    out = []
    for group in result.groups.to_dict("records"):
        row = {k: _plain_value(group[k]) for k in GROUP_FIELDS}
        row["summary"] = summary(group)
        mine = result.notes[result.notes["group"] == group["group"]]
        row["scope_notes"] = mine["note"].tolist()
        found = result.contradictions
        row["contradictions"] = (
            [] if found is None else found.loc[found["group"] == group["group"], "note"].tolist()
        )
        affiliations = result.affiliations[result.affiliations["group"] == group["group"]]
        row["by_affiliation"] = records(
            affiliations, ["affiliation", "count", "lowest", "median", "highest"]
        )
        out.append(row)
    return out
