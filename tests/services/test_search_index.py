"""Full-text search on both backends: what the bundled data set answers, text taken literally,
the index kept in step by the database, and the migration that builds and fills it."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

import claimsdb
from claimsdb.errors import InvalidInput
from claimsdb.names import fold
from claimsdb.services import database as api
from claimsdb.services.claimsdb import ClaimsDB
from claimsdb.store import migrate

REVISION = "a41c7e9d2b10"
PREVIOUS = "03e61b2c573e"
MIGRATION = next(
    Path(__file__).parents[2].joinpath("migrations", "versions").glob(f"*{REVISION}*.py")
)


@pytest.fixture
def seeded(seeded_url: str) -> Iterator[ClaimsDB]:
    with claimsdb.open(seeded_url) as db:
        yield db


def found(db: ClaimsDB, query: str, limit: int | None = 20) -> list[tuple[str, str]]:
    return [(r["kind"], r["key"]) for r in db.search(query, limit=limit).rows]


# The same answers on SQLite and PostgreSQL: each query's hits, best first.
EXPECTED = {
    "exodus": [
        ("event", "expulsion-of-azerbaijanis-from-armenia"),
        ("claim", "expulsion-of-azerbaijanis-from-armenia-population-unattributed"),
    ],
    "xocali": [("event", "khojaly-massacre")],
    "August 1990": [("event", "yukhari-askipara-fighting-1990")],
    "Human Rights Watch": [("source", "Human Rights Watch")],
}


@pytest.mark.parametrize("query", sorted(EXPECTED))
def test_the_bundled_data_set_answers_alike_on_both_backends(seeded: ClaimsDB, query: str) -> None:
    assert found(seeded, query)[: len(EXPECTED[query])] == EXPECTED[query]


def test_a_hit_says_what_it_is_and_shows_its_words_in_context(seeded: ClaimsDB) -> None:
    (first, *_) = seeded.search("Exodus of Azerbaijanis").rows
    assert (first["kind"], first["field"], first["words"]) == ("event", "name", "3 of 3")
    assert first["context"] == "«Exodus» «of» «Azerbaijanis» from Armenia"


def test_accents_and_case_do_not_matter(seeded: ClaimsDB) -> None:
    both = {key for _, key in found(seeded, "malibeyli")}
    assert {"malibeyli-gushchular-attack", "malibeyli-karadagly-agdaban-1992"} <= both
    assert found(seeded, "Malıbəyli") == found(seeded, "MALIBEYLI")
    prisoners = {key for kind, key in found(seeded, "5,000") if kind == "claim"}
    assert "post-war-prisoners-prisoners-azerbaijan" in prisoners


def test_what_holds_some_of_the_words_comes_when_nothing_holds_all(seeded: ClaimsDB) -> None:
    rows = seeded.search("border clashes").rows
    assert rows and all(r["words"] == "1 of 2" for r in rows)
    assert ("event", "yukhari-askipara-fighting-1990") in [(r["kind"], r["key"]) for r in rows]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unclosed',
        "*",
        "killed*",
        "-killed",
        "NEAR",
        "a AND b",
        "NOT killed",
        "killed OR",
        "(",
        "^killed",
        "title:killed",
        "x NEAR/2 y",
        "'",
        "%",
        "_",
        "\\",
        "killed:*",
        "!killed",
    ],
)
def test_text_is_taken_literally(seeded: ClaimsDB, query: str) -> None:
    try:
        seeded.search(query)
    except InvalidInput as refused:  # only a query with no word at all
        assert "give at least one word" in str(refused)
        assert not fold(query).strip("*^%_\\ ")


def test_a_query_without_words_is_refused(seeded: ClaimsDB) -> None:
    for query in ("", "   ", "*", '""'):
        with pytest.raises(InvalidInput, match="nothing to search for"):
            seeded.search(query)


def test_the_index_follows_every_write(engine: Engine) -> None:
    with claimsdb.open(str(engine.url.render_as_string(hide_password=False))) as db:
        db.add_entity(
            "events", {"slug": "lodz-1939", "name": "Łódź Ørsted Æbeltoft Straße", "aliases": ""}
        )
        db.add(
            {
                "event": "lodz-1939",
                "metric": "killed",
                "figure": "12",
                "claimant": "Zenda Gazette",
                "claimant_kind": "media",
                "quote": "twelve were killed",
                "notes": "a quagmire",
                "key": "lodz-killed",
            },
            create_missing=True,
        )
        for query in ("lodz", "orsted", "aebeltoft", "strasse"):
            assert found(db, query) == [("event", "lodz-1939")], query
        assert found(db, "zenda") == [("source", "Zenda Gazette")]
        assert found(db, "quagmire") == [("claim", "lodz-killed")]
        db.edit("lodz-killed", {"notes": "a swamp"}, reason="typo")
        assert found(db, "quagmire") == []
        assert found(db, "swamp") == [("claim", "lodz-killed")]


def test_the_migration_fills_the_index_for_rows_already_there(engine: Engine) -> None:
    api.seed(engine)
    migrate.downgrade(engine, PREVIOUS)
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    with claimsdb.open(str(engine.url.render_as_string(hide_password=False))) as db:
        assert found(db, "xocali") == [("event", "khojaly-massacre")]
        assert ("claim", "khojaly-massacre-killed-hrw") in found(db, "161", limit=None)


def test_the_frozen_folding_agrees_with_names_fold() -> None:
    spec = importlib.util.spec_from_file_location("fts_migration", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folds = module.letter_folds()
    assert len(folds) > 400 and folds["ı"] == "i" and folds["ə"] == "e" and folds["ß"] == "ss"
    assert all(fold(letter) == folded for letter, folded in folds.items())
