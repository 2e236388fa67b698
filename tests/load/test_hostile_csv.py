"""Hostile CSV: random headers, cells, quoting and encodings, and cells that come back byte for
byte through the formula guard. See ``hostile.py``."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from claimsdb.interchange import neutralise
from tests.load.hostile import (
    COLUMNS,
    KEYS,
    PLAUSIBLE,
    PROPERTY,
    Db,
    csv_bytes,
    hostile,
    hostile_or_unstorable,
    import_file,
    imports_exactly,
    storable,
)

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
    imports_exactly(scratch, path, key, phrase=phrase, quote=quote, notes=notes)
