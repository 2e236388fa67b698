"""A whole bundle read from the database: every table as interchange rows, ready to export."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from claimsdb.read.claims import ClaimFilter, claim_rows
from claimsdb.read.entities import (
    document_table,
    event_table,
    metric_table,
    party_table,
    source_table,
)


def bundle_tables(conn: Connection, filters: ClaimFilter | None = None) -> dict[str, list[dict]]:
    """Every bundle table as interchange rows in a stable order.

    With filters, the claims are narrowed and the other tables hold just what those claims name
    (and the parents of their events), so the export still imports on its own.
    """
    claims = claim_rows(conn, filters)
    events = event_table(conn)
    sources = source_table(conn)
    documents = document_table(conn)
    metrics = metric_table(conn)
    tables: dict[str, list[dict[str, Any]]] = {
        "metrics": sorted(metrics.values(), key=lambda r: r["name"]),
        "events": sorted(events.values(), key=lambda r: r["slug"]),
        "parties": sorted(party_table(conn).values(), key=lambda r: r["name"]),
        "sources": sorted(sources.values(), key=lambda r: r["name"]),
        "documents": sorted(documents.values(), key=lambda r: r["key"]),
        "claims": claims,
    }
    if filters is not None and filters != ClaimFilter():
        wanted_events = {c["event"] for c in claims}
        parents = {e["slug"]: e["parent"] for e in events.values()}
        for slug in list(wanted_events):
            while parents.get(slug):
                slug = parents[slug]
                wanted_events.add(slug)
        wanted_sources = {c["claimant"] for c in claims} | {c["reported_by"] for c in claims}
        tables["events"] = [e for e in tables["events"] if e["slug"] in wanted_events]
        tables["sources"] = [s for s in tables["sources"] if s["name"] in wanted_sources]
        wanted_parties = {s["affiliation"] for s in tables["sources"]}
        tables["parties"] = [p for p in tables["parties"] if p["name"] in wanted_parties]
        tables["documents"] = [
            d for d in tables["documents"] if d["key"] in {c["document"] for c in claims}
        ]
        tables["metrics"] = [
            m for m in tables["metrics"] if m["name"] in {c["metric"] for c in claims}
        ]
    return tables
