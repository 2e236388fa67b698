"""What every read command prints on the bundled data set, byte for byte.

Each case runs one command against the seeded database (on both backends) and compares its exit
code, stdout and stderr — and, for commands that write files, the files' contents — with a file
in ``tests/golden/``. Only what changes from run to run is normalised: revision and export times
and the temporary folder. These files pin behaviour across refactorings; when a change of
behaviour is intended, regenerate them with ``CLAIMSDB_GOLDEN=update pytest tests/cli/test_golden.py``
and review the diff like code.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from claimsdb.vocabulary import LISTING_FORMATS as FORMATS

GOLDEN = Path(__file__).parents[1] / "golden"

KHOJALY = "khojaly-massacre-killed-azerbaijani-authorities"
SHOWN = (
    KHOJALY,
    "khojaly-massacre-killed-hrw",
    "khojaly-massacre-killed-women-azerbaijani-authorities",
    "nagorno-karabakh-war-killed-boston-globe",
    "nagorno-karabakh-war-displaced-azerbaijanis-unattributed",
)


def _formats(name: str, *args: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(f"{name}.{fmt}", (*args, "--format", fmt)) for fmt in FORMATS]


CASES: list[tuple[str, tuple[str, ...]]] = [
    *_formats("claims", "claims"),
    *_formats("claims-khojaly", "claims", "--event", "Xocalı", "--metric", "killed"),
    ("claims-source", ("claims", "--source", "Boston Globe")),
    ("claims-affiliation-unknown", ("claims", "--affiliation", "unknown")),
    ("claims-population", ("claims", "--event", "khojaly", "--population", "women")),
    ("claims-status-retracted", ("claims", "--status", "retracted")),
    *_formats("events", "events"),
    *_formats("sources", "sources"),
    *[(f"show-{key}", ("show", key)) for key in SHOWN],
    (f"show-{KHOJALY}.json", ("show", KHOJALY, "--format", "json")),
    *_formats("compare-khojaly", "compare", "khojaly"),
    ("compare-khojaly-killed", ("compare", "khojaly", "--metric", "killed")),
    (
        "compare-civilians",
        ("compare", "khojaly", "--metric", "killed", "--population", "civilians"),
    ),
    (
        "compare-displaced",
        (
            "compare",
            "nagorno-karabakh-war",
            "--metric",
            "displaced",
            "--population",
            "azerbaijanis",
        ),
    ),
    ("compare-children", ("compare", "nagorno-karabakh-war", "--with-children")),
    ("compare-tolerance", ("compare", "exodus", "--tolerance", "0.25")),
    *_formats("reconcile", "reconcile"),
    *_formats("reconcile-khojaly-explain", "reconcile", "khojaly", "--explain"),
    ("reconcile-consensus", ("reconcile", "--metric", "displaced", "--method", "consensus")),
    (
        "reconcile-methods",
        ("reconcile", "khojaly", "--method", "median", "--method", "by-affiliation"),
    ),
    ("reconcile-population", ("reconcile", "khojaly", "--population", "civilians", "--explain")),
    *_formats("check-613", "check", "khojaly", "killed", "613"),
    ("check-161", ("check", "khojaly", "killed", "161", "--population", "civilians")),
    ("check-as-of", ("check", "khojaly", "killed", "500", "--as-of", "1992-03")),
    ("check-war-displaced", ("check", "nagorno-karabakh-war", "displaced", "1000000")),
    ("check-nothing", ("check", "khojaly", "raped", "5")),
    *_formats("lint", "lint"),
    *_formats("history", "history", KHOJALY),
    ("event-history", ("event", "history", "khojaly")),
    ("source-history", ("source", "history", "HRW")),
    ("document-history", ("document", "history", "nagorno-karabakh-war-article")),
    ("export-stdout", ("export",)),
    ("export-filtered", ("export", "--event", "khojaly", "--metric", "killed")),
    ("export-folder", ("export", "-o", "{tmp}/bundle/")),
    ("export-json", ("export", "--event", "khojaly", "-o", "{tmp}/khojaly.json")),
    ("export-xlsx", ("export", "--metric", "refugees", "-o", "{tmp}/refugees.xlsx")),
    ("template-stdout", ("template",)),
    ("template-xlsx", ("template", "-o", "{tmp}/template.xlsx")),
    ("report-xlsx", ("report", "--event", "khojaly", "-o", "{tmp}/report.xlsx")),
    ("report-html", ("report", "--event", "khojaly", "-o", "{tmp}/report.html")),
    ("error-show-unknown", ("show", "no-such-claim")),
    ("error-compare-unknown", ("compare", "Khojali massacr")),
    ("error-check-bad-value", ("check", "khojaly", "killed", "many")),
]

# What differs from run to run: times stamped by the seeding and the export, the temporary
# folder, and what matplotlib puts in an SVG's <defs> (glyph outlines, markers and clip paths,
# named at random or in the order a process first drew them) and the ids that point there.
MASKS = (
    (re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:\+00:00| UTC|Z)?"), "<time>"),
    (re.compile(r"\d{8}T\d{6}Z"), "<time>"),
    (re.compile(r"<defs>.*?</defs>", re.S), "<defs/>"),
    (re.compile(r"(?<=[#\"])[mp][0-9a-f]{10}(?=[)\"])"), "<clip>"),
    (re.compile(r"(?<=DejaVuSans-)[0-9a-f]+(?=\")"), "<glyph>"),
)


def _normal(text: str, tmp: Path) -> str:
    text = text.replace(str(tmp), "{tmp}")
    for pattern, mask in MASKS:
        text = pattern.sub(mask, text)
    return text


def _workbook(path: Path) -> str:
    """Every sheet's cell values, one line per row: what a reader of the workbook sees."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"## sheet {sheet.title}")
        lines.extend(
            "\t".join("" if v is None else repr(v) for v in row)
            for row in sheet.iter_rows(values_only=True)
        )
    return "\n".join(lines) + "\n"


