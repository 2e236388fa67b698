"""Bad input is refused with one exact message per problem, exit 2, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from claimsdb.load.loader import load_bundle
from claimsdb.store.engine import reading
from claimsdb.store.models import Batch, Claim, Revision

H = "key,event,metric,population,low,high,best,qualifier,phrase,claimant"
OK = "khojaly,killed,,,,613,exact,613,Human Rights Watch"

CASES: list[tuple[str, bytes, str]] = [
    ("empty.csv", b"", "error: empty.csv:1: empty file, expected a header row"),
    (
        "header.csv",
        f"{H}\n".encode(),
        "error: header.csv: nothing to import: no rows below the header",
    ),
    (
        "latin1.csv",
        f"{H}\nk1,{OK} \xe9\n".encode("latin-1"),
        "error: latin1.csv: not UTF-8 text (invalid continuation byte at byte 122); save the file "
        "as UTF-8 (in a spreadsheet: CSV UTF-8)",
    ),
    (
        "missing.csv",
        b"key,event,metric,phrase\nk1,khojaly,killed,613\n",
        "error: missing.csv:2:claimant: required, but the file has no claimant column",
    ),
    (
        "unknown.csv",
        f"{H},colour\nk1,{OK},red\n".encode(),
        "error: unknown.csv:1:colour: unknown column in claims (column 11); known: key, event, "
        "metric, population, scope, low, high, best, qualifier, phrase, period_start, period_end, claimant, "
        "claimant_kind, affiliation, reported_by, document, url, quote, locator, claimed_on, "
        "derived_from, supersedes, part_of, status, grade, notes",
    ),
    (
        "nonnum.csv",
        f"{H}\nk1,khojaly,killed,,,,abc,exact,613,HRW\n".encode(),
        "error: nonnum.csv:2:best: 'abc' is not a plain non-negative number",
    ),
    (
        "order.csv",
        f"{H}\nk1,khojaly,killed,,20,10,,range,20 to 10,HRW\n".encode(),
        "error: order.csv:2:high: high is below low",
    ),
    (
        "best.csv",
        f"{H}\nk1,khojaly,killed,,10,20,30,range,10 to 20,HRW\n".encode(),
        "error: best.csv:2:best: best lies outside low..high",
    ),
    (
        "negative.csv",
        f"{H}\nk1,khojaly,killed,,,,-5,exact,-5,HRW\n".encode(),
        "error: negative.csv:2:best: '-5' is not a plain non-negative number",
    ),
    (
        "qualifier.csv",
        f"{H}\nk1,khojaly,killed,,,,5,roughly,5,HRW\n".encode(),
        "error: qualifier.csv:2:qualifier: unknown qualifier 'roughly'; use exact, range, at_least, "
        "more_than, at_most, less_than, approximately, nearly, vague",
    ),
    (
        "status.csv",
        f"{H},status\nk1,{OK},deleted\n".encode(),
        "error: status.csv:2:status: unknown status 'deleted'; use active, superseded, retracted, "
        "discounted",
    ),
    (
        "twice.csv",
        f"{H}\nk1,{OK}\nk1,{OK}\n".encode(),
        "error: twice.csv:3:key: key 'k1' appears twice in this bundle",
    ),
    (
        "dangling.csv",
        f"{H},part_of\nk1,{OK},nowhere\n".encode(),
        "error: dangling.csv:2:part_of: unknown claim key 'nowhere'",
    ),
    (
        "supersedes.csv",
        f"{H},supersedes\nk1,{OK},gone\n".encode(),
        "error: supersedes.csv:2:supersedes: unknown claim key 'gone'",
    ),
    (
        "cycle.csv",
        f"{H},derived_from\nk1,{OK},k2\nk2,{OK},k1\n".encode(),
        "error: cycle.csv:2:derived_from: derived_from forms a cycle through 'k1'\n"
        "cycle.csv:3:derived_from: derived_from forms a cycle through 'k2'",
    ),
    (
        "nul.csv",
        f"{H}\nk1,{OK}\x00\n".encode(),
        "error: nul.csv:2:claimant: contains a NUL character",
    ),
    (
        "big.csv",
        f"{H},notes\nk1,{OK},{'x' * 10_000_000}\n".encode(),
        "error: big.csv:2: malformed CSV: a cell is longer than 1,000,000 characters",
    ),
    (
        "truncated.csv",
        f'{H}\nk1,khojaly,killed,,,,5,exact,"5,HRW\n'.encode(),
        "error: truncated.csv:2: malformed CSV: unexpected end of data",
    ),
    (
        "several.csv",
        f"{H}\nk1,{OK}\nk2,khojaly,dead,,,,x,exact,5,HRW\nk3,Khojaly massacer,killed,,,,5,"
        "exact,5,HRW\n".encode(),
        "error: several.csv:3:best: 'x' is not a plain non-negative number\n"
        "several.csv:3:metric: unknown metric 'dead'; known: casualties, displaced, "
        "equipment_lost, expelled, hostages, killed, missing, population, prisoners, raped, "
        "refugees, territory_share, troops, wounded\n"
        "several.csv:4:event: unknown event 'Khojaly massacer'; did you mean 'Khojaly massacre'? "
        "(or pass --create-missing to create it)",
    ),
    (
        "mismatch.csv",
        f"{H}\nk1,khojaly,killed,,,,7,exact,about 9,HRW\n".encode(),
        "error: mismatch.csv:2:phrase: 'about 9' reads as approximately (best=9) but the row stores "
        "exact (best=7); make them agree or give only the phrase",
    ),
    (
        "huge.csv",
        f"{H}\nk1,khojaly,killed,,,,12345678901234567891,exact,1,HRW\n".encode(),
        "error: huge.csv:2:best: 12345678901234567891 is implausibly large (the limit is 1e+13)",
    ),
    (
        "noqualifier.csv",
        f"{H}\nk1,khojaly,killed,,,,5,,,HRW\n".encode(),
        "error: noqualifier.csv:2:phrase: required, but empty: the figure as the source wrote it\n"
        "noqualifier.csv:2:qualifier: required with low, high or best (or give just the phrase)",
    ),
    (
        "bool.json",
        b'[{"key": "k1", "notes": true}]',
        "error: bool.json[claims]:1: notes: unexpected boolean value True",
    ),
    (
        "shape.json",
        b'{"claims": {"key": "x"}}',
        "error: shape.json: claims must be a list of objects",
    ),
    (
        "table.json",
        b'{"rows": []}',
        "error: table.json: unknown table 'rows'; known: metrics, events, parties, sources, documents, claims",
    ),
    (
        "scalar.json",
        b'"claims"',
        "error: scalar.json: expected an object of tables or a list of claims",
    ),
    (
        "trunc.json",
        b'{"claims": [',
        "error: trunc.json: malformed JSON: Expecting value: line 1 column 13 (char 12)",
    ),
    (
        "nested.json",
        b'[{"key": "k1", "notes": {"a": 1}}]',
        "error: nested.json[claims]:1:notes: expected text or a number",
    ),
]


def _written(engine: Engine) -> tuple[int, int, int]:
    with reading(engine) as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (Claim, Revision, Batch)
        )


@pytest.fixture
def bundled(engine: Engine) -> Engine:
    load_bundle(engine, Path(__file__).parents[1] / "data" / "bundle")
    return engine


@pytest.mark.parametrize(("name", "content", "message"), CASES, ids=[c[0] for c in CASES])
def test_refused(
    run,
    bundled: Engine,
    tmp_path: Path,
    name: str,
    content: bytes,  # type: ignore[no-untyped-def]
    message: str,
) -> None:
    before = _written(bundled)
    path = tmp_path / name
    path.write_bytes(content)
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message + "\n"
    assert _written(bundled) == before


def _imported(run, path: Path) -> str:  # type: ignore[no-untyped-def]
    """Import ``path``, which must succeed; HRW's claims afterwards, as JSON."""
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    return str(run("claims", "--source", "HRW", "--format", "json").stdout)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bom.csv", b"\xef\xbb\xbf" + f"{H}\nk1,{OK}\n".encode()),
        ("crlf.csv", f"{H}\r\nk1,{OK}\r\n".encode()),
        ("multiline.csv", f'{H},notes\r\nk1,{OK},"two\r\nlines"\r\n'.encode()),
    ],
)
def test_read_correctly(run, bundled: Engine, tmp_path: Path, name: str, content: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(content)
    shown = _imported(run, path)
    assert '"key": "k1"' in shown
    assert '"best": "613"' in shown


def test_xlsx_with_a_formula(run, bundled: Engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "claims"
    sheet.append(H.split(","))
    sheet.append(
        ["k1", "khojaly", "killed", "", "", "", "=600+13", "exact", "613", "Human Rights Watch"]
    )
    path = tmp_path / "formula.xlsx"
    book.save(path)
    before = _written(bundled)
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        "error: formula.xlsx[claims]:2:best: a formula (=600+13); claimsdb imports values "
        "only: paste the values instead\n"
    )
    assert _written(bundled) == before


def test_truncated_xlsx(run, bundled: Engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    path = tmp_path / "cut.xlsx"
    Workbook().save(path)
    path.write_bytes(path.read_bytes()[:500])
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cut.xlsx: not a readable XLSX workbook")


def test_xlsx_date_cells_are_read_as_dates(run, bundled: Engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "claims"
    sheet.append([*H.split(","), "period_start", "claimed_on"])
    sheet.append(
        [
            "k1",
            "khojaly",
            "killed",
            "",
            "",
            "",
            613,
            "exact",
            "613",
            "HRW",
            datetime(1992, 2, 26),
            datetime(1992, 3, 3),
        ]
    )
    path = tmp_path / "dates.xlsx"
    book.save(path)
    claims = _imported(run, path)
    assert '"period_start": "1992-02-26"' in claims
    assert '"claimed_on": "1992-03-03"' in claims
