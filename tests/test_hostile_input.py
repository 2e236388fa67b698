"""Hostile input: random bytes and random CSV, JSON and XLSX shapes for every importer, XML and zip
bombs, and command-line arguments full of SQL metacharacters, quotes, bidi marks, combining
characters and megabyte strings.

Whatever comes in, claimsdb either does the right thing or answers with a clean message: exit 1 or
2, ``error: ...`` on stderr (a bundle's further problems one per line), never a traceback, and the
database exactly as it was (every row of every table compared). An accepted text comes back byte
for byte from ``show --format json`` and from ``export`` (CSV and JSON); NUL characters and lone
surrogates are refused alike on SQLite and PostgreSQL. Each property tries ``EXAMPLES`` inputs per
run and backend (``XLSX_EXAMPLES`` for workbooks, which are slower to build and read).
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import re
import shutil
import string
import time
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from claimsdb.cli.main import cli
from claimsdb.interchange import CLAIM_COLUMNS, TABLES, neutralise, restore
from claimsdb.load import readers as bundle_module
from claimsdb.services import database as api
from claimsdb.store.engine import make_engine
from claimsdb.store.models import Base, Claim, Event, Revision, Source, unstorable
from claimsdb.vocabulary import MAX_CELL

EXAMPLES = 25  # hypothesis examples per property, per backend
XLSX_EXAMPLES = 10  # workbooks are slower to build and read
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
XLSX_PROPERTY = settings(PROPERTY, max_examples=XLSX_EXAMPLES)
SLOW = 5.0  # seconds: no single command on hostile input may take longer (they take < 1 s)
RUNNER = CliRunner()
KEYS = itertools.count(1)  # fresh claim keys across examples

# -- hostile text ---------------------------------------------------------------------------------

SQL = [
    "'; DROP TABLE claims; --",
    "' OR '1'='1",
    '" OR ""="',
    "%",
    "_",
    "%_%",
    "\\",
    "\\'",
    "\\\\",
    "';--",
    "/*",
    "*/",
    "1; SELECT pg_sleep(10)",
    "$$",
    "E'\\x27'",
    "`",
    "' UNION SELECT * FROM revisions --",
    "*",
    "?",
    ":name",
    "%s",
    "{}",
]
MARKS = [
    "\u202e",  # right-to-left override
    "\u202d",
    "\u200f",  # right-to-left mark
    "\u200e",
    "\u2066",
    "\u2069",
    "\u061c",
    "\u0301",  # combining acute
    "\u0308",
    "\u200b",  # zero-width space
    "\ufeff",
    "🙂",
    "👩\u200d👩\u200d👧",
    "🇦🇿",
    "ı",
    "İ",
    "ß",
    "ﷺ",  # one character, eighteen when folded
    "Ходжалы",
    "Խոջալու",
    "خوجالي",
    "\u2028",
    "\u00a0",
    "\x85",
    "\x1f",
    "\x01",
]
PIECES = [*SQL, *MARKS, "'", '"', "''", "\n", "\r", "\r\n", "\t", " ", ",", ";", "=", "+", "-", "@"]
UNSTORABLE = ["\x00", "\ud800", "\udcff"]  # NUL; lone surrogates (undecodable argv bytes)

# Any text but NUL and lone surrogates (which the next strategy adds on purpose).
anything = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=6)
hostile = st.lists(st.one_of(st.sampled_from(PIECES), anything), min_size=1, max_size=8).map(
    "".join
)
# Now and then a NUL or a lone surrogate somewhere: those must be refused.
hostile_or_unstorable = st.one_of(
    hostile,
    hostile,
    hostile,
    st.tuples(hostile, st.sampled_from(UNSTORABLE), hostile).map("".join),
)
# What the byte-for-byte properties store: text without surrounding whitespace (stored text is
# stripped; see test_stored_text_is_stripped_of_surrounding_whitespace).
storable = hostile.map(str.strip).filter(lambda text: bool(text) and unstorable(text) is None)
# Text an XLSX cell can hold: no control characters but tab and LF (a CR becomes LF in XML).
XLSX_BAD = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff]")
xlsx_storable = storable.filter(lambda text: not XLSX_BAD.search(text))

_HEAD = "\u202e'; DROP TABLE claims; --"
MEGABYTE = _HEAD + "x" * (MAX_CELL - len(_HEAD))  # exactly 1,000,000 characters


# -- databases, commands and what "unchanged" means -----------------------------------------------


class Db:
    """One database: run claimsdb on it, and fingerprint every row of every table."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None

    def run(self, *args: str, label: str | None = None) -> Result:
        """``claimsdb --db URL ARGS``, checked to end cleanly (see ``assert_clean``)."""
        result = RUNNER.invoke(cli, ["--db", self.url, *args], catch_exceptions=True)
        assert_clean(result, args, label)
        return result

    def state(self) -> dict[str, tuple[int, str]]:
        """Each table's row count and a digest of all its rows."""
        if self._engine is None:
            self._engine = make_engine(self.url)
        out = {}
        with self._engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
                digest = hashlib.sha256(repr(rows).encode("utf-8", "surrogatepass")).hexdigest()
                out[table.name] = (len(rows), digest)
        return out

    def rows(self, *columns: Any, where: Any = None) -> list[tuple[Any, ...]]:
        """``SELECT columns [WHERE where]`` straight from the database, no command between."""
        if self._engine is None:
            self._engine = make_engine(self.url)
        query = select(*columns) if where is None else select(*columns).where(where)
        with self._engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query)]

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def short(args: tuple[str, ...] | list[str]) -> list[str]:
    return [a if len(a) < 80 else f"{a[:40]!r}…({len(a):,} characters)" for a in args]


