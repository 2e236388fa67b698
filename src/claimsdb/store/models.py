"""The schema, as SQLAlchemy Core tables. Alembic revisions in ``migrations/`` create it.

Each model class (``Claim``, ``Event`` …) describes one table of ``metadata``: ``Claim.key`` is
the ``claims.key`` column, ``Claim.__table__`` the table, and the class itself goes wherever
SQLAlchemy takes a table (``select(Claim)``, ``insert(Claim)``, ``.join(Event, …)``). There is no
ORM: claimsdb reads and writes rows through Core, so a read command never imports
``sqlalchemy.orm`` (issue 17: commands that answer at once).

Every rule that must always hold is a database constraint: value order and sign, the shape of a
figure for its qualifier, enumerations, foreign keys and unique keys. Text columns refuse NUL on
both backends (PostgreSQL refuses it natively; ``types.CleanText`` makes SQLite do the same).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, TypeAlias

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ColumnClause,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    false,
)
from sqlalchemy.schema import SchemaItem

from claimsdb.store.types import CleanText, UTCTime
from claimsdb.vocabulary import (
    BATCH_KINDS,
    DATE_PRECISIONS,
    GRADES,
    NAME_KINDS,
    QUALIFIERS,
    REVISION_ACTIONS,
    SHAPES,
    SOURCE_KINDS,
    STATUSES,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

Col: TypeAlias = ColumnClause
"""How a model annotates a column: ``Col[str | None]`` for a nullable text column.

