"""The database itself refuses what must never be stored, whatever code path writes it."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import IntegrityError, StatementError

from claimsdb.store.engine import writing
from claimsdb.store.models import Claim, Event, Metric, Source
from claimsdb.vocabulary import QUALIFIERS, SHAPES


def _names(conn: Connection) -> dict[str, int]:
    """An event, a source and a metric for test claims to point to."""
    event = conn.execute(insert(Event).returning(Event.id), {"slug": "e", "name": "E"})
    source = conn.execute(insert(Source).returning(Source.id), {"name": "S", "kind": "ngo"})
    metric = conn.execute(insert(Metric).returning(Metric.id), {"name": "m", "unit": "people"})
    return {
        "event_id": event.scalar_one(),
        "claimant_id": source.scalar_one(),
        "metric_id": metric.scalar_one(),
    }


def _claim(engine: Engine, **values: Any) -> None:
    with writing(engine) as conn:
        row = {
            "key": "k",
            **_names(conn),
            "population": "",
            "phrase": "613",
            "qualifier": "exact",
            "best": 613,
            "status": "active",
        }
        row.update(values)
        conn.execute(insert(Claim), row)


def test_a_valid_claim_is_stored(engine: Engine) -> None:
    _claim(engine)
    with engine.connect() as conn:
        assert conn.execute(select(Claim.best)).scalar_one() == 613


@pytest.mark.parametrize(
    "values",
    [
        {"qualifier": "range", "best": None, "low": 200, "high": 100},  # low > high
        {"qualifier": "range", "best": 50, "low": 100, "high": 200},  # best outside
        {"best": -1},  # negative
        {"qualifier": "lots"},  # unknown qualifier
        {"qualifier": "vague"},  # a vague figure holds no numbers
        {"qualifier": "exact", "best": None},  # an exact figure needs one
        {"qualifier": "at_least", "best": None, "low": 1, "high": 5},  # a floor has no ceiling
        {"status": "deleted"},
        {"grade": "excellent"},
        {"metric_id": 9999},  # foreign key
        {"period_first": "1994-01-01", "period_last": "1993-01-01"},
    ],
)
def test_the_database_refuses(engine: Engine, values: dict[str, Any]) -> None:
    from datetime import date

    values = dict(values)  # the parameter is shared by both backends' runs
    for column in ("period_first", "period_last"):
        if column in values:
            values[column] = date.fromisoformat(values[column])
    with pytest.raises(IntegrityError):
        _claim(engine, **values)
    with engine.connect() as conn:  # and nothing of that transaction stays
        assert conn.execute(select(Event)).all() == []


def test_duplicate_keys_are_refused(engine: Engine) -> None:
    _claim(engine)
    with pytest.raises(IntegrityError), writing(engine) as conn:
        row = dict(conn.execute(select(Claim)).mappings().one())
        row.pop("id")
        conn.execute(insert(Claim), row)


def test_nul_characters_are_refused(engine: Engine) -> None:
    with pytest.raises(StatementError, match="NUL"):
        _claim(engine, quote="a\x00b")
    with engine.connect() as conn:
        assert conn.execute(select(Claim)).all() == []


def _shapes_stored(engine: Engine) -> dict[tuple[str, frozenset[str]], bool]:
    """For every qualifier and every set of numbers present: does the database store it?"""
    with writing(engine) as conn:
        names = _names(conn)
    stored = {}
    numbers = {"low": 1, "best": 2, "high": 3}
    combos = [frozenset(c) for n in range(4) for c in itertools.combinations(numbers, n)]
    for n, (qualifier, present) in enumerate(itertools.product(QUALIFIERS, combos)):
        row = {
            "key": f"k{n}",
            **names,
            "population": "",
            "phrase": "p",
            "qualifier": qualifier,
            "vague": "many" if qualifier == "vague" else None,
            "status": "active",
            **{c: (v if c in present else None) for c, v in numbers.items()},
        }
        try:
            with writing(engine) as conn:
                conn.execute(insert(Claim), row)
            stored[qualifier, present] = True
        except IntegrityError:
            stored[qualifier, present] = False
    return stored


def test_figure_shapes_are_the_vocabularys_in_migrations_and_models(engine: Engine) -> None:
    """The figure-shape CHECK the models generate from ``vocabulary.SHAPES`` and the one the
    migrations wrote refuse exactly the same shapes: every number a qualifier stores present,
    every bound it does not store absent, and ``best`` absent from a vague figure."""
    from sqlalchemy import create_engine

    from claimsdb.store.models import metadata

    migrated = _shapes_stored(engine)
    expected = {
        (q, present): set(SHAPES[q]) <= present
        and not ({"low", "high"} - set(SHAPES[q])) & present
        and (bool(SHAPES[q]) or "best" not in present)
        for q, present in migrated
    }
    assert migrated == expected  # the database the migrations made
    models = create_engine("sqlite://")
    metadata.create_all(models)
    assert _shapes_stored(models) == expected  # a database made from the models alone
