"""Every CHECK constraint refuses each value it exists to refuse and takes every value it allows,
on both backends and in a database made from the models alone.

The constraints are the safety net under every writer, so their form may change (an ``IN`` list
became ``=`` … ``OR`` …) but never what they refuse. Each case names the constraint that must
be the one refusing it, and a test holds the list of cases to the constraints the database has:
a new CHECK without cases here fails.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from claimsdb.store.engine import writing
from claimsdb.store.models import (
    Batch,
    Claim,
    Document,
    Event,
    EventName,
    Metric,
    Party,
    PartyName,
    Revision,
    Source,
    SourceName,
    metadata,
)
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

TABLES: dict[str, Any] = {
    "batches": Batch,
    "revisions": Revision,
    "events": Event,
    "event_names": EventName,
    "party_names": PartyName,
    "sources": Source,
    "source_names": SourceName,
    "documents": Document,
    "claims": Claim,
}
# constraint: (table, column, the values it allows)
ENUMERATIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "ck_batches_kind": ("batches", "kind", BATCH_KINDS),
    "ck_revisions_action": ("revisions", "action", REVISION_ACTIONS),
    "ck_events_start_precision": ("events", "period_start_precision", DATE_PRECISIONS),
    "ck_events_end_precision": ("events", "period_end_precision", DATE_PRECISIONS),
    "ck_event_names_kind": ("event_names", "kind", NAME_KINDS),
    "ck_party_names_kind": ("party_names", "kind", NAME_KINDS),
    "ck_sources_kind": ("sources", "kind", SOURCE_KINDS),
    "ck_source_names_kind": ("source_names", "kind", NAME_KINDS),
    "ck_documents_published_precision": ("documents", "published_precision", DATE_PRECISIONS),
    "ck_claims_qualifier": ("claims", "qualifier", QUALIFIERS),
    "ck_claims_status": ("claims", "status", STATUSES),
    "ck_claims_grade": ("claims", "grade", GRADES),
    "ck_claims_start_precision": ("claims", "period_start_precision", DATE_PRECISIONS),
    "ck_claims_end_precision": ("claims", "period_end_precision", DATE_PRECISIONS),
    "ck_claims_claimed_precision": ("claims", "claimed_precision", DATE_PRECISIONS),
}
SELF = "the row's own id"
_NUMBERS = {"low": 1, "best": 2, "high": 3}


def _shapes_refused() -> list[dict[str, Any]]:
    """Every qualifier with every set of numbers its shape does not allow: a number it stores
    missing, a bound it does not store present, or a best beside a vague word."""
    refused = []
    for qualifier, n in itertools.product(QUALIFIERS, range(len(_NUMBERS) + 1)):
        stored = set(SHAPES[qualifier])
        for present in map(set, itertools.combinations(_NUMBERS, n)):
            allowed = (
                stored <= present
                and not ({"low", "high"} - stored) & present
                and (bool(stored) or "best" not in present)
            )
            if not allowed:
                numbers = {c: (v if c in present else None) for c, v in _NUMBERS.items()}
                vague = "many" if qualifier == "vague" else None
                refused.append({"qualifier": qualifier, "vague": vague, **numbers})
    return refused


_RANGE = {"qualifier": "range", "best": None}
_NO_NUMBERS = {"best": None, "low": None, "high": None}
# constraint: (table, rows it must refuse, as changes to a valid row)
RULES: dict[str, tuple[str, list[dict[str, Any]]]] = {
    "ck_events_period_order": (
        "events",
        [{"period_first": date(1994, 1, 2), "period_last": date(1994, 1, 1)}],
    ),
    "ck_events_not_own_parent": ("events", [{"id": SELF, "parent_id": SELF}]),
    "ck_sources_affiliation_not_empty": ("sources", [{"affiliation": ""}]),
    "ck_claims_non_negative": (
        "claims",
        [
            {"best": -1},
            {"best": -0.5},
            {**_RANGE, "low": -5, "high": 3},
            {"qualifier": "at_most", "best": None, "high": -1},
            {"qualifier": "at_least", "best": None, "low": -1},
        ],
    ),
    "ck_claims_value_order": (
        "claims",
        [
            {**_RANGE, "low": 200, "high": 100},
            {**_RANGE, "low": 100, "high": 200, "best": 50},
            {**_RANGE, "low": 100, "high": 200, "best": 250},
        ],
    ),
    "ck_claims_figure_shape": ("claims", _shapes_refused()),
    "ck_claims_vague_key": (
        "claims",
        [
            {"qualifier": "vague", "vague": None, **_NO_NUMBERS},
            {"qualifier": "exact", "vague": "many"},
        ],
    ),
    "ck_claims_period_order": (
        "claims",
        [{"period_first": date(1994, 1, 2), "period_last": date(1994, 1, 1)}],
    ),
    "ck_claims_no_self_reference": (
        "claims",
        [
            {"id": SELF, "derived_from_id": SELF},
            {"id": SELF, "supersedes_id": SELF},
            {"id": SELF, "part_of_id": SELF},
        ],
    ),
}
# A bad qualifier matches no figure shape either, so either constraint may be the one to refuse.
ALSO_REFUSED_BY = {"ck_claims_qualifier": {"ck_claims_figure_shape"}}


class Rows:
    """Valid rows of each table (each unique where a column must be), with what they point to."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.counter = itertools.count(1_000)
        with writing(engine) as conn:
            self.event = conn.execute(
                insert(Event).returning(Event.id), {"slug": "e", "name": "E"}
            ).scalar_one()
            self.party = conn.execute(insert(Party).returning(Party.id), {"name": "P"}).scalar_one()
            conn.execute(insert(Party), {"name": ""})  # so only the CHECK can refuse ''
            self.source = conn.execute(
                insert(Source).returning(Source.id), {"name": "S", "kind": "ngo"}
            ).scalar_one()
            self.metric = conn.execute(
                insert(Metric).returning(Metric.id), {"name": "m", "unit": "people"}
            ).scalar_one()

    def valid(self, table: str) -> dict[str, Any]:
        n = next(self.counter)
        now = datetime.now(UTC)
        return {
            "batches": {"at": now, "actor": "t", "kind": "import", "origin": "o"},
            "revisions": {
                "at": now, "actor": "t", "table_name": "claims", "row_id": 1, "row_key": "k",
                "action": "create",
            },
            "events": {"slug": f"e{n}", "name": "E"},
            "event_names": {"event_id": self.event, "name": "x", "folded": f"x{n}", "kind": "alias"},
            "party_names": {"party_id": self.party, "name": "x", "folded": f"x{n}", "kind": "alias"},
            "sources": {"name": f"S{n}", "kind": "ngo"},
            "source_names": {
                "source_id": self.source, "name": "x", "folded": f"x{n}", "kind": "alias"
            },
            "documents": {"key": f"d{n}", "title": "T"},
            "claims": {
                "key": f"k{n}", "event_id": self.event, "claimant_id": self.source,
                "metric_id": self.metric, "population": "", "phrase": "613",
                "qualifier": "exact", "best": 613, "status": "active",
            },
        }[table]  # fmt: skip

    def store(self, table: str, changes: dict[str, Any]) -> None:
        row = self.valid(table) | changes
        own = next(self.counter)
        row = {column: own if value == SELF else value for column, value in row.items()}
        with writing(self.engine) as conn:
            conn.execute(insert(TABLES[table]), row)

    def refused_by(self, table: str, changes: dict[str, Any]) -> str:
        """The message with which the database refuses ``changes`` to a valid row."""
        with pytest.raises(IntegrityError) as refused:
            self.store(table, changes)
        return str(refused.value.orig)


