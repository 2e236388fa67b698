"""The report says what compare says about comparable sets: each claim's period, the periods that
differ and the contradictions under each set's table, what a nested set is within, the period
overlap used, and no fraction of a person anywhere (workbook and page)."""

from __future__ import annotations

import html
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

pytest.importorskip("openpyxl", reason="workbooks need the 'xlsx' extra (openpyxl)")
from openpyxl import load_workbook

Run = Callable[..., Result]

EXPULSION = "expulsion-of-azerbaijanis-from-armenia"
EXODUS = "Exodus of Azerbaijanis from Armenia"  # its name, as the Summary and the sheets say
DIFFER = "periods differ: 1987–1989 vs 1988–1989"
CONTRADICTION = (
    "contradiction: 127 (Arif Yunusov) for 1988 is above 25 (Armenian sources) for 1988–1989,"
    " a period that includes 1988"
)
SUB_PERIOD = "sub-period of killed / azerbaijanis, 1987–1989"
CIVILIANS = "parts of killed / civilians, 25–26 Feb 1992"  # periods in words


def _report(read: Run, path: Path, *args: str) -> Path:
    result = read("report", "-o", str(path), *args)
    assert result.exit_code == 0, result.stderr
    return path


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]


def _summary(book: Any) -> list[dict[str, Any]]:
    rows = list(book["Summary"].iter_rows(values_only=True))
    head = rows[0]
    return [dict(zip(head, r, strict=True)) for r in rows[1:] if r[1]]


def _event_sheet(book: Any, event: str) -> Any:
    """The sheet of the event named ``event`` (a long name is shortened with "…")."""
    (name,) = [n for n in book.sheetnames if n == event or event.startswith(n.rstrip("…"))]
    return book[name]


def test_workbook_tables_give_each_claims_period_and_the_lines_under_the_set(
    read: Run, tmp_path: Path
) -> None:
    book = load_workbook(_report(read, tmp_path / "e.xlsx", "--event", EXPULSION))
    rows = _rows(_event_sheet(book, EXODUS))
    head = rows[0]
    assert head[:7] == ("claimant", "affiliation", "phrase", "period", "low", "best", "high")
    period = {r[0]: r[3] for r in rows if r[0] and r[2]}
    assert period["Armenian sources"] == "1988–1989"
    assert period["Azerbaijani government"] == "1987–1989"
    assert period["↳ 1988: Arif Yunusov"] == "1988"
    texts = [r[0] for r in rows]
    # Under the killed set's table, after its claims (the sub-period's too), before the next set.
    yunusov = texts.index("↳ 1988: Arif Yunusov")
    assert texts[yunusov + 1 : yunusov + 3] == [DIFFER, CONTRADICTION]
    assert str(texts[yunusov + 3]).startswith(f"{EXODUS} · population /")
    assert texts.count(DIFFER) == 1 and texts.count(CONTRADICTION) == 1


def test_summary_says_what_a_nested_set_is_within(read: Run, tmp_path: Path) -> None:
    book = load_workbook(_report(read, tmp_path / "k.xlsx"))
    summary = _summary(book)
    killed = {r["period"]: r for r in summary if r["event"] == EXODUS and r["metric"] == "killed"}
    assert killed["1988"]["within"] == SUB_PERIOD
    assert killed["1987–1989"]["within"] is None  # a set of its own
    # Yunusov's 127 for 1988 exceeds the Armenian sources' 25 for 1988–1989: said on the row
    assert killed["1987–1989"]["consensus"] == (
        "none: the 2 finite figures do not overlap; contradicted by a figure for a shorter"
        " period: see the set's table"
    )
    assert "contradicted" not in str(killed["1988"]["consensus"])
    # stated figures keep a floor's and a ceiling's mark
    stated = {(r["event"], r["metric"]): r["stated figures"] for r in summary}
    assert stated[("Battle of Karintak", "killed")] == "≤ 70"  # "up to seventy"
    populations = {r["stated figures"] for r in summary if (r["event"], r["metric"]) == (EXODUS, "population")}  # fmt: skip
    assert populations == {"≥ 200,000", "≤ 1,000"}  # "more than 200,000", "at most 1,000"
    # the median of 25 and 216 is no figure anyone gave: reconcile's midpoint note, whole words
    assert killed["1987–1989"]["median"] == (
        "between 120 and 121 (figures 8.6× apart: a midpoint, not an estimate)"
    )
    khojaly = {
        r["population"]: r
        for r in summary
        if r["event"] == "Khojaly massacre" and r["metric"] == "killed"
    }
    assert khojaly["women"]["within"] == khojaly["children"]["within"] == CIVILIANS
    assert khojaly["civilians"]["within"] is None
    order = [(r["event"], r["population"]) for r in summary]
    civilians = order.index(("Khojaly massacre", "civilians"))
    assert set(order[civilians + 1 : civilians + 3]) == {
        ("Khojaly massacre", "children"),
        ("Khojaly massacre", "women"),
    }


