"""The Excel report: one workbook an editor can read without claimsdb, that imports back.

Sheets: **Summary** (one row per comparable set, every method, what a nested set is within),
one sheet per event (up to 50; beyond that a single **Groups** sheet) with each set's claims side
by side (each with its period) and, under them, the periods that differ and the contradictions
as compare words them, the bundle tables (**Metrics**, **Events**, **Parties**, **Sources**,
**Documents**, **Claims**) in the interchange format so ``claimsdb import`` reads the workbook
back, and **Method and caveats**. Every text cell is a string, never a formula.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimsdb.present.caveats import METHODS, caveats, period_overlap, tolerance, vague_words
from claimsdb.present.colours import parties_of
from claimsdb.present.groups import group_title
from claimsdb.present.report import (
    CLAIM_COLUMNS,
    SUMMARY_COLUMNS,
    SetNotes,
    as_stored,
    claim_cells,
    group_claims,
    groups_in_order,
    set_lines,
    summary_rows,
)
from claimsdb.present.words import is_share, now, percent, unit_of

if TYPE_CHECKING:
    from claimsdb.analysis.results import Reconciled

MAX_EVENT_SHEETS = 50
BUNDLE_SHEETS = {
    "metrics": "Metrics",
    "events": "Events",
    "parties": "Parties",
    "sources": "Sources",
    "documents": "Documents",
    "claims": "Claims",
}
RESERVED = {"summary", "groups", "method and caveats", "texts", *BUNDLE_SHEETS}
NAMES = [name for name, _ in CLAIM_COLUMNS]
QUOTE, DOCUMENT = NAMES.index("quote"), NAMES.index("document")


def write_workbook(
    reconciled: Reconciled,
    claims: list[dict[str, str]],
    tables: Any,
    path: Path,
    notes: SetNotes,
) -> None:
    """Write the report for ``reconciled`` (with ``explain``) to ``path``.

    ``claims`` are the interchange rows of the reconciled claims (for quotes and links),
    ``tables`` the bundle tables the workbook carries so that it imports back and ``notes``
    each claim's period as written and the contradictions.
    """
    from openpyxl.styles import Alignment, Font

    from claimsdb.export.xlsx import add_bundle_sheets, new_workbook, save_workbook

    book = new_workbook()
    summary = book.create_sheet("Summary")
    groups = groups_in_order(reconciled)
    _table(summary, SUMMARY_COLUMNS, summary_rows(reconciled))
    stamp_row = summary.max_row + 2
    result = reconciled.result
    summary.cell(
        stamp_row,
        1,
        f"From {reconciled.stamp}; tolerance {percent(result.tolerance)};"
        f" period overlap {percent(result.overlap)}.",
    )
    summary.cell(stamp_row, 1).data_type = "s"

    by_key = {c["key"]: c for c in claims}
    parties = parties_of([c["affiliation"] for c in claims])
    events = list(dict.fromkeys(str(e) for e in groups["event"]))
    names = _sheet_names(events) if len(events) <= MAX_EVENT_SHEETS else {}
    sheets: dict[str, Any] = {}
    for group, explained in group_claims(reconciled):
        title = names.get(str(group["event"]), "Groups")
        if title not in sheets:
            sheets[title] = book.create_sheet(title)
        rows = as_stored(explained, by_key, notes.periods).to_dict("records")
        lines = set_lines(reconciled, group, notes)
        _group_block(sheets[title], group, rows, lines, by_key, Font, Alignment, parties)
    for sheet in sheets.values():
        for n, (_, width) in enumerate(CLAIM_COLUMNS, start=1):
            sheet.column_dimensions[_letter(n)].width = width
        _hide_chart_data(sheet)
    add_bundle_sheets(book, tables, BUNDLE_SHEETS)
    _method_sheet(book.create_sheet("Method and caveats"), reconciled)
    for sheet in book.worksheets:  # printed, each sheet is as wide as a landscape page
        sheet.page_setup.orientation = "landscape"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    save_workbook(book, path)


def _table(sheet: Any, columns: Any, rows: list[list[Any]]) -> None:
    """Header, rows (text always as text), frozen header, autofilter, widths, separators."""
    from openpyxl.styles import Font

    sheet.append([name for name, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        _typed(sheet[sheet.max_row])
    from openpyxl.styles import Alignment

    for n, (name, _) in enumerate(columns, start=1):
        if name in ("claims", "origins", "spread"):  # short values read best centred
            for row in sheet.iter_rows(min_col=n, max_col=n):
                row[0].alignment = Alignment(horizontal="center")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for n, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[_letter(n)].width = width


def _group_block(
    sheet: Any,
    group: dict[str, Any],
    rows: list[dict[str, Any]],
    lines: list[str],
    by_key: Any,
    Font: Any,
    Alignment: Any,
    parties: list[str],
) -> None:
    """A set's title, its claims table, the ``lines`` under it (periods differ,
    contradictions) and its chart beside them."""
    if sheet.max_row > 1:
        sheet.append([])
    title = group_title(group)
    sheet.append([title])
    title_row = sheet.max_row
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    sheet.cell(sheet.max_row, 1).data_type = "s"
    sheet.append([name for name, _ in CLAIM_COLUMNS])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    if sheet.freeze_panes is None:
        sheet.freeze_panes = "A3"
    for r in rows:
        cells = claim_cells(r, by_key)
        values = [
            _stored(cells[name]) if name in ("low", "best", "high") else cells[name]
            for name, _ in CLAIM_COLUMNS
        ]
        sheet.append(values)
        line = sheet[sheet.max_row]
        _typed(line, share=is_share(unit_of(group)))
        line[QUOTE].alignment = Alignment(wrap_text=True, vertical="top")
        if cells["url"]:
            line[DOCUMENT].hyperlink = cells["url"]
            line[DOCUMENT].style = "Hyperlink"
    for text in lines:
        sheet.append([text])
        sheet.cell(sheet.max_row, 1).data_type = "s"
        sheet.cell(sheet.max_row, 1).font = Font(italic=True)
    if len(rows) >= 2:
        _chart(sheet, title, title_row, rows, parties, Font, unit_of(group))


def _chart(
    sheet: Any,
    title: str,
    title_row: int,
    rows: list[dict[str, Any]],
    parties: list[str],
    Font: Any,
    unit: str,
) -> None:
    """The set's chart beside its table; blank rows keep the next set below the chart."""
    from claimsdb.present.xlsx_chart import HEADER, HELPER_COLUMN, add_chart

    written = sheet.max_row - title_row + 1  # title, header, claims and the lines under them
    for n, name in enumerate(HEADER):
        sheet.cell(title_row + 1, HELPER_COLUMN + n, name).font = Font(bold=True, color="888888")
    spans = add_chart(sheet, title, title_row + 2, rows, parties, title_row, unit)
    for _ in range(spans - written):
        sheet.append([])