A ``Column`` it is, but typed as the ``ColumnClause`` it derives from: SQLAlchemy 2.1 types a
``Column`` read from a class as ``Never``, to keep ORM-style access away from its TypedColumns.
"""


def _one_of(column: str, values: tuple[str, ...]) -> str:
    """``(column = 'a' OR column = 'b' …)``: what ``column IN ('a', 'b' …)`` says, in the form
    SQLite checks faster (it builds a lookup table for an ``IN`` list each time a statement
    runs)."""
    return "(" + " OR ".join(f"{column} = {v!r}" for v in values) + ")"


def figure_shape_check() -> str:
    """The figure-shape CHECK, generated from ``vocabulary.SHAPES``.

    Qualifiers of one shape share a clause. What the database insists on: every number the shape
    stores is present and every bound it does not store is absent; ``best`` must be absent only
    from a vague figure (the importer, stricter, refuses a best beside a floor or a ceiling). The
    initial migration wrote the same rule by hand, clause for clause.
    """
    shapes: dict[tuple[str, ...], tuple[str, ...]] = {}
    for qualifier, stored in SHAPES.items():
        shapes[stored] = (*shapes.get(stored, ()), qualifier)
    clauses = []
    for stored, qualifiers in shapes.items():
        which = (
            f"qualifier = '{qualifiers[0]}'"
            if len(qualifiers) == 1
            else _one_of("qualifier", qualifiers)
        )
        absent = [c for c in ("low", "high") if c not in stored] + ([] if stored else ["best"])
        tests = [which, *(f"{c} IS NOT NULL" for c in stored), *(f"{c} IS NULL" for c in absent)]
        clauses.append(f"({' AND '.join(tests)})")
    return " OR ".join(clauses)


def column(*args: Any, nullable: bool = False, **kw: Any) -> Column[Any]:
    """A model's column, NOT NULL unless ``nullable``; the attribute it is assigned to names it.

    Typed ``Any`` so that the class annotation (``Col[int | None]``) says what it holds. The
    nullability is set the way the declarative ORM set it, so Alembic sees the same columns.
    """
    made: Column[Any] = Column(*args, **kw)
    if not made.primary_key:
        made.nullable = nullable
    return made


class Model:
    """A table described as a class: its columns are class attributes made with ``column()``.

    Defining a subclass builds ``__table__`` on ``metadata`` from the columns, in the order they
    are written, and ``__table_args__`` (constraints and indexes). Rows are not objects of the
    class: SQLAlchemy takes the class for its table through ``__clause_element__``.
    """

    __tablename__: ClassVar[str]
    __table__: ClassVar[Table]
    __table_args__: ClassVar[tuple[SchemaItem, ...]] = ()

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        columns = []
        for name, value in vars(cls).items():
            if isinstance(value, Column):
                value.name = value.key = name
                columns.append(value)
        cls.__table__ = Table(cls.__tablename__, metadata, *columns, *cls.__table_args__)

    @classmethod
    def __clause_element__(cls) -> Table:
        return cls.__table__


class Batch(Model):
    """One bulk load (seed or import): the record its new claims point to."""

    __tablename__ = "batches"

    id: Col[int] = column(Integer, primary_key=True)
    at: Col[datetime] = column(UTCTime)
    actor: Col[str] = column(CleanText)
    kind: Col[str] = column(String(16))
    origin: Col[str] = column(CleanText)
    summary: Col[str] = column(CleanText, default="{}")

    __table_args__ = (CheckConstraint(_one_of("kind", BATCH_KINDS), name="kind"),)


class Revision(Model):
    """Append-only audit record: who changed which row when, and what it held before and after."""

    __tablename__ = "revisions"

    id: Col[int] = column(Integer, primary_key=True)
    at: Col[datetime] = column(UTCTime)
    actor: Col[str] = column(CleanText)
    table_name: Col[str] = column(String(32))
    row_id: Col[int] = column(Integer)
    row_key: Col[str] = column(CleanText)
    action: Col[str] = column(String(16))
    before: Col[str | None] = column(CleanText, nullable=True)
    after: Col[str | None] = column(CleanText, nullable=True)
    reason: Col[str | None] = column(CleanText, nullable=True)
    batch_id: Col[int | None] = column(Integer, ForeignKey("batches.id"), nullable=True)

    __table_args__ = (
        CheckConstraint(_one_of("action", REVISION_ACTIONS), name="action"),
        Index("ix_revisions_table_row", "table_name", "row_id"),
    )


class Event(Model):
    """Something that happened: a stable slug, a parent (Khojaly within the war), a period."""

    __tablename__ = "events"

    id: Col[int] = column(Integer, primary_key=True)
    slug: Col[str] = column(String(200), unique=True)
    name: Col[str] = column(CleanText)
    parent_id: Col[int | None] = column(Integer, ForeignKey("events.id"), index=True, nullable=True)
    period_first: Col[date | None] = column(Date, nullable=True)
    period_last: Col[date | None] = column(Date, nullable=True)
    period_start_precision: Col[str | None] = column(String(8), nullable=True)
    period_end_precision: Col[str | None] = column(String(8), nullable=True)
    place: Col[str | None] = column(CleanText, nullable=True)
    description: Col[str | None] = column(CleanText, nullable=True)

    __table_args__ = (
        CheckConstraint("period_first <= period_last", name="period_order"),
        CheckConstraint(_one_of("period_start_precision", DATE_PRECISIONS), name="start_precision"),
        CheckConstraint(_one_of("period_end_precision", DATE_PRECISIONS), name="end_precision"),
        CheckConstraint("parent_id <> id", name="not_own_parent"),
    )


class EventName(Model):
    """Every form an event is looked up by (slug, name, aliases), folded and unique."""

    __tablename__ = "event_names"

    id: Col[int] = column(Integer, primary_key=True)
    event_id: Col[int] = column(Integer, ForeignKey("events.id"), index=True)
    name: Col[str] = column(CleanText)
    folded: Col[str] = column(String(400), unique=True)
    kind: Col[str] = column(String(8))

    __table_args__ = (CheckConstraint(_one_of("kind", NAME_KINDS), name="kind"),)


class Party(Model):
    """A conflict party a source may speak for (Armenia, Azerbaijan, USSR …): the vocabulary of
    ``sources.affiliation``, which holds a party's name, ``none`` (a third party) or NULL."""

    __tablename__ = "parties"

    id: Col[int] = column(Integer, primary_key=True)
    name: Col[str] = column(String(400), unique=True)
    description: Col[str | None] = column(CleanText, nullable=True)


