"""claimsdb report -o FILE.xlsx: a workbook that reads on its own and imports back."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

pytest.importorskip("openpyxl", reason="workbooks need the 'xlsx' extra (openpyxl)")
from openpyxl import load_workbook

Run = Callable[..., Result]


def test_workbook_sheets_and_reimport(read: Run, tmp_path: Path) -> None:
    out = tmp_path / "karabakh.xlsx"
    result = read("report", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out)
    sets = [r for r in book["Summary"].iter_rows(min_row=2, values_only=True) if r[1]]
    claims = json.loads(read("claims", "--format", "json").stdout)
    events = len({r[0] for r in sets})
    assert result.stderr == (
        f"wrote {out}: {len(sets)} comparable sets, {len(claims)} claims, {events} events\n"
    )
    assert len(sets) >= 85 and events == 30
    names = book.sheetnames
    assert names[0] == "Summary" and names[-1] == "Method and caveats"
    assert {"Metrics", "Events", "Sources", "Documents", "Claims", "khojaly-massacre"} <= set(names)
    assert len({n.lower() for n in names}) == len(names)
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)
    summary = list(book["Summary"].iter_rows(values_only=True))
    assert summary[0][:6] == ("event", "metric", "population", "scope", "period", "within")
    khojaly = [r for r in summary if r[0] == "khojaly-massacre" and r[2] == "civilians"]
    assert khojaly[0][10] == "none: the 2 finite figures do not overlap" and khojaly[0][11] == 549
    assert book["Summary"].freeze_panes == "A2" and book["Summary"].auto_filter.ref
    rows = [r for r in book["khojaly-massacre"].iter_rows(values_only=True) if r[0]]
    assert ("Human Rights Watch", "none", "at least 161") in [r[:3] for r in rows]
    method = "\n".join(
        str(c) for r in book["Method and caveats"].iter_rows(values_only=True) for c in r if c
    )
    assert "Figures are claims, not facts" in method and "several hundred" in method

    copy = tmp_path / "copy.db"
    assert read("--db", str(copy), "init").exit_code == 0  # --db given twice: the last wins
    imported = read("--db", str(copy), "import", str(out))
    assert imported.exit_code == 0, imported.stderr
    assert read("--db", str(copy), "export").stdout == read("export").stdout


def test_formula_like_text_stays_text(run: Run, loaded: object, tmp_path: Path) -> None:
    for n, lead in enumerate("=+-@"):
        wounded = ("add", "--event", "khojaly", "--metric", "wounded", "--claimant", "HRW")
        texts = ("--quote", f"{lead}1+1 quote", "--notes", f"{lead}cmd|' /C calc'!A0")
        added = run(*wounded, "--figure", str(10 + n), *texts, "--key", f"formula-{n}")
        assert added.exit_code == 0, added.stderr
    out = tmp_path / "r.xlsx"
    assert run("report", "-o", str(out)).exit_code == 0
    book = load_workbook(out)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    risky = [
        c
        for c in cells
        if (str(c.value)[:1] in "=+-@" and "1+1" in str(c.value)) or "calc" in str(c.value)
    ]
    assert len(risky) >= 8
    assert all(c.data_type == "s" for c in risky)  # strings, never formulas
    exported = run("export", "--event", "khojaly").stdout
    for lead in "=+-@":
        assert f",'{lead}1+1 quote," in exported  # CSV: a quote mark keeps it text


def test_refusals(read: Run, tmp_path: Path) -> None:
    odd = read("report", "-o", str(tmp_path / "r.ods"))
    assert (odd.exit_code, odd.stderr) == (
        2,
        "error: r.ods: a report is FILE.xlsx or FILE.html, not '.ods'\n",
    )
    unknown = read("report", "-o", str(tmp_path / "r.xlsx"), "--event", "khojalyy")
    assert unknown.exit_code == 1 and not (tmp_path / "r.xlsx").exists()


def test_many_events_share_one_groups_sheet(
    read: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimsdb.present.workbook.MAX_EVENT_SHEETS", 2)
    out = tmp_path / "r.xlsx"
    assert read("report", "-o", str(out)).exit_code == 0
    names = load_workbook(out).sheetnames
    assert "Groups" in names and "khojaly-massacre" not in names


def test_a_chart_per_group_with_its_data_on_its_own_sheet(read: Run, tmp_path: Path) -> None:
    out = tmp_path / "karabakh.xlsx"
    assert read("report", "-o", str(out)).exit_code == 0
    book = load_workbook(out)
    charts = [(sheet, chart) for sheet in book.worksheets for chart in sheet._charts]
    assert len(charts) == 13  # the tables of two claims or more (parts and sub-periods in them)
    for sheet, chart in charts:
        cat = chart.series[0].cat
        assert cat.strRef is not None  # labels as text, not row numbers
        refs = [s.val.numRef.f for s in chart.series] + [cat.strRef.f]
        for ref in refs:
            name, cells = ref.rsplit("!", 1)
            assert name.strip("'") == sheet.title
            last = int(re.findall(r"\d+", cells)[-1])
            assert last <= sheet.max_row
    khojaly = book["khojaly-massacre"]
    labels = [r[0] for r in khojaly.iter_rows(min_col=13, max_col=13, values_only=True) if r[0]]
    assert "Human Rights Watch (none) — at least 161 [≥ 161]" in labels
    assert "Memorial (none) — several hundred [300–999] convention" in labels


def test_summary_and_tables_show_units_and_whole_counts(read: Run, tmp_path: Path) -> None:
    out = tmp_path / "karabakh.xlsx"
    assert read("report", "-o", str(out)).exit_code == 0
    book = load_workbook(out)
    summary = list(book["Summary"].iter_rows(values_only=True))
    (baganis,) = [r for r in summary if r[0] == "baganis-ayrum-attack-1990"]
    assert baganis[8:13] == (
        "8–11",
        "none",
        "none: only one claim gives a finite figure",
        "between 9 and 10",
        "between 9 and 10",
    )
    shares = {r[3]: r[8:13] for r in summary if r[1] == "territory_share"}
    assert shares["excluding Nagorno-Karabakh"] == (
        "8.1–9.9 %",
        "none",
        "9 % (2 of 2)",
        "9 %",
        "9 %",
    )
    assert shares["including Nagorno-Karabakh"][3] == "20 %"
    war = book["nagorno-karabakh-war"]
    twenty = [r for r in war.iter_rows() if r[2].value == "20%"]
    assert twenty[0][5].value == 20 and twenty[0][5].number_format == '#,##0 "%"'
    labels = [r[0] for r in war.iter_rows(min_col=13, max_col=13, values_only=True) if r[0]]
    assert "unattributed (unknown) — approximately 9% [8.1–9.9 %]" in labels
    assert "Azerbaijan (Azerbaijan) — 20% [20 %]" in labels


def test_chart_labels_round_counts_outward() -> None:
    from claimsdb.present.xlsx_chart import helper_rows

    claim = {"claimant": "D", "affiliation": "none", "phrase": "about 25", "shape": "finite"}
    rows, _ = helper_rows([claim | {"lower": 22.5, "upper": 27.5, "point": 25.0}])
    assert rows[0][0] == "D (none) — about 25 [22–28]"
    rows, _ = helper_rows([claim | {"lower": 8.1, "upper": 9.9, "point": 9.0}], "percent")
    assert rows[0][0] == "D (none) — about 25 [8.1–9.9 %]"


def test_libreoffice_renders_the_workbook(read: Run, tmp_path: Path) -> None:
    import shutil
    import subprocess

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed: the workbook is not rendered to PDF here")
    out = tmp_path / "khojaly.xlsx"
    assert read("report", "-o", str(out), "--event", "khojaly").exit_code == 0
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "khojaly.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
