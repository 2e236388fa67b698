"""What the hostile-input tests share: hostile text, databases to run claimsdb on, and files.

The tests (``tests/load/test_hostile_*.py`` for the importers, ``tests/cli/test_hostile_arguments.py``
for command-line arguments) feed claimsdb random bytes, random CSV, JSON and XLSX shapes, XML and
zip bombs, and arguments full of SQL metacharacters, quotes, bidi marks, combining characters and
megabyte strings. Whatever comes in, claimsdb either does the right thing or answers with a clean
message: exit 1 or 2, ``error: ...`` on stderr (a bundle's further problems one per line), never a
traceback, and the database exactly as it was (every row of every table compared). Each property
tries ``EXAMPLES`` inputs per run and backend (``XLSX_EXAMPLES`` for workbooks, which are slower to
build and read).

The fixtures ``scratch``, ``db`` and ``shared`` are defined here; ``tests/load/conftest.py`` hands
them to this folder's tests.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url

from claimsdb.cli.main import cli
from claimsdb.interchange import CLAIM_COLUMNS
from claimsdb.store.engine import make_engine
from claimsdb.store.models import Claim, metadata
from claimsdb.store.types import unstorable
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

# Cells for random files: plausible values as often as hostile ones.
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
        out = {}
        with self.engine().connect() as conn:
            for table in metadata.sorted_tables:
                rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
                digest = hashlib.sha256(repr(rows).encode("utf-8", "surrogatepass")).hexdigest()
                out[table.name] = (len(rows), digest)
        return out

    def rows(self, *columns: Any, where: Any = None) -> list[tuple[Any, ...]]:
        """``SELECT columns [WHERE where]`` straight from the database, no command between."""
        query = select(*columns) if where is None else select(*columns).where(where)
        with self.engine().connect() as conn:
            return [tuple(row) for row in conn.execute(query)]

    def engine(self) -> Engine:
        """An engine of its own on the database, made on first use."""
        if self._engine is None:
            self._engine = make_engine(self.url)
        return self._engine

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


def seeded_copy(backend: str, folder: Path, request: pytest.FixtureRequest) -> Iterator[Db]:
    """A new database holding the bundled data set, dropped afterwards: on SQLite a copy of the
    module's read-only seeded file (``seeded_url``), on PostgreSQL a clone of the seeded
    template."""
    if backend == "sqlite":
        target = folder / "claims.db"
        template = make_url(request.getfixturevalue("seeded_url")).database
        assert template is not None
        shutil.copyfile(template, target)
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


def imports_exactly(db: Db, path: Path, key: str, **cells: str) -> None:
    """Importing ``path`` stores claim ``key`` with exactly these ``cells``."""
    assert db.run("import", str(path), label=path.name).exit_code == 0
    assert stored(db, key, *cells) == tuple(cells.values())


def stored(db: Db, key: str, *columns: str) -> tuple[Any, ...]:
    """Columns of claim ``key`` as the database holds them."""
    (row,) = db.rows(*(getattr(Claim, c) for c in columns), where=Claim.key == key)
    return row


def shown(db: Db, key: str) -> dict[str, Any]:
    """Claim ``key`` as ``show --format json`` gives it."""
    result = db.run("show", key, "--format", "json")
    assert result.exit_code == 0, result.stderr
    claim: dict[str, Any] = json.loads(result.stdout)["claim"]
    return claim


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


class Formula:
    """A workbook cell value written as a formula (``workbook`` writes any ``str`` as text)."""

    def __init__(self, text: str) -> None:
        self.text = text


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


def claims_workbook(row: dict[str, str], path: Path) -> Path:
    """A workbook whose claims sheet holds one claim ``row``."""
    return workbook({"claims": [list(row), list(row.values())]}, path)


def good_workbook(folder: Path) -> Path:
    """``claims.xlsx`` in ``folder``: a workbook claimsdb imports (``GOOD_ROW``)."""
    return claims_workbook(GOOD_ROW, folder / "claims.xlsx")


def rewrite_part(path: Path, part: str, change: Callable[[str], str]) -> None:
    """Rewrite one XML part of a workbook (its declaration kept first)."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
