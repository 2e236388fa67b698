"""Claims from the database as the frame ``claimsdb.analysis`` takes (see ``analysis.frame``).

One query reads the claims in scope, ordered by id (so every backend gives the same rows in the
same order), with only the columns analysis needs and no join: ids rather than names, and the
closed vocabularies (qualifier, vague word, status, the period's precisions) packed into one
integer, dates as numbers (YYYYMMDD). Names, the metric's unit and ``accumulates``, and the
event's own period (which a claim without a period takes) come from the small events, metrics
and sources tables and are attached by id, so a million claims cost one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, Connection, String, case, cast, func, select

from claimsdb.codes import positions
from claimsdb.dates import PRECISIONS
from claimsdb.read.categories import batched_categories, iso_dates, used_only
from claimsdb.store.models import Claim, Document, Event, Metric, Source
from claimsdb.vocabulary import QUALIFIERS, STATUSES, VAGUE

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


@dataclass(frozen=True, slots=True)
class Scope:
    """Which claims to load: ids of events (None: all), a metric id, a population label."""

    events: tuple[int, ...] | None = None
    metric: int | None = None
    population: str | None = None


# Few distinct values each: held as categories (small, and compared by code, not by text).
_CATEGORIES = ("population", "scope", "period_first", "period_last", "claimed", "published")
# Closed vocabularies, packed into the one integer column ``codes``: each value's number in its
# vocabulary plus one (0: none) in a field of ``bits`` bits, the first vocabulary lowest.
_CODED: dict[str, tuple[str, ...]] = {
    "qualifier": QUALIFIERS,
    "vague": tuple(VAGUE),
    "status": STATUSES,
    "period_start_precision": PRECISIONS,
    "period_end_precision": PRECISIONS,
}
_INTEGERS = ("id", "event_id", "metric_id", "claimant_id")
_POINTERS = ("derived_from", "supersedes", "part_of", "document_id")
_FLOATS = ("low", "high", "best")
_FETCH = 100_000
# A date travels as the number YYYYMMDD (0: none), which sorts as its ISO text does; the two
# ends of a claim's period share one integer, the first above the last.
_DAYS = ("periods", "claimed")
_DAY_BITS = 27  # 99991231 < 2**27


def _day(column: Any) -> Any:
    """``column`` (a date) as the integer YYYYMMDD, 0 when it is missing."""
    digits = func.replace(cast(column, String), "-", "")
    return func.coalesce(cast(digits, BigInteger), 0)  # BigInteger: no int4 overflow above


def _bits(vocabulary: tuple[str, ...]) -> int:
    return len(vocabulary).bit_length()  # room for len + 1 values: none and each word


_PACKED_IDS = ("event_id", "metric_id", "claimant_id")
_CODE_BITS = sum(_bits(v) for v in _CODED.values())


def _id_widths(conn: Connection) -> tuple[int, ...] | None:
    """Bits for each of ``_PACKED_IDS`` so that they fit in ``codes`` beside the vocabularies
    (from the small tables' largest ids), or None when they would not fit in 62 bits."""
    widths = []
    for table in (Event, Metric, Source):
        low, high = conn.execute(select(func.min(table.id), func.max(table.id))).one()
        if low is not None and low < 0:
            return None
        widths.append(int(high or 0).bit_length())
    return tuple(widths) if _CODE_BITS + sum(widths) <= 62 else None


def _select(
    *, text: bool = False, dates: bool = False, widths: tuple[int, ...] | None = None
) -> Any:
    """The frame query. With ``widths`` (``_id_widths``), the event, metric and claimant ids
    travel in ``codes`` too, above the vocabularies: fewer values for the driver to hand over."""
    packed: Any = 0
    shift = 0
    for name, vocabulary in _CODED.items():
        column = getattr(Claim, name)
        number = case({v: n + 1 for n, v in enumerate(vocabulary)}, value=column, else_=0)
        if Claim.__table__.c[name].nullable:  # most claims have none: one test, not one a word
            number = case((column.is_(None), 0), else_=number)
        packed = packed + number * (1 << shift) if shift else number
        shift += _bits(vocabulary)
    ids = {name: getattr(Claim, name) for name in _PACKED_IDS}
    if widths is not None:
        for name, bits in zip(_PACKED_IDS, widths, strict=True):
            packed = packed + cast(ids.pop(name), BigInteger) * (1 << shift)  # no int4 overflow
            shift += bits
    columns = {
        "id": Claim.id,
        "key": Claim.key,
        **ids,
        "population": Claim.population,
        "scope": Claim.scope,
        "periods": _day(Claim.period_first) * (1 << _DAY_BITS) + _day(Claim.period_last),
        "codes": packed,
        "low": Claim.low,
        "high": Claim.high,
        "best": Claim.best,
        "derived_from": Claim.derived_from_id,
        "supersedes": Claim.supersedes_id,
        "part_of": Claim.part_of_id,
        "claimed": _day(Claim.claimed_last),
    }
    query = select(*(column.label(name) for name, column in columns.items()))
    if dates:
        query = query.add_columns(cast(Document.published_last, String).label("published"))
        query = query.outerjoin(Document, Document.id == Claim.document_id)
    if text:
        query = query.add_columns(
            Claim.phrase.label("phrase"),
            Claim.quote.label("quote"),
            Claim.document_id.label("document_id"),
        )
    return query.order_by(Claim.id)


def claims_frame(
    conn: Connection, scope: Scope | None = None, *, text: bool = False, dates: bool = False
) -> pd.DataFrame:
    """The claims in ``scope`` (all by default, by id) plus, marked ``in_scope`` False and after
    them, the claims their ``derived_from`` chains reach outside it.

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
    widths = _id_widths(conn)
    query = _select(text=text, dates=dates, widths=widths)
    if scope.events is not None:
        query = query.where(Claim.event_id.in_(scope.events))
    if scope.metric is not None:
        query = query.where(Claim.metric_id == scope.metric)
    if scope.population is not None:
        query = query.where(func.lower(Claim.population) == scope.population.strip().lower())
    frame = _records(conn, query, widths)
    frame["in_scope"] = True
    context = _ancestors(conn, frame, widths)
    if not context.empty:
        context["in_scope"] = False
        for name in _CATEGORIES:  # one set of categories, so the columns stay categorical
            if name in frame and name in context:  # (context rows have no ``published``)
                mine, theirs = _categorical(frame[name]), _categorical(context[name])
                both = mine.categories.union(theirs.categories)
                frame[name] = mine.set_categories(both)
                context[name] = theirs.set_categories(both)
        frame = pd.concat([frame, context], ignore_index=True)
    return _named(conn, frame)


def _categorical(values: pd.Series) -> pd.Categorical:
    """``values`` as a categorical (batches concatenated with different categories are text)."""
    import pandas as pd

    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.array
    return pd.Categorical(values.astype(object))


def _records(conn: Connection, query: Any, widths: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Run ``query`` on the driver's own cursor and build the frame column by column.

    Each batch of the driver's plain tuples becomes one structured numpy array (in C): numbers
    land in typed fields at once (a missing float or pointer: NaN), text in object fields; text
    of few distinct values is coded per batch and becomes a categorical (``_CATEGORIES``), other
    text stays text.
    """
    import numpy as np
    import pandas as pd

    names = list(query.selected_columns.keys())
    layout = np.dtype([(name, _field(name)) for name in names])
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    parts: dict[str, list[Any]] = {name: [] for name in names}
    coded = {name for name in names if name in _CATEGORIES and name not in _DAYS}
    try:
        cursor.execute(str(compiled))
        while batch := cursor.fetchmany(_FETCH):
            block = np.fromiter(batch, dtype=layout, count=len(batch))  # as np.array, 8% faster
            del batch
            for name in names:
                if name in coded:  # coded per batch: the batch's strings can go
                    parts[name].append(pd.factorize(block[name]))
                else:
                    parts[name].append(block[name].copy())
            del block
    finally:
        cursor.close()
    columns: dict[str, Any] = {}
    for name, chunks in parts.items():
        if name in coded:
            columns[name] = batched_categories(chunks)
            continue
        values = np.concatenate(chunks) if chunks else np.empty(0, dtype=layout[name])
        chunks.clear()
        if name == "codes":
            columns.update(_unpacked(values, widths))
        elif name == "periods":
            columns["period_first"] = iso_dates(values >> _DAY_BITS)
            columns["period_last"] = iso_dates(values & ((1 << _DAY_BITS) - 1))
        elif name == "claimed":
            columns[name] = iso_dates(values)
        elif name in _POINTERS:
            missing = np.isnan(values)
            ids = np.where(missing, 0, values).astype(np.int64)
            columns[name] = pd.arrays.IntegerArray(ids, missing)
        elif name in _INTEGERS or name in _FLOATS:
            columns[name] = values
        else:
            columns[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(columns, copy=False)  # the arrays are its own: no stacking into blocks


def _field(name: str) -> str:
    """The numpy type of one column of the frame query: a missing float or pointer is NaN."""
    if name in _INTEGERS or name in _DAYS or name == "codes":
        return "i8"
    return "f8" if name in _FLOATS or name in _POINTERS else "O"


def _unpacked(packed: np.ndarray, widths: tuple[int, ...] | None) -> dict[str, Any]:
    """The closed vocabularies out of ``_select``'s ``codes``, as categoricals, and with
    ``widths`` the ids packed above them."""
    import pandas as pd

    out: dict[str, Any] = {}
    shift = 0
    for name, vocabulary in _CODED.items():
        bits = _bits(vocabulary)
        codes = ((packed >> shift) & ((1 << bits) - 1)) - 1
        out[name] = pd.Categorical.from_codes(codes, categories=list(vocabulary))
        shift += bits
    for name, bits in zip(_PACKED_IDS, widths or (), strict=False):
        out[name] = (packed >> shift) & ((1 << bits) - 1)
        shift += bits
    return out


def _ancestors(
    conn: Connection, frame: pd.DataFrame, widths: tuple[int, ...] | None = None
) -> pd.DataFrame:
    """Claims that ``derived_from`` chains of ``frame`` reach but ``frame`` lacks: the first
    links by id, then the links they reach, and so on."""
    import numpy as np
    import pandas as pd

    have = frame["id"].to_numpy(dtype=np.int64)
    found: list[pd.DataFrame] = []
    wanted = _missing(frame, have)
    while wanted.size:
        batch = wanted.tolist()
        parts = [
            _records(conn, _select(widths=widths).where(Claim.id.in_(batch[i : i + 500])), widths)
            for i in range(0, len(batch), 500)
        ]
        more = pd.concat(parts, ignore_index=True)
        found.append(more)
        have = np.concatenate([have, more["id"].to_numpy(dtype=np.int64)])
        wanted = _missing(more, have)
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame()


def _missing(frame: pd.DataFrame, have: Any) -> Any:
    """The ids ``derived_from`` points at that are not among ``have``, sorted."""
    import numpy as np

    pointers = np.unique(frame["derived_from"].dropna().to_numpy(dtype=np.int64))
    return pointers[~np.isin(pointers, have)]


def _named(conn: Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """Attach event slugs and periods, metric names, units and ``accumulates``, and claimant
    name, kind and affiliation; give a claim without a period its event's; make categories of
    the text columns.

    Each is taken from the small table by position (``Categorical.take``), never re-hashed
    per claim.
    """
    import numpy as np
    import pandas as pd

    def table(query: Any) -> pd.DataFrame:
        rows = conn.execute(query).all()
        return pd.DataFrame(rows, columns=list(query.selected_columns.keys())).set_index("id")

    found: dict[str, Any] = {}

    def rows_of(ids: str, lookup: pd.DataFrame) -> Any:  # each claim's row of ``lookup``
        if ids not in found:
            found[ids] = positions(lookup.index.to_numpy(), frame[ids].to_numpy())
        return found[ids]

    def attach(name: str, ids: str, lookup: pd.DataFrame, column: str) -> None:
        values = pd.Categorical(lookup[column].to_numpy(dtype=object))
        frame[name] = values.take(rows_of(ids, lookup), allow_fill=True)

    events = table(
        select(
            Event.id,
            Event.slug,
            Event.period_first,
            Event.period_last,
            Event.period_start_precision,
            Event.period_end_precision,
        )
    )
    metrics = table(select(Metric.id, Metric.name, Metric.unit, Metric.accumulates))
    sources = table(select(Source.id, Source.name, Source.kind, Source.affiliation))
    for column in ("period_first", "period_last"):
        events[column] = [None if day is None else day.isoformat() for day in events[column]]
    _event_periods(frame, events, rows_of("event_id", events))
    for name in _CATEGORIES:
        if name in frame and not isinstance(frame[name].dtype, pd.CategoricalDtype):
            frame[name] = pd.Categorical(frame[name].astype(object))
    attach("event", "event_id", events, "slug")
    attach("event_first", "event_id", events, "period_first")
    attach("event_last", "event_id", events, "period_last")
    attach("metric", "metric_id", metrics, "name")
    attach("unit", "metric_id", metrics, "unit")
    accumulates = metrics["accumulates"].to_numpy(dtype=bool)
    metric_rows = rows_of("metric_id", metrics)
    frame["accumulates"] = np.append(accumulates, False)[metric_rows]  # -1, no metric: False
    attach("claimant", "claimant_id", sources, "name")
    attach("claimant_kind", "claimant_id", sources, "kind")
    attach("affiliation", "claimant_id", sources, "affiliation")
    for column in ("derived_from", "supersedes", "part_of"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _event_periods(frame: pd.DataFrame, events: pd.DataFrame, event_rows: Any) -> None:
    """A claim that states no period takes its event's (``event_rows``: each claim's row of
    ``events``): both ends and their precisions. The ends become categories here, the events'
    own values coded once per event, not per claim."""
    import numpy as np
    import pandas as pd

    no_period = (frame["period_first"].isna() & frame["period_last"].isna()).to_numpy()
    rows = event_rows[no_period]
    for column in ("period_first", "period_last"):
        own = frame[column].array
        if not isinstance(own, pd.Categorical):
            own = pd.Categorical(frame[column].astype(object))
        theirs = pd.Categorical(pd.Series(events[column].to_numpy(dtype=object), dtype=object))
        categories = own.categories.union(theirs.categories)
        mine = np.append(categories.get_indexer(own.categories), -1)  # code -1 stays missing
        codes = mine[own.codes]
        codes[no_period] = np.append(categories.get_indexer(theirs.categories), -1)[
            theirs.codes[rows]
        ]
        frame[column] = used_only(codes, categories)
    for column in ("period_start_precision", "period_end_precision"):
        codes = frame[column].cat.codes.to_numpy(dtype=np.int64).copy()
        stated = pd.Categorical(events[column].to_numpy(dtype=object), categories=PRECISIONS)
        codes[no_period] = stated.codes.astype(np.int64)[rows]
        frame[column] = pd.Categorical.from_codes(codes, categories=list(PRECISIONS))
