"""claimsdb report -o FILE.xlsx: a workbook that reads on its own and imports back."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

pytest.importorskip("openpyxl", reason="workbooks need the 'xlsx' extra (openpyxl)")
from openpyxl import load_workbook

Run = Callable[..., Result]


def _summary(book: Any) -> list[dict[str, Any]]:
    rows = list(book["Summary"].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[1]]


def test_workbook_sheets_and_reimport(read: Run, tmp_path: Path) -> None:
    out = tmp_path / "karabakh.xlsx"
    result = read("report", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out)
    sets = _summary(book)
    claims = json.loads(read("claims", "--format", "json").stdout)
    events = len({r["event"] for r in sets})
    assert result.stderr == (
        f"wrote {out}: {len(sets)} comparable sets, {len(claims)} claims, {events} events\n"
    )
    assert len(sets) >= 85 and events == 30
    names = book.sheetnames
    # Contents first (printed first: what the report is, its key), the Summary shown on opening
    assert names[:2] == ["Contents", "Summary"] and "Method and caveats" in names
    assert book.active.title == "Summary"
    bundle = {"Metrics", "Events", "Parties", "Sources", "Documents", "Claims"}
    assert bundle | {"Khojaly massacre", "Exodus of Azerbaijanis from Ar…"} <= set(names)
    assert len({n.lower() for n in names}) == len(names)
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)
    contents = book["Contents"]
    rows = list(contents.iter_rows(values_only=True))
    assert rows[0][0] == "Conflicting figures: claims side by side"
    assert str(rows[1][0]).startswith("Every figure here is a claim, not a fact")
    # says what each Summary column means
    glossary = {r[0]: r[1] for r in rows[3:] if r[0] and r[1]}
    assert glossary["stated figures"].startswith("The lowest and the highest figure")
    # and links every sheet
    linked = [c.hyperlink.location for (c,) in contents.iter_rows(max_col=1) if c.hyperlink]
    assert linked == [f"'{n}'!A1" for n in names if n != "Contents" and n != "texts"]
    # An editor's Summary: events by name, who says what as written, the stated figures.
    head = next(book["Summary"].iter_rows(values_only=True))
    assert head[:10] == (
        "event", "metric", "population", "period", "within", "claims", "who says what",
        "stated figures", "consensus", "partisan gap",
    )  # fmt: skip
    (khojaly,) = [r for r in sets if r["event"] == "Khojaly massacre" and r["population"] == "civilians"]  # fmt: skip
    assert khojaly["consensus"] == "none: the 2 finite figures do not overlap"
    assert khojaly["median"] == "549 (midpoint of 485 and 613)"  # no one said 549
    assert khojaly["stated figures"] == "≥ 161 to 613"
    assert (khojaly["period"], khojaly["claims"]) == ("25–26 Feb 1992", "8 (7 origins)")
    said = khojaly["who says what"].split("; ")
    assert said[:2] == [
        "unattributed (affiliation unknown): scores",
        "Human Rights Watch (independent): at least 161",
    ]
    assert said[-1] == "Azerbaijani authorities (Azerbaijan): 613"
    assert khojaly["envelope"] == "≥ 40 (by convention)"  # "scores": 40–199, by convention
    assert book["Summary"].freeze_panes == "B2" and book["Summary"].auto_filter.ref
    # Each set's number of claims leads to its table.
    column = head.index("claims")
    cell = next(r[column] for r in book["Summary"].iter_rows(min_row=2)
                if r[0].value == "Khojaly massacre")  # fmt: skip
    assert cell.value == "1"  # hostages: one claim
    sheet, where = cell.hyperlink.location.rsplit("!", 1)
    assert sheet == "'Khojaly massacre'"
    assert str(book["Khojaly massacre"][where].value).startswith("Khojaly massacre · ")
    under = [r[0] for r in book["Summary"].iter_rows(values_only=True) if r[0] and not r[1]]
    assert under[0].startswith("From database revision") and "by convention" in under[1]
    rows = [r for r in book["Khojaly massacre"].iter_rows(values_only=True) if r[0]]
    assert ("Human Rights Watch", "independent", "at least 161") in [r[:3] for r in rows]
    method = "\n".join(
        str(c) for r in book["Method and caveats"].iter_rows(values_only=True) for c in r if c
    )
    assert "Figures are claims, not facts" in method and "several hundred" in method
    # Printed: landscape, one page wide, the header repeated on every page.
    for name in ("Summary", "Khojaly massacre", "Claims"):
        setup = book[name]
        assert setup.page_setup.orientation == "landscape", name
        assert setup.print_title_rows == "$1:$1", name
        assert setup.oddFooter.right.text == "page &P of &N", name
    for name in ("Summary", "Claims"):  # fitted to the page width
        setup = book[name]
        assert setup.sheet_properties.pageSetUpPr.fitToPage, name
        assert (setup.page_setup.fitToWidth or 1, setup.page_setup.fitToHeight) == (1, 0), name
    # An event's sheet is scaled to the page width by claimsdb, so that its own page breaks
    # hold (a spreadsheet ignores them on a fitted sheet): each set's title, chart and first
    # claims start a page together; a page never starts on a blank row.
    for event in ("Khojaly massacre", "Nagorno-Karabakh War"):
        sheet = book[event]
        assert 60 <= int(sheet.page_setup.scale) <= 80
        before = {b.id + 1 for b in sheet.row_breaks.brk}  # 1-based rows a page starts with
        assert before and all(sheet.cell(r, 1).value for r in before)  # never a blank row
        cells = [(r, sheet.cell(r, 1).value) for r in range(2, sheet.max_row + 1)]
        for n, (title, value) in enumerate(cells):
            if str(value).startswith(f"{event} · "):
                own = itertools.takewhile(lambda c: " · " not in str(c[1]), cells[n + 1 :])
                claims = [r for r, v in own if v][:3]  # its first (its chart's rows are empty)
                assert not before & set(range(title + 1, claims[-1] + 1)), value

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
    assert "Sets" in names and "Khojaly massacre" not in names


def test_a_chart_per_group_with_its_data_on_its_own_sheet(read: Run, tmp_path: Path) -> None:
    from claimsdb.present.xlsx_chart import HELPER_COLUMN

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
        assert chart.legend is not None
    khojaly = book["Khojaly massacre"]
    (chart,) = khojaly._charts
    # A series per affiliation, named for the legend (the start, the point marks and the
    # after-point parts are left out of it), in the forest plot's colours.
    named = [s.tx.v for s in chart.series]
    assert named[0] == "start" and "figure given (the mark)" in named
    assert {"Azerbaijan", "independent", "affiliation unknown"} <= set(named)
    # left out: the start and the after-point parts; a set that reads the same backwards, as
    # LibreOffice counts the entries of a bar chart's legend
    assert {e.idx for e in chart.legend.legendEntry if e.delete} == {0, *range(5, 8)}
    labels = [r[0] for r in khojaly.iter_rows(min_col=HELPER_COLUMN + 1,
              max_col=HELPER_COLUMN + 1, values_only=True) if r[0]]  # fmt: skip
    assert "Human Rights Watch (independent) — at least 161 [≥ 161]" in labels
    assert "Memorial (independent) — several hundred [300–999] convention" in labels


def test_summary_and_tables_show_units_and_whole_counts(read: Run, tmp_path: Path) -> None:
    from claimsdb.present.xlsx_chart import HELPER_COLUMN

    out = tmp_path / "karabakh.xlsx"
    assert read("report", "-o", str(out)).exit_code == 0
    book = load_workbook(out)
    summary = _summary(book)
    shown = ("envelope", "consensus", "median")
    (baganis,) = [r for r in summary if r["event"] == "Bağanis Ayrum attack"]
    assert [baganis[k] for k in shown] == [
        "8–11",
        "only one claim gives a finite figure",  # nothing to agree with, not a quarrel
        "between 9 and 10",
    ]
    assert baganis["stated figures"] == "8 to 11"
    shares = {r["population"]: r for r in summary if r["metric"] == "territory share"}
    assert [shares["(all) [excluding Nagorno-Karabakh]"][k] for k in shown] == [
        "8.1–9.9 % (by convention)",  # "approximately 9%" widened by the tolerance
        "9 % (2 of 2)",
        "9 %",
    ]
    assert shares["(all) [including Nagorno-Karabakh]"]["median"] == "20 %"
    war = book["Nagorno-Karabakh War"]
    twenty = [r for r in war.iter_rows() if r[2].value == "20%"]
    assert twenty[0][5].value == 20 and twenty[0][5].number_format == '#,##0 "%"'
    labels = [r[0] for r in war.iter_rows(min_col=HELPER_COLUMN + 1,
              max_col=HELPER_COLUMN + 1, values_only=True) if r[0]]  # fmt: skip
    assert "unattributed (affiliation unknown) — approximately 9% [8.1–9.9 %]" in labels
    assert "Azerbaijan (Azerbaijan) — 20% [20 %]" in labels


def test_chart_labels_round_counts_outward() -> None:
    from claimsdb.present.xlsx_chart import helper_rows

    claim = {"claimant": "D", "affiliation": "none", "phrase": "about 25", "shape": "finite"}
    rows, _ = helper_rows([claim | {"lower": 22.5, "upper": 27.5, "point": 25.0}])
    assert rows[0][0] == "D (independent) — about 25 [22–28]"
    rows, _ = helper_rows([claim | {"lower": 8.1, "upper": 9.9, "point": 9.0}], "percent")
    assert rows[0][0] == "D (independent) — about 25 [8.1–9.9 %]"


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


def test_a_party_has_one_colour_in_the_workbook_and_the_plot(read: Run, tmp_path: Path) -> None:
    from claimsdb.present.colours import colour

    out = tmp_path / "karabakh.xlsx"
    assert read("report", "-o", str(out)).exit_code == 0
    (chart,) = load_workbook(out)["Khojaly massacre"]._charts
    fills = {s.tx.v: str(s.spPr.solidFill.srgbClr).lower() for s in chart.series[1:4]}
    # Azerbaijan takes its place among every party of the database, not among Khojaly's.
    parties = ["Armenia", "Azerbaijan", "Nagorno-Karabakh", "USSR"]
    assert fills["Azerbaijan"] == colour("Azerbaijan", parties)
    svg = tmp_path / "khojaly.svg"
    assert read("plot", "khojaly", "--metric", "killed", "-o", str(svg)).exit_code == 0
    assert f"#{fills['Azerbaijan']}" in svg.read_text(encoding="utf-8")


def test_charts_beyond_the_limit_are_left_out_and_said(
    read: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimsdb.present.workbook.MAX_CHARTS", 2)
    out = tmp_path / "r.xlsx"
    result = read("report", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[1] == (
        "note: 11 sets of two claims or more went without a chart (a report draws at most 2):"
        " --event EVENT writes one event's with all of its charts"
    )
    book = load_workbook(out)
    assert sum(len(sheet._charts) for sheet in book.worksheets) == 2
    under = [r[0] for r in book["Summary"].iter_rows(values_only=True) if r[0] and not r[1]]
    assert any(u.startswith("Charts: 2 drawn; 11 sets of two claims or more") for u in under)
    monkeypatch.setattr("claimsdb.present.html.MAX_PLOTS", 3)
    page = tmp_path / "r.html"
    result = read("report", "-o", str(page))
    assert "note: 10 sets of two claims or more went without a chart" in result.stderr
    text = page.read_text(encoding="utf-8")
    assert text.count("<svg") == 3 and "Plots: 3 drawn; 10 sets of two claims or more" in text


def test_rows_are_as_tall_as_their_words_wrap() -> None:
    from claimsdb.present.xlsx_cells import wrapped_lines

    assert wrapped_lines("karabakh committee members", 16) == 3  # whole words per line
    assert wrapped_lines("karabakh committee", 20) == 1
    assert wrapped_lines("2016 Nagorno-Karabakh clashes", 18) == 2  # breaks after a hyphen
    assert wrapped_lines("x" * 40, 16) == 3  # a word longer than a line is broken
    assert wrapped_lines("one two\nthree", 16) == 2  # a line break is a line
    assert wrapped_lines(613, 4) == wrapped_lines("", 4) == 1
