"""Hostile workbooks: random sheets and cells (formulas, dates, booleans), cells that come back
byte for byte, XML bombs, external entities, zip bombs and parts larger than they say. See
``hostile.py``."""

from __future__ import annotations

import re
import string
import time
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimsdb.interchange import TABLES
from claimsdb.load import readers
from tests.load.hostile import (
    COLUMNS,
    GOOD_ROW,
    KEYS,
    PLAUSIBLE,
    SLOW,
    XLSX_PROPERTY,
    Db,
    Formula,
    claims_workbook,
    good_workbook,
    import_file,
    imports_exactly,
    rewrite_part,
    workbook,
    xlsx_storable,
)

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
    path = claims_workbook(row, tmp_path / "claims.xlsx")
    imports_exactly(scratch, path, key, quote=quote, notes=notes)


def billion_laughs() -> str:
    """The classic: ten levels of ten references, 10⁹ "lol"s (3 GB) from under 1 KB."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return f"<!DOCTYPE lolz [{''.join(entities)}]>"


XXE = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


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
    monkeypatch.setattr(readers, "MAX_XLSX_BYTES", path.stat().st_size - 1)
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
    assert zip_bomb.stat().st_size < readers.MAX_XLSX_BYTES
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
    monkeypatch.setattr(readers, "MAX_XLSX_UNPACKED", 4 * 2**20)
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
