"""Claims written in the background on SQLite (``load.bulk``): file order, every constraint and
trigger applied, and a chunk the database refuses rolling the whole load back."""

from __future__ import annotations

import csv
import gc
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from claimsdb.load import claims as claim_checks
from claimsdb.load.loader import load_bundle
from claimsdb.load.problems import BundleInvalid
from claimsdb.store.engine import reading, writing
from claimsdb.store.models import Claim

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of two claims, so the fixture bundle goes in as three background writes."""
    monkeypatch.setattr(claim_checks, "CHUNK", 2)


def _keys_by_id(engine: Engine) -> list[str]:
    with reading(engine) as conn:
        return list(conn.execute(select(Claim.key).order_by(Claim.id)).scalars())


def test_claims_get_ids_in_file_order_and_the_connection_is_left_as_it_was(
    engine: Engine, bundle: Path
) -> None:
    with engine.connect() as conn:
        cache = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    with (bundle / "claims.csv").open(newline="", encoding="utf-8") as handle:
        in_file = [row["key"] for row in csv.DictReader(handle)]
    assert len(in_file) > 2 * claim_checks.CHUNK
    collector = gc.get_threshold(), gc.get_freeze_count()
    load_bundle(engine, bundle)
    assert (gc.get_threshold(), gc.get_freeze_count()) == collector
    assert _keys_by_id(engine) == in_file
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == cache
        staged = "SELECT count(*) FROM sqlite_temp_master WHERE name = 'claimsdb_incoming'"
        assert conn.exec_driver_sql(staged).scalar_one() == 0
        # the full-text triggers ran for every claim
        indexed = "SELECT count(*) FROM search_claims"
        assert conn.exec_driver_sql(indexed).scalar_one() == len(in_file)


def test_a_chunk_the_database_refuses_rolls_the_whole_load_back(
    engine: Engine, bundle: Path
) -> None:
    with writing(engine) as conn:  # a rule only the database knows, for the third chunk
        conn.execute(
            text(
                "CREATE TRIGGER refuse_children BEFORE INSERT ON claims"
                " WHEN NEW.key = 'khojaly-killed-az-children' BEGIN SELECT RAISE(ABORT, 'refused here'); END"
            )
        )
    collector = gc.get_threshold(), gc.get_freeze_count()
    with pytest.raises(Exception, match="refused here"):
        load_bundle(engine, bundle)  # the error of a background write reaches the caller
    # the load's fewer garbage collections end with it
    assert (gc.get_threshold(), gc.get_freeze_count()) == collector
    with reading(engine) as conn:
        assert conn.execute(select(func.count()).select_from(Claim)).scalar_one() == 0
    with writing(engine) as conn:
        conn.execute(text("DROP TRIGGER refuse_children"))
    load_bundle(engine, bundle)  # the same connections load it whole afterwards
    assert "khojaly-killed-az-children" in _keys_by_id(engine)


@pytest.mark.parametrize("stored", [False, True], ids=["empty database", "claims stored"])
def test_a_key_repeated_chunks_later_is_refused(engine: Engine, bundle: Path, stored: bool) -> None:
    """A load into a database with no claims skips looking its keys up; a key the bundle
    repeats in a later chunk (its first row already written) is refused all the same."""
    claims_csv = bundle / "claims.csv"
    if stored:
        load_bundle(engine, bundle)  # the same keys exist already: edits, then the repeat
    lines = claims_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) - 1 > 2 * claim_checks.CHUNK
    claims_csv.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    before = _keys_by_id(engine)
    repeated = next(csv.reader([lines[1]]))[0]
    with pytest.raises(BundleInvalid, match=rf"claims.csv:{len(lines) + 1}:key: key '{repeated}'"):
        load_bundle(engine, bundle)
    assert _keys_by_id(engine) == before
