"""The parties migration on a database holding affiliations: every value kept as a party, values
that differ only in case or accents made one party on record, and down again without loss."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from claimsdb.services import database as api
from claimsdb.store import migrate
from claimsdb.store.engine import reading, writing

PARTIES = "7c3e5a91d2f4"
BEFORE = "a41c7e9d2b10"

SOURCES = [
    # name, affiliation
    ("Armenian government", "Armenia"),
    ("Yerevan daily", "Armenia"),
    ("a careless import", "armenia"),
    ("Azerbaijani authorities", "Azerbaijan"),
    ("a user's guess", "Armenian"),
    ("Human Rights Watch", "none"),
    ("unattributed", None),
]


def _affiliations(engine: Engine) -> dict[str, str | None]:
    with reading(engine) as conn:
        return dict(conn.execute(text("SELECT name, affiliation FROM sources")).all())


def test_every_affiliation_becomes_a_party_and_folded_twins_one(db_url: str) -> None:
    engine = api.connect(db_url, must_exist=False)
    migrate.upgrade(engine, BEFORE)
    with writing(engine) as conn:
        for n, (name, affiliation) in enumerate(SOURCES, start=1):
            conn.execute(
                text(
                    "INSERT INTO sources (id, name, kind, affiliation) VALUES (:i, :n, 'ngo', :a)"
                ),
                {"i": n, "n": name, "a": affiliation},
            )
    migrate.upgrade(engine, PARTIES)
    assert migrate.current(engine) == PARTIES
    with reading(engine) as conn:
        parties = conn.execute(text("SELECT name FROM parties ORDER BY name")).scalars().all()
        names = dict(
            conn.execute(
                text(
                    "SELECT n.folded, p.name FROM party_names n JOIN parties p ON p.id = n.party_id"
                )
            ).all()
        )
        revisions = conn.execute(
            text("SELECT actor, table_name, row_key, action, before, after FROM revisions")
        ).all()
    # "none" and unknown (NULL) are not parties; "Armenian" stays a party of its own (a user
    # merges it by editing the source), "armenia" is Armenia spelt another way.
    assert parties == ["Armenia", "Armenian", "Azerbaijan"]
    assert names == {"armenia": "Armenia", "armenian": "Armenian", "azerbaijan": "Azerbaijan"}
    affiliations = _affiliations(engine)
    assert affiliations["a careless import"] == "Armenia"
    assert affiliations["Human Rights Watch"] == "none"
    assert affiliations["unattributed"] is None
    # The one source changed is on record, with what it held before.
    [(actor, table, key, action, before, after)] = revisions
    assert (actor, table, key, action) == (
        "claimsdb upgrade",
        "sources",
        "a careless import",
        "update",
    )
    assert json.loads(before)["affiliation"] == "armenia"
    assert json.loads(after)["affiliation"] == "Armenia"

    migrate.downgrade(engine, BEFORE)
    assert not {"parties", "party_names"} & set(inspect(engine).get_table_names())
    assert _affiliations(engine)["Yerevan daily"] == "Armenia"
    migrate.upgrade(engine)
    assert migrate.differences(engine) == []
    engine.dispose()


def test_the_database_refuses_an_affiliation_that_is_no_party(engine: Engine) -> None:
    with writing(engine) as conn:
        conn.execute(text("INSERT INTO parties (id, name) VALUES (1, 'Armenia')"))
    insert = "INSERT INTO sources (id, name, kind, affiliation) VALUES (:i, :n, 'ngo', :a)"
    for n, affiliation in enumerate(("Armenia", "none", None), start=1):
        with writing(engine) as conn:
            conn.execute(text(insert), {"i": n, "n": f"source {n}", "a": affiliation})
    for statement, values in (
        (insert, {"i": 9, "n": "source 9", "a": "Georgia"}),
        ("UPDATE sources SET affiliation = :a WHERE id = 1", {"a": "Armenian"}),
    ):
        refused = pytest.raises(DBAPIError, match="affiliation is a party's name")
        with refused, writing(engine) as conn:
            conn.execute(text(statement), values)
    assert _affiliations(engine) == {"source 1": "Armenia", "source 2": "none", "source 3": None}
    with writing(engine) as conn:  # other columns change freely
        conn.execute(text("UPDATE sources SET description = 'checked' WHERE id = 1"))