def assert_clean(result: Result, args: tuple[str, ...] | list[str], label: str | None) -> None:
    """Exit 0, 1 or 2; no traceback; a failure says ``error: ...`` and, when it goes on, one
    problem a line: ``LABEL...`` for a bundle (its file name), ``column: ...`` otherwise."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback from claimsdb {short(args)}") from result.exception
    assert result.exit_code in (0, 1, 2), (short(args), result.exit_code, result.stderr[:500])
    assert "Traceback" not in result.stderr
    if result.exit_code == 0:
        return
    lines = result.stderr.splitlines()
    assert lines and lines[0].startswith("error: "), (short(args), result.stderr[:500])
    assert not lines[0].startswith("error: database:"), (short(args), lines[0][:500])
    more = re.compile(rf"({re.escape(label)}|… and \d+ more problems$)" if label else r"[a-z_]+: ")
    for line in lines[1:]:
        assert more.match(line), (short(args), line[:300])


def refused(result: Result) -> bool:
    return result.exit_code != 0


@pytest.fixture(scope="module")
def sqlite_seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the bundled data set, made once and copied for each database."""
    path = tmp_path_factory.mktemp("template") / "claims.db"
    engine, _, _ = api.init(f"sqlite:///{path}")
    api.seed(engine, actor="seeder")
    engine.dispose()
    return path


def seeded_copy(backend: str, folder: Path, request: pytest.FixtureRequest) -> Iterator[Db]:
    """A new database holding the bundled data set (a copy, or a clone of the seeded template),
    dropped afterwards."""
    if backend == "sqlite":
        target = folder / "claims.db"
        shutil.copyfile(request.getfixturevalue("sqlite_seeded"), target)
        database = Db(f"sqlite:///{target}")
        yield database
        database.dispose()
        return
    cluster = request.getfixturevalue("pg_cluster")
    database = Db(cluster.create(template="seeded"))
    yield database
    database.dispose()
    cluster.drop(database.url)


@pytest.fixture(scope="module")
def scratch(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Db]:
    """A database holding the bundled data set that the module's tests write to in turn: each
    compares it before and after its own commands, and uses claim keys of its own."""
    yield from seeded_copy(backend, tmp_path_factory.mktemp("scratch"), request)


@pytest.fixture
def db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Db]:
    """A database of this test's own holding the bundled data set, to write to: for tests that
    need what the bundled data set lacks, or store megabytes."""
    yield from seeded_copy(backend, tmp_path, request)


@pytest.fixture
def shared(seeded_url: str) -> Iterator[Db]:
    """The module's read-only seeded database."""
    database = Db(seeded_url)
    yield database
    database.dispose()


def import_file(db: Db, path: Path, *flags: str) -> Result:
    """Import ``path``: a clean result, and on a refusal a database exactly as it was."""
    before = db.state()
    result = db.run("import", str(path), *flags, label=path.name)
    if refused(result) or "--dry-run" in flags:
        assert db.state() == before, f"{path.name}: refused, yet the database changed"
    return result


def stored(db: Db, key: str, *columns: str) -> tuple[Any, ...]:
    """Columns of claim ``key`` as the database holds them."""
    (row,) = db.rows(*(getattr(Claim, c) for c in columns), where=Claim.key == key)
    return row


def shown(db: Db, key: str) -> dict[str, Any]:
    result = db.run("show", key, "--format", "json")
    assert result.exit_code == 0, result.stderr
    claim: dict[str, Any] = json.loads(result.stdout)["claim"]
    return claim


def exported_csv(db: Db, key: str, *filters: str) -> dict[str, str]:
    """The claim ``key`` as ``export`` writes it to stdout as CSV, formula guards undone."""
    result = db.run("export", *filters)
    assert result.exit_code == 0, result.stderr
    text = result.stdout_bytes.decode("utf-8")  # .stdout would turn CRLF into LF
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert all(None not in row and None not in row.values() for row in rows), "ragged CSV"
    found = [{c: restore(v) for c, v in row.items()} for row in rows if row["key"] == key]
    assert len(found) == 1
    return found[0]


def exported(db: Db, key: str, *filters: str) -> tuple[dict[str, str], dict[str, str]]:
    """The claim ``key`` as ``export`` gives it in CSV and in JSON."""
    result = db.run("export", *filters, "--format", "json")
    assert result.exit_code == 0, result.stderr
    from_json = [c for c in json.loads(result.stdout)["claims"] if c["key"] == key]
    assert len(from_json) == 1
    return exported_csv(db, key, *filters), from_json[0]


# -- files ----------------------------------------------------------------------------------------

GOOD_ROW = {
    "key": "hostile-good",
    "event": "khojaly",
    "metric": "killed",
    "phrase": "at least 161",
    "claimant": "Memorial",
    "quote": "quoted",
    "notes": "noted",
}


def csv_bytes(header: list[str], rows: list[list[str]], *, quoting: Any = csv.QUOTE_ALL) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


