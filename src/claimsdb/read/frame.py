"""Claims from the database as the frame ``claimsdb.analysis`` takes (see ``analysis.frame``).

One query reads the claims in scope with only the columns analysis needs (a claim without a
period takes its event's in SQL); names, the metric's unit and ``accumulates`` and the event's own
period come from the small events, metrics and sources tables and are attached by position, so a
million claims cost one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, String, and_, case, cast, func, select

from claimsdb.dates import PRECISIONS
from claimsdb.store.models import Claim, Document, Event, Metric, Source
from claimsdb.vocabulary import QUALIFIERS, STATUSES, VAGUE

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class Scope:
    """Which claims to load: ids of events (None: all), a metric id, a population label."""

    events: tuple[int, ...] | None = None
    metric: int | None = None
    population: str | None = None


# Few distinct values each: held as categories (small, and compared by code, not by text).
_CATEGORIES = ("population", "scope", "period_first", "period_last", "claimed", "published")
# Closed vocabularies: SQL hands over each value's number in the vocabulary (-1: none), so no
# text is read or hashed for them.
_CODED: dict[str, tuple[str, ...]] = {
    "period_start_precision": PRECISIONS,
    "period_end_precision": PRECISIONS,
    "qualifier": QUALIFIERS,
    "vague": tuple(VAGUE),
    "status": STATUSES,
}
_INTEGERS = ("id", "event_id", "metric_id", "claimant_id")
_POINTERS = ("derived_from", "supersedes", "part_of", "document_id")
_FETCH = 100_000


def _select(*, text: bool = False, dates: bool = False) -> Any:
    no_period = and_(Claim.period_first.is_(None), Claim.period_last.is_(None))

    def period(column: str) -> Any:
        return case((no_period, getattr(Event, column)), else_=getattr(Claim, column))

    def code(column: Any, vocabulary: tuple[str, ...]) -> Any:
        return case({v: n for n, v in enumerate(vocabulary)}, value=column, else_=-1)

    columns = {
        "id": Claim.id,
        "key": Claim.key,
        "event_id": Claim.event_id,
        "metric_id": Claim.metric_id,
        "population": Claim.population,
        "scope": Claim.scope,
        "period_first": cast(period("period_first"), String),
        "period_last": cast(period("period_last"), String),
        "period_start_precision": code(period("period_start_precision"), PRECISIONS),
        "period_end_precision": code(period("period_end_precision"), PRECISIONS),
        "qualifier": code(Claim.qualifier, QUALIFIERS),
        "low": Claim.low,
        "high": Claim.high,
        "best": Claim.best,
        "vague": code(Claim.vague, tuple(VAGUE)),
        "status": code(Claim.status, STATUSES),
        "claimant_id": Claim.claimant_id,
        "derived_from": Claim.derived_from_id,
        "supersedes": Claim.supersedes_id,
        "part_of": Claim.part_of_id,
        "claimed": cast(Claim.claimed_last, String),
    }
    query = select(*(column.label(name) for name, column in columns.items())).join(
        Event, Event.id == Claim.event_id
    )
    if dates:
        query = query.add_columns(cast(Document.published_last, String).label("published"))
        query = query.outerjoin(Document, Document.id == Claim.document_id)
    if text:
        query = query.add_columns(
            Claim.phrase.label("phrase"),
            Claim.quote.label("quote"),
            Claim.document_id.label("document_id"),
        )
    return query


def claims_frame(
    conn: Connection, scope: Scope | None = None, *, text: bool = False, dates: bool = False
) -> pd.DataFrame:
    """The claims in ``scope`` (all by default) plus, marked ``in_scope`` False, the claims
    their ``derived_from`` chains reach outside it.

    Every row, context rows included, has the columns of ``claimsdb.analysis.frame``: ``id``,
    ``key``, ``event_id``, ``metric_id``, ``claimant_id`` (int64); ``event``, ``metric``,
    ``population``, ``scope`` ("" for none), ``period_first``, ``period_last`` (the event's when
    the claim has none), ``claimed``, ``claimant``, ``claimant_kind``, ``affiliation``
    (categorical); ``period_start_precision``, ``period_end_precision``, ``qualifier``,
    ``vague``, ``status`` (categorical over their closed vocabularies); ``low``, ``high``,
    ``best`` (float); ``derived_from``, ``supersedes``, ``part_of`` (Int64 claim ids, <NA> for
    none); ``unit`` (the metric's: people, items, percent; categorical) and ``accumulates``
    (bool), from the metric; ``event_first`` and ``event_last`` (the event's own period as ISO
    days, categorical, missing when the event has none); ``in_scope`` (bool).

    ``dates`` adds ``published`` (the document's date); ``text`` adds ``phrase``, ``quote`` and
    ``document_id``."""
    import pandas as pd

    scope = scope or Scope()
    query = _select(text=text, dates=dates)
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
        for name in _CATEGORIES:  # categories that differ between the two concatenate as text
            if name in frame and not isinstance(frame[name].dtype, pd.CategoricalDtype):
                frame[name] = frame[name].astype("category")
    return _named(conn, frame)


def _records(conn: Connection, query: Any) -> pd.DataFrame:
    """Run ``query`` on the driver's own cursor and build the frame in batches.

    The driver's plain tuples skip SQLAlchemy's per-row objects; each batch becomes a frame
    in one call (pandas converts the tuples in C), and low-variety text becomes categories.
    """
    import numpy as np
    import pandas as pd

    names = list(query.selected_columns.keys())
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    parts = []
    try:
        cursor.execute(str(compiled))
        while batch := cursor.fetchmany(_FETCH):
            parts.append(pd.DataFrame.from_records(batch, columns=names, coerce_float=True))
    finally:
        cursor.close()
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=names)
    del parts
    for name in names:
        values = frame[name]
        if name in _INTEGERS:
            frame[name] = values.astype("int64")
        elif name in _POINTERS:
            frame[name] = pd.to_numeric(values.astype(object)).astype("Int64")
        elif name in ("low", "high", "best"):
            frame[name] = pd.to_numeric(values.astype(object)).astype(float)
        elif name in _CATEGORIES:
            frame[name] = pd.Categorical(values.astype(object))
        elif name in _CODED:
            codes = values.to_numpy(dtype=np.int64)
            frame[name] = pd.Categorical.from_codes(codes, categories=list(_CODED[name]))
        else:
            frame[name] = values.astype(object)
    return frame


def _ancestors(conn: Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """Claims that ``derived_from`` chains of ``frame`` reach but ``frame`` lacks."""
    import pandas as pd

    have = set(frame["id"])
    found: list[pd.DataFrame] = []
    wanted = _pointers(frame) - have
    while wanted:
        batch = sorted(wanted)
        parts = [
            _records(conn, _select().where(Claim.id.in_(batch[i : i + 500])))
            for i in range(0, len(batch), 500)
        ]
        more = pd.concat(parts, ignore_index=True)
        found.append(more)
        have |= set(more["id"])
        wanted = _pointers(more) - have
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame()


def _pointers(frame: pd.DataFrame) -> set[int]:
    """The ids ``derived_from`` points at."""
    return set(frame["derived_from"].dropna().astype("int64").tolist())


def _named(conn: Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """Attach event slugs and periods, metric names, units and ``accumulates``, and claimant
    name, kind and affiliation.

    Each is taken from the small table by position (``Categorical.take``), never re-hashed
    per claim.
    """
    import numpy as np
    import pandas as pd

    def table(query: Any) -> pd.DataFrame:
        rows = conn.execute(query).all()
        return pd.DataFrame(rows, columns=list(query.selected_columns.keys())).set_index("id")

    def attach(name: str, ids: str, lookup: pd.DataFrame, column: str) -> None:
        positions = lookup.index.get_indexer(frame[ids].to_numpy())
        values = pd.Categorical(lookup[column].to_numpy(dtype=object))
        frame[name] = values.take(positions, allow_fill=True)

    events = table(select(Event.id, Event.slug, Event.period_first, Event.period_last))
    metrics = table(select(Metric.id, Metric.name, Metric.unit, Metric.accumulates))
    sources = table(select(Source.id, Source.name, Source.kind, Source.affiliation))
    for column in ("period_first", "period_last"):
        events[column] = [None if day is None else day.isoformat() for day in events[column]]
    attach("event", "event_id", events, "slug")
    attach("event_first", "event_id", events, "period_first")
    attach("event_last", "event_id", events, "period_last")
    attach("metric", "metric_id", metrics, "name")
    attach("unit", "metric_id", metrics, "unit")
    accumulates = metrics["accumulates"].to_numpy(dtype=bool)
    positions = metrics.index.get_indexer(frame["metric_id"].to_numpy())
    frame["accumulates"] = np.append(accumulates, False)[positions]  # -1, no metric: False
    attach("claimant", "claimant_id", sources, "name")
    attach("claimant_kind", "claimant_id", sources, "kind")
    attach("affiliation", "claimant_id", sources, "affiliation")
    for column in ("derived_from", "supersedes", "part_of"):
        frame[column] = frame[column].astype("Int64")
    return frame
