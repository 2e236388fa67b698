"""Events, sources, parties, documents and metrics: their stored rows in the interchange shape,
and the listings of events, sources and parties.

Export writes these rows; validation compares incoming rows with them to tell an identical
re-import from an update; revisions record them as the before and after of a change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from claimsdb.dates import written_form
from claimsdb.interchange import document_row, event_row, metric_row, party_row, source_row
from claimsdb.store.models import (
    Claim,
    Document,
    Event,
    EventName,
    Metric,
    Party,
    PartyName,
    Source,
    SourceName,
)
from claimsdb.store.sql import bytewise


def _aliases(conn: Connection, table: Any, owner: Any) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for owner_id, name in conn.execute(
        select(owner, table.name).where(table.kind == "alias").order_by(table.id)
    ):
        found.setdefault(owner_id, []).append(name)
    return found


def metric_table(conn: Connection) -> dict[int, dict[str, str]]:
    """Metrics by id: name, unit, accumulates, description."""
    return {
        m.id: metric_row(m.name, m.unit, m.description, m.accumulates)
        for m in conn.execute(select(Metric.__table__).order_by(bytewise(Metric.name)))
    }


def source_table(conn: Connection) -> dict[int, dict[str, str]]:
    """Sources by id: name, aliases, kind, affiliation, description."""
    aliases = _aliases(conn, SourceName, SourceName.source_id)
    return {
        s.id: source_row(s.name, aliases.get(s.id, []), s.kind, s.affiliation, s.description)
        for s in conn.execute(select(Source.__table__).order_by(bytewise(Source.name)))
    }


def party_table(conn: Connection) -> dict[int, dict[str, str]]:
    """Parties by id: name, aliases, description."""
    aliases = _aliases(conn, PartyName, PartyName.party_id)
    return {
        p.id: party_row(p.name, aliases.get(p.id, []), p.description)
        for p in conn.execute(select(Party.__table__).order_by(bytewise(Party.name)))
    }


def event_table(conn: Connection) -> dict[int, dict[str, str]]:
    """Events by id: slug, name, aliases, parent (a slug), period, place, description."""
    aliases = _aliases(conn, EventName, EventName.event_id)
    rows = list(conn.execute(select(Event.__table__).order_by(bytewise(Event.slug))))
    slugs = {e.id: e.slug for e in rows}
    return {
        e.id: event_row(e._asdict(), aliases.get(e.id, []), slugs.get(e.parent_id)) for e in rows
    }


def document_table(conn: Connection) -> dict[int, dict[str, str]]:
    """Documents by id, their full text in ``text`` (``text_file`` is an export's concern)."""
    return {
        d.id: document_row(d._asdict(), (d.published_first, d.published_precision))
        for d in conn.execute(select(Document.__table__).order_by(bytewise(Document.key)))
    }


def document_texts(conn: Connection) -> dict[int, str]:
    """The stored full text of every document that has one, by document id."""
    return {
        doc: text
        for doc, text in conn.execute(select(Document.id, Document.text))
        if text is not None
    }


def event_rows(conn: Connection) -> list[dict[str, Any]]:
    """Events with aliases, parent and claim counts, ordered as a tree (parents first)."""
    counts = dict(conn.execute(select(Claim.event_id, func.count()).group_by(Claim.event_id)).all())
    aliases = _aliases(conn, EventName, EventName.event_id)
    events = list(
        conn.execute(
            select(Event.__table__).order_by(
                Event.period_first.is_(None), Event.period_first, bytewise(Event.slug)
            )
        )
    )
    by_id = {e.id: e for e in events}
    children: dict[int | None, list[Any]] = {}
    for e in events:
        children.setdefault(e.parent_id if e.parent_id in by_id else None, []).append(e)
    out: list[dict[str, Any]] = []

    def walk(parent: int | None, depth: int) -> None:
        for e in children.get(parent, []):
            out.append(
                {
                    "slug": e.slug,
                    "name": e.name,
                    "depth": depth,
                    "parent": by_id[e.parent_id].slug if e.parent_id else "",
                    "aliases": "; ".join(aliases.get(e.id, [])),
                    "period_start": written_form(e.period_first, e.period_start_precision),
                    "period_end": written_form(e.period_last, e.period_end_precision),
                    "place": e.place or "",
                    "claims": counts.get(e.id, 0),
                }
            )
            walk(e.id, depth + 1)

    walk(None, 0)
    return out


def source_rows(conn: Connection) -> list[dict[str, Any]]:
    """Sources with kind, affiliation, aliases and how many claims they make and relay."""
    made = dict(
        conn.execute(select(Claim.claimant_id, func.count()).group_by(Claim.claimant_id)).all()
    )
    relayed = dict(
        conn.execute(
            select(Claim.reported_by_id, func.count())
            .where(Claim.reported_by_id.is_not(None))
            .group_by(Claim.reported_by_id)
        ).all()
    )
    aliases = _aliases(conn, SourceName, SourceName.source_id)
    return [
        {
            "name": s.name,
            "kind": s.kind,
            "affiliation": s.affiliation or "",
            "aliases": "; ".join(aliases.get(s.id, [])),
            "claims": made.get(s.id, 0),
            "relayed": relayed.get(s.id, 0),
        }
        for s in conn.execute(select(Source.__table__).order_by(bytewise(Source.name)))
    ]


def party_names(conn: Connection) -> tuple[str, ...]:
    """Every party's name, in byte order."""
    return tuple(conn.execute(select(Party.name).order_by(bytewise(Party.name))).scalars())


def party_rows(conn: Connection) -> list[dict[str, Any]]:
    """Parties with aliases and how many sources speak for each and how many claims they make."""
    sources = dict(
        conn.execute(select(Source.affiliation, func.count()).group_by(Source.affiliation)).all()
    )
    claims = dict(
        conn.execute(
            select(Source.affiliation, func.count())
            .join(Claim, Claim.claimant_id == Source.id)
            .group_by(Source.affiliation)
        ).all()
    )
    return [
        {**row, "sources": sources.get(row["name"], 0), "claims": claims.get(row["name"], 0)}
        for row in party_table(conn).values()
    ]
