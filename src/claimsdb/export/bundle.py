"""Exporting bundles (CSV folder, lone claims CSV, XLSX, JSON) that import back unchanged.

Export → import into an empty database → export gives the same bytes. Text a spreadsheet would
run as a formula (``=``, ``+``, ``-``, ``@``, tab or CR first) gets a ``'`` prefix in CSV, which
the bundle reader strips again; XLSX cells are always written as strings.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, TextIO

from claimsdb.errors import InvalidInput
from claimsdb.export.xlsx import write_xlsx
from claimsdb.interchange import TABLE_COLUMNS, TABLES, neutralise
from claimsdb.vocabulary import BUNDLE_FORMATS


def export_format(path: Path | None, fmt: str | None) -> str:
    """The export format: given, or from the path (a folder or no suffix is a CSV bundle)."""
    if fmt:
        if fmt not in BUNDLE_FORMATS:
            raise InvalidInput(f"unknown format {fmt!r}: use one of {', '.join(BUNDLE_FORMATS)}")
        return fmt
    if path is None:
        return "csv"
    suffix = path.suffix.lower()
    return {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}.get(suffix, "csv")


def write_bundle(
    tables: dict[str, list[dict[str, Any]]],
    path: Path | None,
    *,
    fmt: str | None = None,
    stdout: TextIO | None = None,
) -> dict[str, int]:
    """Write the bundle to ``path`` (or claims CSV / JSON to ``stdout``); returns row counts."""
    kind = export_format(path, fmt)
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
        write_xlsx(path, tables)
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
        write_xlsx(path, tables)
        return
    buffer = io.StringIO()
    _write_csv(buffer, "claims", [example])
    if path is None:
        assert stdout is not None
        stdout.write(buffer.getvalue())
    else:
        path.write_text(buffer.getvalue(), encoding="utf-8")
