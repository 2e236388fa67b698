"""The Excel report: one workbook an editor can read without claimsdb, that imports back.

Sheets: **Summary** (one row per group, every method), one sheet per event (up to 50; beyond
that a single **Groups** sheet) with each group's claims side by side, the bundle tables
(**Metrics**, **Events**, **Sources**, **Documents**, **Claims**) in the interchange format so
``claimsdb import`` reads the workbook back, and **Method and caveats**. Every text cell is a
string, never a formula.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimsdb.present.words import interval, plural, ratio
from claimsdb.vocabulary import TOLERANCE, VAGUE

if TYPE_CHECKING:
    from claimsdb.analysis.results import Reconciled

MAX_EVENT_SHEETS = 50
BUNDLE_SHEETS = {
    "metrics": "Metrics",
    "events": "Events",
    "sources": "Sources",
    "documents": "Documents",
    "claims": "Claims",
}
RESERVED = {"summary", "groups", "method and caveats", "texts", *BUNDLE_SHEETS}
SUMMARY = (
    ("event", 34),
    ("metric", 15),
    ("population", 22),
    ("period", 22),
    ("claims", 8),
    ("origins", 8),
    ("envelope", 16),
    ("independent", 16),
    ("consensus", 22),
    ("median", 11),
    ("conservative", 12),
    ("spread", 8),
    ("partisan gap", 22),
)
CLAIM_COLUMNS = (
    ("claimant", 26),
    ("affiliation", 13),
    ("phrase", 22),
    ("low", 11),
    ("best", 11),
    ("high", 11),
    ("role", 34),
    ("claimed on", 11),
    ("quote", 60),
    ("document", 26),
    ("key", 30),
)
CAVEATS = (
    "Figures are claims, not facts: each row is what one source said, in its own words.",
    "Media-based and documented counts are floors: the true number may be higher.",
    "Vague words (several hundred, dozens) are given conventional bounds; those bounds are "
    "claimsdb's convention, not the source's numbers, and are labelled so.",
    "Groups are never pooled: another population, period, metric or event is another group.",
)
METHODS = (
    ("envelope", "Lowest lower end to highest upper end of all origins; open if any is."),
    ("independent", "The same over origins whose claimant's affiliation is none."),
    (
        "consensus",
        "Marzullo's algorithm over origins with a finite figure: the interval shared by the most "
        "distinct origins, k of n; k < 2 is no consensus. Floors, ceilings and vague words do "
        "not vote.",
    ),
    ("median", "Median of the origins' point values (best, or the midpoint of a range)."),
    ("conservative", "The lowest point value: a floor, not an estimate."),
    (
        "by-affiliation",
        "Per affiliation: count, lowest, median, highest; the partisan gap is the ratio of the "
        "highest to the lowest median among conflict parties.",
    ),
    ("spread", "Highest point value over the lowest (n/a when the lowest is 0 or only one)."),
)


def write_workbook(
    reconciled: Reconciled, claims: list[dict[str, str]], tables: Any, path: Path
) -> None:
    """Write the report for ``reconciled`` (with ``explain``) to ``path``.

    ``claims`` are the interchange rows of the reconciled claims (for quotes and links) and
    ``tables`` the bundle tables the workbook carries so that it imports back.
    """
    from openpyxl.styles import Alignment, Font

    from claimsdb.export.bundle import add_bundle_sheets, new_workbook, save_workbook

    book = new_workbook()
    groups = reconciled.groups.sort_values(["event", "metric", "population", "period"])
    summary = book.create_sheet("Summary")
    _table(summary, SUMMARY, [summary_row(g) for g in groups.to_dict("records")])
    stamp_row = summary.max_row + 2
    summary.cell(
        stamp_row, 1, f"From {reconciled.stamp}; tolerance {reconciled.result.tolerance:.0%}."
    )
    summary.cell(stamp_row, 1).data_type = "s"

    explained = reconciled.explained
    assert explained is not None, "write_workbook needs reconcile(..., explain=True)"
    by_key = {c["key"]: c for c in claims}
    parties = sorted({c["affiliation"] for c in claims} - {"", "none", "unknown"})
    events = list(dict.fromkeys(str(e) for e in groups["event"]))
    names = _sheet_names(events) if len(events) <= MAX_EVENT_SHEETS else {}
    sheets: dict[str, Any] = {}
    for group in groups.to_dict("records"):
        title = names.get(str(group["event"]), "Groups")
        if title not in sheets:
            sheets[title] = book.create_sheet(title)
        sheet = sheets[title]
        rows = explained[explained["group"] == group["group"]]
        rows = rows.assign(order=rows["point"].fillna(rows["lower"])).sort_values(["order", "key"])
        _group_block(sheet, group, rows.to_dict("records"), by_key, Font, Alignment, parties)
    for sheet in sheets.values():
        for n, (_, width) in enumerate(CLAIM_COLUMNS, start=1):
            sheet.column_dimensions[_letter(n)].width = width
    add_bundle_sheets(book, tables, BUNDLE_SHEETS)
    _method_sheet(book.create_sheet("Method and caveats"), reconciled)
    for sheet in book.worksheets:  # printed, each sheet is as wide as a landscape page
        sheet.page_setup.orientation = "landscape"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    save_workbook(book, path)


def summary_row(g: dict[str, Any]) -> list[Any]:
    consensus = (
        f"{interval(g['consensus_low'], g['consensus_high'])} ({g['k']} of {g['n']})"
        if g["k"] >= 2
        else f"no consensus ({g['k']} of {g['n']})"
    )
    gap = ratio(g["partisan_gap"])
    if g["partisan_gap"] == g["partisan_gap"]:
        gap += f" ({g['gap_high']} ÷ {g['gap_low']})"
    return [
        str(g["event"]),
        str(g["metric"]),
        g["population"] or "(all)",
        g["period"] or "",
        int(g["claims"]),
        int(g["origins"]),
        interval(g["envelope_low"], g["envelope_high"]),
        interval(g["independent_low"], g["independent_high"]) or "none",
        consensus,
        _num(g["median"]),
        _num(g["conservative"]),
        ratio(g["spread"]),
        gap,
    ]


def exported_at() -> str:
    """Now, in UTC, as reports state it."""
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _num(value: Any) -> float | None:
    return None if value is None or value != value else float(value)


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
    by_key: Any,
    Font: Any,
    Alignment: Any,
    parties: list[str],
) -> None:
    if sheet.max_row > 1:
        sheet.append([])
    title = (
        f"{group['event']} · {group['metric']} / {group['population'] or '(all)'}, "
        f"{group['period'] or 'no period'} — {plural(group['claims'], 'claim')}, "
        f"{plural(group['origins'], 'origin')}"
    )
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
        stored = by_key.get(r["key"], {})
        values: list[Any] = [
            stored.get("claimant", str(r["claimant"])),
            stored.get("affiliation") or "unknown",
            stored.get("phrase", ""),
            _stored(stored.get("low")),
            _stored(stored.get("best")),
            _stored(stored.get("high")),
            r["reason"],
            stored.get("claimed_on", ""),
            stored.get("quote", ""),
            stored.get("document", ""),
            r["key"],
        ]
        sheet.append(values)
        line = sheet[sheet.max_row]
        _typed(line)
        line[8].alignment = Alignment(wrap_text=True, vertical="top")
        url = stored.get("url", "")
        if url and re.match(r"https?://", url):
            line[9].hyperlink = url
            line[9].style = "Hyperlink"
    if len(rows) >= 2:
        _chart(sheet, title, title_row, rows, by_key, parties, Font)


def _chart(
    sheet: Any,
    title: str,
    title_row: int,
    rows: list[dict[str, Any]],
    by_key: Any,
    parties: list[str],
    Font: Any,
) -> None:
    """The group's chart beside its table; blank rows keep the next group below the chart."""
    from claimsdb.present.xlsx_chart import HEADER, HELPER_COLUMN, add_chart

    for n, name in enumerate(HEADER):
        sheet.cell(title_row + 1, HELPER_COLUMN + n, name).font = Font(bold=True, color="888888")
    claims = [
        {
            "claimant": by_key.get(r["key"], {}).get("claimant", str(r["claimant"])),
            "affiliation": by_key.get(r["key"], {}).get("affiliation") or "unknown",
            "phrase": by_key.get(r["key"], {}).get("phrase", ""),
            "lower": r["lower"],
            "upper": r["upper"],
            "point": r["point"],
            "shape": r["shape"],
        }
        for r in rows
    ]
    spans = add_chart(sheet, title, title_row + 2, claims, parties, title_row)
    for _ in range(spans - (len(rows) + 2)):
        sheet.append([])


def _typed(cells: Any) -> None:
    """Text stays text (never a formula); numbers get thousands separators."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
        elif isinstance(cell.value, int | float):
            cell.number_format = "#,##0.##" if cell.value % 1 else "#,##0"


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
    line(
        "tolerance",
        f"about and nearly figures widened by {reconciled.result.tolerance:.0%} "
        f"(default {TOLERANCE:.0%})",
    )
    for word, (low, high) in VAGUE.items():
        line(word, f"{low:,} to {high:,}" if high is not None else f"{low:,} or more")
    line()
    line("Caveats", bold=True)
    for text in CAVEATS:
        line("", text)
    line()
    line("Made from", str(reconciled.stamp))
    line("Exported at", exported_at())
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
