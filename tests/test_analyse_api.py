"""The notebook API: claimsdb.compare/reconcile/check/lint, lazily imported, as the README shows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import claimsdb
from claimsdb.errors import InvalidInput, NotFound

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_readme_example_runs(
    seeded_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python = re.findall(r"```python\n(.*?)```", README.split("## Python API", 1)[1], re.S)
    example = next(block for block in python if "claimsdb.compare(" in block)
    path = seeded_url.removeprefix("sqlite:///")
    namespace: dict[str, object] = {}
    exec(example.replace('"claims.db"', repr(path)), namespace)  # our own README
    checked = namespace["checked"]
    assert checked.verdicts[0].verdict == "matches_estimate"  # type: ignore[attr-defined]


def test_results_are_frames_and_stamped(seeded_url: str) -> None:
    comparison = claimsdb.compare("Khojaly tragedy", metric="killed", db=seeded_url)
    assert set(comparison.groups["population"]) == {"civilians", "women", "children"}
    assert comparison.stamp.revision is not None
    reconciled = claimsdb.reconcile("khojaly", db=seeded_url)
    assert set(reconciled.table["method"]) == {
        "envelope",
        "independent",
        "consensus",
        "median",
        "conservative",
        "by-affiliation",
    }
    (civilians,) = reconciled.groups[reconciled.groups["population"] == "civilians"].itertuples()
    assert (civilians.median, civilians.conservative, civilians.k) == (549, 485, 1)
    assert claimsdb.lint(db=seeded_url).findings.empty


def test_api_refusals(seeded_url: str) -> None:
    with pytest.raises(InvalidInput, match="must not be negative"):
        claimsdb.check("khojaly", "killed", -1, db=seeded_url)
    with pytest.raises(InvalidInput, match="must be a number"):
        claimsdb.check("khojaly", "killed", float("nan"), db=seeded_url)
    with pytest.raises(InvalidInput, match="unknown method"):
        claimsdb.reconcile(methods=("mean",), db=seeded_url)
    with pytest.raises(NotFound, match="did you mean"):
        claimsdb.compare("Hojaly", db=seeded_url)


def test_import_claimsdb_stays_light() -> None:
    code = "import sys, claimsdb; claimsdb.compare; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
