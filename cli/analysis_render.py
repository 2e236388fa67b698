"""How the analysis commands print: summaries in words, table rows, verdicts, json.

Everything here turns analysis results (``claimsdb.analysis.results``) into text; nothing
computes one.
"""

from __future__ import annotations

import json
import math
from typing import Any

import click

from claimsdb.present.words import plural


def stamp(stamp: Any, fmt: str) -> None:
    """Table output ends with the revision; csv keeps stdout pure data and says it on stderr."""
    if fmt == "csv":
        click.echo(f"({stamp})", err=True)
    elif fmt != "json":
        click.echo(f"\n({stamp})")


def emit_json(payload: Any) -> None:
    click.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=plain))


def plain(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return str(value)


def records(frame: Any, columns: list[str]) -> list[dict[str, Any]]:
    """Rows as dicts with NaN and infinity as None, for json and csv."""
    rows = frame[columns].astype(object).where(frame[columns].notna(), None).to_dict("records")
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float) and math.isinf(value):
                row[key] = None
    return rows


def summary(group: dict[str, Any]) -> dict[str, Any]:
    """A group's spread, partisan gap and consensus, in words and numbers."""
    from claimsdb.present.words import interval, ratio

    agreed = group["k"] >= 2
    notes = []
    if agreed and group["via_tolerance"]:
        notes.append("overlap only through the tolerance")
    if agreed and group["unattributed_agree"]:
        notes.append("includes unattributed figures")
    gap = ratio(group["partisan_gap"])
    if group["partisan_gap"] == group["partisan_gap"]:
        gap += f" ({group['gap_high']} ÷ {group['gap_low']})"
    spread = ratio(group["spread"])
    if group["spread"] == group["spread"]:
        spread += f" ({interval(group['conservative'], group['highest'])})"
    return {
        "spread": spread,
        "partisan_gap": gap,
        "consensus": (
            f"{interval(group['consensus_low'], group['consensus_high'])}"
            f" ({group['k']} of {group['n']} agree)"
            if agreed
            else f"none ({group['k']} of {group['n']})"
        )
        + "".join(f"; {note}" for note in notes),
    }


def summary_line(summary: dict[str, Any]) -> str:
    return (
        f"spread {summary['spread']} · partisan gap {summary['partisan_gap']}"
        f" · consensus {summary['consensus']}"
    )


def by_affiliation(rows: Any) -> str:
    from claimsdb.present.words import interval, number

    parts = []
    for r in rows.to_dict("records"):
        values = (
            f"median {number(r['median'])}, {interval(r['lowest'], r['highest'])}"
            if r["with_point"]
            else "no point values"
        )
        parts.append(f"{r['affiliation']} {plural(r['count'], 'origin')} ({values})")
    return " · ".join(parts) or "no origins"


def group_summaries(result: Any) -> list[dict[str, Any]]:
    """compare's per-group summary for json: numbers, words and scope notes."""
    keep = ["event", "metric", "population", "period", "claims", "origins", "k", "n"]
    keep += ["consensus_low", "consensus_high", "via_tolerance", "median", "conservative"]
    keep += ["highest", "spread", "partisan_gap", "envelope_low", "envelope_high"]
    keep += ["independent_low", "independent_high"]
    out = []
    for group in result.groups.to_dict("records"):
        row = {k: plain_value(group[k]) for k in keep}
        row["summary"] = summary(group)
        mine = result.notes[result.notes["group"] == group["group"]]
        row["scope_notes"] = mine["note"].tolist()
        affiliations = result.affiliations[result.affiliations["group"] == group["group"]]
        row["by_affiliation"] = records(
            affiliations, ["affiliation", "count", "lowest", "median", "highest"]
        )
        out.append(row)
    return out


def plain_value(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def method_rows(table: Any) -> list[dict[str, Any]]:
    from claimsdb.present.words import interval, number, ratio

    rows = []
    for r in table.to_dict("records"):
        if r["method"] in ("envelope", "independent", "consensus"):
            result = interval(r["low"], r["high"])
        elif r["method"] == "by-affiliation":
            result = ratio(r["value"])
        else:
            result = number(r["value"])
        rows.append(
            {
                "event": r["event"],
                "metric": r["metric"],
                "population": r["population"],
                "period": r["period"],
                "method": r["method"],
                "result": result or "—",
                "k_of_n": f"{r['k']} of {r['n']}" if r["method"] == "consensus" else "",
                "used": r["used"],
                "excluded": r["excluded"],
                "note": r["note"],
            }
        )
    return rows


def explained(frame: Any) -> list[dict[str, Any]]:
    ordered = frame.assign(order=frame["point"].fillna(frame["lower"])).sort_values(
        ["group", "order", "key"]
    )
    return [
        {
            "metric": r["metric"],
            "population": r["population"],
            "period": r["period"],
            "claimant": r["claimant"],
            "phrase": r["phrase"],
            "role": r["reason"],
            "key": r["key"],
        }
        for r in ordered.to_dict("records")
    ]


def verdict_dict(v: Any) -> dict[str, Any]:
    from claimsdb.present.words import interval

    return {
        "event": str(v.group["event"]),
        "metric": str(v.group["metric"]),
        "population": v.group["population"],
        "period": v.group["period"],
        "verdict": v.verdict,
        "matched": v.matched,
        "contradicted": v.contradicted,
        "consensus": [interval(lo, hi) for lo, hi in v.consensus],
        "from_consensus": v.from_consensus,
        "independent": interval(*v.independent) if v.independent else None,
        "from_independent": v.from_independent,
        "advice": v.advice,
        "attribution": v.attribution,
    }


def print_verdicts(result: Any, verdicts: list[dict[str, Any]]) -> None:
    from claimsdb.present.words import number

    if result.as_of:
        undated = plural(len(result.left_out), "undated claim")
        click.echo(f"as of {result.as_of}: {undated} left out")
    for n, v in enumerate(verdicts):
        who = f"{v['event']} · {v['metric']} / {v['population'] or '(all)'}, {v['period']}"
        click.echo(("\n" if n else "") + f"{who}: {number(result.value)} → {v['verdict']}")
        for label, cited in (("matches", v["matched"]), ("contradicts", v["contradicted"])):
            for c in cited:
                tag = " (convention)" if c["convention"] else ""
                click.echo(
                    f"  {label:<11} {c['claimant']}: {c['figure']} [{c['interval']}]{tag}"
                    f"  {c['key']}"
                )
        click.echo(f"  consensus   {where(v['consensus'], v['from_consensus'])}")
        click.echo(f"  independent {where([v['independent']], v['from_independent'])}")
        if v["advice"]:
            click.echo(f"  advice      {v['advice']}")
        click.echo(f"  attribution {v['attribution']}")


def where(spans: list[str | None], distance: float | None) -> str:
    shown = " and ".join(s for s in spans if s)
    if not shown:
        return "none"
    if distance is None or distance == 0:
        return f"{shown} (inside)"
    side = "above" if distance > 0 else "below"
    return f"{shown} ({abs(distance):.0%} {side})"