def workbook(sheets: dict[str, list[list[Any]]], path: Path) -> Path:
    """A workbook with these sheets; text is written as text, even "=1+1", and only ``Formula``
    values as formulas."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([v.text if isinstance(v, Formula) else v for v in row])
            for cell, value in zip(sheet[sheet.max_row], row, strict=False):
                if isinstance(value, str):
                    cell.data_type = "s"
    book.save(path)
    return path


class Formula:
    def __init__(self, text: str) -> None:
        self.text = text


VALID_CSV = csv_bytes(list(GOOD_ROW), [list(GOOD_ROW.values())])
VALID_JSON = json.dumps([GOOD_ROW]).encode()


def valid_xlsx(tmp_path: Path) -> bytes:
    path = workbook({"claims": [list(GOOD_ROW), list(GOOD_ROW.values())]}, tmp_path / "v.xlsx")
    return path.read_bytes()


def mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """Apply (position, kind, byte) edits: 0 overwrite, 1 insert, 2 delete, 3 truncate."""
    out = bytearray(data)
    for position, kind, value in edits:
        if not out:
            break
        at = position % len(out)
        if kind == 0:
            out[at] = value
        elif kind == 1:
            out.insert(at, value)
        elif kind == 2:
            del out[at]
        else:
            del out[at:]
    return bytes(out)


edits = st.lists(
    st.tuples(st.integers(0, 2**16), st.integers(0, 3), st.integers(0, 255)), min_size=1, max_size=6
)


# -- importers: random bytes and mutated files ----------------------------------------------------


@PROPERTY
@given(
    suffix=st.sampled_from(["csv", "json", "xlsx"]),
    data=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b),  # a zip, so it seems
        st.binary(max_size=500).map(lambda b: b"\xef\xbb\xbf" + b),  # a UTF-8 BOM, then noise
        st.binary(max_size=500).map(lambda b: b"key,event,metric,phrase,claimant\n" + b),
        st.binary(max_size=500).map(lambda b: b'[{"key": "' + b),
    ),
    flags=st.sampled_from([(), ("--create-missing",), ("--dry-run",)]),
)
def test_random_bytes(
    scratch: Db, tmp_path: Path, suffix: str, data: bytes, flags: tuple[str]
) -> None:
    path = tmp_path / f"claims.{suffix}"
    path.write_bytes(data)
    import_file(scratch, path, *flags)


@pytest.mark.parametrize("suffix", ["csv", "json", "xlsx"])
@PROPERTY
@given(changes=edits, flags=st.sampled_from([(), ("--create-missing",)]))
def test_mutated_files(
    scratch: Db, tmp_path: Path, suffix: str, changes: list[tuple[int, int, int]], flags: tuple[str]
) -> None:
    valid = {"csv": VALID_CSV, "json": VALID_JSON}.get(suffix) or valid_xlsx(tmp_path)
    path = tmp_path / f"claims.{suffix}"
    path.write_bytes(mutate(valid, changes))
    import_file(scratch, path, *flags)


# -- importers: random CSV shapes -----------------------------------------------------------------

COLUMNS = [*CLAIM_COLUMNS, "figure"]
PLAUSIBLE = [
    "khojaly",
    "Xocalı",
    "killed",
    "wounded",
    "613",
    "at least 161",
    "several hundred",
    "Memorial",
    "Human Rights Watch",
    "HRW",
    "ngo",
    "none",
    "",
    "1992",
    "1992-02-26",
    "active",
    "exact",
    "khojaly-massacre-killed-hrw",
    "nagorno-karabakh-war-article",
    "=1+1",
]
cells = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.sampled_from(PLAUSIBLE),
    hostile_or_unstorable,
    st.integers(0, 5000).map(lambda n: "x" * n),
)
headers = st.lists(
    st.one_of(st.sampled_from(COLUMNS), st.sampled_from(COLUMNS), hostile), min_size=1, max_size=9
)


@PROPERTY
@given(
    header=headers,
    rows=st.lists(st.lists(cells, max_size=10), max_size=5),
    quoting=st.sampled_from([csv.QUOTE_ALL, csv.QUOTE_MINIMAL, csv.QUOTE_NONE]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]),
    flags=st.sampled_from([(), ("--create-missing",)]),
)
def test_random_csv_shapes(
    scratch: Db,
    tmp_path: Path,
    header: list[str],
    rows: list[list[str]],
    quoting: int,
    encoding: str,
    flags: tuple[str],
) -> None:
    if quoting == csv.QUOTE_NONE:  # no quoting at all: commas and newlines break the shape
        lines = [",".join(header), *(",".join(row) for row in rows)]
        text = "\n".join(lines) + "\n"
    else:
        text = csv_bytes(header, rows, quoting=quoting).decode("utf-8", "surrogatepass")
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    path = tmp_path / "claims.csv"
    path.write_bytes(text.encode(encoding, errors))
    import_file(scratch, path, *flags)


@PROPERTY
@given(quote=storable, notes=storable, phrase=st.sampled_from(["613", "=613", "-613", "@613"]))
def test_csv_cells_come_back_byte_for_byte(
    scratch: Db, tmp_path: Path, quote: str, notes: str, phrase: str
) -> None:
    """Cells written as ``claimsdb export`` writes them (formula guard and all) are stored as
    they were before the guard."""
    key = f"hostile-csv-{next(KEYS)}"
    header = ["key", "event", "metric", "figure", "phrase", "claimant", "quote", "notes"]
    row = [key, "khojaly", "killed", "613", phrase, "Memorial", quote, notes]
    path = tmp_path / "claims.csv"
    path.write_bytes(csv_bytes(header, [[neutralise(c) for c in row]]))
    assert scratch.run("import", str(path), label=path.name).exit_code == 0
    assert stored(scratch, key, "phrase", "quote", "notes") == (phrase, quote, notes)


# -- importers: random JSON shapes, deep nesting, giant values ------------------------------------

json_keys = st.one_of(st.sampled_from([*COLUMNS, *TABLES]), hostile)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.sampled_from(PLAUSIBLE),
    hostile_or_unstorable,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(json_keys, inner, max_size=4)
    ),
    max_leaves=12,
)
claim_objects = st.dictionaries(
    st.one_of(st.sampled_from(COLUMNS), st.sampled_from(COLUMNS), hostile),
    st.one_of(json_scalars, json_scalars, json_values),
    max_size=10,
)
json_documents = st.one_of(
    json_values,
    st.lists(claim_objects, max_size=4),
    st.dictionaries(
        st.one_of(st.sampled_from(TABLES), hostile),
        st.one_of(st.lists(claim_objects, max_size=3), json_values),
        max_size=3,
    ),
)


@PROPERTY
@given(
    document=json_documents,
    ascii_only=st.booleans(),
    flags=st.sampled_from([(), ("--create-missing",)]),
)
def test_random_json_shapes(
    scratch: Db, tmp_path: Path, document: Any, ascii_only: bool, flags: tuple[str]
) -> None:
    path = tmp_path / "claims.json"
    text = json.dumps(document, ensure_ascii=ascii_only)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    import_file(scratch, path, *flags)


@PROPERTY
@given(quote=storable, notes=storable)
def test_json_cells_come_back_byte_for_byte(
    scratch: Db, tmp_path: Path, quote: str, notes: str
) -> None:
    key = f"hostile-json-{next(KEYS)}"
    path = tmp_path / "claims.json"
    path.write_text(json.dumps([{**GOOD_ROW, "key": key, "quote": quote, "notes": notes}]))
    assert scratch.run("import", str(path), label=path.name).exit_code == 0
    assert stored(scratch, key, "quote", "notes") == (quote, notes)


DEEP = 100_000
HUGE_JSON: list[tuple[str, str, str]] = [
    ("nested lists", "[" * DEEP + "]" * DEEP, "malformed JSON"),
    ("nested objects", '{"a":' * DEEP + "1" + "}" * DEEP, "malformed JSON"),
    ("nested cell", '[{"key": "k", "notes": ' + "[" * DEEP + "]" * DEEP + "}]", "malformed JSON"),
    ("shallow nested cell", '[{"key": "k", "notes": [[["x"]]]}]', "expected text or a number"),
    ("5,000-digit number", '[{"key": "k", "best": ' + "9" * 5000 + "}]", "implausibly large"),
    (
        "cell of 1,000,001 characters",
        json.dumps([{**GOOD_ROW, "notes": "x" * (MAX_CELL + 1)}]),
        "notes: longer than 1,000,000 characters",
    ),
    ("lone surrogate", json.dumps([{**GOOD_ROW, "notes": "a\ud800b"}]), "lone surrogate (U+D800)"),
    ("NUL", json.dumps([{**GOOD_ROW, "notes": "a\x00b"}]), "notes: contains a NUL character"),
    ("boolean", json.dumps([{**GOOD_ROW, "notes": True}]), "unexpected boolean value"),
    ("infinity", '[{"key": "k", "best": Infinity}]', "'inf' is not a plain non-negative number"),
    ("a string", '"claims"', "expected an object of tables or a list of claims"),
    ("unknown table", '{"claimz": []}', "unknown table 'claimz'"),
]


def test_deep_and_giant_json_is_refused(scratch: Db, tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    for case, text, message in HUGE_JSON:
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        started = time.monotonic()
        result = import_file(scratch, path)
        assert time.monotonic() - started < SLOW, case
        assert result.exit_code == 2, case
        assert message in result.stderr, (case, result.stderr[:300])


def write_claims(path: Path, row: dict[str, str]) -> Path:
    """One claim row as ``path``'s format; in a workbook the cells are spliced into the sheet's
    XML afterwards, as openpyxl cuts any text at Excel's 32,767 characters when writing."""
    if path.suffix == ".csv":
        path.write_bytes(csv_bytes(list(row), [list(row.values())]))
    elif path.suffix == ".json":
        path.write_text(json.dumps([row]), encoding="utf-8")
    else:
        marks = {f"CELL{n}MARK": value for n, value in enumerate(row.values())}
        workbook({"claims": [list(row), list(marks)]}, path)

        def splice(xml: str) -> str:
            for mark, value in marks.items():
                escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                xml = xml.replace(mark, escaped)
            return xml

        rewrite_part(path, "xl/worksheets/sheet1.xml", splice)
    return path


