"""Read queries: claims in the interchange shape, names resolved to ids, and one claim in full.

Every function takes an open connection and returns plain dicts; rendering is the caller's job.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, column, func, select, table
from sqlalchemy.sql.selectable import NamedFromClause

from claimsdb.dates import written_form
from claimsdb.errors import InvalidInput, NotFound
from claimsdb.interchange import claim_row
from claimsdb.names import did_you_mean, fold, word_matches
from claimsdb.read.history import HistoryEntry, row_history
from claimsdb.store.models import (
    Claim,
    Document,
    Event,
    EventName,
    Metric,
    Model,
    Party,
    PartyName,
    Source,
    SourceName,
)
from claimsdb.store.sql import among, bytewise
from claimsdb.store.types import unstorable
from claimsdb.vocabulary import INDEPENDENT

MATCHES_SHOWN = 5  # names listed when the words of a name match several


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Selects claims: each set field narrows the listing (names resolve through aliases)."""

    event: str | None = None
    metric: str | None = None
    population: str | None = None
    source: str | None = None
    affiliation: str | None = None
    status: str | None = None


def refuse_unstorable(what: str, name: str) -> None:
    """A name or key no row can hold (a NUL, a lone surrogate) is malformed input, alike on both
    backends: SQLite would find nothing, PostgreSQL's driver refuses even to look it up."""
    reason = unstorable(name)
    if reason is not None:
        raise InvalidInput(f"{what} {name!r} {reason}")


def resolve_event(conn: Connection, name: str, *, words: bool = True) -> int:
    """The id of the event a slug, name or alias names (or, with ``words``, the one event the
    words of ``name`` match); ``NotFound`` says "did you mean"."""
    return _resolve(conn, "event", EventName, EventName.event_id, name, words)


def resolve_source(conn: Connection, name: str, *, words: bool = True) -> int:
    """The id of the source a name or alias names (or, with ``words``, the one source the words
    of ``name`` match); ``NotFound`` says "did you mean"."""
    return _resolve(conn, "source", SourceName, SourceName.source_id, name, words)


def resolve_party(conn: Connection, name: str, *, words: bool = True) -> int:
    """The id of the party a name or alias names ("Armenian" for Armenia; with ``words``, the one
    party the words of ``name`` match); ``NotFound`` says "did you mean"."""
    return _resolve(conn, "party", PartyName, PartyName.party_id, name, words)


def _resolve(conn: Connection, what: str, names: Any, owner: Any, name: str, words: bool) -> int:
    """By any name in any folded form; failing that (and with ``words``), by the words of a
    name ("exodus", "Helsinki"): one match is taken, several are listed (``NotFound``), as is a
    miss."""
    refuse_unstorable(what, name)
    found = conn.execute(select(owner).where(names.folded == fold(name))).scalar_one_or_none()
    if found is not None:
        return int(found)
    if not words:
        raise NotFound(f"unknown {what} {name!r}")
    rows = list(conn.execute(select(owner, names.name, names.kind, names.folded)))
    proper = {entity: shown for entity, shown, kind, _ in rows if kind == "name"}
    matches = word_matches(name, {folded: folded for *_, folded in rows})
    owners = {entity for entity, *_, folded in rows if folded in matches}
    if len(owners) == 1:
        return int(owners.pop())
    if owners:
        listed = sorted(proper.get(o, "?") for o in owners)
        shown = ", ".join(repr(n) for n in listed[:MATCHES_SHOWN])
        more = f" and {len(listed) - MATCHES_SHOWN} more" if len(listed) > MATCHES_SHOWN else ""
        raise NotFound(
            f"{what} {name!r} matches {len(listed)} {what}s: {shown}{more}; give more of the name"
        )
    raise NotFound(did_you_mean(what, name, _shown_names(conn, names, owner)))


def resolve_metric(conn: Connection, name: str) -> int:
    """The id of a metric by name; ``NotFound`` says "did you mean"."""
    refuse_unstorable("metric", name)
    known = conn.execute(select(Metric.id).where(Metric.name == name.strip().lower())).scalar()
    if known is None:
        names = {m: m for m in conn.execute(select(Metric.name)).scalars()}
        raise NotFound(did_you_mean("metric", name, names))
    return known


def check_population(conn: Connection, label: str) -> None:
    """A population label no claim has is most likely a typo: ``NotFound`` with the nearest."""
    _known_value(conn, "population", Claim.population, label)