class PartyName(Model):
    """Every form a party is looked up by (name, aliases such as "Armenian"), folded and unique."""

    __tablename__ = "party_names"

    id: Col[int] = column(Integer, primary_key=True)
    party_id: Col[int] = column(Integer, ForeignKey("parties.id"), index=True)
    name: Col[str] = column(CleanText)
    folded: Col[str] = column(String(400), unique=True)
    kind: Col[str] = column(String(8))

    __table_args__ = (CheckConstraint(_one_of("kind", NAME_KINDS), name="kind"),)


class Source(Model):
    """Who says a figure; ``affiliation`` is a party's name, ``none`` (third party) or NULL
    (unknown)."""

    __tablename__ = "sources"

    id: Col[int] = column(Integer, primary_key=True)
    name: Col[str] = column(String(400), unique=True)
    kind: Col[str] = column(String(20))
    affiliation: Col[str | None] = column(CleanText, nullable=True)
    description: Col[str | None] = column(CleanText, nullable=True)

    __table_args__ = (
        CheckConstraint(_one_of("kind", SOURCE_KINDS), name="kind"),
        CheckConstraint("affiliation <> ''", name="affiliation_not_empty"),
    )


class SourceName(Model):
    """Every form a source is looked up by (name, aliases), folded and unique."""

    __tablename__ = "source_names"

    id: Col[int] = column(Integer, primary_key=True)
    source_id: Col[int] = column(Integer, ForeignKey("sources.id"), index=True)
    name: Col[str] = column(CleanText)
    folded: Col[str] = column(String(400), unique=True)
    kind: Col[str] = column(String(8))

    __table_args__ = (CheckConstraint(_one_of("kind", NAME_KINDS), name="kind"),)


class Document(Model):
    """Where claims were read: title, publisher, citation, licence and optionally the text."""

    __tablename__ = "documents"

    id: Col[int] = column(Integer, primary_key=True)
    key: Col[str] = column(String(200), unique=True)
    title: Col[str] = column(CleanText)
    publisher: Col[str | None] = column(CleanText, nullable=True)
    published_first: Col[date | None] = column(Date, nullable=True)
    published_last: Col[date | None] = column(Date, nullable=True)
    published_precision: Col[str | None] = column(String(8), nullable=True)
    url: Col[str | None] = column(CleanText, nullable=True)
    citation: Col[str | None] = column(CleanText, nullable=True)
    licence: Col[str | None] = column(CleanText, nullable=True)
    text: Col[str | None] = column(CleanText, nullable=True)

    __table_args__ = (
        CheckConstraint(
            _one_of("published_precision", DATE_PRECISIONS), name="published_precision"
        ),
    )


class Metric(Model):
    """The vocabulary of what is counted (killed, displaced, territory_share …) with its unit.

    ``accumulates``: whether counts of the metric add up over time (killed, displaced) or are a
    state at one moment (hostages held, territory held); a figure for part of a period of an
    accumulating count is a floor for the whole period.
    """

    __tablename__ = "metrics"

    id: Col[int] = column(Integer, primary_key=True)
    name: Col[str] = column(String(100), unique=True)
    unit: Col[str] = column(String(40))
    description: Col[str | None] = column(CleanText, nullable=True)
    accumulates: Col[bool] = column(Boolean, default=False, server_default=false())