def test_a_cell_of_exactly_the_limit_comes_back_whole(db: Db, tmp_path: Path) -> None:
    for suffix in ("csv", "json", "xlsx"):
        cell_of_the_limit(db, tmp_path, suffix)


def cell_of_the_limit(db: Db, tmp_path: Path, suffix: str) -> None:
    key = f"hostile-huge-{suffix}"
    row = {**GOOD_ROW, "key": key, "quote": MEGABYTE, "notes": MEGABYTE[::-1]}
    assert import_file(db, write_claims(tmp_path / f"claims.{suffix}", row)).exit_code == 0
    claim = shown(db, key)
    assert claim["quote"] == MEGABYTE and claim["notes"] == MEGABYTE[::-1]
    # One character more is refused, whichever way it comes.
    longer = {**row, "key": f"{key}-2", "notes": MEGABYTE + "y"}
    result = import_file(db, write_claims(tmp_path / f"longer.{suffix}", longer))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: longer.{suffix}")
    assert "longer than 1,000,000 characters" in result.stderr  # CSV: the reader's own limit


# -- importers: XLSX shapes, XML bombs, zip bombs -------------------------------------------------

xlsx_cells = st.one_of(
    st.none(),
    st.sampled_from(PLAUSIBLE),
    xlsx_storable,
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1)),
    st.sampled_from([Formula("=1+1"), Formula("=A1&B1")]),
)
sheet_titles = st.one_of(
    st.sampled_from([*TABLES, "texts", "Claims", " claims ", "Sheet"]),
    st.text(alphabet=string.ascii_letters + string.digits + " _-", min_size=1, max_size=20),
)


