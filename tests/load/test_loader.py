"""The bundle loader: all or nothing in one transaction, every problem at once, as FILE:ROW:COLUMN."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from claimsdb.load.loader import load_bundle
from claimsdb.load.problems import BundleInvalid
from claimsdb.read.claims import claim_rows
from claimsdb.store.engine import reading
from claimsdb.store.models import Batch, Claim, Event, Revision, Source


def _counts(engine: Engine) -> tuple[int, int, int, int]:
    with reading(engine) as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (Claim, Event, Source, Revision)
        )


def _edit(path: Path, key: str, column: str, value: str) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for row in rows:
        if key in (row.get("key"), row.get("slug"), row.get("name")):
            row[column] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)


def test_fixture_bundle_loads(engine: Engine, bundle: Path) -> None:
    summary = load_bundle(engine, bundle, actor="tester")
    assert (summary.created, summary.events_created, summary.sources_created) == (5, 2, 3)
    assert summary.describe().startswith(
        "created 5 claims, updated 0, 0 unchanged; names created: 2 events"
    )
    with reading(engine) as conn:
        rows = {r["key"]: r for r in claim_rows(conn)}
        batch = conn.execute(select(Batch.id, Batch.actor)).one()
        assert batch.actor == "tester"
        assert conn.execute(select(func.count()).where(Claim.batch_id == batch.id)).scalar() == 5
    hrw = rows["khojaly-killed-hrw"]
    assert (hrw["qualifier"], hrw["low"], hrw["high"], hrw["best"]) == ("at_least", "161", "", "")
    assert hrw["affiliation"] == "none"
    assert rows["khojaly-killed-conservative"]["affiliation"] == ""
    # Event columns given as an alias resolve to the event's slug.
    assert rows["khojaly-killed-az"]["event"] == "khojaly-massacre"
    assert rows["khojaly-killed-az-women"]["part_of"] == "khojaly-killed-az"


def test_loading_again_changes_nothing(engine: Engine, bundle: Path) -> None:
    load_bundle(engine, bundle)
    before = _counts(engine)
    summary = load_bundle(engine, bundle)
    assert (summary.created, summary.unchanged) == (0, 5)
    assert _counts(engine) == before


@pytest.mark.parametrize(
    ("file", "key", "column", "value", "where", "message"),
    [
        (
            "claims.csv",
            "khojaly-killed-az",
            "low",
            "six hundred",
            "claims.csv:4:low",
            "not a plain",
        ),
        ("claims.csv", "khojaly-killed-az", "qualifier", "roughly", "claims.csv:4:qualifier", ""),
        (
            "claims.csv",
            "khojaly-killed-hrw",
            "event",
            "Khojaly massacer",
            "claims.csv:2:event",
            "did you mean 'Khojaly massacre'",
        ),
        (
            "claims.csv",
            "khojaly-killed-hrw",
            "claimant",
            "Human Right Watch",
            "claims.csv:2:claimant",
            "did you mean 'Human Rights Watch'",
        ),
        ("claims.csv", "khojaly-killed-hrw", "metric", "dead", "claims.csv:2:metric", "killed"),
        ("claims.csv", "khojaly-killed-az-women", "part_of", "nope", "claims.csv:5:part_of", ""),
        (
            "claims.csv",
            "khojaly-killed-az",
            "claimed_on",
            "26 Feb 1992",
            "claims.csv:4:claimed_on",
            "cannot read date",
        ),
        ("claims.csv", "khojaly-killed-az", "best", "700", "claims.csv:4:best", ""),
        ("claims.csv", "khojaly-killed-az", "quote", "nul\x00here", "claims.csv:4:quote", "NUL"),
        ("sources.csv", "Azerbaijani authorities", "kind", "state", "sources.csv:3:kind", ""),
        ("events.csv", "khojaly-massacre", "parent", "the war", "events.csv:3:parent", ""),
    ],
)
def test_a_bad_cell_is_named_and_nothing_is_written(
    engine: Engine,
    bundle: Path,
    file: str,
    key: str,
    column: str,
    value: str,
    where: str,
    message: str,
) -> None:
    if column == "best":  # 700 with low 161..? make the figure shape wrong instead
        _edit(bundle / file, key, "high", "650")
        _edit(bundle / file, key, "qualifier", "range")
        _edit(bundle / file, key, "low", "")
        where = where.replace(":best", ":low")
    else:
        _edit(bundle / file, key, column, value)
    with pytest.raises(BundleInvalid) as caught:
        load_bundle(engine, bundle)
    assert any(line.startswith(where) and message in line for line in caught.value.lines), (
        caught.value.lines
    )
    assert _counts(engine) == (0, 0, 0, 0)


def test_all_problems_are_reported_at_once(engine: Engine, bundle: Path) -> None:
    _edit(bundle / "claims.csv", "khojaly-killed-az", "low", "x")
    _edit(bundle / "claims.csv", "khojaly-killed-hrw", "status", "gone")
    with pytest.raises(BundleInvalid) as caught:
        load_bundle(engine, bundle)
    assert [line.split(": ")[0] for line in caught.value.lines] == [
        "claims.csv:2:status",
        "claims.csv:4:low",
    ]


def test_dry_run_writes_nothing(engine: Engine, bundle: Path) -> None:
    summary = load_bundle(engine, bundle, dry_run=True)
    assert summary.created == 5
    assert summary.describe().startswith("would create 5 claims, update 0, leave 0 unchanged")
    assert _counts(engine) == (0, 0, 0, 0)


def test_json_bundle(engine: Engine, bundle: Path, tmp_path: Path) -> None:
    tables = {}
    for name in ("events", "parties", "sources", "documents", "claims"):
        with (bundle / f"{name}.csv").open(encoding="utf-8") as handle:
            tables[name] = list(csv.DictReader(handle))
    text = (bundle / "khojaly-excerpt.txt").read_text(encoding="utf-8")
    tables["documents"][0].update(text_file="", text=text)
    target = tmp_path / "bundle.json"
    target.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    assert load_bundle(engine, target).created == 5
    tables["claims"][1]["low"] = "-5"
    tables["claims"][1]["key"] = "another"
    target.write_text(json.dumps(tables), encoding="utf-8")
    with pytest.raises(BundleInvalid, match=r"bundle.json\[claims\]:2:low"):
        load_bundle(engine, target)


def test_xlsx_bundle(engine: Engine, bundle: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name in ("events", "parties", "sources", "claims"):
        sheet = book.create_sheet(name)
        with (bundle / f"{name}.csv").open(encoding="utf-8") as handle:
            for row in csv.reader(handle):
                sheet.append([c.replace("karabakh-excerpt", "") for c in row])
    target = tmp_path / "bundle.xlsx"
    book.save(target)
    summary = load_bundle(engine, target)
    assert summary.created == 5


def test_lone_claims_csv_creates_names_only_when_asked(engine: Engine, tmp_path: Path) -> None:
    lone = tmp_path / "mine.csv"
    lone.write_text(
        "event,metric,population,figure,claimant,claimant_kind,affiliation,quote\n"
        "Khojaly massacre,killed,civilians,at least 161,Human Rights Watch,ngo,none,q\n",
        encoding="utf-8",
    )
    with pytest.raises(BundleInvalid, match=r"mine.csv:2:event: unknown event"):
        load_bundle(engine, lone)
    summary = load_bundle(engine, lone, create_missing=True)
    assert (summary.created, summary.events_created, summary.sources_created) == (1, 1, 1)
    with reading(engine) as conn:
        (row,) = claim_rows(conn)
    assert row["key"] == "khojaly-massacre-killed-human-rights-watch"
    assert (row["qualifier"], row["low"], row["phrase"]) == ("at_least", "161", "at least 161")


def test_cycles_are_refused(engine: Engine, bundle: Path) -> None:
    _edit(bundle / "claims.csv", "khojaly-killed-az", "derived_from", "khojaly-killed-hrw")
    _edit(bundle / "claims.csv", "khojaly-killed-hrw", "derived_from", "khojaly-killed-az")
    with pytest.raises(BundleInvalid, match="derived_from forms a cycle"):
        load_bundle(engine, bundle)


def test_unknown_column_is_refused(engine: Engine, bundle: Path) -> None:
    text = (bundle / "claims.csv").read_text(encoding="utf-8")
    (bundle / "claims.csv").write_text(text.replace(",notes\n", ",note\n", 1), encoding="utf-8")
    with pytest.raises(Exception, match=r"claims.csv:1:note: unknown column"):
        load_bundle(engine, bundle)


def test_changed_existing_claim_is_updated_on_import_but_kept_on_seed(
    engine: Engine, bundle: Path
) -> None:
    load_bundle(engine, bundle)
    _edit(bundle / "claims.csv", "khojaly-killed-conservative", "best", "500")
    _edit(bundle / "claims.csv", "khojaly-killed-conservative", "phrase", "500")
    summary = load_bundle(engine, bundle, kind="seed")
    assert (summary.created, summary.unchanged, summary.kept) == (0, 4, 1)
    with reading(engine) as conn:
        (row,) = claim_rows(conn, keys=["khojaly-killed-conservative"])
    assert row["best"] == "485"
    summary = load_bundle(engine, bundle, actor="desk")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 4)
    with reading(engine) as conn:
        (row,) = claim_rows(conn, keys=["khojaly-killed-conservative"])
        revision = conn.execute(
            select(Revision.actor, Revision.action, Revision.before, Revision.after).where(
                Revision.table_name == "claims"
            )
        ).one()
    assert (row["best"], row["phrase"]) == ("500", "500")
    assert (revision.actor, revision.action) == ("desk", "update")
    assert json.loads(revision.before)["best"] == "485"
    assert json.loads(revision.after)["best"] == "500"


def test_a_file_with_some_columns_edits_just_those(
    engine: Engine, bundle: Path, tmp_path: Path
) -> None:
    load_bundle(engine, bundle)
    partial = tmp_path / "notes.csv"
    partial.write_text("key,notes\nkhojaly-killed-hrw,checked against the HRW report\n")
    summary = load_bundle(engine, partial)
    assert (summary.updated, summary.unchanged) == (1, 0)
    with reading(engine) as conn:
        (row,) = claim_rows(conn, keys=["khojaly-killed-hrw"])
    assert row["notes"] == "checked against the HRW report"
    assert (row["low"], row["qualifier"], row["claimant"]) == (
        "161",
        "at_least",
        "Human Rights Watch",
    )


def test_near_miss_names_need_create_missing(engine: Engine, bundle: Path, tmp_path: Path) -> None:
    load_bundle(engine, bundle)
    lone = tmp_path / "more.csv"
    lone.write_text(
        "event,metric,figure,claimant,claimant_kind,affiliation\n"
        "khojaly,killed,200,Human Right Watch,ngo,none\n",
        encoding="utf-8",
    )
    with pytest.raises(BundleInvalid, match="did you mean 'Human Rights Watch'"):
        load_bundle(engine, lone)
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "sources.csv").write_text("name,kind\nHuman Right Watch,ngo\n", encoding="utf-8")
    with pytest.raises(BundleInvalid, match="close to existing 'Human Rights Watch'"):
        load_bundle(engine, sources)
    assert load_bundle(engine, sources, create_missing=True).sources_created == 1


def test_reimporting_a_superseding_file_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    lone = tmp_path / "revised.csv"
    lone.write_text(
        "key,event,metric,figure,claimant,claimant_kind,status,supersedes\n"
        "old,Somewhere,killed,12,Council,government,active,\n"
        "new,Somewhere,killed,14,Council,government,active,old\n",
        encoding="utf-8",
    )
    load_bundle(engine, lone, create_missing=True)
    with reading(engine) as conn:
        assert {r["key"]: r["status"] for r in claim_rows(conn)} == {
            "old": "superseded",
            "new": "active",
        }
    again = load_bundle(engine, lone, create_missing=True)
    assert (again.updated, again.unchanged) == (0, 2)


def test_a_document_known_by_url_gets_a_key_that_exports_and_imports(
    engine: Engine, tmp_path: Path
) -> None:
    lone = tmp_path / "web.csv"
    lone.write_text(
        "event,metric,figure,claimant,claimant_kind,url\n"
        "Siege of X,killed,12,Local Council,government,https://example.org/r/1\n",
        encoding="utf-8",
    )
    load_bundle(engine, lone, create_missing=True)
    with reading(engine) as conn:
        (row,) = claim_rows(conn)
    assert (row["document"], row["url"]) == ("https-example-org-r-1", "https://example.org/r/1")
