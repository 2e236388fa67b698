"""Exporting bundles (CSV folder, lone claims CSV, XLSX, JSON) that import back unchanged.

Export → import into an empty database → export gives the same bytes. Text a spreadsheet would
run as a formula (``=``, ``+``, ``-``, ``@``, tab or CR first) gets a ``'`` prefix in CSV, which
the bundle reader strips again; XLSX cells are always written as strings.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Engine

from claimsdb.errors import InvalidInput
from claimsdb.interchange import TABLE_COLUMNS, TABLES, neutralise
from claimsdb.read.claims import ClaimFilter, claim_rows
from claimsdb.read.entities import document_table, event_table, metric_table, source_table
from claimsdb.store.engine import reading
from claimsdb.vocabulary import XLSX_CELL_LIMIT

XLSX_CELL_MAX = 32_767  # and openpyxl cuts a longer text there without a word
TEXTS_SHEET = "texts"
FIXED_TIME = datetime(2000, 1, 1)


def bundle_tables(conn: Connection, filters: ClaimFilter | None = None) -> dict[str, list[dict]]:
    """Every bundle table as interchange rows in a stable order.

    With filters, the claims are narrowed and the other tables hold just what those claims name
    (and the parents of their events), so the export still imports on its own.
    """
    claims = claim_rows(conn, filters)
    events = event_table(conn)
    sources = source_table(conn)
    documents = document_table(conn)
    metrics = metric_table(conn)
    tables: dict[str, list[dict[str, Any]]] = {
        "metrics": sorted(metrics.values(), key=lambda r: r["name"]),
        "events": sorted(events.values(), key=lambda r: r["slug"]),
        "sources": sorted(sources.values(), key=lambda r: r["name"]),
        "documents": sorted(documents.values(), key=lambda r: r["key"]),
        "claims": claims,
    }
    if filters is not None and filters != ClaimFilter():
        wanted_events = {c["event"] for c in claims}
        parents = {e["slug"]: e["parent"] for e in events.values()}
        for slug in list(wanted_events):
            while parents.get(slug):
                slug = parents[slug]
                wanted_events.add(slug)
        wanted_sources = {c["claimant"] for c in claims} | {c["reported_by"] for c in claims}
        tables["events"] = [e for e in tables["events"] if e["slug"] in wanted_events]
        tables["sources"] = [s for s in tables["sources"] if s["name"] in wanted_sources]
        tables["documents"] = [
            d for d in tables["documents"] if d["key"] in {c["document"] for c in claims}
        ]
        tables["metrics"] = [
            m for m in tables["metrics"] if m["name"] in {c["metric"] for c in claims}
        ]
    return tables


def export_format(path: Path | None, fmt: str | None) -> str:
    """The export format: given, or from the path (a folder or no suffix is a CSV bundle)."""
    if fmt:
        return fmt
    if path is None:
        return "csv"
    suffix = path.suffix.lower()
    return {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}.get(suffix, "csv")


def export_bundle(
    engine: Engine,
    path: Path | None,
    *,
    fmt: str | None = None,
    filters: ClaimFilter | None = None,
    stdout: TextIO | None = None,
) -> dict[str, int]:
    """Write the bundle to ``path`` (or claims CSV / JSON to ``stdout``); returns row counts."""
    kind = export_format(path, fmt)
    with reading(engine) as conn:
        tables = bundle_tables(conn, filters)
    counts = {t: len(rows) for t, rows in tables.items()}
    if kind == "json":
        text = json.dumps({t: tables[t] for t in TABLES}, ensure_ascii=False, indent=1) + "\n"
        if path is None:
            assert stdout is not None
            stdout.write(text)
        else:
            path.write_text(text, encoding="utf-8")
    elif kind == "xlsx":
        if path is None:
            raise InvalidInput("an XLSX export needs a file: -o FILE.xlsx")
        _write_xlsx(path, tables)
    elif path is None or path.suffix.lower() == ".csv":
        handle = stdout if path is None else path.open("w", newline="", encoding="utf-8")
        assert handle is not None
        _write_csv(handle, "claims", tables["claims"])
        if path is not None:
            handle.close()
        counts = {"claims": counts["claims"]}
    else:
        _write_csv_folder(path, tables)
    return counts


def _write_csv(handle: TextIO, table: str, rows: list[dict[str, Any]]) -> None:
    columns = TABLE_COLUMNS[table]
    writer = csv.writer(handle, lineterminator="\n")
    # The writer quotes a cell holding the line end "\n" but not a lone "\r", which every
    # reader takes for one: rows with one get every cell quoted.
    quoting = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    for row in rows:
        values = [neutralise(str(row.get(c, ""))) for c in columns]
        (quoting if any("\r" in v for v in values) else writer).writerow(values)


def _write_csv_folder(path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    if path.exists() and not path.is_dir():
        raise InvalidInput(f"{path} exists and is not a folder")
    path.mkdir(parents=True, exist_ok=True)
    documents = []
    for doc in tables["documents"]:
        if doc["text"]:
            (path / "texts").mkdir(exist_ok=True)
            name = f"texts/{doc['key']}.txt"
            (path / name).write_text(doc["text"], encoding="utf-8", newline="")
            doc = {**doc, "text_file": name, "text": ""}
        documents.append(doc)
    for table in TABLES:
        rows = documents if table == "documents" else tables[table]
        with (path / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
            _write_csv(handle, table, rows)


def _write_xlsx(path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    book = new_workbook()
    add_bundle_sheets(book, tables, whole=True)
    save_workbook(book, path)


def new_workbook() -> Any:
    """An empty openpyxl workbook (no default sheet); says how to get openpyxl if missing."""
    try:
        from openpyxl import Workbook
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise InvalidInput("writing XLSX needs openpyxl: pip install 'claimsdb[xlsx]'") from None
    book = Workbook()
    book.remove(book.active)
    return book


def add_bundle_sheets(
    book: Any,
    tables: dict[str, list[dict[str, Any]]],
    names: dict[str, str] | None = None,
    *,
    whole: bool = False,
) -> None:
    """One sheet per bundle table (named by ``names``, e.g. Claims), as ``claimsdb import``
    reads them back; document texts too long for a cell go to a ``texts`` sheet in parts.
    With ``whole`` (an export), a text the workbook would change is refused (``_unchanged``)."""
    texts: list[list[str]] = [["key", "part", "text"]]
    for table in TABLES:
        sheet = book.create_sheet((names or {}).get(table, table))
        columns = TABLE_COLUMNS[table]
        _append(sheet, list(columns))
        for row in tables[table]:
            values = [str(row.get(c, "")) for c in columns]
            if table == "documents" and row["text"]:
                text = row["text"]
                for part, start in enumerate(range(0, len(text), XLSX_CELL_LIMIT), start=1):
                    texts.append([row["key"], str(part), text[start : start + XLSX_CELL_LIMIT]])
                values[columns.index("text")] = ""
            what = f"{table} {values[0]!r}"
            if whole:
                _unchanged(what, columns, values)
            _append(sheet, values, what=what, columns=columns)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    if len(texts) > 1:
        sheet = book.create_sheet(TEXTS_SHEET)
        for values in texts:
            what = f"document {values[0]!r}"
            if whole:
                _unchanged(what, texts[0], values)
            _append(sheet, values, what=what, columns=texts[0])


def _unchanged(what: str, columns: Sequence[str], values: list[str]) -> None:
    """An export must import back as it was: refuse a text a workbook would change. openpyxl
    cuts one longer than a cell at 32,767 characters, and XML reads a CR back as LF."""
    if not any(len(v) > XLSX_CELL_MAX or "\r" in v for v in values):
        return
    for column, value in zip(columns, values, strict=True):
        if len(value) > XLSX_CELL_MAX:
            change = f"{len(value):,} characters, more than the {XLSX_CELL_MAX:,} a cell holds"
        elif "\r" in value:
            change = "a carriage return, which a workbook gives back as a line feed"
        else:
            continue
        raise InvalidInput(
            f"cannot write XLSX: {what}, {column}: {change}; export CSV or JSON instead"
        )


def save_workbook(book: Any, path: Path) -> None:
    """Save with fixed timestamps inside the workbook and its zip: same data, same bytes."""
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            item.date_time = FIXED_TIME.timetuple()[:6]
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data
                )
            out.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)


def _append(sheet: Any, values: list[str], *, what: str = "", columns: Sequence[str] = ()) -> None:
    """Append a row whose every cell is a string, never a formula, whatever it starts with.

    A workbook cannot hold most control characters (U+0000-U+001F but tab, LF and CR): a text
    with one is refused, naming ``what`` row it is and the column, rather than changed.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils.exceptions import IllegalCharacterError

    try:
        sheet.append([v if v != "" else None for v in values])
    except IllegalCharacterError:
        for column, value in zip(columns, values, strict=False):
            found = ILLEGAL_CHARACTERS_RE.search(value)
            if found:
                raise InvalidInput(
                    f"cannot write XLSX: {what}, {column}: holds the control character "
                    f"U+{ord(found.group()):04X}, which a workbook cannot store; export CSV or "
                    "JSON instead"
                ) from None
        raise
    for cell in sheet[sheet.max_row]:
        if cell.value is not None:
            cell.data_type = "s"


def template(path: Path | None, stdout: TextIO | None = None) -> None:
    """The claims columns and one worked example row, as CSV (or XLSX by suffix)."""
    example = {
        "event": "khojaly-massacre",
        "metric": "killed",
        "population": "civilians",
        "low": "161",
        "qualifier": "at_least",
        "phrase": "at least 161",
        "claimant": "Human Rights Watch",
        "claimant_kind": "ngo",
        "affiliation": "none",
        "document": "nagorno-karabakh-war-article",
        "quote": "Human rights Watch estimates that at least 161 Azerbaijani civilians, as well as"
        " a number of unarmed hors de combat, were killed as they fled the town.",
        "locator": "para 24",
        "status": "active",
    }
    if path is not None and path.suffix.lower() == ".xlsx":
        tables: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        tables["claims"] = [example]
        _write_xlsx(path, tables)
        return
    buffer = io.StringIO()
    _write_csv(buffer, "claims", [example])
    if path is None:
        assert stdout is not None
        stdout.write(buffer.getvalue())
    else:
        path.write_text(buffer.getvalue(), encoding="utf-8")