def _shown_names(conn: Connection, table: Any, owner: Any) -> dict[str, str]:
    """Folded form of every name, slug and alias -> its entity's proper name, so a suggestion
    names each event, source or party once, the way people know it."""
    rows = list(conn.execute(select(owner, table.name, table.kind)))
    proper = {entity: name for entity, name, kind in rows if kind == "name"}
    return {fold(name): proper.get(entity, name) for entity, name, _kind in rows}


def _alias(model: type[Model], *names: str) -> NamedFromClause:
    """Another copy of ``model``'s table in a join, knowing only the columns ``names``: an alias
    of the whole table would copy every column (claims has 31) the first time it is used."""
    found = model.__table__.c
    return table(model.__tablename__, *(column(n, found[n].type) for n in names)).alias()


@functools.cache
def _claims_select() -> Select[Any]:
    """Claims with their names (built once: a Select is immutable, and building one costs ms)."""
    reporter = _alias(Source, "id", "name")
    derived, superseded, whole = (_alias(Claim, "id", "key") for _ in range(3))
    return (
        select(
            Claim.__table__,
            Event.slug.label("event_slug"),
            Metric.name.label("metric_name"),
            Source.name.label("claimant_name"),
            Source.kind.label("claimant_kind"),
            Source.affiliation.label("claimant_affiliation"),
            reporter.c.name.label("reported_by_name"),
            Document.key.label("document_key"),
            Document.url.label("document_url"),
            derived.c.key.label("derived_from_key"),
            superseded.c.key.label("supersedes_key"),
            whole.c.key.label("part_of_key"),
        )
        .join(Event, Claim.event_id == Event.id)
        .join(Metric, Claim.metric_id == Metric.id)
        .join(Source, Claim.claimant_id == Source.id)
        .outerjoin(reporter, Claim.reported_by_id == reporter.c.id)
        .outerjoin(Document, Claim.document_id == Document.id)
        .outerjoin(derived, Claim.derived_from_id == derived.c.id)
        .outerjoin(superseded, Claim.supersedes_id == superseded.c.id)
        .outerjoin(whole, Claim.part_of_id == whole.c.id)
    )


def _interchange(row: Any) -> dict[str, str]:
    return claim_row(
        row._mapping,
        {
            "event": row.event_slug,
            "metric": row.metric_name,
            "claimant": row.claimant_name,
            "claimant_kind": row.claimant_kind,
            "affiliation": row.claimant_affiliation,
            "reported_by": row.reported_by_name,
            "document": row.document_key,
            "url": row.document_url,
            "derived_from": row.derived_from_key,
            "supersedes": row.supersedes_key,
            "part_of": row.part_of_key,
        },
    )


def claim_rows(
    conn: Connection, filters: ClaimFilter | None = None, *, keys: list[str] | None = None
) -> list[dict[str, str]]:
    """Claims as interchange rows (text values), filtered, ordered by event, metric, key; or
    those of ``keys``, in the order of ``keys`` (each once), whatever order the database reads
    them in."""
    query = _claims_select()
    if keys is not None:
        found: dict[str, dict[str, str]] = {}
        for condition in among(conn, Claim.key, keys):
            for r in conn.execute(query.where(condition)):
                row = _interchange(r)
                found[row["key"]] = row
        return [found[k] for k in dict.fromkeys(keys) if k in found]
    f = filters or ClaimFilter()
    if f.event:
        query = query.where(Claim.event_id == resolve_event(conn, f.event))
    if f.metric:
        query = query.where(Claim.metric_id == resolve_metric(conn, f.metric))
    if f.population is not None:
        check_population(conn, f.population)
        query = query.where(func.lower(Claim.population) == f.population.strip().lower())
    if f.source:
        source_id = resolve_source(conn, f.source)
        query = query.where((Claim.claimant_id == source_id) | (Claim.reported_by_id == source_id))
    if f.affiliation:
        query = query.where(_affiliation_is(conn, f.affiliation))
    if f.status:
        query = query.where(Claim.status == f.status)
    query = query.order_by(*map(bytewise, (Event.slug, Metric.name, Claim.population, Claim.key)))
    return [_interchange(r) for r in conn.execute(query)]


