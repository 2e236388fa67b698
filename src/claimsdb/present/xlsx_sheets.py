"""The report workbook's sheets around the sets: Contents (every sheet, linked, and what each
Summary column says), Method and caveats, and the bundle tables that ``claimsdb import`` reads
back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimsdb.present.caveats import METHODS, period_overlap, tolerance, vague_words
from claimsdb.present.report import SetNotes, report_caveats
from claimsdb.present.words import now
from claimsdb.present.xlsx_cells import Formats, fit_row, legal, print_setup, write_cell
from claimsdb.vocabulary import XLSX_CELL_LIMIT

if TYPE_CHECKING:
    from claimsdb.analysis.results import Reconciled

BUNDLE_SHEETS = {
    "metrics": "Metrics",
    "events": "Events",
    "parties": "Parties",
    "sources": "Sources",
    "documents": "Documents",
    "claims": "Claims",
}
TEXTS_SHEET = "texts"
SETS_SHEET = "Sets"
KEY_TITLE = "Conflicting figures: claims side by side"
KEY_TEXT = (
    "Every figure here is a claim, not a fact: what one source said, in its own words, with the "
    "quote it comes from. The Summary (the next sheet) has one row per comparable set of claims "
    "— the same event, metric, population and period — with who says what, the figures stated "
    "and what claimsdb computes from them; a computed value that rests on a convention says "
    "'by convention'. Each event's sheet has a chart and every claim with its quote."
)
# What each Summary column says, for a reader without the manual (on the Contents sheet).
GLOSSARY = (
    ("event, metric", "What was counted (killed, wounded, displaced …) and in which event."),
    ("population", "Of whom; in brackets what a figure covers when the population cannot say it "
     "[excluding Nagorno-Karabakh]."),
    ("period", "When: a year, a month, a day or a span; 'since Feb 1988' is open at its end."),
    ("within", "A set listed under another: the parts of a whole (women and children of the "
     "civilians killed) or a sub-period of a longer period."),
    ("claims", "How many claims, leading to their table; '8 (7 origins)' where some are not "
     "independent of each other — a claimant's second claim, or a claim that repeats another's "
     "source — and count once (each claim's role on its sheet says which)."),
    ("who says what", "Each claimant, the party it speaks for ('independent': a third party, "
     "affiliation none in the data) and its figure exactly as written."),
    ("stated figures", "The lowest and the highest figure the sources wrote, with ≥ or ≤ where "
     "a source gave only a floor or a ceiling; vague words (several hundred) are left out."),
    ("consensus", "The range that most origins (claims counted once each, as above) agree on, k "
     "of n; otherwise why there is "
     "none ('only one claim gives a finite figure': nothing to compare). Floors, ceilings and "
     "vague words do not vote."),
    ("partisan gap", "How far apart the conflict parties' figures are: the higher party's "
     "median over the lower's."),
    ("envelope", "From the lowest lower end to the highest upper end of all figures; 'by "
     "convention' when a vague word's bounds or an approximate figure's tolerance set it."),
    ("median", "The middle of the figures given as a number; where it falls between two "
     "figures it says it is their midpoint, no figure anyone gave."),
)  # fmt: skip


def contents_sheet(
    sheet: Any,
    sheets: dict[str, Any],
    rows_used: dict[str, int],
    notes: SetNotes,
    events: list[str],
    sheet_of: dict[str, str],
    f: Formats,
) -> None:
    """The first sheet, and the first page printed: what the report is, what each Summary column
    says, then every sheet, linked, with what it holds (constant memory: written top down)."""
    sheet.set_column(0, 0, 32)
    sheet.set_column(1, 1, 90, f.wrap)
    sheet.write_string(0, 0, KEY_TITLE, f.title)
    fit_row(sheet, 1, [(KEY_TEXT, 122)])
    sheet.merge_range(1, 0, 1, 1, KEY_TEXT, f.wrap)
    row = 3
    sheet.write_string(row, 0, "Summary column", f.head)
    sheet.write_string(row, 1, "what it says", f.head)
    for n, (name, meaning) in enumerate(GLOSSARY, start=row + 1):
        fit_row(sheet, n, [(meaning, 90)])
        sheet.write_string(n, 0, name, f.bold_wrap)
        sheet.write_string(n, 1, meaning, f.wrap)
    row += len(GLOSSARY) + 2
    sheet.write_string(row, 0, "sheet", f.head)
    sheet.write_string(row, 1, "what it holds", f.head)
    entries = [
        ("Summary", "One row per comparable set: who says what, consensus, partisan gap."),
    ]
    for name in sheets:
        held = [notes.event_names.get(e, e) for e in events if sheet_of.get(e, SETS_SHEET) == name]
        entries.append((name, "The claims of " + ", ".join(held)))
    entries.append(("Method and caveats", "The methods, the conventions in use, the caveats."))
    entries += [(title, f"The {table} table, as claimsdb import reads it back.")
                for table, title in BUNDLE_SHEETS.items()]  # fmt: skip
    for n, (name, what) in enumerate(entries, start=row + 1):
        fit_row(sheet, n, [(what, 90)])
        sheet.write_url(n, 0, f"internal:'{name}'!A1", f.link, name)
        sheet.write_string(n, 1, what[:XLSX_CELL_LIMIT])
    print_setup(sheet, repeat=False)


def method_sheet(sheet: Any, reconciled: Reconciled, f: Formats) -> None:
    sheet.set_column(0, 0, 24, f.top)
    sheet.set_column(1, 1, 100, f.wrap)
    lines: list[tuple[str, str, bool]] = [("Methods", "", True)]
    lines += [(name, text, False) for name, text in METHODS]
    lines += [("", "", False), ("Conventions in use", "", True)]
    lines.append(("tolerance", tolerance(reconciled.result.tolerance), False))
    lines.append(("period overlap", period_overlap(reconciled.result.overlap), False))
    lines += [(word, bounds, False) for word, bounds in vague_words()]
    lines += [("", "", False), ("Caveats", "", True)]
    lines += [("", text, False) for text in report_caveats(reconciled.result.overlap)]
    lines += [("", "", False), ("Made from", str(reconciled.stamp), False)]
    lines.append(("Exported at", now(), False))
    for n, (a, b, bold) in enumerate(lines):
        fit_row(sheet, n, [(a, 24), (b, 100)])
        write_cell(sheet, n, 0, a, f.bold if bold else None)
        write_cell(sheet, n, 1, b, f.wrap)
    print_setup(sheet, repeat=False)


def bundle_sheets(book: Any, tables: Any, f: Formats) -> None:
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
                write_cell(sheet, n, col, legal(value))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(tables[table]), len(columns) - 1)
        print_setup(sheet, repeat=True)
    if texts:
        sheet = book.add_worksheet(TEXTS_SHEET)
        sheet.hide()  # the documents' texts, for claimsdb import: data, not a page to print
        for n, values in enumerate([["key", "part", "text"], *texts]):
            for col, value in enumerate(values):
                write_cell(sheet, n, col, legal(value))
