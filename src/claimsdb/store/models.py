"""The schema, as SQLAlchemy 2.x typed models. Alembic revisions in ``migrations/`` create it.

Every rule that must always hold is a database constraint: value order and sign, the shape of a
figure for its qualifier, enumerations, foreign keys and unique keys. Text columns refuse NUL on
both backends (PostgreSQL refuses it natively; ``CleanText`` makes SQLite do the same).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from claimsdb.errors import InvalidInput
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


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> str | None:
    """Why no backend can store ``text``, or None when it can.

    A NUL character, or a lone surrogate: what undecodable bytes in a command-line argument
    become, or a JSON ``\\ud800`` escape. Neither is text a database driver will take.
    """
    if text.isascii():  # the common case, decided without scanning for surrogates
        return "contains a NUL character" if "\x00" in text else None
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "contains a NUL character"
    return f"contains a lone surrogate (U+{ord(found.group()):04X}): not valid Unicode text"


class CleanText(TypeDecorator[str]):
    """Text that refuses NUL characters and lone surrogates before they reach any database."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        reason = unstorable(value) if isinstance(value, str) else None
        if reason is not None:
            raise InvalidInput(f"text {reason}, which claimsdb refuses")
        return value


class UTCTime(TypeDecorator[datetime]):
    """A moment in UTC, read back as an aware datetime on every backend.

    PostgreSQL keeps the offset (``timestamptz``); SQLite stores the UTC wall time without one, so
    it is put back on reading. Either way ``str()`` and ``isoformat()`` print ``+00:00``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, datetime):
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value


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


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Batch(Base):
    """One bulk load (seed or import): the record its new claims point to."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCTime)
    actor: Mapped[str] = mapped_column(CleanText)
    kind: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(CleanText)
    summary: Mapped[str] = mapped_column(CleanText, default="{}")

    __table_args__ = (CheckConstraint(_one_of("kind", BATCH_KINDS), name="kind"),)


class Revision(Base):
    """Append-only audit record: who changed which row when, and what it held before and after."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCTime)
    actor: Mapped[str] = mapped_column(CleanText)
    table_name: Mapped[str] = mapped_column(String(32))
    row_id: Mapped[int] = mapped_column(Integer)
    row_key: Mapped[str] = mapped_column(CleanText)
    action: Mapped[str] = mapped_column(String(16))
    before: Mapped[str | None] = mapped_column(CleanText)
    after: Mapped[str | None] = mapped_column(CleanText)
    reason: Mapped[str | None] = mapped_column(CleanText)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"))

    __table_args__ = (
        CheckConstraint(_one_of("action", REVISION_ACTIONS), name="action"),
        Index("ix_revisions_table_row", "table_name", "row_id"),
    )


class Event(Base):
    """Something that happened: a stable slug, a parent (Khojaly within the war), a period."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(CleanText)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    period_first: Mapped[date | None] = mapped_column(Date)
    period_last: Mapped[date | None] = mapped_column(Date)
    period_start_precision: Mapped[str | None] = mapped_column(String(8))
    period_end_precision: Mapped[str | None] = mapped_column(String(8))
    place: Mapped[str | None] = mapped_column(CleanText)
    description: Mapped[str | None] = mapped_column(CleanText)

    __table_args__ = (
        CheckConstraint("period_first <= period_last", name="period_order"),
        CheckConstraint(_one_of("period_start_precision", DATE_PRECISIONS), name="start_precision"),
        CheckConstraint(_one_of("period_end_precision", DATE_PRECISIONS), name="end_precision"),
        CheckConstraint("parent_id <> id", name="not_own_parent"),
    )


class EventName(Base):
    """Every form an event is looked up by (slug, name, aliases), folded and unique."""

    __tablename__ = "event_names"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    name: Mapped[str] = mapped_column(CleanText)
    folded: Mapped[str] = mapped_column(String(400), unique=True)
    kind: Mapped[str] = mapped_column(String(8))

    __table_args__ = (CheckConstraint(_one_of("kind", NAME_KINDS), name="kind"),)


