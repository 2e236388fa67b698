"""Each use case runs in one transaction: a change is checked where it is written, and a report's
figures, rows and stamp come from one snapshot."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

import claimsdb
from claimsdb.services.claimsdb import ClaimsDB

HRW = "khojaly-massacre-killed-hrw"
SEEDED = 63  # the revision of the seed batch: the bundled data set as it was loaded


@pytest.fixture(scope="module")
def db(seeded_url: str) -> Iterator[ClaimsDB]:
    with claimsdb.open(seeded_url, actor="tester") as opened:
        yield opened


def _transactions(db: ClaimsDB, use: Callable[[], object]) -> int:
    """How many transactions ``use`` begins on the database."""
    begun: list[object] = []

    def count(conn: object) -> None:
        begun.append(conn)

    event.listen(db.engine, "begin", count)
    try:
        use()
    finally:
        event.remove(db.engine, "begin", count)
    return len(begun)


@pytest.mark.parametrize(
    ("name", "use"),
    [
        ("edit", lambda db, _: db.edit(HRW, {"notes": "checked"}, reason="test")),
        ("retract", lambda db, _: db.retract("khojaly-massacre-killed-hrw-2", "test")),
        ("revert", lambda db, _: db.revert(HRW, SEEDED)),
        (
            "add",
            lambda db, _: db.add(
                {"event": "khojaly", "metric": "wounded", "figure": "9", "claimant": "HRW"}
            ),
        ),
        ("source edit", lambda db, _: db.edit_entity("sources", "HRW", {"description": "NGO"})),
        ("report", lambda db, tmp: db.report(tmp / "r.xlsx", "khojaly")),
        ("compare", lambda db, _: db.compare("khojaly")),
        ("check", lambda db, _: db.check("khojaly", "killed", 613)),
        ("export", lambda db, tmp: db.export(tmp / "bundle")),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_one_transaction_each(
    db: ClaimsDB, tmp_path: Path, name: str, use: Callable[[ClaimsDB, Path], object]
) -> None:
    db.engine  # connected and checked before counting  # noqa: B018
    assert _transactions(db, lambda: use(db, tmp_path)) == 1, name