def event_periods(conn: Connection, slugs: Iterable[str]) -> dict[str, tuple[str, str]]:
    """The period of each event in ``slugs`` as written (``("1992-02-25", "1992-02-26")``,
    ``("1988-02", "")``), by slug: the period the analysis gives a claim that states none."""
    wanted = sorted(set(slugs))
    found: dict[str, tuple[str, str]] = {}
    for condition in among(conn, Event.slug, wanted):
        query = select(
            Event.slug,
            Event.period_first,
            Event.period_start_precision,
            Event.period_last,
            Event.period_end_precision,
        ).where(condition)
        for slug, first, first_precision, last, last_precision in conn.execute(query):
            found[slug] = (written_form(first, first_precision), written_form(last, last_precision))
    return found


def _affiliation_is(conn: Connection, given: str) -> Any:
    """The condition for claims whose claimant has affiliation ``given``: ``unknown`` (or empty),
    ``none``, or a party by any of its names ("Armenian" finds Armenia's)."""
    folded = fold(given)
    if folded in ("unknown", ""):
        return Source.affiliation.is_(None)
    if folded == INDEPENDENT:
        return Source.affiliation == INDEPENDENT
    party = resolve_party(conn, given)
    return Source.affiliation == conn.execute(select(Party.name).where(Party.id == party)).scalar()


def _known_value(conn: Connection, what: str, column: Any, value: str) -> None:
    """A filter value no row has is most likely a typo: say so, with the nearest values."""
    values = {v.lower(): v for v in conn.execute(select(column).distinct()).scalars() if v}
    if value.strip().lower() not in values and (value.strip() or what != "population"):
        raise NotFound(did_you_mean(what, value, values))


@dataclass(slots=True)
class ClaimDetail:
    """One claim with what ``show`` prints around it."""

    claim: dict[str, str]
    event_name: str
    document_title: str
    paragraph: str | None  # the document paragraph holding the quote, when the text has it
    lineage: list[dict[str, str]]  # the derived_from chain, nearest first
    repeats: list[dict[str, str]]  # claims derived from this one
    whole: dict[str, str] | None
    parts: list[dict[str, str]]
    history: list[HistoryEntry]


def claim_by_key(conn: Connection, key: str) -> dict[str, str]:
    """One claim as an interchange row; ``NotFound`` names the nearest keys."""
    refuse_unstorable("claim", key)
    found = claim_rows(conn, keys=[key])
    if found:
        return found[0]
    near = {
        k: k
        for k in conn.execute(
            select(Claim.key).where(func.lower(Claim.key).like(f"{key[:3].lower()}%")).limit(500)
        ).scalars()
    }
    raise NotFound(did_you_mean("claim", key, near))


def claim_detail(conn: Connection, key: str) -> ClaimDetail:
    """Everything ``claimsdb show KEY`` needs; ``NotFound`` for an unknown key."""
    claim = claim_by_key(conn, key)
    row = conn.execute(
        select(Claim.id, Event.name, Document.title, Document.text)
        .join(Event, Claim.event_id == Event.id)
        .outerjoin(Document, Claim.document_id == Document.id)
        .where(Claim.key == key)
    ).one()
    claim_id, event_name, title, text = row
    lineage: list[dict[str, str]] = []
    seen = {key}
    at = claim["derived_from"]
    while at and at not in seen:
        seen.add(at)
        parent = claim_rows(conn, keys=[at])
        if not parent:
            break
        lineage.append(parent[0])
        at = parent[0]["derived_from"]
    repeats = _keys_where(conn, Claim.derived_from_id == claim_id)
    parts = _keys_where(conn, Claim.part_of_id == claim_id)
    whole = claim_rows(conn, keys=[claim["part_of"]])[0] if claim["part_of"] else None
    history = row_history(conn, "claims", claim_id)
    return ClaimDetail(
        claim=claim,
        event_name=event_name,
        document_title=title or "",
        paragraph=quote_paragraph(text, claim["quote"]),
        lineage=lineage,
        repeats=repeats,
        whole=whole,
        parts=parts,
        history=history,
    )


def _keys_where(conn: Connection, condition: Any) -> list[dict[str, str]]:
    keys = list(
        conn.execute(select(Claim.key).where(condition).order_by(bytewise(Claim.key))).scalars()
    )
    return claim_rows(conn, keys=keys) if keys else []


def quote_paragraph(text: str | None, quote: str) -> str | None:
    """The paragraph (line) of ``text`` that contains ``quote``; None when it is not there."""
    if not text or not quote:
        return None
    at = text.find(quote)
    if at < 0:
        return None
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at + len(quote))
    return text[start : end if end >= 0 else len(text)]
