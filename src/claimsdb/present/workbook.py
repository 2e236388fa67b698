"""The Excel report: one workbook an editor can read without claimsdb, that imports back.

Sheets: **Contents** (printed first: what the report is, what each Summary column says, every
sheet linked with what it holds), **Summary** (shown first on opening; one row per comparable set:
what it is, who says what as written, the figures stated, consensus and partisan gap in words,
values resting on a convention marked so, each set's number of claims linked to its table; the
revision stamp and the caveats under it), one sheet per event named after it (up to
``MAX_EVENT_SHEETS``; beyond that one **Sets** sheet) with each set's chart (a legend, the forest
plot's colours) right under its title, its claims side by side (each with its period) and the
lines under them (periods that differ, contradictions, as compare words them), **Method and
caveats**, and the bundle tables (**Metrics** …
**Claims**) in the interchange format, so ``claimsdb import`` reads the workbook back. Every text
cell is a string, never a formula.

Written with XlsxWriter row by row (``constant_memory``): time grows with the claims and memory
stays flat. Printed, every sheet is landscape, one page wide, its header row repeated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimsdb.present.colours import parties_of
from claimsdb.present.report import (
    CLAIM_COLUMNS,
    CONVENTION_NOTE,
    SUMMARY_COLUMNS,
    SetNotes,
    claim_cells,
    groups_in_order,
    report_caveats,
    set_tables,
    set_title,
    summary_rows,
)
from claimsdb.present.words import is_share, now, percent, plural, unit_of
from claimsdb.present.xlsx_cells import (
    ROW_POINTS,
    Formats,
    Pages,
    fit_row,
    print_setup,
    row_lines,
    write_cell,
)
from claimsdb.present.xlsx_chart import HELPER_COLUMN, SetChart
from claimsdb.present.xlsx_sheets import (
    BUNDLE_SHEETS,
    SETS_SHEET,
    TEXTS_SHEET,
    bundle_sheets,
    contents_sheet,
    method_sheet,
)

if TYPE_CHECKING:
    from claimsdb.analysis.results import Reconciled

MAX_EVENT_SHEETS = 50
MAX_CHARTS = 250  # a workbook with thousands of charts opens slowly or not at all
MAX_LINKS = 60_000  # Excel holds 65,530 hyperlinks a sheet; beyond, documents are plain text
RESERVED = {
    "summary",
    "contents",
    SETS_SHEET.lower(),
    "method and caveats",
    TEXTS_SHEET,
    *BUNDLE_SHEETS,
    *(n.lower() for n in BUNDLE_SHEETS.values()),
}
NAMES = [name for name, _ in CLAIM_COLUMNS]
QUOTE, DOCUMENT = NAMES.index("quote"), NAMES.index("document")
NUMBER_NAMES = ("low", "best", "high")
CLAIMS_COLUMN = [name for name, _ in SUMMARY_COLUMNS].index("claims")
NUMBERS = {NAMES.index(n) for n in NUMBER_NAMES}
AFTER_NUMBERS = max(NUMBERS) + 1  # the role: indented, so "230,000" and "ceiling" do not touch


@dataclass
class Written:
    """What a workbook holds and what it left out: charts beyond ``MAX_CHARTS``."""

    charts: int = 0
    charts_left_out: int = 0
    sheets: list[str] = field(default_factory=list)


def write_workbook(
    reconciled: Reconciled,
    claims: list[dict[str, str]],
    tables: Any,
    path: Path,
    notes: SetNotes,
) -> Written:
    """Write the report for ``reconciled`` (with ``explain``) to ``path``.

    ``claims`` are the interchange rows of the reconciled claims (for quotes and links),
    ``tables`` the bundle tables the workbook carries so that it imports back and ``notes``
    each claim's period as written, the contradictions and the events' names.
    """
    import xlsxwriter
    import xlsxwriter.exceptions

    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties({"title": "claimsdb report", "comments": str(reconciled.stamp)})
    f = Formats(book)
    by_key = {c["key"]: c for c in claims}
    parties = parties_of([c["affiliation"] for c in claims], reconciled.parties)
    # The events in the order their sets come; each set's table is made as it is written.
    events = list(dict.fromkeys(str(e) for e in groups_in_order(reconciled)["event"]))
    named = len(events) <= MAX_EVENT_SHEETS
    names = _sheet_names([notes.event_names.get(e, e) for e in events]) if named else []
    sheet_of = dict(zip(events, names, strict=True)) if named else {}

    contents = book.add_worksheet("Contents")  # printed first: what the report is, its key
    summary = book.add_worksheet("Summary")
    summary.activate()  # and shown first on opening
    sheets = {name: book.add_worksheet(name) for name in (names or [SETS_SHEET])}
    method = book.add_worksheet("Method and caveats")
    written = Written(sheets=list(sheets))

    # Each set's table, written first: the Summary links to where each set's title landed.
    places: dict[int, tuple[str, int]] = {}
    rows_used = dict.fromkeys(sheets, 0)
    charts_left = MAX_CHARTS
    pages = {name: Pages([w for _, w in CLAIM_COLUMNS]) for name in sheets}
    for name, sheet in sheets.items():
        _claims_header(sheet, f)
        rows_used[name] = 1
    for table in set_tables(reconciled, by_key, notes):
        head, stored = table.head, table.rows
        name = sheet_of.get(str(head["event"]), SETS_SHEET)
        sheet = sheets[name]
        chart = len(stored) >= 2 and charts_left > 0
        if len(stored) >= 2:
            if chart:
                charts_left -= 1
                written.charts += 1
            else:
                written.charts_left_out += 1
        start = rows_used[name]
        for group in table.shown:
            places[group] = (name, start)
        named_head = {**head, "event": notes.event_names.get(str(head["event"]), head["event"])}
        rows_used[name] = _set_block(
            sheet, name, start, named_head, stored, table.lines, by_key, parties, f, pages[name],
            chart=chart,
        )  # fmt: skip
    for name, sheet in sheets.items():
        print_setup(sheet, repeat=True, pages=pages[name])
        last = HELPER_COLUMN + SetChart.width(parties)
        sheet.set_column(HELPER_COLUMN, last, None, None, {"hidden": True})

    _summary(summary, reconciled, by_key, notes, places, written, f)
    contents_sheet(contents, sheets, rows_used, notes, events, sheet_of, f)
    method_sheet(method, reconciled, f)
    bundle_sheets(book, tables, f)
    try:
        book.close()
    except xlsxwriter.exceptions.FileCreateError as exc:  # the file system's own error
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(exc)
        raise cause from exc

    return written


def _claims_header(sheet: Any, f: Formats) -> None:
    for col, (name, width) in enumerate(CLAIM_COLUMNS):
        sheet.set_column(col, col, width)
        fmt = f.head_right if col in NUMBERS else f.head_after if col == AFTER_NUMBERS else f.head
        sheet.write_string(0, col, name, fmt)
    sheet.freeze_panes(1, 0)


def _set_block(
    sheet: Any,
    name: str,
    row: int,
    head: dict[str, Any],
    rows: list[dict[str, Any]],
    lines: list[str],
    by_key: Any,
    parties: list[str],
    f: Formats,
    pages: Pages,
    *,
    chart: bool,
) -> int:
    """A set's title, with ``chart`` its chart, its claims table and the ``lines`` under it
    (periods differ, contradictions); returns the next free row. Printed, the title, the chart
    and the first claims start a new page unless they fit on this one (``pages``)."""
    share = is_share(unit_of(head))
    plot = SetChart(rows, parties, unit_of(head)) if chart else None
    table = [claim_cells(r, by_key) for r in rows]
    heights = [
        ROW_POINTS
        * row_lines([(c[name], w) for name, w in CLAIM_COLUMNS if name not in NUMBER_NAMES])
        for c in table
    ]
    top = ROW_POINTS * (1 + (plot.spans() if plot is not None else 0))  # the title, the chart
    whole = top + sum(heights) + ROW_POINTS * len(lines)
    pages.pad(ROW_POINTS)
    row += 1  # a blank row between sets
    pages.keep(row, whole if whole <= pages.room else top + sum(heights[:3]))
    pages.add(row, top)
    title_row = row
    title = set_title(head)
    sheet.write_string(row, 0, title, f.title)
    row += 1
    if plot is not None:
        row += plot.spans()  # the chart goes between the title and the claims
    for n, (cells, height) in enumerate(zip(table, heights, strict=True)):
        if height > ROW_POINTS:
            sheet.set_row(row, height)
        pages.add(row, height)
        for col, column in enumerate(NAMES):
            value = cells[column]
            if col in NUMBERS:
                _number(sheet, row, col, value, share, f)
            elif col == DOCUMENT and cells["url"] and row < MAX_LINKS:
                sheet.write_url(row, col, cells["url"], f.link, value or cells["url"])
            else:
                write_cell(sheet, row, col, value, f.wrap_after if col == AFTER_NUMBERS else f.wrap)
        if plot is not None:
            plot.write_helper(sheet, row, n)
        row += 1
    for text in lines:
        sheet.write_string(row, 0, text, f.note)
        pages.add(row, ROW_POINTS)
        row += 1
    if plot is not None:
        plot.insert(f.book, sheet, name, title_row + 1, title)
    return row


def _number(sheet: Any, row: int, col: int, value: str, share: bool, f: Formats) -> None:
    """A stored figure as a number: a count with thousands separators, a share with its sign."""
    if value in (None, ""):
        return
    number = float(value)
    whole = number == int(number)
    fmt = (f.share_whole if whole else f.share) if share else (f.count if whole else f.fraction)
    sheet.write_number(row, col, int(number) if whole else number, fmt)


def _summary(
    sheet: Any,
    reconciled: Reconciled,
    by_key: Any,
    notes: SetNotes,
    places: dict[int, tuple[str, int]],
    written: Written,
    f: Formats,
) -> None:
    """One row per set, its number of claims linked to the set's table; the stamp, the note on
    conventions, what was left out and the caveats under the table."""
    widths = [width for _, width in SUMMARY_COLUMNS]
    for col, (name, width) in enumerate(SUMMARY_COLUMNS):
        sheet.set_column(col, col, width, f.wrap)
        sheet.write_string(0, col, name, f.head)
    sheet.freeze_panes(1, 1)
    groups = groups_in_order(reconciled)["group"].tolist()
    rows = summary_rows(reconciled, by_key, notes.event_names, notes.contradicted)
    for n, (group, values) in enumerate(zip(groups, rows, strict=True), start=1):
        fit_row(sheet, n, list(zip(values, widths, strict=True)))
        for col, value in enumerate(values):
            fmt = f.centre if SUMMARY_COLUMNS[col][0] in ("claims", "origins") else f.wrap
            place = places.get(int(group))
            if col == CLAIMS_COLUMN and place is not None and n < MAX_LINKS:
                # the number of claims leads to them (a link's text does not wrap everywhere)
                target = f"internal:'{place[0]}'!A{place[1] + 2}"
                sheet.write_url(n, col, target, f.link_centre, str(value))
            elif isinstance(value, int) and fmt is f.wrap:
                write_cell(sheet, n, col, value, f.count)
            else:
                write_cell(sheet, n, col, value, fmt)
    last = len(rows)
    sheet.autofilter(0, 0, last, len(SUMMARY_COLUMNS) - 1)
    result = reconciled.result
    under = [
        f"From {reconciled.stamp}; made {now()}; tolerance {percent(result.tolerance)};"
        f" period overlap {percent(result.overlap)}.",
        CONVENTION_NOTE,
    ]
    if written.charts_left_out:
        under.append(
            f"Charts: {written.charts} drawn; {plural(written.charts_left_out, 'set')} of two"
            f" claims or more drawn without one (a workbook holds at most {MAX_CHARTS}):"
            " write one event's report for its charts (claimsdb report --event EVENT)."
        )
    under += report_caveats(result.overlap)
    span = 8  # the caveats run across the first columns, wrapped
    wide = sum(widths[: span + 1])
    for n, text in enumerate(under, start=last + 2):
        fit_row(sheet, n, [(text, wide)])
        fmt = f.bold_wrap if n == last + 2 else f.grey_wrap
        sheet.merge_range(n, 0, n, span, text, fmt)
    print_setup(sheet, repeat=True)


def _sheet_names(events: list[str]) -> list[str]:
    """A valid, unique, readable sheet name (≤ 31 characters, none of []:*?/\\; a longer name
    shortened with "…") per event name, in order."""
    names: list[str] = []
    used = set(RESERVED)
    for event in events:
        base = re.sub(r"[\[\]:*?/\\]", "-", event).strip("' ") or "event"
        if len(base) > 31:
            base = base[:30].rstrip() + "…"  # shortened, and says so
        name, n = base, 2
        while name.lower() in used:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)].rstrip() + suffix, n + 1
        used.add(name.lower())
        names.append(name)
    return names
