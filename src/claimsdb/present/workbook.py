"""The Excel report: one workbook an editor can read without claimsdb, that imports back.

Sheets: **Summary** (one row per comparable set: what it is, who says what as written, the figures
stated, consensus and partisan gap in words, values resting on a convention marked so, each set's
number of claims linked to its table; the revision stamp and the caveats under it), **Contents**
(every sheet, linked, with what it holds), one sheet per event named after it (up to
``MAX_EVENT_SHEETS``; beyond that one **Sets** sheet) with each set's claims side by side (each
with its period), the lines under them (periods that differ, contradictions, as compare words them)
and a chart with a legend beside them, **Method and caveats**, and the bundle tables (**Metrics** …
**Claims**) in the interchange format, so ``claimsdb import`` reads the workbook back. Every text
cell is a string, never a formula.

Written with XlsxWriter row by row (``constant_memory``): time grows with the claims and memory
stays flat. Printed, every sheet is landscape, one page wide, its header row repeated.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimsdb.present.caveats import METHODS, caveats, period_overlap, tolerance, vague_words
from claimsdb.present.colours import parties_of
from claimsdb.present.groups import group_title
from claimsdb.present.report import (
    CLAIM_COLUMNS,
    CONVENTION_NOTE,
    SUMMARY_COLUMNS,
    SetNotes,
    claim_cells,
    groups_in_order,
    set_tables,
    summary_rows,
)
from claimsdb.present.words import is_share, now, percent, plural, unit_of
from claimsdb.present.xlsx_chart import HELPER_COLUMN, SetChart
from claimsdb.vocabulary import XLSX_CELL_LIMIT

if TYPE_CHECKING:
    from claimsdb.analysis.results import Reconciled

MAX_EVENT_SHEETS = 50
MAX_CHARTS = 250  # a workbook with thousands of charts opens slowly or not at all
MAX_LINKS = 60_000  # Excel holds 65,530 hyperlinks a sheet; beyond, documents are plain text
SETS_SHEET = "Sets"
BUNDLE_SHEETS = {
    "metrics": "Metrics",
    "events": "Events",
    "parties": "Parties",
    "sources": "Sources",
    "documents": "Documents",
    "claims": "Claims",
}
TEXTS_SHEET = "texts"
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
# What each Summary column says, for a reader without the manual (on the Contents sheet).
GLOSSARY = (
    ("event, metric, population", "What was counted: killed, wounded, displaced …, of whom."),
    ("scope", "What a figure covers when the population cannot say it (including / "
     "excluding Nagorno-Karabakh); empty when nothing needs saying."),
    ("period", "When: a year, a month, a day or a span; 'since 1988-02' is open at its end."),
    ("within", "A set shown under another: the parts of a whole (women and children of the "
     "civilians killed) or a sub-period of a longer period."),
    ("claims, origins", "How many claims, and how many independent origins once repeats of one "
     "another are counted once (the number of claims leads to their table)."),
    ("who says what", "Each claimant, the party it speaks for (independent: a third party, "
     "affiliation none in the data) and its figure exactly as written."),
    ("stated figures", "The lowest and the highest figure the sources wrote, with ≥ or ≤ where "
     "a source gave only a floor or a ceiling; vague words (several hundred) are left out."),
    ("consensus", "The range most independent origins agree on, k of n; otherwise why there is "
     "none ('only one claim gives a finite figure': nothing to compare). Floors, ceilings and "
     "vague words do not vote."),
    ("partisan gap", "How far apart the conflict parties' figures are: the higher party's "
     "median over the lower's."),
    ("envelope", "From the lowest lower end to the highest upper end of all figures; 'by "
     "convention' when a vague word's bounds or an approximate figure's tolerance set it."),
    ("median", "The middle of the figures given as a number; between two figures far apart it "
     "says it is a midpoint, not an estimate."),
)  # fmt: skip
NUMBER_NAMES = ("low", "best", "high")
CLAIMS_COLUMN = [name for name, _ in SUMMARY_COLUMNS].index("claims")
NUMBERS = {NAMES.index(n) for n in NUMBER_NAMES}


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

    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties({"title": "claimsdb report", "comments": str(reconciled.stamp)})
    f = _Formats(book)
    by_key = {c["key"]: c for c in claims}
    parties = parties_of([c["affiliation"] for c in claims], reconciled.parties)
    # The events in the order their sets come; each set's table is made as it is written.
    events = list(dict.fromkeys(str(e) for e in groups_in_order(reconciled)["event"]))
    named = len(events) <= MAX_EVENT_SHEETS
    names = _sheet_names([notes.event_names.get(e, e) for e in events]) if named else []
    sheet_of = dict(zip(events, names, strict=True)) if named else {}

    summary = book.add_worksheet("Summary")
    contents = book.add_worksheet("Contents")
    sheets = {name: book.add_worksheet(name) for name in (names or [SETS_SHEET])}
    method = book.add_worksheet("Method and caveats")
    written = Written(sheets=list(sheets))

    # Each set's table, written first: the Summary links to where each set's title landed.
    places: dict[int, tuple[str, int]] = {}
    rows_used = dict.fromkeys(sheets, 0)
    charts_left = MAX_CHARTS
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
            sheet, name, start, named_head, stored, table.lines, by_key, parties, f, chart=chart
        )
    for sheet in sheets.values():
        _print_setup(sheet, repeat=True)
        last = HELPER_COLUMN + SetChart.width(parties)
        sheet.set_column(HELPER_COLUMN, last, None, None, {"hidden": True})

    _summary(summary, reconciled, by_key, notes, places, written, f)
    _contents(contents, sheets, rows_used, notes, events, sheet_of, f)
    _method_sheet(method, reconciled, f)
    _bundle_sheets(book, tables, f)
    book.close()
    return written


class _Formats:
    """The workbook's few cell formats, made once."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.bold = book.add_format({"bold": True})
        self.head = book.add_format({"bold": True, "bg_color": "#F2F2F2", "bottom": 1})
        self.title = book.add_format({"bold": True, "font_size": 12})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.top = book.add_format({"valign": "top"})
        self.note = book.add_format({"italic": True})
        self.grey = book.add_format({"italic": True, "font_color": "#555555", "text_wrap": True})
        self.link = book.add_format(
            {"font_color": "blue", "underline": 1, "valign": "top", "text_wrap": True}
        )
        self.count = book.add_format({"num_format": "#,##0", "valign": "top"})
        self.share = book.add_format({"num_format": '#,##0.## "%"', "valign": "top"})
        self.share_whole = book.add_format({"num_format": '#,##0 "%"', "valign": "top"})
        self.fraction = book.add_format({"num_format": "#,##0.##", "valign": "top"})
        self.centre = book.add_format({"align": "center", "valign": "top"})
        self.link_centre = book.add_format(
            {"font_color": "blue", "underline": 1, "valign": "top", "align": "center"}
        )
        self.head_right = book.add_format(
            {"bold": True, "bg_color": "#F2F2F2", "bottom": 1, "align": "right"}
        )
        self.grey_wrap = book.add_format(
            {"italic": True, "font_color": "#555555", "text_wrap": True, "valign": "top"}
        )
        self.bold_wrap = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})