@XLSX_PROPERTY
@given(
    sheets=st.dictionaries(
        sheet_titles,
        st.tuples(
            st.lists(st.one_of(st.sampled_from(COLUMNS), xlsx_storable), max_size=8),
            st.lists(st.lists(xlsx_cells, max_size=8), max_size=4),
        ).map(lambda hr: [hr[0], *hr[1]]),
        min_size=1,
        max_size=3,
    ),
    flags=st.sampled_from([(), ("--create-missing",)]),
)
def test_random_xlsx_shapes(
    scratch: Db, tmp_path: Path, sheets: dict[str, list[list[Any]]], flags: tuple[str]
) -> None:
    titles = {t.strip().lower() for t in sheets}
    if len(titles) < len(sheets):  # a workbook cannot have two sheets of one name
        return
    import_file(scratch, workbook(sheets, tmp_path / "claims.xlsx"), *flags)


@XLSX_PROPERTY
@given(quote=xlsx_storable, notes=xlsx_storable)
def test_xlsx_cells_come_back_byte_for_byte(
    scratch: Db, tmp_path: Path, quote: str, notes: str
) -> None:
    key = f"hostile-xlsx-{next(KEYS)}"
    row = {**GOOD_ROW, "key": key, "quote": quote, "notes": notes}
    path = workbook({"claims": [list(row), list(row.values())]}, tmp_path / "claims.xlsx")
    assert scratch.run("import", str(path), label=path.name).exit_code == 0
    assert stored(scratch, key, "quote", "notes") == (quote, notes)


def billion_laughs() -> str:
    """The classic: ten levels of ten references, 10⁹ "lol"s (3 GB) from under 1 KB."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return f"<!DOCTYPE lolz [{''.join(entities)}]>"


XXE = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def rewrite_part(path: Path, part: str, change: Callable[[str], str]) -> None:
    """Rewrite one XML part of a workbook (its declaration kept first)."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


def with_doctype(doctype: str, reference: str) -> Callable[[str], str]:
    """Put ``doctype`` after the XML declaration and ``reference`` into the first text."""

    def change(xml: str) -> str:
        declaration, rest = xml.split("?>", 1) if xml.startswith("<?xml") else ("", xml)
        head = f"{declaration}?>" if declaration else ""
        rest = re.sub(r"(<t[^>]*>)", rf"\1{reference}", rest, count=1)
        rest = re.sub(r"(<v>)", rf"\1{reference}", rest, count=1) if reference not in rest else rest
        return f"{head}{doctype}{rest}"

    return change


SHARED = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def add_shared_strings(path: Path) -> None:
    """Give a workbook a shared string table, as Excel writes one."""
    rewrite_part(
        path,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            "</Types>",
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED}"/></Types>',
        ),
    )
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>noted'
            "</t></si></sst>",
        )


def good_workbook(tmp_path: Path) -> Path:
    return workbook({"claims": [list(GOOD_ROW), list(GOOD_ROW.values())]}, tmp_path / "claims.xlsx")


@pytest.mark.parametrize(
    ("doctype", "reference"),
    [(billion_laughs(), "&lol9;"), (XXE, "&xxe;")],
    ids=["billion-laughs", "external-entity"],
)
def test_xml_bombs_are_refused(scratch: Db, tmp_path: Path, doctype: str, reference: str) -> None:
    for part in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml"):
        path = good_workbook(tmp_path)
        if part == "xl/sharedStrings.xml":  # openpyxl writes inline strings: add a string table
            add_shared_strings(path)
        rewrite_part(path, part, with_doctype(doctype, reference))
        started = time.monotonic()
        result = import_file(scratch, path)
        assert time.monotonic() - started < SLOW, part
        assert result.exit_code == 2, part
        assert result.stderr.startswith("error: claims.xlsx: not a readable XLSX workbook (")
        assert "Forbidden" in result.stderr, part  # defusedxml refused it: no parse went ahead
        assert "root:" not in result.stderr  # nothing of the entity's file in the message