class Claim(Model):
    """One figure asserted by one claimant. Numeric columns hold only numbers the source wrote."""

    __tablename__ = "claims"

    id: Col[int] = column(Integer, primary_key=True)
    key: Col[str] = column(String(200), unique=True)
    event_id: Col[int] = column(Integer, ForeignKey("events.id"))
    metric_id: Col[int] = column(Integer, ForeignKey("metrics.id"))
    population: Col[str] = column(CleanText, default="")
    # What the figure covers when the population cannot say it ("excluding Nagorno-Karabakh").
    # Claims of different scope are never pooled.
    scope: Col[str] = column(CleanText, default="", server_default="")
    low: Col[float | None] = column(Float, nullable=True)
    high: Col[float | None] = column(Float, nullable=True)
    best: Col[float | None] = column(Float, nullable=True)
    qualifier: Col[str] = column(String(16))
    # For vague figures only: the figures.VAGUE key whose conventional bounds analysis applies.
    vague: Col[str | None] = column(String(40), nullable=True)
    phrase: Col[str] = column(CleanText)
    period_first: Col[date | None] = column(Date, nullable=True)
    period_last: Col[date | None] = column(Date, nullable=True)
    period_start_precision: Col[str | None] = column(String(8), nullable=True)
    period_end_precision: Col[str | None] = column(String(8), nullable=True)
    claimant_id: Col[int] = column(Integer, ForeignKey("sources.id"), index=True)
    reported_by_id: Col[int | None] = column(Integer, ForeignKey("sources.id"), nullable=True)
    document_id: Col[int | None] = column(Integer, ForeignKey("documents.id"), nullable=True)
    quote: Col[str | None] = column(CleanText, nullable=True)
    locator: Col[str | None] = column(CleanText, nullable=True)
    claimed_first: Col[date | None] = column(Date, nullable=True)
    claimed_last: Col[date | None] = column(Date, nullable=True)
    claimed_precision: Col[str | None] = column(String(8), nullable=True)
    derived_from_id: Col[int | None] = column(Integer, ForeignKey("claims.id"), nullable=True)
    supersedes_id: Col[int | None] = column(Integer, ForeignKey("claims.id"), nullable=True)
    part_of_id: Col[int | None] = column(
        Integer, ForeignKey("claims.id"), index=True, nullable=True
    )
    status: Col[str] = column(String(12), default="active")
    grade: Col[str | None] = column(String(12), nullable=True)
    notes: Col[str | None] = column(CleanText, nullable=True)
    batch_id: Col[int | None] = column(Integer, ForeignKey("batches.id"), nullable=True)

    __table_args__ = (
        CheckConstraint("low >= 0 AND high >= 0 AND best >= 0", name="non_negative"),
        CheckConstraint("low <= high AND low <= best AND best <= high", name="value_order"),
        CheckConstraint(_one_of("qualifier", QUALIFIERS), name="qualifier"),
        CheckConstraint(figure_shape_check(), name="figure_shape"),
        CheckConstraint(
            "(qualifier = 'vague' AND vague IS NOT NULL)"
            " OR (qualifier <> 'vague' AND vague IS NULL)",
            name="vague_key",
        ),
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint(_one_of("grade", GRADES), name="grade"),
        CheckConstraint("period_first <= period_last", name="period_order"),
        CheckConstraint(_one_of("period_start_precision", DATE_PRECISIONS), name="start_precision"),
        CheckConstraint(_one_of("period_end_precision", DATE_PRECISIONS), name="end_precision"),
        CheckConstraint(_one_of("claimed_precision", DATE_PRECISIONS), name="claimed_precision"),
        CheckConstraint(
            "derived_from_id <> id AND supersedes_id <> id AND part_of_id <> id",
            name="no_self_reference",
        ),
        Index("ix_claims_group", "event_id", "metric_id", "population", "scope"),
    )


def modelled(name: str | None, kind: str, parents: Any) -> bool:
    """Whether autogenerate should compare an object: not the full-text search indexes and
    tables a migration builds outside the models (``search_…``, with FTS5's shadow tables)."""
    return not (name or "").startswith("search_")
