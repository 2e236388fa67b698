"""Export: lossless round trips on the bundled data set, and nothing a spreadsheet would run."""

from __future__ import annotations

import csv
import filecmp
import io
from pathlib import Path

import pytest
from sqlalchemy import Engine

from claimsdb.export.bundle import template
from claimsdb.interchange import neutralise, restore
from claimsdb.load.loader import load_bundle
from claimsdb.read.claims import ClaimFilter
from claimsdb.services import database as api
from claimsdb.services.edit import add_claim
from claimsdb.services.export import export_bundle

# Stored text is stripped, so tab and CR lead only in text that did not come through claimsdb.
FORMULAS = ['=HYPERLINK("x")', "+1+1", "-2+3", "@SUM(A1)", "'=already", "''+x"]


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    api.seed(engine)
    return engine


def _fresh(tmp_path: Path, name: str) -> Engine:
    engine, _, _ = api.init(f"sqlite:///{tmp_path / name}")
    return engine


def _same_tree(a: Path, b: Path) -> None:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    for name in files_a:
        assert filecmp.cmp(a / name, b / name, shallow=False), name


@pytest.mark.parametrize("target", ["bundle", "bundle.json", "bundle.xlsx"])
def test_export_import_export_is_identical(seeded: Engine, tmp_path: Path, target: str) -> None:
    first = tmp_path / "first" / target
    second = tmp_path / "second" / target
    first.parent.mkdir()
    second.parent.mkdir()
    counts = export_bundle(seeded, first)
    assert counts["claims"] == 105
    copy = _fresh(tmp_path, "copy.db")
    assert load_bundle(copy, first).created == 105
    export_bundle(copy, second)
    if first.is_dir():
        _same_tree(first, second)
    else:
        assert first.read_bytes() == second.read_bytes()


def test_formula_text_is_neutralised_and_restored(
    engine: Engine, bundle: Path, tmp_path: Path
) -> None:
    load_bundle(engine, bundle)
    for n, text in enumerate(FORMULAS):
        add_claim(
            engine,
            {
                "event": "khojaly",
                "metric": "killed",
                "figure": "1",
                "claimant": "HRW",
                "key": f"f{n}",
                "notes": text,
                "quote": text,
            },
        )
    out = tmp_path / "out"
    export_bundle(engine, out)
    rows = {r["key"]: r for r in csv.DictReader((out / "claims.csv").open(encoding="utf-8"))}
    for n, text in enumerate(FORMULAS):
        assert rows[f"f{n}"]["notes"] == "'" + text
        assert restore(rows[f"f{n}"]["notes"]) == text
    copy = _fresh(tmp_path, "copy.db")
    load_bundle(copy, out)
    again = tmp_path / "again"
    export_bundle(copy, again)
    _same_tree(out, again)
    book_path = tmp_path / "out.xlsx"
    export_bundle(engine, book_path)
    from openpyxl import load_workbook

    sheet = load_workbook(book_path)["claims"]
    header = [c.value for c in sheet[1]]
    notes = header.index("notes")
    cells = [row[notes] for row in sheet.iter_rows(min_row=2) if row[0].value.startswith("f")]
    assert [c.value for c in cells] == FORMULAS
    assert all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("text", ["plain", "", "a=b", "'quoted'", "\tcmd", "\rcmd", *FORMULAS])
def test_neutralise_round_trip(text: str) -> None:
    assert restore(neutralise(text)) == text


def test_filtered_export_carries_what_it_needs(seeded: Engine, tmp_path: Path) -> None:
    out = tmp_path / "khojaly"
    counts = export_bundle(seeded, out, filters=ClaimFilter(event="Xocalı", metric="killed"))
    assert counts["claims"] == 10
    events = list(csv.DictReader((out / "events.csv").open(encoding="utf-8")))
    assert [e["slug"] for e in events] == ["khojaly-massacre", "nagorno-karabakh-war"]
    copy = _fresh(tmp_path, "copy.db")
    assert load_bundle(copy, out).created == 10


def test_claims_csv_to_stdout(run, seeded: Engine) -> None:  # type: ignore[no-untyped-def]
    result = run("export", "--metric", "refugees")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["metric"] for r in rows} == {"refugees"}
    assert result.stderr == f"exported {len(rows)} claims\n"
    assert run("export", "--format", "xlsx").exit_code == 2


def test_template_imports(seeded: Engine, tmp_path: Path) -> None:
    for name in ("template.csv", "template.xlsx"):
        path = tmp_path / name
        template(path)
        summary = load_bundle(seeded, path)
        assert summary.created == 1


def test_template_to_stdout(run) -> None:  # type: ignore[no-untyped-def]
    result = run("template")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("key,event,metric,population,scope,low,high,best,qualifier,phrase")
    assert "at least 161" in lines[1]
