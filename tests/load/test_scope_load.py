"""Bundles in with a claim's ``scope`` and a metric's ``accumulates``, and without them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from claimsdb.errors import InvalidInput
from claimsdb.load.loader import load_bundle
from claimsdb.load.problems import BundleInvalid
from claimsdb.read.claims import claim_rows
from claimsdb.read.entities import metric_table
from claimsdb.read.history import row_history
from claimsdb.store.engine import reading
from claimsdb.store.models import Claim, Metric

WOMEN = "khojaly-killed-az-women"


def _rewrite(path: Path, change: dict[str, dict[str, str]], *, add: tuple[str, ...] = ()) -> None:
    """Rewrite a CSV table: ``change`` maps a row's first cell to new values; ``add`` names
    columns to insert after the population column (or append)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    at = fields.index("population") + 1 if "population" in fields else len(fields)
    fields[at:at] = [c for c in add if c not in fields]
    for row in rows:
        row.update(change.get(row[fields[0]], {}))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields, restval="")
        writer.writeheader()
        writer.writerows(rows)


def _metrics_csv(folder: Path, rows: list[dict[str, str]], columns: tuple[str, ...]) -> None:
    with (folder / "metrics.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)


def _stored(engine: Engine) -> tuple[dict[str, dict[str, str]], dict[str, bool]]:
    with reading(engine) as conn:
        claims = {r["key"]: r for r in claim_rows(conn)}
        metrics = dict(conn.execute(select(Metric.name, Metric.accumulates)).all())
    return claims, metrics


def test_a_bundle_without_scope_or_accumulates_loads(engine: Engine, bundle: Path) -> None:
    header = (bundle / "claims.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "scope" not in header and not (bundle / "metrics.csv").exists()
    _metrics_csv(bundle, [{"name": "houses_burnt", "unit": "items"}], ("name", "unit"))
    assert load_bundle(engine, bundle).created == 5
    claims, metrics = _stored(engine)
    assert {c["scope"] for c in claims.values()} == {""}
    assert metrics["houses_burnt"] is False
    assert metrics["killed"] is True  # the vocabulary's own, untouched


def test_scope_is_stored_stripped_like_population(engine: Engine, bundle: Path) -> None:
    _rewrite(
        bundle / "claims.csv",
        {WOMEN: {"scope": "  women of Khojaly town only ", "population": " women "}},
        add=("scope",),
    )
    load_bundle(engine, bundle)
    claims, _ = _stored(engine)
    assert claims[WOMEN]["scope"] == "women of Khojaly town only"
    assert claims[WOMEN]["population"] == "women"
    assert claims["khojaly-killed-hrw"]["scope"] == ""
    with reading(engine) as conn:
        stored = conn.execute(select(Claim.scope).where(Claim.key == WOMEN)).scalar_one()
    assert stored == "women of Khojaly town only"


def test_a_changed_scope_is_an_update_with_the_old_value_on_record(
    engine: Engine, bundle: Path
) -> None:
    load_bundle(engine, bundle)
    _rewrite(bundle / "claims.csv", {WOMEN: {"scope": "excluding the town"}}, add=("scope",))
    summary = load_bundle(engine, bundle)
    assert (summary.created, summary.updated) == (0, 1)
    again = load_bundle(engine, bundle)
    assert (again.updated, again.unchanged) == (0, 5)
    with reading(engine) as conn:
        claim_id = conn.execute(select(Claim.id).where(Claim.key == WOMEN)).scalar_one()
        changes = row_history(conn, "claims", claim_id)[-1].changes
    assert changes == {"scope": ("", "excluding the town")}


def test_a_claims_file_without_scope_keeps_the_stored_scope(engine: Engine, bundle: Path) -> None:
    _rewrite(bundle / "claims.csv", {WOMEN: {"scope": "excluding the town"}}, add=("scope",))
    load_bundle(engine, bundle)
    edit = bundle.parent / "edit.csv"
    edit.write_text(f"key,notes\n{WOMEN},checked\n", encoding="utf-8")
    assert load_bundle(engine, edit).updated == 1
    claims, _ = _stored(engine)
    assert (claims[WOMEN]["scope"], claims[WOMEN]["notes"]) == ("excluding the town", "checked")


def test_accumulates_is_read_as_true_or_false_and_recorded(engine: Engine, bundle: Path) -> None:
    columns = ("name", "unit", "accumulates", "description")
    _metrics_csv(
        bundle,
        [
            {"name": "houses_burnt", "unit": "items", "accumulates": "TRUE"},
            {"name": "shelters", "unit": "items", "accumulates": "false"},
            {"name": "hostages", "unit": "people", "accumulates": "true"},  # an existing one
        ],
        columns,
    )
    summary = load_bundle(engine, bundle)
    assert summary.names_updated == 1
    _, metrics = _stored(engine)
    assert (metrics["houses_burnt"], metrics["shelters"], metrics["hostages"]) == (
        True,
        False,
        True,
    )
    with reading(engine) as conn:
        hostages = conn.execute(select(Metric.id).where(Metric.name == "hostages")).scalar_one()
        assert metric_table(conn)[hostages]["accumulates"] == "true"
        changes = row_history(conn, "metrics", hostages)[-1].changes
    assert changes["accumulates"] == ("false", "true")


def test_an_unreadable_accumulates_is_named(engine: Engine, bundle: Path) -> None:
    _metrics_csv(
        bundle,
        [{"name": "houses_burnt", "unit": "items", "accumulates": "sometimes"}],
        ("name", "unit", "accumulates"),
    )
    with pytest.raises(BundleInvalid, match=r"metrics\.csv:2:accumulates: 'sometimes' is not"):
        load_bundle(engine, bundle)


def test_json_booleans_and_scope(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "bundle.json"
    claim = {
        "key": "territory-a",
        "event": "war",
        "metric": "territory_share",
        "scope": "excluding the enclave",
        "figure": "9%",
        "claimant": "someone",
        "claimant_kind": "individual",
    }
    data = {
        "metrics": [{"name": "houses_burnt", "unit": "items", "accumulates": True}],
        "events": [{"slug": "war", "name": "War"}],
        "claims": [claim],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    load_bundle(engine, path, create_missing=True)
    claims, metrics = _stored(engine)
    assert claims["territory-a"]["scope"] == "excluding the enclave"
    assert metrics["houses_burnt"] is True
    # A boolean anywhere else is still refused.
    data["claims"] = [{**claim, "key": "territory-b", "scope": True}]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidInput, match="scope: unexpected boolean value True"):
        load_bundle(engine, path, create_missing=True)