def test_a_workbook_over_the_size_limit_is_refused(
    scratch: Db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = good_workbook(tmp_path)
    monkeypatch.setattr(bundle_module, "MAX_XLSX_BYTES", path.stat().st_size - 1)
    result = import_file(scratch, path)
    assert result.exit_code == 2
    assert "over claimsdb's limit of" in result.stderr
    assert "export the claims sheet as CSV instead" in result.stderr


def add_part(path: Path, name: str, megabytes: int) -> None:
    """Add a part of ``megabytes`` MiB of zeros: a few KB on disk per 500 MB unpacked."""
    zeros = bytes(2**20)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open(name, "w") as part,
    ):
        for _ in range(megabytes):
            part.write(zeros)


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real workbook plus a 501 MiB part of zeros (2 MB on disk): over the unpacked limit."""
    folder = tmp_path_factory.mktemp("bomb")
    path = good_workbook(folder)
    add_part(path, "xl/media/zeros.bin", 501)
    return path


def test_a_zip_bomb_is_refused_before_unpacking(scratch: Db, zip_bomb: Path) -> None:
    assert zip_bomb.stat().st_size < bundle_module.MAX_XLSX_BYTES
    started = time.monotonic()
    result = import_file(scratch, zip_bomb)
    assert time.monotonic() - started < SLOW
    assert result.exit_code == 2
    assert "unpacks to 501 MB, over claimsdb's limit of 500 MB (a zip bomb?)" in result.stderr


def test_the_unpacked_limit_counts_every_part(
    scratch: Db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = good_workbook(tmp_path)
    add_part(path, "xl/worksheets/sheet9.xml", 8)
    monkeypatch.setattr(bundle_module, "MAX_XLSX_UNPACKED", 4 * 2**20)
    result = import_file(scratch, path)
    assert result.exit_code == 2
    assert "(a zip bomb?)" in result.stderr


def test_a_part_larger_than_it_says_is_refused(scratch: Db, tmp_path: Path) -> None:
    """A part whose header claims a few KB but which inflates to 64 MB: the size check believes
    the header, the reader stops where the header says and the checksum fails."""
    path = good_workbook(tmp_path)
    part = "xl/worksheets/sheet1.xml"

    def padded(xml: str) -> str:
        return xml.replace("</sheetData>", "</sheetData>" + " " * 64 * 2**20, 1)

    with zipfile.ZipFile(path) as archive:
        honest = archive.getinfo(part).file_size
    rewrite_part(path, part, padded)
    data = bytearray(path.read_bytes())
    name = part.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        name_at = 30 if signature == b"PK\x03\x04" else 46
        for match in re.finditer(re.escape(signature), data):
            start = match.start()
            if data[start + name_at : start + name_at + len(name)] == name:
                data[start + size_at : start + size_at + 4] = honest.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(part).file_size == honest  # what the size check will see
    started = time.monotonic()
    result = import_file(scratch, path)
    assert time.monotonic() - started < SLOW
    assert result.stderr == (
        "error: claims.xlsx: not a readable XLSX workbook (Bad CRC-32 for file "
        "'xl/worksheets/sheet1.xml')\n"
    )


# -- command-line arguments: reading --------------------------------------------------------------

READS: list[Callable[[str], list[str]]] = [
    lambda x: ["claims", "--event", x],
    lambda x: ["claims", "--source", x],
    lambda x: ["claims", "--metric", x, "--format", "json"],
    lambda x: ["claims", "--population", x, "--affiliation", x],
    lambda x: ["compare", x],
    lambda x: ["show", x],
    lambda x: ["check", "khojaly", "killed", x],
    lambda x: ["document", "history", x],
    # the same lookups, reached through other commands
    lambda x: ["compare", "khojaly", "--metric", x],
    lambda x: ["history", x],
    lambda x: ["check", x, "killed", "613"],
    lambda x: ["export", "--event", x],
    lambda x: ["source", "history", x],
    lambda x: ["event", "history", x],
]


@PROPERTY
@given(
    text=hostile_or_unstorable,
    commands=st.lists(st.sampled_from(READS), min_size=1, max_size=3, unique=True),
)
def test_read_commands_take_any_argument(
    shared: Db, text: str, commands: list[Callable[[str], list[str]]]
) -> None:
    before = shared.state()
    for command in commands:
        shared.run(*command(text))
    assert shared.state() == before


def test_read_commands_take_a_megabyte_argument(shared: Db) -> None:
    for command in READS[:8]:  # one of each way a name or key is looked up
        started = time.monotonic()
        result = shared.run(*command(MEGABYTE))
        assert time.monotonic() - started < SLOW, f"{command('X')}: a 1 MB argument took too long"
        assert result.exit_code in (1, 2)
        assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("nul", UNSTORABLE, ids=["NUL", "high-surrogate", "low-surrogate"])
def test_unstorable_lookups_are_refused_alike(shared: Db, nul: str) -> None:
    """SQLite would simply find nothing; PostgreSQL's driver refuses to send such text."""
    for args, what in [
        (["claims", "--event", f"khojaly{nul}"], "event"),
        (["claims", "--source", f"HRW{nul}"], "source"),
        (["claims", "--metric", f"killed{nul}"], "metric"),
        (["show", f"khojaly-massacre-killed-hrw{nul}"], "claim"),
        (["compare", f"khojaly{nul}"], "event"),
        (["document", "history", f"nagorno-karabakh-war-article{nul}"], "document"),
    ]:
        result = shared.run(*args)
        assert result.exit_code == 2, (args, result.stderr)
        reason = unstorable(nul)
        assert result.stderr == f"error: {what} {args[-1]!r} {reason}\n"


# -- command-line arguments: writing --------------------------------------------------------------


def add(db: Db, key: str, *options: str) -> Result:
    return db.run(
        "add",
        "--key",
        key,
        "--event",
        "khojaly",
        "--metric",
        "killed",
        "--figure",
        "about 500",
        "--claimant",
        "Memorial",
        *options,
    )


@PROPERTY
@given(quote=hostile_or_unstorable, notes=hostile_or_unstorable)
def test_add_stores_quote_and_notes_byte_for_byte(scratch: Db, quote: str, notes: str) -> None:
    key = f"hostile-add-{next(KEYS)}"
    before = scratch.state()
    result = add(scratch, key, "--quote", quote, "--notes", notes)
    if unstorable(quote + notes) is not None:
        assert result.exit_code == 2
        assert re.fullmatch(
            r"error: (quote|notes): contains (a NUL character|a lone surrogate \(U\+D[89A-F]\w\w\): "
            r"not valid Unicode text)\n((quote|notes): contains .*\n)?",
            result.stderr,
        ), result.stderr
        assert scratch.state() == before
        return
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{key}\n"
    expected = (quote.strip(), notes.strip())  # stored text is stripped, nothing else
    claim = shown(scratch, key)
    assert (claim["quote"], claim["notes"]) == expected
    copy = exported_csv(scratch, key, "--source", "Memorial")
    assert (copy["quote"], copy["notes"]) == expected


@PROPERTY
@given(notes=hostile_or_unstorable, reason=hostile_or_unstorable)
def test_edit_stores_notes_byte_for_byte(scratch: Db, notes: str, reason: str) -> None:
    key = "khojaly-massacre-killed-hrw"
    before = scratch.state()
    result = scratch.run("edit", key, "--set", f"notes={notes}", "--reason", reason)
    if unstorable(reason) is not None:  # the reason goes into the revision: refused first
        assert result.stderr == f"error: reason: {unstorable(reason)}\n"
    if unstorable(notes + reason) is not None:
        assert result.exit_code == 2
        assert result.stderr.startswith(("error: notes: contains ", "error: reason: contains "))
        assert scratch.state() == before
        return
    assert result.exit_code == 0, result.stderr
    assert stored(scratch, key, "notes") == (notes.strip() or None,)
    if result.stderr.startswith("edited"):  # the reason is kept exactly as given
        revisions = scratch.rows(Revision.id, Revision.reason, where=Revision.row_key == key)
        assert max(revisions)[1] == reason


