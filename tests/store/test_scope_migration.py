"""The scope and accumulates revision: the columns arrive with values for the rows already there
(every claim unscoped, each metric accumulating or not by its name) and go on the way down."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select, text

from claimsdb.services import database as api
from claimsdb.store import migrate
from claimsdb.store.engine import reading, writing
from claimsdb.store.models import Claim, Metric

REVISION = "03e61b2c573e"
PREVIOUS = "57f5fac04718"
ACCUMULATING = {
    "killed",
    "wounded",
    "missing",
    "raped",
    "displaced",
    "refugees",
    "expelled",
    "casualties",
    "equipment_lost",
}


def _columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def _group_index(engine: Engine) -> list[str | None]:
    (index,) = [i for i in inspect(engine).get_indexes("claims") if i["name"] == "ix_claims_group"]
    return list(index["column_names"])


def test_the_revision_comes_right_after_the_audit_triggers() -> None:
    revision = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(REVISION)
    assert revision is not None and revision.down_revision == PREVIOUS


def test_down_and_up_with_data(engine: Engine) -> None:
    api.seed(engine)
    with reading(engine) as conn:
        claims = conn.execute(text("SELECT count(*) FROM claims")).scalar_one()
    assert _group_index(engine) == ["event_id", "metric_id", "population", "scope"]

    migrate.downgrade(engine, PREVIOUS)
    assert "scope" not in _columns(engine, "claims")
    assert "accumulates" not in _columns(engine, "metrics")
    assert _group_index(engine) == ["event_id", "metric_id", "population"]
    with writing(engine) as conn:  # a metric of the user's, added before the column existed
        conn.execute(text("INSERT INTO metrics (name, unit) VALUES ('houses_burnt', 'items')"))
        assert conn.execute(text("SELECT count(*) FROM claims")).scalar_one() == claims

    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    assert _group_index(engine) == ["event_id", "metric_id", "population", "scope"]
    with reading(engine) as conn:
        accumulates = dict(conn.execute(select(Metric.name, Metric.accumulates)).all())
        scopes = conn.execute(select(Claim.scope).distinct()).scalars().all()
        assert conn.execute(text("SELECT count(*) FROM claims")).scalar_one() == claims
    assert len(accumulates) == 15
    assert accumulates == {name: name in ACCUMULATING for name in accumulates}
    assert scopes == [""]