def _print_setup(sheet: Any, *, repeat: bool) -> None:
    """Landscape, one page wide however long, the header row on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    if repeat:
        sheet.repeat_rows(0)


def _text(sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """A cell: text as a string (never a formula), numbers as numbers, nothing for empty."""
    if value is None or value == "":
        return
    if isinstance(value, str):
        sheet.write_string(row, col, value[:XLSX_CELL_LIMIT], fmt)
    else:
        sheet.write_number(row, col, value, fmt)


ROW_POINTS = 15  # a row of one line of 11-point text


def _fit(sheet: Any, row: int, cells: list[tuple[Any, float]]) -> None:
    """Make ``row`` tall enough for its wrapped ``cells`` (value, column width): a reader's
    spreadsheet does not grow a row for wrapped text by itself."""
    lines = max((_lines(value, width) for value, width in cells), default=1)
    if lines > 1:
        sheet.set_row(row, ROW_POINTS * lines)


def _lines(value: Any, width: float) -> int:
    """How many lines ``value`` wraps to in a column ``width`` characters wide."""
    if value is None or value == "" or not isinstance(value, str):
        return 1
    fits = max(width * 1.1 - 1, 1)  # a column holds a little more than its width in letters
    return sum(max(1, math.ceil(len(part) / fits)) for part in value.split("\n"))


def _claims_header(sheet: Any, f: _Formats) -> None:
    for col, (name, width) in enumerate(CLAIM_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, name, f.head_right if col in NUMBERS else f.head)
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
    f: _Formats,
    *,
    chart: bool,
) -> int:
    """A set's title, its claims table, the ``lines`` under it (periods differ, contradictions)
    and, with ``chart``, its chart beside them; returns the next free row."""
    row += 1  # a blank row between sets
    title_row = row
    sheet.write_string(row, 0, group_title(head), f.title)
    row += 1
    share = is_share(unit_of(head))
    plot = SetChart(rows, parties, unit_of(head)) if chart else None
    for n, r in enumerate(rows):
        cells = claim_cells(r, by_key)
        _fit(sheet, row, [(cells[c], w) for c, w in CLAIM_COLUMNS if c not in NUMBER_NAMES])
        for col, column in enumerate(NAMES):
            value = cells[column]
            if col in NUMBERS:
                _number(sheet, row, col, value, share, f)
            elif col == DOCUMENT and cells["url"] and row < MAX_LINKS:
                sheet.write_url(row, col, cells["url"], f.link, value or cells["url"])
            else:
                _text(sheet, row, col, value, f.wrap)
        if plot is not None:
            plot.write_helper(sheet, row, n)
        row += 1
    for text in lines:
        sheet.write_string(row, 0, text, f.note)
        row += 1
    if plot is not None:
        spans = plot.insert(f.book, sheet, name, title_row, group_title(head))
        row = max(row, title_row + spans)
    return row


def _number(sheet: Any, row: int, col: int, value: str, share: bool, f: _Formats) -> None:
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
    f: _Formats,
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
        _fit(sheet, n, list(zip(values, widths, strict=True)))
        for col, value in enumerate(values):
            fmt = f.centre if SUMMARY_COLUMNS[col][0] in ("claims", "origins") else f.wrap
            place = places.get(int(group))
            if col == CLAIMS_COLUMN and place is not None and n < MAX_LINKS:
                # the number of claims leads to them (a link's text does not wrap everywhere)
                target = f"internal:'{place[0]}'!A{place[1] + 2}"
                sheet.write_url(n, col, target, f.link_centre, str(value))
            elif isinstance(value, int) and fmt is f.wrap:
                _text(sheet, n, col, value, f.count)
            else:
                _text(sheet, n, col, value, fmt)
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
    under += list(caveats(result.overlap))
    span = 8  # the caveats run across the first columns, wrapped
    wide = sum(widths[: span + 1])
    for n, text in enumerate(under, start=last + 2):
        _fit(sheet, n, [(text, wide)])
        fmt = f.bold_wrap if n == last + 2 else f.grey_wrap
        sheet.merge_range(n, 0, n, span, text, fmt)
    _print_setup(sheet, repeat=True)


def _contents(
    sheet: Any,
    sheets: dict[str, Any],
    rows_used: dict[str, int],
    notes: SetNotes,
    events: list[str],
    sheet_of: dict[str, str],
    f: _Formats,
) -> None:
    """Every sheet, linked, with what it holds."""
    sheet.set_column(0, 0, 32)
    sheet.set_column(1, 1, 90, f.wrap)
    sheet.write_string(0, 0, "sheet", f.head)
    sheet.write_string(0, 1, "what it holds", f.head)
    entries = [
        ("Summary", "One row per comparable set: who says what, consensus, partisan gap."),
    ]
    for name in sheets:
        held = [notes.event_names.get(e, e) for e in events if sheet_of.get(e, SETS_SHEET) == name]
        entries.append((name, "The claims of " + ", ".join(held)))
    entries.append(("Method and caveats", "The methods, the conventions in use, the caveats."))
    entries += [(title, f"The {table} table, as claimsdb import reads it back.")
                for table, title in BUNDLE_SHEETS.items()]  # fmt: skip
    for n, (name, what) in enumerate(entries, start=1):
        _fit(sheet, n, [(what, 90)])
        sheet.write_url(n, 0, f"internal:'{name}'!A1", f.link, name)
        sheet.write_string(n, 1, what[:XLSX_CELL_LIMIT])
    row = len(entries) + 2
    sheet.write_string(row, 0, "Summary column", f.head)
    sheet.write_string(row, 1, "what it says", f.head)
    for n, (name, meaning) in enumerate(GLOSSARY, start=row + 1):
        _fit(sheet, n, [(meaning, 90)])
        sheet.write_string(n, 0, name, f.bold)
        sheet.write_string(n, 1, meaning, f.wrap)
    _print_setup(sheet, repeat=True)


def _method_sheet(sheet: Any, reconciled: Reconciled, f: _Formats) -> None:
    sheet.set_column(0, 0, 24, f.top)
    sheet.set_column(1, 1, 100, f.wrap)
    lines: list[tuple[str, str, bool]] = [("Methods", "", True)]
    lines += [(name, text, False) for name, text in METHODS]
    lines += [("", "", False), ("Conventions in use", "", True)]
    lines.append(("tolerance", tolerance(reconciled.result.tolerance), False))
    lines.append(("period overlap", period_overlap(reconciled.result.overlap), False))
    lines += [(word, bounds, False) for word, bounds in vague_words()]
    lines += [("", "", False), ("Caveats", "", True)]
    lines += [("", text, False) for text in caveats(reconciled.result.overlap)]
    lines += [("", "", False), ("Made from", str(reconciled.stamp), False)]
    lines.append(("Exported at", now(), False))
    for n, (a, b, bold) in enumerate(lines):
        _fit(sheet, n, [(a, 24), (b, 100)])
        _text(sheet, n, 0, a, f.bold if bold else None)
        _text(sheet, n, 1, b, f.wrap)
    _print_setup(sheet, repeat=False)


def _bundle_sheets(book: Any, tables: Any, f: _Formats) -> None:
    """The bundle tables, a sheet each, every cell a string, as ``claimsdb import`` reads them;
    document texts longer than a cell go to a ``texts`` sheet in parts."""
    from claimsdb.interchange import TABLE_COLUMNS, TABLES

    texts: list[list[str]] = []
    for table in TABLES:
        sheet = book.add_worksheet(BUNDLE_SHEETS.get(table, table))
        columns = TABLE_COLUMNS[table]
        for col, name in enumerate(columns):
            sheet.write_string(0, col, name, f.head)
        for n, row in enumerate(tables[table], start=1):
            for col, column in enumerate(columns):
                value = str(row.get(column, ""))
                if table == "documents" and column == "text" and value:
                    texts += [
                        [row["key"], str(part), value[start : start + XLSX_CELL_LIMIT]]
                        for part, start in enumerate(range(0, len(value), XLSX_CELL_LIMIT), 1)
                    ]
                    continue
                _text(sheet, n, col, _legal(value))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(tables[table]), len(columns) - 1)
        _print_setup(sheet, repeat=True)
    if texts:
        sheet = book.add_worksheet(TEXTS_SHEET)
        sheet.hide()  # the documents' texts, for claimsdb import: data, not a page to print
        for n, values in enumerate([["key", "part", "text"], *texts]):
            for col, value in enumerate(values):
                _text(sheet, n, col, _legal(value))


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _legal(text: str) -> str:
    """Text a workbook can hold: control characters it cannot store become U+FFFD (a report is
    read, not re-imported byte for byte; ``claimsdb export`` refuses such text instead)."""
    return _ILLEGAL.sub("\ufffd", text)


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
