"""Hostile files for every importer: random bytes, mutated valid files, and cells of exactly the
limit of 1,000,000 characters (and one more) in CSV, JSON and XLSX alike. See ``hostile.py``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.load.hostile import (
    GOOD_ROW,
    MEGABYTE,
    PROPERTY,
    Db,
    claims_workbook,
    csv_bytes,
    good_workbook,
    import_file,
    rewrite_part,
    shown,
)

VALID_CSV = csv_bytes(list(GOOD_ROW), [list(GOOD_ROW.values())])
VALID_JSON = json.dumps([GOOD_ROW]).encode()


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
    valid = {"csv": VALID_CSV, "json": VALID_JSON}.get(suffix) or good_workbook(
        tmp_path
    ).read_bytes()
    path = tmp_path / f"claims.{suffix}"
    path.write_bytes(mutate(valid, changes))
    import_file(scratch, path, *flags)


def write_claims(path: Path, row: dict[str, str]) -> Path:
    """One claim row as ``path``'s format; in a workbook the cells are spliced into the sheet's
    XML afterwards, as openpyxl cuts any text at Excel's 32,767 characters when writing."""
    if path.suffix == ".csv":
        path.write_bytes(csv_bytes(list(row), [list(row.values())]))
    elif path.suffix == ".json":
        path.write_text(json.dumps([row]), encoding="utf-8")
    else:
        marks = {f"CELL{n}MARK": value for n, value in enumerate(row.values())}
        claims_workbook(dict(zip(row, marks, strict=True)), path)

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