def test_parts_are_listed_under_their_whole(read: Run, tmp_path: Path) -> None:
    book = load_workbook(_report(read, tmp_path / "k.xlsx", "--event", "khojaly"))
    rows = _rows(book["Khojaly massacre"])
    names = [r[0] for r in rows]
    whole = names.index("Azerbaijani authorities")
    assert rows[whole][2] == "613"
    assert set(names[whole + 1 : whole + 3]) == {
        "↳ children: Azerbaijani authorities",
        "↳ women: Azerbaijani authorities",
    }
    roles = {r[0]: r[7] for r in rows[whole + 1 : whole + 3]}
    assert (
        roles["↳ women: Azerbaijani authorities"] == "women, part of 613 (Azerbaijani authorities)"
    )


def _hidden(sheet: Any, column: int) -> bool:
    return any(d.min <= column <= d.max and d.hidden for d in sheet.column_dimensions.values())


def test_chart_numbers_are_hidden_whole_counts_and_still_plotted(read: Run, tmp_path: Path) -> None:
    from claimsdb.present.colours import parties_of
    from claimsdb.present.xlsx_chart import HELPER_COLUMN, SetChart

    path = _report(read, tmp_path / "k.xlsx")
    with zipfile.ZipFile(path) as workbook:  # every chart plots its hidden cells
        charts = [n for n in workbook.namelist() if n.startswith("xl/charts/chart")]
        assert charts
        assert not [n for n in charts if b'<c:plotVisOnly val="1"/>' in workbook.read(n)]
    book = load_workbook(path)
    parties = parties_of([p["name"] for p in book["Parties"].iter_rows(min_row=2)
                          for p in [{"name": p[0].value}]])  # fmt: skip
    last = HELPER_COLUMN + SetChart.width(parties)
    helpers = range(HELPER_COLUMN + 1, last + 2)  # openpyxl counts columns from 1
    charted = [sheet for sheet in book.worksheets if sheet._charts]
    assert charted
    for sheet in charted:
        assert all(_hidden(sheet, n) for n in helpers), sheet.title
        assert not any(_hidden(sheet, n) for n in range(1, HELPER_COLUMN + 1)), sheet.title
        for row in sheet.iter_rows(min_col=helpers[0], max_col=helpers[-1], values_only=True):
            label, *numbers = row
            if not isinstance(label, str) or label.endswith("%]"):
                continue  # shares keep their decimals
            assert all(isinstance(n, int) for n in numbers), (sheet.title, row)


def test_chart_positions_of_a_count_are_whole_and_span_its_label() -> None:
    from claimsdb.present.xlsx_chart import helper_rows

    claim = {"claimant": "D", "affiliation": "none", "phrase": "about 25", "shape": "finite"}
    rows, top = helper_rows([claim | {"lower": 22.5, "upper": 27.5, "point": 25.0}])
    label, start, before, mark, rest = rows[0]
    assert label == "D (independent) — about 25 [22–28]"
    assert all(isinstance(v, int) for v in (start, before, mark, rest)) and top == int(top)
    assert (start, start + before + mark + rest) == (22, 28)
    assert start + before <= 25 <= start + before + mark
    rows, _ = helper_rows([claim | {"lower": 8.0, "upper": 11.0, "point": 9.5}])
    _, start, before, mark, _ = rows[0]
    assert (start + before, start + before + mark) == (9, 10)  # between 9 and 10
    rows, _ = helper_rows([claim | {"lower": 8.1, "upper": 9.9, "point": 9.0}], "percent")
    assert rows[0][1] == 8.1 and not float(rows[0][3]).is_integer()  # a share's, as computed


