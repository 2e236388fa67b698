"""compare and check read the claims of one event through an index, never by scanning claims.

The SQL the two calls send is captured with SQLite's trace callback, and SQLite's
``EXPLAIN QUERY PLAN`` of every statement that reads the claims table (as it ran, parameters
filled in) must search an index: ``ix_claims_group`` for the claims of the event, the
primary key or the unique key index for claims fetched by id or key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event

from claimsdb.services import database as api
from claimsdb.services.check import check
from claimsdb.services.compare import compare

Statement = tuple[str, Any]

# "SCAN claims", "SCAN claims_1", "SCAN claims USING COVERING INDEX ..." are all full scans.
_SCAN = re.compile(r"^SCAN claims(_\d+)?\b")
_SEARCH = re.compile(r"^SEARCH claims USING (COVERING INDEX|INDEX|INTEGER PRIMARY KEY)\b")
_READS_CLAIMS = re.compile(r"\bFROM claims\b")
_BY_EVENT = re.compile(r"\bclaims\.event_id (IN \(\d|= \d)")  # by a given id


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """``claimsdb init`` plus the bundled data set, shared by this module's read-only tests."""
    created, _, _ = api.init(str(tmp_path_factory.mktemp("plan") / "claims.db"))
    api.seed(created)
    yield created
    created.dispose()


def _claims_statements(engine: Engine, call: Callable[[], object]) -> list[Statement]:
    """The statements ``call`` sends that read the claims table, as SQLite ran them.

    SQLite's own trace sees every statement, including those claimsdb runs on the driver's
    cursor directly (the bulk read of the claims frame), with the parameters filled in.
    """
    sent: list[str] = []

    def trace(dbapi_connection: Any, *_: Any) -> None:
        dbapi_connection.set_trace_callback(sent.append)

    event.listen(engine, "checkout", trace)
    try:
        call()
    finally:
        event.remove(engine, "checkout", trace)
        engine.dispose()  # no pooled connection keeps the callback
    return [(s, ()) for s in sent if _READS_CLAIMS.search(s)]


def _plan(engine: Engine, statement: str, parameters: Any, drop_index: bool = False) -> list[str]:
    """The ``detail`` lines of the statement's query plan (in a transaction rolled back).

    sqlite3 caches prepared statements by their text, and a cached ``EXPLAIN`` is not prepared
    again after a schema change, so the plan without the index is asked for in other words.
    """
    with engine.connect() as conn, conn.begin() as transaction:
        if drop_index:
            conn.exec_driver_sql("DROP INDEX ix_claims_group")
            statement += "\n-- without ix_claims_group"
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        transaction.rollback()
    return [row[-1] for row in rows]


CALLS: dict[str, Callable[[Engine], object]] = {
    "compare": lambda engine: compare(engine, "khojaly"),
    "check": lambda engine: check(engine, "khojaly", "killed", 613),
}


@pytest.mark.parametrize("name", CALLS)
def test_claims_are_read_through_an_index(engine: Engine, name: str) -> None:
    statements = _claims_statements(engine, lambda: CALLS[name](engine))
    assert statements, f"{name} sent no statement that reads the claims table"
    for statement, parameters in statements:
        plan = _plan(engine, statement, parameters)
        shown = "\n".join(plan) + "\n-- for --\n" + statement
        assert not [line for line in plan if _SCAN.search(line)], f"full scan of claims:\n{shown}"
        assert [line for line in plan if _SEARCH.search(line)], f"no index search:\n{shown}"


@pytest.mark.parametrize("name", CALLS)
def test_the_event_claims_use_the_group_index(engine: Engine, name: str) -> None:
    statements = [
        (s, p)
        for s, p in _claims_statements(engine, lambda: CALLS[name](engine))
        if _BY_EVENT.search(s)
    ]
    assert len(statements) == 1, f"{name}: expected one query by event, got {len(statements)}"
    plan = _plan(engine, *statements[0])
    assert any(line.startswith("SEARCH claims USING INDEX ix_claims_group") for line in plan), plan


def test_without_the_index_the_plan_is_a_scan(engine: Engine) -> None:
    """The assertions above can fail: drop ix_claims_group and the same query scans claims."""
    statement, parameters = next(
        (s, p)
        for s, p in _claims_statements(engine, lambda: CALLS["check"](engine))
        if _BY_EVENT.search(s)
    )
    plan = _plan(engine, statement, parameters, drop_index=True)
    assert any(_SCAN.search(line) for line in plan), plan
    with engine.connect() as conn:
        indexes = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
        assert "ix_claims_group" in indexes.scalars().all()  # the drop was rolled back
