"""The stored rows of every bundle table in the interchange shape (all values text).

Export writes these rows; validation compares incoming rows with them to tell an identical
re-import from an update; revisions record them as the before and after of a change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from claimsdb.dates import written_form
from claimsdb.store.models import Document, Event, EventName, Metric, Source, SourceName
from claimsdb.store.sql import bytewise


def _aliases(conn: Connection, table: Any, owner: Any) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    for owner_id, name in conn.execute(
        select(owner, table.name).where(table.kind == "alias").order_by(table.id)
    ):
        found.setdefault(owner_id, []).append(name)
    return {k: "; ".join(v) for k, v in found.items()}


def metric_table(conn: Connection) -> dict[int, dict[str, str]]:
    """Metrics by id: name, unit, description."""
    return {
        m.id: {"name": m.name, "unit": m.unit, "description": m.description or ""}
        for m in conn.execute(select(Metric.__table__).order_by(bytewise(Metric.name)))
    }


def source_table(conn: Connection) -> dict[int, dict[str, str]]:
    """Sources by id: name, aliases, kind, affiliation, description."""
    aliases = _aliases(conn, SourceName, SourceName.source_id)
    return {
        s.id: {
            "name": s.name,
            "aliases": aliases.get(s.id, ""),
            "kind": s.kind,
            "affiliation": s.affiliation or "",
            "description": s.description or "",
        }
        for s in conn.execute(select(Source.__table__).order_by(bytewise(Source.name)))
    }


def event_table(conn: Connection) -> dict[int, dict[str, str]]:
    """Events by id: slug, name, aliases, parent (a slug), period, place, description."""
    aliases = _aliases(conn, EventName, EventName.event_id)
    rows = list(conn.execute(select(Event.__table__).order_by(bytewise(Event.slug))))
    slugs = {e.id: e.slug for e in rows}
    return {
        e.id: {
            "slug": e.slug,
            "name": e.name,
            "aliases": aliases.get(e.id, ""),
            "parent": slugs.get(e.parent_id, ""),
            "period_start": written_form(e.period_first, e.period_start_precision),
            "period_end": written_form(e.period_last, e.period_end_precision),
            "place": e.place or "",
            "description": e.description or "",
        }
        for e in rows
    }


def document_table(conn: Connection) -> dict[int, dict[str, str]]:
    """Documents by id, their full text in ``text`` (``text_file`` is an export's concern)."""
    return {
        d.id: {
            "key": d.key,
            "title": d.title,
            "publisher": d.publisher or "",
            "published_on": written_form(d.published_first, d.published_precision),
            "url": d.url or "",
            "citation": d.citation or "",
            "licence": d.licence or "",
            "text_file": "",
            "text": d.text or "",
        }
        for d in conn.execute(select(Document.__table__).order_by(bytewise(Document.key)))
    }
