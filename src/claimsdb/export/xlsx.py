"""Bundle tables as workbook sheets: every cell a string, never a formula, saved reproducibly.

Used by the XLSX export and by the report workbook, whose bundle sheets import back the same way.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from claimsdb.errors import InvalidInput
from claimsdb.interchange import TABLE_COLUMNS, TABLES
from claimsdb.vocabulary import XLSX_CELL_LIMIT, XLSX_CELL_MAX

TEXTS_SHEET = "texts"
FIXED_TIME = datetime(2000, 1, 1)


def write_xlsx(path: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    """The bundle as one workbook, a sheet per table, that imports back unchanged."""
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
