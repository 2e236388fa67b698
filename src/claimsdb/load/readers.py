"""Reading interchange bundles: a CSV directory, a lone claims CSV, an XLSX workbook or a JSON file.

A bundle is a set of tables (claims, events, sources, parties, documents, metrics). Reading only
turns the file into rows of text, each remembering where it came from (``FILE:ROW``) so that every
later error can name its file, row and column. The cells are read in ``cells`` and checked in
``entities`` and ``claims``.
"""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from claimsdb.errors import InvalidInput
from claimsdb.interchange import (
    EXTRA_INPUT_COLUMNS,
    FLAG_COLUMNS,
    TABLE_COLUMNS,
    TABLES,
    flag_text,
    restore,
)
from claimsdb.vocabulary import BUNDLE_FORMATS, MAX_CELL, MAX_XLSX_BYTES, MAX_XLSX_UNPACKED

csv.field_size_limit(MAX_CELL)


@dataclass(slots=True)
class Row:
    """One input row: where it came from and its values as text (missing cells are '')."""

    file: str
    line: int
    values: dict[str, str]

    def where(self, column: str) -> str:
        """``FILE:ROW:COLUMN`` for error messages; just the field for command-line input."""
        if not self.file:
            return column
        return f"{self.file}:{self.line}:{column}"


@dataclass(slots=True)
class Bundle:
    """The tables of one bundle, and the folder relative paths (``text_file``) resolve against."""

    origin: str
    base: Path | None = None
    tables: dict[str, Iterable[Row]] = field(default_factory=dict)

    def rows(self, table: str) -> Iterable[Row]:
        """The rows of ``table``; an absent table has none."""
        return self.tables.get(table, [])

    def text_file(self, name: str) -> str:
        """The UTF-8 text of the file ``name`` inside the bundle's folder (a document's
        ``text_file``); ``InvalidInput`` says why it cannot be read."""
        base = self.base or Path(".")
        path = (base / name).resolve()
        if base.resolve() not in path.parents:
            raise InvalidInput(f"{name!r} must be a file inside the bundle folder")
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InvalidInput(f"no file {name!r} next to the bundle") from None
        except UnicodeDecodeError:
            raise InvalidInput(f"{name!r} is not UTF-8 text") from None
        except OSError as exc:  # a folder, a name too long, no permission
            raise InvalidInput(f"cannot read {name!r}: {exc.strerror}") from None


def detect_format(path: Path, fmt: str | None) -> str:
    """The bundle format: given, or from the path (a directory or ``.csv`` is CSV)."""
    if fmt:
        if fmt not in BUNDLE_FORMATS:
            raise InvalidInput(f"unknown format {fmt!r}: use one of {', '.join(BUNDLE_FORMATS)}")
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
        bundle = _read_csv_bundle(path)
    elif kind == "xlsx":
        bundle = _read_xlsx(path)
    else:
        bundle = _read_json(path)
    if not any(bundle.tables.values()):
        raise InvalidInput(f"{path.name}: nothing to import: no rows below the header")
    return bundle


def _check_header(file: str, table: str, header: list[str]) -> list[str]:
    allowed = set(TABLE_COLUMNS[table]) | set(EXTRA_INPUT_COLUMNS.get(table, ()))
    names = [str(h).strip() if h is not None else "" for h in header]
    for number, name in enumerate(names, start=1):
        if name and name not in allowed:
            raise InvalidInput(
                f"{file}:1:{_shown(name)}: unknown column in {table} (column {number}); "
                f"known: {', '.join(TABLE_COLUMNS[table])}"
            )
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise InvalidInput(f"{file}:1:{_shown(name)}: column appears twice")
        seen.add(name)
    return names


def _shown(name: str) -> str:
    """A column name as a message shows it: quoted and escaped when it holds a line break or
    another character that is not printable, so each problem stays on one line."""
    return name if name.isprintable() else repr(name)


