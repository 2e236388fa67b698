"""A claim's ``scope`` and a metric's ``accumulates`` go out in every format and come back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from claimsdb.interchange import CLAIM_COLUMNS, TABLE_COLUMNS
from claimsdb.load.loader import load_bundle
from claimsdb.services import database as api
from claimsdb.services.export import export_bundle

EXCLUDING = "nagorno-karabakh-war-territory-share-unattributed-2"


@pytest.fixture
def seeded(engine: Engine, tmp_path: Path) -> Engine:
    """The data set, plus a metric of the user's that accumulates."""
    api.seed(engine)
    extra = tmp_path / "extra.json"
    metric = {"name": "houses_burnt", "unit": "items", "accumulates": "true"}
    extra.write_text(json.dumps({"metrics": [metric]}), encoding="utf-8")
    load_bundle(engine, extra)
    return engine


def test_scope_follows_population_in_the_interchange_columns() -> None:
    assert CLAIM_COLUMNS[CLAIM_COLUMNS.index("population") + 1] == "scope"
    assert TABLE_COLUMNS["metrics"] == ("name", "unit", "accumulates", "description")


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _tables(path: Path) -> dict[str, list[dict[str, str]]]:
    """Claims and metrics of an exported bundle, whatever its format."""
    if path.is_dir():
        return {t: _csv(path / f"{t}.csv") for t in ("claims", "metrics")}
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return {t: data[t] for t in ("claims", "metrics")}
    book = load_workbook(path, read_only=True)
    out = {}
    for table in ("claims", "metrics"):
        sheet = [[c or "" for c in row] for row in book[table].iter_rows(values_only=True)]
        out[table] = [dict(zip(sheet[0], row, strict=True)) for row in sheet[1:]]
    return out


@pytest.mark.parametrize("target", ["bundle", "bundle.json", "bundle.xlsx"])
def test_scope_and_accumulates_round_trip(seeded: Engine, tmp_path: Path, target: str) -> None:
    first, second = tmp_path / "first" / target, tmp_path / "second" / target
    first.parent.mkdir()
    second.parent.mkdir()
    export_bundle(seeded, first)
    tables = _tables(first)
    claims = {c["key"]: c for c in tables["claims"]}
    assert claims[EXCLUDING]["scope"] == "excluding Nagorno-Karabakh"
    assert sum(1 for c in claims.values() if c["scope"]) == 7
    metrics = {m["name"]: m["accumulates"] for m in tables["metrics"]}
    assert (metrics["houses_burnt"], metrics["killed"], metrics["hostages"]) == (
        "true",
        "true",
        "false",
    )

    copy, _, _ = api.init(f"sqlite:///{tmp_path / 'copy.db'}")
    assert load_bundle(copy, first).created == 105
    export_bundle(copy, second)
    if first.is_dir():
        for name in ("claims.csv", "metrics.csv"):
            assert (first / name).read_bytes() == (second / name).read_bytes(), name
    else:
        assert first.read_bytes() == second.read_bytes()
    assert _tables(second) == tables
