"""Reading interchange bundles: a CSV directory, a lone claims CSV, an XLSX workbook or a JSON file.

A bundle is a set of tables (claims, events, sources, documents, metrics). Reading only turns the
file into rows of text, each remembering where it came from (``FILE:ROW``) so that every later
error can name its file, row and column. Validation lives in ``claimsdb.io.validate``.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimsdb.errors import InvalidInput

CLAIM_COLUMNS = (
    "key",
    "event",
    "metric",
    "population",
    "low",
    "high",
    "best",
    "qualifier",
    "phrase",
    "period_start",
    "period_end",
    "claimant",
    "claimant_kind",
    "affiliation",
    "reported_by",
    "document",
    "url",
    "quote",
    "locator",
    "claimed_on",
    "derived_from",
    "supersedes",
    "part_of",
    "status",
    "grade",
    "notes",
)
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "metrics": ("name", "unit", "description"),
    "events": (
        "slug",
        "name",
        "aliases",
        "parent",
        "period_start",
        "period_end",
        "place",
        "description",
    ),
    "sources": ("name", "aliases", "kind", "affiliation", "description"),
    "documents": (
        "key",
        "title",
        "publisher",
        "published_on",
        "url",
        "citation",
        "licence",
        "text_file",
        "text",
    ),
    "claims": CLAIM_COLUMNS,
}
# Columns accepted on input beyond the interchange ones.
EXTRA_INPUT_COLUMNS = {"claims": ("figure",)}
TABLES = tuple(TABLE_COLUMNS)
FORMATS = ("csv", "xlsx", "json")


@dataclass(slots=True)
class Row:
    """One input row: where it came from and its values as text (missing cells are '')."""

    file: str
    line: int
    values: dict[str, str]

    def where(self, column: str) -> str:
        """``FILE:ROW:COLUMN`` for error messages."""
        return f"{self.file}:{self.line}:{column}"


@dataclass(slots=True)
class Bundle:
    """The tables of one bundle, and the folder relative paths (``text_file``) resolve against."""

    origin: str
    base: Path | None = None
    tables: dict[str, list[Row]] = field(default_factory=dict)

    def rows(self, table: str) -> list[Row]:
        """The rows of ``table``; an absent table has none."""
        return self.tables.get(table, [])


def detect_format(path: Path, fmt: str | None) -> str:
    """The bundle format: given, or from the path (a directory or ``.csv`` is CSV)."""
    if fmt:
        if fmt not in FORMATS:
            raise InvalidInput(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
        return fmt
    if path.is_dir() or path.suffix.lower() == ".csv":
        return "csv"
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return "xlsx"
    if path.suffix.lower() == ".json":
        return "json"
    raise InvalidInput(f"{path}: cannot tell the format from the name; give --format csv|xlsx|json")


def read_bundle(path: Path, fmt: str | None = None) -> Bundle:
    """Read the bundle at ``path`` into text rows; unreadable files raise ``InvalidInput``."""
    if not path.exists():
        raise InvalidInput(f"{path}: no such file or directory")
    kind = detect_format(path, fmt)
    if kind == "csv":
        return _read_csv_bundle(path)
    if kind == "xlsx":
        return _read_xlsx(path)
    return _read_json(path)


def _check_header(file: str, table: str, header: list[str]) -> list[str]:
    allowed = set(TABLE_COLUMNS[table]) | set(EXTRA_INPUT_COLUMNS.get(table, ()))
    names = [str(h).strip() if h is not None else "" for h in header]
    for number, name in enumerate(names, start=1):
        if name and name not in allowed:
            raise InvalidInput(
                f"{file}:1:{name}: unknown column in {table} (column {number}); "
                f"known: {', '.join(TABLE_COLUMNS[table])}"
            )
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise InvalidInput(f"{file}:1:{name}: column appears twice")
        seen.add(name)
    return names


def _read_csv_bundle(path: Path) -> Bundle:
    if path.is_file():
        bundle = Bundle(origin=str(path), base=path.parent)
        bundle.tables["claims"] = _read_csv_table(path, "claims")
        return bundle
    bundle = Bundle(origin=str(path), base=path)
    for table in TABLES:
        file = path / f"{table}.csv"
        if file.exists():
            bundle.tables[table] = _read_csv_table(file, table)
    if not bundle.tables:
        raise InvalidInput(
            f"{path}: no bundle tables here (expected claims.csv, events.csv, sources.csv, "
            "documents.csv or metrics.csv)"
        )
    return bundle


def _read_csv_table(file: Path, table: str) -> list[Row]:
    label = file.name
    try:
        with file.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header is None:
                raise InvalidInput(f"{label}:1: empty file, expected a header row")
            names = _check_header(label, table, header)
            rows = []
            for values in reader:
                if not any(v.strip() for v in values):
                    continue
                line = reader.line_num
                if len(values) > len(names):
                    raise InvalidInput(
                        f"{label}:{line}: {len(values)} cells but the header has {len(names)}"
                    )
                rows.append(Row(label, line, _cells(names, values)))
            return rows
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{label}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:
        raise InvalidInput(f"{label}: malformed CSV: {exc}") from None


def _cells(names: list[str], values: list[Any]) -> dict[str, str]:
    cells: dict[str, str] = {}
    for name, value in zip(names, values, strict=False):
        if name:
            cells[name] = _text(value)
    return cells


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise InvalidInput(f"unexpected boolean value {value!r}")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path) -> Bundle:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise InvalidInput("reading XLSX needs openpyxl: pip install 'claimsdb[xlsx]'") from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise InvalidInput(f"{path.name}: not a readable XLSX workbook ({exc})") from None
    bundle = Bundle(origin=str(path), base=path.parent)
    sheets = {name.strip().lower(): name for name in book.sheetnames}
    for table in TABLES:
        if table not in sheets:
            continue
        label = f"{path.name}[{sheets[table]}]"
        rows_iter = book[sheets[table]].iter_rows(values_only=True)
        header = next(rows_iter, None)
        if header is None:
            continue
        names = _check_header(label, table, list(header))
        rows = []
        for line, values in enumerate(rows_iter, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            rows.append(Row(label, line, _cells(names, list(values))))
        bundle.tables[table] = rows
    book.close()
    if not bundle.tables:
        raise InvalidInput(
            f"{path.name}: no sheet named claims, events, sources, documents, metrics"
        )
    return bundle


def _read_json(path: Path) -> Bundle:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path.name}: not UTF-8 text ({exc.reason})") from None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InvalidInput(f"{path.name}: malformed JSON: {exc}") from None
    if isinstance(data, list):  # a bare list is a list of claims
        data = {"claims": data}
    if not isinstance(data, dict):
        raise InvalidInput(f"{path.name}: expected an object of tables or a list of claims")
    bundle = Bundle(origin=str(path), base=path.parent)
    for table, items in data.items():
        if table not in TABLE_COLUMNS:
            raise InvalidInput(f"{path.name}: unknown table {table!r}; known: {', '.join(TABLES)}")
        if not isinstance(items, list):
            raise InvalidInput(f"{path.name}: {table} must be a list of objects")
        label = f"{path.name}[{table}]"
        rows = []
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise InvalidInput(f"{label}:{number}: expected an object")
            _check_header(label, table, list(item))
            for column, value in item.items():
                if isinstance(value, dict | list):
                    raise InvalidInput(f"{label}:{number}:{column}: expected text or a number")
            try:
                rows.append(Row(label, number, _cells(list(item), list(item.values()))))
            except InvalidInput as exc:
                raise InvalidInput(f"{label}:{number}: {exc}") from None
        bundle.tables[table] = rows
    return bundle
