"""Claims from the database as the frame ``claimsdb.analysis`` takes (see ``analysis.frame``).

One query reads the claims in scope with only the columns analysis needs (a claim without a
period takes its event's in SQL); names come from the small events, metrics and sources
tables and are attached as categoricals, so a million claims cost one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, case, func, select

from claimsdb.models import Claim, Document, Event, Metric, Source

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class Scope:
    """Which claims to load: ids of events (None: all), a metric id, a population label."""

    events: tuple[int, ...] | None = None
    metric: int | None = None
    population: str | None = None


_COLUMNS = (
    "id",
    "key",
    "event_id",
    "metric_id",
    "population",
    "period_first",
    "period_last",
    "period_start_precision",
    "period_end_precision",
    "qualifier",
    "low",
    "high",
    "best",
    "vague",
    "status",
    "claimant_id",
    "derived_from",
    "supersedes",
    "part_of",
    "claimed",
    "published",
)


def _select() -> Any:
    no_period = and_(Claim.period_first.is_(None), Claim.period_last.is_(None))

    def period(column: str) -> Any:
        return case((no_period, getattr(Event, column)), else_=getattr(Claim, column))

    return (
        select(
            Claim.id,
            Claim.key,
            Claim.event_id,
            Claim.metric_id,
            Claim.population,
            period("period_first"),
            period("period_last"),
            period("period_start_precision"),
            period("period_end_precision"),
            Claim.qualifier,
            Claim.low,
            Claim.high,
            Claim.best,
            Claim.vague,
            Claim.status,
            Claim.claimant_id,
            Claim.derived_from_id,
            Claim.supersedes_id,
            Claim.part_of_id,
            Claim.claimed_last,
            Document.published_last,
        )
        .join(Event, Event.id == Claim.event_id)
        .outerjoin(Document, Document.id == Claim.document_id)
    )


def claims_frame(
    conn: Connection, scope: Scope | None = None, *, text: bool = False
) -> pd.DataFrame:
    """The claims in ``scope`` (all by default) plus, marked ``in_scope`` False, the claims
    their ``derived_from`` chains reach outside it. ``text`` adds ``phrase``, ``quote`` and
    ``document_id`` (for explanations and lint)."""
    import pandas as pd

    scope = scope or Scope()
    query = _select()
    if text:
        query = query.add_columns(Claim.phrase, Claim.quote, Claim.document_id)
    if scope.events is not None:
        query = query.where(Claim.event_id.in_(scope.events))
    if scope.metric is not None:
        query = query.where(Claim.metric_id == scope.metric)
    if scope.population is not None:
        query = query.where(func.lower(Claim.population) == scope.population.strip().lower())
    frame = _records(conn, query)
    frame["in_scope"] = True
    context = _ancestors(conn, frame)
    if not context.empty:
        context["in_scope"] = False
        frame = pd.concat([frame, context], ignore_index=True)
    return _named(conn, frame)


def _records(conn: Connection, query: Any) -> pd.DataFrame:
    import pandas as pd

    result = conn.execute(query)
    columns = list(_COLUMNS)
    columns += ["phrase", "quote", "document_id"][: len(result.keys()) - len(columns)]
    frame = pd.DataFrame.from_records(result.fetchall(), columns=columns)
    for column in ("low", "high", "best"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    for column in ("period_first", "period_last", "claimed", "published"):
        values = frame[column]
        frame[column] = values.where(values.isna(), values.astype(str))
    return frame


def _ancestors(conn: Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """Claims that ``derived_from`` chains of ``frame`` reach but ``frame`` lacks."""
    import pandas as pd

    have = set(frame["id"])
    found: list[pd.DataFrame] = []
    wanted = {int(i) for i in frame["derived_from"].dropna()} - have
    while wanted:
        batch = sorted(wanted)
        parts = [
            _records(conn, _select().where(Claim.id.in_(batch[i : i + 500])))
            for i in range(0, len(batch), 500)
        ]
        more = pd.concat(parts, ignore_index=True)
        found.append(more)
        have |= set(more["id"])
        wanted = {int(i) for i in more["derived_from"].dropna()} - have
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame()


def _named(conn: Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """Attach event slugs, metric names and claimant name, kind and affiliation."""
    import pandas as pd

    events = dict(conn.execute(select(Event.id, Event.slug)).all())
    metrics = dict(conn.execute(select(Metric.id, Metric.name)).all())
    sources = pd.DataFrame(
        conn.execute(select(Source.id, Source.name, Source.kind, Source.affiliation)).all(),
        columns=["id", "name", "kind", "affiliation"],
    ).set_index("id")
    frame["event"] = frame["event_id"].map(events).astype("category")
    frame["metric"] = frame["metric_id"].map(metrics).astype("category")
    by_source = sources.reindex(frame["claimant_id"].to_numpy())
    frame["claimant"] = pd.Categorical(by_source["name"].to_numpy())
    frame["claimant_kind"] = pd.Categorical(by_source["kind"].to_numpy())
    frame["affiliation"] = pd.Categorical(by_source["affiliation"].to_numpy())
    for column in ("derived_from", "supersedes", "part_of"):
        frame[column] = frame[column].astype("Int64")
    return frame
