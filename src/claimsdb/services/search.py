"""search: events, sources, documents and claims found by the words of their text."""

from __future__ import annotations

from sqlalchemy import Engine

from claimsdb.read.search import search as find
from claimsdb.read.search import words
from claimsdb.services.claims import Listing
from claimsdb.store.engine import reading


def search(engine: Engine, query: str, limit: int | None = 20) -> Listing:
    """Hits for every word of ``query``, best first (at most ``limit``; None for all), as a
    ``Listing`` of kind, key, field and context (the matching words marked «so»), words (how
    many of the query's words a hit holds: when nothing holds them all, hits holding some of
    them come instead, most first), name and score. The query is taken literally; one without
    any word is refused."""
    from claimsdb.present.search import COLUMNS, hit_rows

    wanted = words(query)
    with reading(engine) as conn:
        hits = find(conn, query, limit)
    return Listing(hit_rows(hits, wanted), (*COLUMNS, "words", "name", "score"))