def test_no_fraction_of_a_person_in_summary_or_tables(read: Run, tmp_path: Path) -> None:
    from claimsdb.present.xlsx_chart import HELPER_COLUMN

    book = load_workbook(_report(read, tmp_path / "k.xlsx"))
    bundle = {"Metrics", "Events", "Parties", "Sources", "Documents", "Claims", "texts"}
    bundle |= {"Method and caveats", "Contents"}
    for sheet in book.worksheets:
        if sheet.title in bundle:
            continue
        for row in sheet.iter_rows(max_col=HELPER_COLUMN - 1):
            for cell in row:
                if isinstance(cell.value, float) and not cell.value.is_integer():
                    assert "%" in cell.number_format, (sheet.title, cell.coordinate, cell.value)
    for r in _summary(book):
        assert not isinstance(r["median"], float), r  # whole counts are ints, the rest words


def test_caveats_name_the_period_overlap_used(read: Run, tmp_path: Path) -> None:
    book = load_workbook(_report(read, tmp_path / "k.xlsx", "--event", EXPULSION))
    method = [c for r in book["Method and caveats"].iter_rows(values_only=True) for c in r if c]
    text = "\n".join(str(c) for c in method)
    assert "Groups are never pooled" not in text
    assert "periods overlapping by at least 50% of their union" in text
    assert "reported as a contradiction" in text and "never pooled" in text
    assert method[method.index("period overlap") + 1].startswith(
        "claims compared when their periods overlap by at least 50% of their union"
    )

    wide = load_workbook(
        _report(read, tmp_path / "w.xlsx", "--event", EXPULSION, "--period-overlap", "0.75")
    )
    text = "\n".join(
        str(c) for r in wide["Method and caveats"].iter_rows(values_only=True) for c in r if c
    )
    assert "at least 75% of their union (the period overlap used for this report" in text
    stamp = [r[0] for r in wide["Summary"].iter_rows(values_only=True) if r[0] and not r[1]]
    assert stamp[0].endswith("; period overlap 75%.")
    # 1988–1989 shares 2/3 of 1987–1989: below 75 % it is a sub-period, no longer in the set
    killed = {r["period"]: r["within"] for r in _summary(wide) if r["metric"] == "killed"}
    assert killed == {"1987–1989": None, "1988–1989": SUB_PERIOD, "1988": SUB_PERIOD}
    rows = [r[0] for r in _rows(_event_sheet(wide, EXODUS))]
    assert DIFFER not in rows and CONTRADICTION in rows


def test_period_overlap_is_refused_outside_its_range(read: Run, tmp_path: Path) -> None:
    refused = read("report", "-o", str(tmp_path / "r.xlsx"), "--period-overlap", "0")
    assert refused.exit_code == 2 and "--period-overlap" in refused.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_a_report_into_a_missing_folder_is_refused_and_none_is_left_half_written(
    read: Run, tmp_path: Path
) -> None:
    for name in ("r.xlsx", "r.html"):
        refused = read("report", "-o", str(tmp_path / "missing" / name))
        assert refused.exit_code == 2
        assert refused.stderr.count("\n") == 1 and "no folder" in refused.stderr
    assert not (tmp_path / "missing").exists()
    _report(read, tmp_path / "k.html")  # written whole, through a file renamed onto it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.html"]


def test_page_says_what_the_workbook_says(read: Run, tmp_path: Path) -> None:
    text = _report(read, tmp_path / "k.html").read_text(encoding="utf-8")
    assert "<th>phrase</th><th>period</th><th>low</th>" in text
    assert "<th>period</th><th>within</th>" in text  # the Summary
    assert f"<td>1988</td><td>{html.escape(SUB_PERIOD)}</td>" in text
    assert text.count(f"<td>{html.escape(CIVILIANS)}</td>") == 2
    yunusov = text.index('data-key="expulsion-of-azerbaijanis-from-armenia-killed-arif-yunusov"')
    assert text.index("<td>1988</td>", yunusov) < text.index("</tr>", yunusov)
    differ = text.index(f'<p class="note">{html.escape(DIFFER)}</p>')
    contradiction = text.index(f'<p class="note">{html.escape(CONTRADICTION)}</p>')
    assert yunusov < differ < contradiction < text.index("</section>", yunusov)
    assert "Groups are never pooled" not in text
    assert "periods overlapping by at least 50% of their union" in text
    assert "; period overlap 50%." in text