def _read_csv_bundle(path: Path) -> Bundle:
    if path.is_file():
        bundle = Bundle(origin=str(path), base=path.parent)
        bundle.tables["claims"] = CsvRows(path, "claims")
        return bundle
    bundle = Bundle(origin=str(path), base=path)
    for table in TABLES:
        file = path / f"{table}.csv"
        if file.exists():
            rows = CsvRows(file, table)
            # Claims stream from the file as they are loaded; the small tables are read whole.
            bundle.tables[table] = rows if table == "claims" else list(rows)
    if not bundle.tables:
        raise InvalidInput(
            f"{path}: no bundle tables here (expected claims.csv, events.csv, sources.csv, "
            "parties.csv, documents.csv or metrics.csv)"
        )
    return bundle


class CsvRows:
    """The rows of one CSV table, read from the file each time they are iterated.

    The header is checked at once; each data row becomes a ``Row`` only when it is reached, so
    a million-row file never sits in memory.
    """

    def __init__(self, file: Path, table: str) -> None:
        self.file = file
        self.label = file.name
        self.table = table
        with self._errors(1), file.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle, strict=True), None)
        if header is None:
            raise InvalidInput(f"{self.label}:1: empty file, expected a header row")
        self.names = _check_header(self.label, table, header)

    def __bool__(self) -> bool:
        return next(iter(self), None) is not None

    def __iter__(self) -> Iterator[Row]:
        label, names = self.label, self.names
        width = len(names)
        position = [2]
        with self._errors(position), self.file.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, strict=True)
            next(reader)
            position[0] = reader.line_num + 1  # where the next record starts
            for values in reader:
                start = position[0]
                position[0] = reader.line_num + 1
                if len(values) != width:
                    if len(values) > width:
                        raise InvalidInput(
                            f"{label}:{start}: {len(values)} cells but the header has {width}"
                        )
                    values += [""] * (width - len(values))
                joined = "".join(values)
                if not joined.strip():
                    continue
                cells = dict(zip(names, values, strict=True))
                if "'" in joined:  # only then can a cell carry a formula guard to strip
                    cells = {n: restore(v) for n, v in cells.items()}
                cells.pop("", None)
                yield Row(label, start, cells)

    @contextmanager
    def _errors(self, position: Any) -> Iterator[None]:
        try:
            yield
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"{self.label}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                "save the file as UTF-8 (in a spreadsheet: CSV UTF-8)"
            ) from None
        except csv.Error as exc:
            detail = str(exc)
            if "field larger than field limit" in detail:
                detail = f"a cell is longer than {MAX_CELL:,} characters"
            line = position[0] if isinstance(position, list) else position
            raise InvalidInput(f"{self.label}:{line}: malformed CSV: {detail}") from None