def _bad_values(allowed: tuple[str, ...]) -> list[str]:
    """Near misses of each allowed value (case, spaces, a letter short), and no value at all."""
    near = [f(v) for v in allowed for f in (str.upper, str.title, " {}".format, "{} ".format)]
    near += [v[:-1] for v in allowed] + ["", "unknown"]
    return sorted({v for v in near if v not in allowed})


def _with_value(column: str, value: str) -> dict[str, Any]:
    """``column`` set to ``value``, with the numbers a qualifier's shape needs."""
    if column != "qualifier":
        return {column: value}
    stored = SHAPES[value]
    numbers = {c: (v if c in stored else None) for c, v in _NUMBERS.items()}
    return {"qualifier": value, **numbers, "vague": "many" if value == "vague" else None}


def _check_constraints(engine: Engine) -> set[str]:
    found = inspect(engine)
    return {c["name"] for t in found.get_table_names() for c in found.get_check_constraints(t)}


def _refuses_and_allows(engine: Engine, constraint: str) -> None:
    rows = Rows(engine)
    if constraint in ENUMERATIONS:
        table, column, allowed = ENUMERATIONS[constraint]
        for value in allowed:
            rows.store(table, _with_value(column, value))  # every allowed value is taken
        refusing = {constraint} | ALSO_REFUSED_BY.get(constraint, set())
        for bad in _bad_values(allowed):
            message = rows.refused_by(table, {column: bad})
            assert any(name in message for name in refusing), (bad, message)
    else:
        table, cases = RULES[constraint]
        assert cases
        for changes in cases:
            message = rows.refused_by(table, changes)
            assert constraint in message, (changes, message)
    with engine.connect() as conn:  # nothing refused was stored
        stored = conn.execute(select(TABLES[table])).all()
    assert len(stored) == (len(allowed) if constraint in ENUMERATIONS else 0) + (
        table == "events"
    ) + (table == "sources")


def test_every_check_constraint_has_cases_here(engine: Engine) -> None:
    assert _check_constraints(engine) == set(ENUMERATIONS) | set(RULES)


@pytest.mark.parametrize("constraint", sorted(set(ENUMERATIONS) | set(RULES)))
def test_each_check_refuses_what_it_must(engine: Engine, constraint: str) -> None:
    _refuses_and_allows(engine, constraint)


@pytest.fixture(scope="module")
def from_models() -> Iterator[Engine]:
    """A SQLite database made from the models alone (no migration, no trigger)."""
    made = create_engine("sqlite://")
    metadata.create_all(made)
    yield made
    made.dispose()


@pytest.mark.sqlite_only
def test_models_and_migrations_write_the_same_checks(engine: Engine, from_models: Engine) -> None:
    def texts(e: Engine) -> dict[str, str]:
        found = inspect(e)
        return {
            c["name"]: c["sqltext"]
            for t in found.get_table_names()
            for c in found.get_check_constraints(t)
        }

    assert texts(engine) == texts(from_models)
    assert not [name for name, check in texts(engine).items() if " IN (" in check]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("constraint", sorted(set(ENUMERATIONS) | set(RULES)))
def test_each_check_refuses_in_a_database_from_the_models(constraint: str) -> None:
    made = create_engine("sqlite://")
    with made.begin() as conn:
        conn.execute(text("PRAGMA foreign_keys = ON"))
    metadata.create_all(made)
    _refuses_and_allows(made, constraint)
    made.dispose()