@PROPERTY
@given(name=hostile_or_unstorable, kind=st.sampled_from(["ngo", "media", "cult"]))
def test_source_add_takes_any_name(scratch: Db, name: str, kind: str) -> None:
    before = scratch.state()
    result = scratch.run("source", "add", "--name", name, "--kind", kind)
    if refused(result):
        assert scratch.state() == before
        if kind == "cult" or unstorable(name):
            assert result.exit_code == 2
        return
    assert (name.strip(),) in scratch.rows(Source.name)  # stored byte for byte
    again = scratch.run("claims", "--source", name.strip())  # and found by it
    assert again.exit_code == 0, again.stderr


@PROPERTY
@given(name=hostile_or_unstorable)
def test_event_add_takes_any_name(scratch: Db, name: str) -> None:
    before = scratch.state()
    events = dict(scratch.rows(Event.slug, Event.name))
    result = scratch.run("event", "add", "--name", name)
    if refused(result):
        assert scratch.state() == before
        return
    after = dict(scratch.rows(Event.slug, Event.name))
    added = set(after) - set(events)
    assert len(added) == 1, "event add changed an existing event instead of adding one"
    assert {s: after[s] for s in events} == events
    assert after[added.pop()] == name.strip()  # byte for byte
    assert scratch.run("event", "history", "--", name.strip()).exit_code == 0  # found by it


def test_event_add_never_renames_the_event_its_slug_belongs_to(db: Db) -> None:
    before = db.state()
    for args in (
        ["event", "add", "--name", "Khojaly massacre +"],  # slug khojaly-massacre
        ["add", "--event", "Khojaly massacre +", "--metric", "killed", "--figure", "1",
         "--claimant", "Memorial", "--create-missing"],
    ):  # fmt: skip
        result = db.run(*args)
        assert result.exit_code == 2
        assert "'khojaly-massacre', belongs to event 'Khojaly massacre'" in result.stderr
    assert db.state() == before
    assert db.run("event", "add", "--name", "Ходжалы").exit_code == 0  # slug "unnamed"
    result = db.run("event", "add", "--name", "Խոջալու")  # "unnamed" too: not a rename
    assert result.exit_code == 2
    assert "belongs to event 'Ходжалы': give a slug of its own" in result.stderr
    assert db.run("event", "add", "--name", "Խոջալու", "--slug", "khojaly-hy").exit_code == 0


NAMELESS: list[tuple[list[str], str]] = [
    (["source", "add", "--name", "()", "--kind", "ngo"], "has nothing to find it by"),
    (["source", "add", "--name", "y" * 401, "--kind", "ngo"], "at most 400 characters"),
    (["source", "add", "--name", "ﷺ" * 30, "--kind", "ngo"], "at most 400 characters"),
    (["event", "add", "--name", MEGABYTE], "at most 400 characters"),
    (["event", "add", "--name", "z" * 300], "a slug may be at most 200 characters"),
    (["event", "add", "--name", "z", "--aliases", "a" * 401], "at most 400 characters"),
    (["add", "--event", "khojaly", "--metric", "killed", "--figure", "1", "--claimant", "[]",
      "--claimant-kind", "ngo", "--create-missing"], "has nothing to find it by"),
    (["add", "--event", "khojaly", "--metric", "killed", "--figure", "1", "--claimant",
      "Memorial", "--notes", MEGABYTE + "!"], "notes: longer than 1,000,000 characters"),
]  # fmt: skip


def test_names_no_lookup_could_find_are_refused_alike(scratch: Db) -> None:
    """Refused on both backends alike: SQLite would store them, PostgreSQL fail on them."""
    before = scratch.state()
    for args, message in NAMELESS:
        result = scratch.run(*args)
        assert result.exit_code == 2, short(args)
        assert message in result.stderr, (short(args), result.stderr[:300])
    assert scratch.state() == before


def test_megabyte_arguments_are_stored_whole(db: Db) -> None:
    key = "hostile-megabyte"
    started = time.monotonic()
    assert add(db, key, "--quote", MEGABYTE, "--notes", MEGABYTE[::-1]).exit_code == 0
    assert db.run("edit", key, "--set", f"locator={MEGABYTE}").exit_code == 0
    claim = shown(db, key)
    assert (claim["quote"], claim["notes"], claim["locator"]) == (
        MEGABYTE,
        MEGABYTE[::-1],
        MEGABYTE,
    )
    for copy in exported(db, key, "--source", "Memorial"):
        assert copy["quote"] == MEGABYTE
    result = db.run("source", "add", "--name", MEGABYTE, "--kind", "ngo")
    assert result.exit_code == 2
    assert time.monotonic() - started < 4 * SLOW


def test_unstorable_text_is_refused_and_nothing_written(scratch: Db, tmp_path: Path) -> None:
    before = scratch.state()
    for nul in UNSTORABLE:
        refuse_unstorable(scratch, tmp_path, nul)
    assert scratch.state() == before


