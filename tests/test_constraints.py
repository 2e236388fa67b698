"""The database itself refuses what must never be stored, whatever code path writes it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError, StatementError

from claimsdb.store.engine import writing
from claimsdb.store.models import Claim, Event, Metric, Source


def _claim(engine: Engine, **values: Any) -> None:
    with writing(engine) as conn:
        event = conn.execute(
            insert(Event).returning(Event.id), {"slug": "e", "name": "E"}
        ).scalar_one()
        source = conn.execute(
            insert(Source).returning(Source.id), {"name": "S", "kind": "ngo"}
        ).scalar_one()
        metric = conn.execute(select(Metric.id).where(Metric.name == "killed")).scalar_one()
        row = {
            "key": "k",
            "event_id": event,
            "metric_id": metric,
            "claimant_id": source,
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