def _files(args: tuple[str, ...], tmp: Path) -> str:
    """The files a command wrote, in a fixed order, as text."""
    out = []
    for arg in args:
        if not arg.startswith("{tmp}"):
            continue
        target = Path(arg.replace("{tmp}", str(tmp)))
        paths = sorted(p for p in target.rglob("*") if p.is_file()) if target.is_dir() else [target]
        for path in paths:
            name = path.relative_to(tmp).as_posix()
            body = _workbook(path) if path.suffix == ".xlsx" else path.read_bytes().decode("utf-8")
            out.append(f"== file {name}\n{body}")
    return "".join(out)


def _record(result: Result, args: tuple[str, ...], tmp: Path) -> str:
    return _normal(
        f"$ claimsdb {' '.join(args)}\n"
        f"== exit {result.exit_code}\n"
        f"== stdout\n{result.stdout}"
        f"== stderr\n{result.stderr}"
        f"{_files(args, tmp)}",
        tmp,
    )


@pytest.mark.parametrize(("name", "args"), CASES, ids=[name for name, _ in CASES])
def test_output_is_as_recorded(
    read: Callable[..., Result], tmp_path: Path, name: str, args: tuple[str, ...]
) -> None:
    argv = tuple(a.replace("{tmp}", str(tmp_path)) for a in args)
    got = _record(read(*argv), args, tmp_path)
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("CLAIMSDB_GOLDEN") == "update":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8", newline="")
    assert golden.exists(), f"no golden file {golden.name}: run with CLAIMSDB_GOLDEN=update"
    want = golden.read_bytes().decode("utf-8")
    if got != want:
        diff = difflib.unified_diff(
            want.splitlines(keepends=True), got.splitlines(keepends=True), "recorded", "now", n=1
        )
        pytest.fail(f"{name} differs from {golden.name}:\n{''.join(list(diff)[:40])}")


def test_every_golden_file_has_a_case() -> None:
    names = {f"{name}.txt" for name, _ in CASES}
    assert {p.name for p in GOLDEN.glob("*.txt")} == names