def refuse_unstorable(scratch: Db, tmp_path: Path, nul: str) -> None:
    reason = unstorable(nul)
    for args, message in [
        (["add", "--event", "khojaly", "--metric", "killed", "--figure", "1", "--claimant",
          "Memorial", "--quote", f"a{nul}b"], f"error: quote: {reason}\n"),
        (["edit", "khojaly-massacre-killed-hrw", "--set", f"notes={nul}"],
         f"error: notes: {reason}\n"),
        (["source", "add", "--name", f"x{nul}", "--kind", "ngo"],
         f"error: source {f'x{nul}'!r} {reason}\n"),
        (["event", "add", "--name", f"x{nul}"], f"error: event {f'x{nul}'!r} {reason}\n"),
        (["document", "add", "--key", "d", "--title", f"t{nul}"], f"error: title: {reason}\n"),
    ]:  # fmt: skip
        result = scratch.run(*args)
        assert (result.exit_code, result.stderr) == (2, message), args
    header = ["key", "event", "metric", "phrase", "claimant", "notes"]
    path = tmp_path / "claims.csv"
    path.write_bytes(
        csv_bytes(header, [["k-1", "khojaly", "killed", "613", "Memorial", f"a{nul}"]])
    )
    result = import_file(scratch, path)
    if nul == "\x00":
        assert result.stderr == "error: claims.csv:2:notes: contains a NUL character\n"
    else:  # a surrogate cannot even be written as UTF-8: the file is not UTF-8 text
        assert "not UTF-8 text" in result.stderr


TRIMMED = [  # (written, stored)
    ("  padded  ", "padded"),
    ("\ttabbed\n", "tabbed"),
    ("\r\nwindows\r\n", "windows"),
    ("\u00a0no-break\u3000", "no-break"),  # Unicode spaces go too
    ("\x1c\x1dseparators\x1e\x1f", "separators"),  # str.strip() counts these as space
    ("\x85next-line\u2028", "next-line"),
    ("\u200bzero-width\ufeff", "\u200bzero-width\ufeff"),  # not whitespace: kept
    ("\u202ebidi\u200f", "\u202ebidi\u200f"),  # kept
    ("inner  \n  space", "inner  \n  space"),  # only the ends are trimmed
    ("   ", ""),  # nothing but space: stored empty
]


def test_stored_text_is_stripped_of_surrounding_whitespace(scratch: Db, tmp_path: Path) -> None:
    """What add, edit and import do to a text: ``str.strip()`` of its ends, nothing more."""
    keys = [f"hostile-strip-{n}" for n in range(len(TRIMMED))]
    for key, (written, _) in zip(keys, TRIMMED, strict=True):
        assert add(scratch, key, "--quote", written, "--locator", written).exit_code == 0
    path = tmp_path / "claims.csv"
    rows = [[key, neutralise(written)] for key, (written, _) in zip(keys, TRIMMED, strict=True)]
    path.write_bytes(csv_bytes(["key", "notes"], rows))
    assert import_file(scratch, path).exit_code == 0
    assert scratch.run("edit", keys[1], "--set", "grade= \tfair\n ").exit_code == 0
    claims = {
        c["key"]: c for c in json.loads(scratch.run("export", "--format", "json").stdout)["claims"]
    }
    for key, (_, stored) in zip(keys, TRIMMED, strict=True):
        assert (claims[key]["quote"], claims[key]["locator"], claims[key]["notes"]) == (stored,) * 3
    assert claims[keys[1]]["grade"] == "fair"


def test_sql_text_is_only_text(scratch: Db) -> None:
    """SQL in a value is stored, matched and exported as the text it is; the tables stay."""
    before = scratch.state()["claims"][0]
    for n, text in enumerate(SQL):
        assert add(scratch, f"hostile-sql-{n}", "--quote", text, "--notes", text).exit_code == 0
    listed = json.loads(scratch.run("claims", "--source", "Memorial", "--format", "json").stdout)
    stored = {c["key"]: (c["quote"], c["notes"]) for c in listed}
    for n, text in enumerate(SQL):
        assert stored[f"hostile-sql-{n}"] == (text.strip(), text.strip())
    result = scratch.run("claims", "--population", "%", "--format", "json")  # no LIKE wildcard
    assert all(c["population"] == "%" for c in json.loads(result.stdout or "[]"))
    assert scratch.run("events").exit_code == 0
    assert scratch.state()["claims"][0] == before + len(SQL)


def test_exports_keep_every_text_or_refuse_it(db: Db, tmp_path: Path) -> None:
    """A lone CR stays inside its CSV cell, and the export imports back unchanged; a workbook
    refuses a CR, a control character or a text longer than a cell, naming the claim and the
    column, rather than change the text."""
    key = "hostile-export"
    assert add(db, key, "--quote", "one\rtwo", "--notes", "a\r\nb").exit_code == 0
    for copy in exported(db, key, "--source", "Memorial"):
        assert (copy["quote"], copy["notes"]) == ("one\rtwo", "a\r\nb")
    back = tmp_path / "back.csv"
    assert db.run("export", "--source", "Memorial", "-o", str(back)).exit_code == 0
    assert "created 0 claims, updated 0" in import_file(db, back).stderr
    book = tmp_path / "out.xlsx"
    cell = "y" * 32_767
    for change, refusal in [
        ((), "quote: a carriage return, which a workbook gives back as a line feed"),
        (("quote=one\ntwo", "notes=bell\x07"),
         "notes: holds the control character U+0007, which a workbook cannot store"),
        ((f"notes={cell}z",), "notes: 32,768 characters, more than the 32,767 a cell holds"),
    ]:  # fmt: skip
        for setting in change:
            assert db.run("edit", key, "--set", setting).exit_code == 0
        result = db.run("export", "-o", str(book))
        assert (result.exit_code, result.stderr) == (
            2,
            f"error: cannot write XLSX: claims {key!r}, {refusal}; export CSV or JSON instead\n",
        )
        assert not book.exists()
    assert db.run("edit", key, "--set", f"notes={cell}").exit_code == 0
    assert db.run("export", "--source", "Memorial", "-o", str(book)).exit_code == 0
    assert "created 0 claims, updated 0" in import_file(db, book).stderr