def _hide_chart_data(sheet: Any) -> None:
    """Hide the charts' helper columns: plotting positions, not figures to read."""
    from claimsdb.present.xlsx_chart import HEADER, HELPER_COLUMN

    for n in range(HELPER_COLUMN, HELPER_COLUMN + len(HEADER)):
        sheet.column_dimensions[_letter(n)].hidden = True


def _typed(cells: Any, *, share: bool = False) -> None:
    """Text stays text (never a formula); numbers get thousands separators, and a share its
    sign (the cell keeps the stored number: 20 shows as ``20 %``)."""
    sign = ' "%"' if share else ""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
        elif isinstance(cell.value, int | float):
            cell.number_format = ("#,##0.##" if cell.value % 1 else "#,##0") + sign


def _stored(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


def _method_sheet(sheet: Any, reconciled: Reconciled) -> None:
    from openpyxl.styles import Alignment, Font

    def line(*values: str, bold: bool = False) -> None:
        sheet.append(list(values))
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if bold:
                cell.font = Font(bold=True)

    line("Methods", bold=True)
    for name, text in METHODS:
        line(name, text)
    line()
    line("Conventions in use", bold=True)
    line("tolerance", tolerance(reconciled.result.tolerance))
    line("period overlap", period_overlap(reconciled.result.overlap))
    for word, bounds in vague_words():
        line(word, bounds)
    line()
    line("Caveats", bold=True)
    for text in caveats(reconciled.result.overlap):
        line("", text)
    line()
    line("Made from", str(reconciled.stamp))
    line("Exported at", now())
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100


def _sheet_names(events: list[str]) -> dict[str, str]:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\) per event."""
    names: dict[str, str] = {}
    used = set(RESERVED)
    for event in events:
        base = re.sub(r"[\[\]:*?/\\]", "-", event)[:31].strip("'") or "event"
        name, n = base, 2
        while name.lower() in used:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        names[event] = name
    return names


def _letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(n))
