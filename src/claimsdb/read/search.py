"""Full-text search: events, sources, documents and claims whose text holds every word of a query.

The database finds the candidates with its own full-text index (the migration ``a41c7e9d2b10``
builds it: FTS5 tables on SQLite, GIN indexes on PostgreSQL); the ranking is done here, the same
on both backends. Text is taken literally: the query is folded like a name (``names.fold``) and
cut into words, each searched as a word or the start of one, all of them required — quotes,
``*``, ``-``, ``NEAR``, ``AND`` and the like are words or separators, never query syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, select, text

from claimsdb.errors import InvalidInput
from claimsdb.names import fold
from claimsdb.store.models import Claim, Document, Event, EventName, Source, SourceName

# What each hit is, in the order equal scores are listed.
KINDS = ("event", "source", "document", "claim")
# How much a match in each field weighs: a name says what a thing is, a note only mentions it.
WEIGHTS = {"name": 4.0, "alias": 4.0, "slug": 3.0, "title": 3.0, "description": 2.0}
WEIGHTS |= {"quote": 2.0, "notes": 1.0, "quote and notes": 1.0}
CANDIDATES = 500  # rows each index may hand over for ranking
MAX_WORDS = 16
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Target:
    """One searched table: its index (FTS5 table on SQLite, GIN index on PostgreSQL), the
    columns it covers, and what its rows are."""

    index: str
    table: str
    columns: tuple[str, ...]
    kind: str


# The migration that builds the indexes lists the same tables and columns.
TARGETS = (
    Target("search_event_names", "event_names", ("name",), "event"),
    Target("search_events", "events", ("description",), "event"),
    Target("search_source_names", "source_names", ("name",), "source"),
    Target("search_documents", "documents", ("title",), "document"),
    Target("search_claims", "claims", ("quote", "notes"), "claim"),
)


@dataclass(frozen=True)
class Hit:
    """One thing found: what it is (``kind``), the ``key`` to use next (an event's slug, a
    source's name, a document's or a claim's key), its ``name``, the ``field`` that matched best
    and that field's ``text``, its ``score`` and how many of the words it holds (``shared``)."""

    kind: str
    key: str
    name: str
    field: str
    text: str
    score: float
    shared: int


def words(query: str) -> list[str]:
    """The words of ``query`` as they are searched (folded); refuses a query without any."""
    found = _WORD.findall(fold(query))
    if not found:
        raise InvalidInput(f"nothing to search for in {query!r}: give at least one word")
    return list(dict.fromkeys(found))[:MAX_WORDS]


def search(conn: Connection, query: str, limit: int | None = 20) -> list[Hit]:
    """What holds every word of ``query``, best first (at most ``limit``; None for all). When
    nothing holds them all, what holds some of them, most words first (``Hit.shared``)."""
    wanted = words(query)
    found = _search(conn, wanted, every=True)
    if not found and len(wanted) > 1:
        found = _search(conn, wanted, every=False)
    ranked = sorted(found, key=lambda h: (-h.shared, -h.score, KINDS.index(h.kind), h.key))
    return ranked if limit is None else ranked[:limit]


def _search(conn: Connection, wanted: list[str], every: bool) -> list[Hit]:
    postgres = conn.dialect.name == "postgresql"
    found: dict[tuple[str, str], Hit] = {}
    for target in TARGETS:
        ids = _matching(conn, target, wanted, postgres, every)
        for hit in _hits(conn, target, ids, wanted):
            known = found.get((hit.kind, hit.key))
            if known is None or (hit.shared, hit.score) > (known.shared, known.score):
                found[(hit.kind, hit.key)] = hit
    return [h for h in found.values() if h.shared == len(wanted) or not every]


def _matching(
    conn: Connection, target: Target, wanted: list[str], postgres: bool, every: bool
) -> list[int]:
    """Ids of the rows whose indexed text holds every word (``every``) or any word, as a word or
    a word's start."""
    if postgres:
        document = index_document(target.columns)
        query = (" & " if every else " | ").join(f"{w}:*" for w in wanted)
        sql = (
            f"SELECT id FROM {target.table} WHERE {document} @@ to_tsquery('simple', :q)"
            f" ORDER BY ts_rank({document}, to_tsquery('simple', :q)) DESC, id LIMIT :n"
        )
    else:
        query = (" " if every else " OR ").join(f'"{w}"*' for w in wanted)
        sql = (
            f"SELECT rowid FROM {target.index} WHERE {target.index} MATCH :q"
            f" ORDER BY bm25({target.index}), rowid LIMIT :n"
        )
    return [row[0] for row in conn.execute(text(sql), {"q": query, "n": CANDIDATES})]


def index_document(columns: tuple[str, ...]) -> str:
    """PostgreSQL's indexed expression for ``columns`` (as the migration wrote it)."""
    joined = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
    return f"to_tsvector('simple'::regconfig, claimsdb_fold({joined}))"


def _hits(conn: Connection, target: Target, ids: list[int], wanted: list[str]) -> list[Hit]:
    if not ids:
        return []
    rows: list[tuple[str, str, str, str]] = []  # key, name, field, text
    if target.table == "event_names":
        names = select(Event.slug, Event.name, EventName.kind, EventName.name).join(
            Event, Event.id == EventName.event_id
        )
        rows = [(s, n, k, a) for s, n, k, a in conn.execute(names.where(EventName.id.in_(ids)))]
    elif target.table == "events":
        events = select(Event.slug, Event.name, Event.description).where(Event.id.in_(ids))
        rows = [(s, n, "description", d or "") for s, n, d in conn.execute(events)]
    elif target.table == "source_names":
        sources = select(Source.name, SourceName.kind, SourceName.name).join(
            Source, Source.id == SourceName.source_id
        )
        rows = [(s, s, k, n) for s, k, n in conn.execute(sources.where(SourceName.id.in_(ids)))]
    elif target.table == "documents":
        documents = select(Document.key, Document.title).where(Document.id.in_(ids))
        rows = [(k, t, "title", t) for k, t in conn.execute(documents)]
    else:
        found = select(Claim.key, Claim.quote, Claim.notes).where(Claim.id.in_(ids))
        for key, quote, notes in conn.execute(found):
            fields = [("quote", quote or ""), ("notes", notes or "")]
            best = max(fields, key=lambda f: (_shared(wanted, f[1]), _score(wanted, *f[::-1])))
            if _shared(wanted, best[1]) < _shared(wanted, f"{quote} {notes}"):
                best = ("quote and notes", f"{quote or ''} — {notes or ''}")
            rows.append((key, key, *best))
    hits = []
    for key, name, field, body in rows:
        shared = _shared(wanted, body)
        if shared:
            hits.append(
                Hit(target.kind, key, name, field, body, _score(wanted, body, field), shared)
            )
    return hits


def _shared(wanted: list[str], body: str) -> int:
    """How many of the words are a word of ``body`` or the start of one (the index's own test,
    repeated on the one field shown)."""
    have = fold(body).split()
    return sum(any(w.startswith(t) for w in have) for t in wanted)


def _score(wanted: list[str], body: str, field: str) -> float:
    """Field weight × (the share of words found + the share found whole), plus 2 when the
    words stand together in that order."""
    folded = fold(body)
    have = folded.split()
    found = sum(any(w.startswith(t) for w in have) for t in wanted) / len(wanted)
    whole = sum(t in have for t in wanted) / len(wanted)
    together = f" {' '.join(wanted)}" in f" {folded}"
    return WEIGHTS[field] * (found + whole) + (2.0 if together else 0.0)