class Party(Base):
    """A conflict party a source may speak for (Armenia, Azerbaijan, USSR …): the vocabulary of
    ``sources.affiliation``, which holds a party's name, ``none`` (a third party) or NULL."""

    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(400), unique=True)
    description: Mapped[str | None] = mapped_column(CleanText)


class PartyName(Base):
    """Every form a party is looked up by (name, aliases such as "Armenian"), folded and unique."""

    __tablename__ = "party_names"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    name: Mapped[str] = mapped_column(CleanText)
    folded: Mapped[str] = mapped_column(String(400), unique=True)
    kind: Mapped[str] = mapped_column(String(8))

    __table_args__ = (CheckConstraint(_one_of("kind", NAME_KINDS), name="kind"),)


class Source(Base):
    """Who says a figure; ``affiliation`` is a party's name, ``none`` (third party) or NULL
    (unknown)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(400), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    affiliation: Mapped[str | None] = mapped_column(CleanText)
    description: Mapped[str | None] = mapped_column(CleanText)

    __table_args__ = (
        CheckConstraint(_one_of("kind", SOURCE_KINDS), name="kind"),
        CheckConstraint("affiliation <> ''", name="affiliation_not_empty"),
    )


class SourceName(Base):
    """Every form a source is looked up by (name, aliases), folded and unique."""

    __tablename__ = "source_names"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    name: Mapped[str] = mapped_column(CleanText)
    folded: Mapped[str] = mapped_column(String(400), unique=True)
    kind: Mapped[str] = mapped_column(String(8))

    __table_args__ = (CheckConstraint(_one_of("kind", NAME_KINDS), name="kind"),)


class Document(Base):
    """Where claims were read: title, publisher, citation, licence and optionally the text."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(CleanText)
    publisher: Mapped[str | None] = mapped_column(CleanText)
    published_first: Mapped[date | None] = mapped_column(Date)
    published_last: Mapped[date | None] = mapped_column(Date)
    published_precision: Mapped[str | None] = mapped_column(String(8))
    url: Mapped[str | None] = mapped_column(CleanText)
    citation: Mapped[str | None] = mapped_column(CleanText)
    licence: Mapped[str | None] = mapped_column(CleanText)
    text: Mapped[str | None] = mapped_column(CleanText)

    __table_args__ = (
        CheckConstraint(
            _one_of("published_precision", DATE_PRECISIONS), name="published_precision"
        ),
    )


class Metric(Base):
    """The vocabulary of what is counted (killed, displaced, territory_share …) with its unit.

    ``accumulates``: whether counts of the metric add up over time (killed, displaced) or are a
    state at one moment (hostages held, territory held); a figure for part of a period of an
    accumulating count is a floor for the whole period.
    """

    __tablename__ = "metrics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    unit: Mapped[str] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(CleanText)
    accumulates: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Claim(Base):
    """One figure asserted by one claimant. Numeric columns hold only numbers the source wrote."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    metric_id: Mapped[int] = mapped_column(ForeignKey("metrics.id"))
    population: Mapped[str] = mapped_column(CleanText, default="")
    # What the figure covers when the population cannot say it ("excluding Nagorno-Karabakh").
    # Claims of different scope are never pooled.
    scope: Mapped[str] = mapped_column(CleanText, default="", server_default="")
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    best: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(16))
    # For vague figures only: the figures.VAGUE key whose conventional bounds analysis applies.
    vague: Mapped[str | None] = mapped_column(String(40))
    phrase: Mapped[str] = mapped_column(CleanText)
    period_first: Mapped[date | None] = mapped_column(Date)
    period_last: Mapped[date | None] = mapped_column(Date)
    period_start_precision: Mapped[str | None] = mapped_column(String(8))
    period_end_precision: Mapped[str | None] = mapped_column(String(8))
    claimant_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    quote: Mapped[str | None] = mapped_column(CleanText)
    locator: Mapped[str | None] = mapped_column(CleanText)
    claimed_first: Mapped[date | None] = mapped_column(Date)
    claimed_last: Mapped[date | None] = mapped_column(Date)
    claimed_precision: Mapped[str | None] = mapped_column(String(8))
    derived_from_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    part_of_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="active")
    grade: Mapped[str | None] = mapped_column(String(12))
    notes: Mapped[str | None] = mapped_column(CleanText)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"))

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
