"""The model layer: each class describes one Core table, its columns reachable by name, and
SQLAlchemy takes the class wherever it takes a table; the constraints carry the conventional
names the migrations give them."""

from __future__ import annotations

import subprocess
import sys
import types
import typing
from datetime import UTC, datetime

import pytest
from sqlalchemy import (
    CheckConstraint,
    Engine,
    ForeignKeyConstraint,
    PrimaryKeyConstraint,
    UniqueConstraint,
    delete,
    insert,
    inspect,
    select,
    update,
)

from claimsdb.store import models
from claimsdb.store.engine import reading, writing
from claimsdb.store.models import Batch, Claim, Event, Metric, Model, Party, Source, metadata

MODELS = Model.__subclasses__()


def test_every_table_is_described_by_one_model() -> None:
    assert sorted(m.__tablename__ for m in MODELS) == sorted(metadata.tables)
    for model in MODELS:
        assert model.__table__ is metadata.tables[model.__tablename__]
        assert model.__clause_element__() is model.__table__


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_column_is_the_class_attribute_of_its_name(model: type[Model]) -> None:
    for column in model.__table__.columns:
        assert getattr(model, column.key) is column
        assert column.key == column.name
    written = [n for n, v in vars(model).items() if n in model.__table__.columns]
    assert written == list(model.__table__.columns.keys())  # the order they are written in


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_annotations_say_which_columns_take_null(model: type[Model]) -> None:
    hints = typing.get_type_hints(model, vars(models))
    for column in model.__table__.columns:
        (held,) = typing.get_args(hints[column.key])
        may_be_none = (
            type(None) in typing.get_args(held) if type(held) is types.UnionType else False
        )
        assert may_be_none == column.nullable, f"{model.__name__}.{column.key}"


def test_insert_select_update_delete_round_trip(engine: Engine) -> None:
    with writing(engine) as conn:
        event = conn.execute(
            insert(Event).returning(Event.id), {"slug": "siege", "name": "Siege"}
        ).scalar_one()
        source = conn.execute(
            insert(Source).returning(Source.id), {"name": "Desk", "kind": "ngo"}
        ).scalar_one()
        metric = conn.execute(
            insert(Metric).returning(Metric.id), {"name": "sieged", "unit": "people"}
        ).scalar_one()
        claim = conn.execute(
            insert(Claim).returning(Claim.id),
            {
                "key": "siege-killed-desk",
                "event_id": event,
                "metric_id": metric,
                "claimant_id": source,
                "phrase": "40",
                "qualifier": "exact",
                "best": 40,
            },
        ).scalar_one()
        conn.execute(update(Claim).where(Claim.id == claim).values(notes="checked"))
    with reading(engine) as conn:
        row = conn.execute(
            select(Claim, Event.slug, Source.name)
            .join(Event, Event.id == Claim.event_id)
            .join(Source, Source.id == Claim.claimant_id)
        ).one()
        accumulates = conn.execute(
            select(Metric.accumulates).where(Metric.id == metric)
        ).scalar_one()
    assert row.key == "siege-killed-desk" and row.best == 40 and row.notes == "checked"
    assert (row.slug, row.name) == ("siege", "Desk")
    # defaults the table supplies: population and status in Python, scope and accumulates in SQL
    assert (row.population, row.status, row.scope, accumulates) == ("", "active", "", False)
    assert list(row._mapping)[: len(Claim.__table__.columns)] == Claim.__table__.columns.keys()
    with writing(engine) as conn:  # claims are never deleted (a trigger refuses): parties are
        conn.execute(insert(Party), {"name": "Nobody"})
        conn.execute(delete(Party).where(Party.name == "Nobody"))
        assert conn.execute(select(Party.id).where(Party.name == "Nobody")).all() == []


def test_an_alias_of_a_model_table_joins_the_table_to_itself(engine: Engine) -> None:
    with writing(engine) as conn:
        war = conn.execute(
            insert(Event).returning(Event.id), {"slug": "war", "name": "War"}
        ).scalar_one()
        conn.execute(insert(Event), {"slug": "siege", "name": "Siege", "parent_id": war})
    parent = Event.__table__.alias()
    with reading(engine) as conn:
        pairs = conn.execute(
            select(Event.slug, parent.c.slug).join(parent, Event.parent_id == parent.c.id)
        ).all()
    assert [tuple(p) for p in pairs] == [("siege", "war")]


def test_a_python_default_fills_a_batch_summary(engine: Engine) -> None:
    with writing(engine) as conn:
        batch = conn.execute(
            insert(Batch).returning(Batch.summary),
            {"at": datetime.now(UTC), "actor": "me", "kind": "import", "origin": "x.csv"},
        )
        assert batch.scalar_one() == "{}"


def test_constraints_are_named_by_the_convention() -> None:
    for table in metadata.tables.values():
        for constraint in table.constraints:
            columns = [c.name for c in constraint.columns]
            if isinstance(constraint, PrimaryKeyConstraint):
                assert constraint.name == f"pk_{table.name}"
            elif isinstance(constraint, UniqueConstraint):
                assert constraint.name == f"uq_{table.name}_{columns[0]}"
            elif isinstance(constraint, ForeignKeyConstraint):
                referred = constraint.referred_table.name
                assert constraint.name == f"fk_{table.name}_{columns[0]}_{referred}"
            else:
                assert isinstance(constraint, CheckConstraint)
                assert str(constraint.name).startswith(f"ck_{table.name}_")
        for index in table.indexes:
            assert str(index.name).startswith("ix_")
    claims = Claim.__table__
    assert {str(c.name) for c in claims.constraints} >= {
        "pk_claims",
        "uq_claims_key",
        "fk_claims_event_id_events",
        "fk_claims_part_of_id_claims",
        "ck_claims_figure_shape",
        "ck_claims_value_order",
    }
    assert {str(i.name) for i in claims.indexes} == {
        "ix_claims_claimant_id",
        "ix_claims_part_of_id",
        "ix_claims_group",
    }


def test_the_database_carries_the_model_names(engine: Engine) -> None:
    found = inspect(engine)
    assert found.get_pk_constraint("claims")["name"] == "pk_claims"
    assert {fk["name"] for fk in found.get_foreign_keys("event_names")} == {
        "fk_event_names_event_id_events"
    }
    assert {ix["name"] for ix in found.get_indexes("claims")} >= {
        "ix_claims_claimant_id",
        "ix_claims_part_of_id",
        "ix_claims_group",
    }


def test_importing_the_models_does_not_import_the_orm() -> None:
    code = "import sys, claimsdb.store.models; print('sqlalchemy.orm' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