def _cells(names: list[str], values: list[Any]) -> dict[str, str]:
    cells = dict.fromkeys((n for n in names if n), "")  # short rows: missing cells are empty
    for name, value in zip(names, values, strict=False):
        if name in FLAG_COLUMNS and isinstance(value, bool):
            cells[name] = flag_text(value)
        elif name:
            try:
                cells[name] = _text(value)
            except InvalidInput as exc:
                raise InvalidInput(f"{_shown(name)}: {exc}") from None
    return cells


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise InvalidInput(f"unexpected boolean value {value!r}")
    if isinstance(value, datetime | date):  # a spreadsheet's date cell
        if isinstance(value, datetime) and value.time() != time(0):
            return value.isoformat(sep=" ")
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_workbook_size(path: Path) -> None:
    """Refuse a workbook too big to read safely, before any XML in it is parsed."""
    size = path.stat().st_size
    if size > MAX_XLSX_BYTES:
        raise InvalidInput(
            f"{path.name}: {size / 2**20:,.0f} MB is over claimsdb's limit of "
            f"{MAX_XLSX_BYTES // 2**20} MB for a workbook; export the claims sheet as CSV instead"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidInput(f"{path.name}: not a readable XLSX workbook ({exc})") from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise InvalidInput(
            f"{path.name}: unpacks to {unpacked / 2**20:,.0f} MB, over claimsdb's limit of "
            f"{MAX_XLSX_UNPACKED // 2**20} MB (a zip bomb?); export the claims sheet as CSV instead"
        )


def _read_xlsx(path: Path) -> Bundle:
    try:
        from openpyxl import load_workbook
        from openpyxl.xml import DEFUSEDXML
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise InvalidInput("reading XLSX needs openpyxl: pip install 'claimsdb[xlsx]'") from None
    if not DEFUSEDXML:  # pragma: no cover - depends on the installed extras
        raise InvalidInput("reading XLSX safely needs defusedxml: pip install 'claimsdb[xlsx]'")
    _check_workbook_size(path)
    bundle = Bundle(origin=str(path), base=path.parent)
    try:
        book = load_workbook(path, read_only=True, data_only=False)
        try:
            sheets = {name.strip().lower(): name for name in book.sheetnames}
            for table in TABLES:
                if table in sheets:
                    label = f"{path.name}[{sheets[table]}]"
                    bundle.tables[table] = _sheet_rows(book[sheets[table]], label, table)
            if "texts" in sheets and bundle.tables.get("documents"):
                _join_texts(book[sheets["texts"]], list(bundle.tables["documents"]))
        finally:
            book.close()
    except InvalidInput:
        raise
    except Exception as exc:  # malformed or hostile XML anywhere in the package
        # openpyxl wraps what went wrong in a ValueError of three lines naming the whole path.
        cause = exc.__cause__ or exc
        detail = str(cause).strip().splitlines()[0] if str(cause).strip() else repr(cause)
        raise InvalidInput(f"{path.name}: not a readable XLSX workbook ({detail})") from None
    if not bundle.tables:
        raise InvalidInput(
            f"{path.name}: no sheet named claims, events, sources, parties, documents or metrics"
        )
    return bundle


def _sheet_rows(sheet: Any, label: str, table: str) -> list[Row]:
    cells_iter = sheet.iter_rows()
    header = next(cells_iter, None)
    if header is None:
        return []
    names = _check_header(label, table, [c.value for c in header])
    rows = []
    for line, cells in enumerate(cells_iter, start=2):
        values = []
        for name, cell in zip(names, cells, strict=False):
            if cell.data_type == "f":
                raise InvalidInput(
                    f"{label}:{line}:{name or cell.column_letter}: a formula "
                    f"({cell.value}); claimsdb imports values only: paste the values instead"
                )
            values.append(cell.value)
        if any(v not in (None, "") for v in values):
            try:
                rows.append(Row(label, line, _cells(names, values)))
            except InvalidInput as exc:
                raise InvalidInput(f"{label}:{line}:{exc}") from None
    return rows


def _join_texts(sheet: Any, documents: list[Row]) -> None:
    """Document texts too long for one cell are kept in a ``texts`` sheet, in parts."""
    parts: dict[str, list[tuple[int, str]]] = {}
    for key, part, text in sheet.iter_rows(min_row=2, max_col=3, values_only=True):
        if key:
            parts.setdefault(str(key), []).append((int(part or 0), str(text or "")))
    for row in documents:
        found = parts.get(row.values.get("key", ""))
        if found and not row.values.get("text"):
            row.values["text"] = "".join(text for _, text in sorted(found))


def _read_json(path: Path) -> Bundle:
    try:
        # Integers stay their digits: a cell is text, and int() refuses over 4,300 digits.
        data = json.loads(path.read_text(encoding="utf-8"), parse_int=str)
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
                    raise InvalidInput(
                        f"{label}:{number}:{_shown(column)}: expected text or a number"
                    )
            try:
                rows.append(Row(label, number, _cells(list(item), list(item.values()))))
            except InvalidInput as exc:
                raise InvalidInput(f"{label}:{number}: {exc}") from None
        bundle.tables[table] = rows
    return bundle
