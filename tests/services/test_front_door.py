"""The front door: claimsdb.open() and its ClaimsDB, lazily imported, as the README shows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import claimsdb
from claimsdb.errors import InvalidInput, NotFound
from claimsdb.vocabulary import METHODS

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_readme_example_runs(seeded_url: str, tmp_path: Path) -> None:
    python = re.findall(r"```python\n(.*?)```", README.split("## Python API", 1)[1], re.S)
    example = next(block for block in python if "claimsdb.open(" in block)
    namespace: dict[str, object] = {}
    exec(example.replace('"claims.db"', repr(seeded_url)), namespace)  # our own README
    checked = namespace["checked"]
    assert checked.verdicts[0].verdict == "matches_estimate"  # type: ignore[attr-defined]


def test_results_are_frames_and_stamped(seeded_url: str) -> None:
    with claimsdb.open(seeded_url) as db:
        comparison = db.compare("Khojaly tragedy", metric="killed")
        assert set(comparison.groups["population"]) == {"civilians", "women", "children"}
        assert comparison.stamp.revision is not None
        assert comparison.frame is comparison.claims
        reconciled = db.reconcile("khojaly")
        assert set(reconciled.frame["method"]) == set(METHODS)
        (civilians,) = reconciled.groups[
            reconciled.groups["population"] == "civilians"
        ].itertuples()
        assert (civilians.median, civilians.conservative, civilians.k) == (549, 485, 1)
        # The one finding on the bundled data: Yunusov's 127 for 1988 alone is above the 25
        # Armenian sources give for 1988–1989.
        (finding,) = db.lint().frame.to_dict("records")
        assert finding["finding"] == "sub_period_exceeds"
        assert finding["keys"] == (
            "expulsion-of-azerbaijanis-from-armenia-killed-arif-yunusov, "
            "expulsion-of-azerbaijanis-from-armenia-killed-armenian-sources"
        )
        verdicts = db.check("khojaly", "killed", 613, population="civilians").frame
        assert list(verdicts["verdict"]) == ["matches_estimate"]
        claims = db.claims(event="Xocalı", metric="killed", population="women").frame
        assert list(claims["key"]) == ["khojaly-massacre-killed-women-azerbaijani-authorities"]
        assert list(db.events().frame.columns[:2]) == ["slug", "name"]


def test_changes_through_the_front_door_are_recorded(db_url: str) -> None:
    with claimsdb.open(db_url, actor="notebook") as db:
        assert db.init(seed=True).seeded is not None
        key = "khojaly-massacre-killed-hrw"
        db.edit(key, {"grade": "confirmed"}, reason="checked")
        (entry,) = [h for h in db.history(key) if h.action == "update"]
        assert (entry.actor, entry.changes, entry.reason) == (
            "notebook",
            {"grade": ("", "confirmed")},
            "checked",
        )
        assert db.show(key).claim["grade"] == "confirmed"


def test_api_refusals(seeded_url: str) -> None:
    db = claimsdb.open(seeded_url)
    with pytest.raises(InvalidInput, match="must not be negative"):
        db.check("khojaly", "killed", -1)
    with pytest.raises(InvalidInput, match="must be a number"):
        db.check("khojaly", "killed", float("nan"))
    with pytest.raises(InvalidInput, match="unknown method"):
        db.reconcile(methods=("mean",))
    with pytest.raises(NotFound, match="did you mean"):
        db.compare("Hojaly")
    db.close()


def test_import_claimsdb_stays_light() -> None:
    code = "import sys, claimsdb; claimsdb.open; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_an_excel_report_needs_no_extra(
    seeded_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tomllib

    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    needed = {d.split(">")[0].lower() for d in project["project"]["dependencies"]}
    assert {"xlsxwriter", "openpyxl"} <= needed  # installed by `pip install .` itself
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # writing a report never needs it
    with claimsdb.open(seeded_url) as db:
        db.report(tmp_path / "r.xlsx")
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"


def test_methods_are_named_as_called(seeded_url: str) -> None:
    with claimsdb.open(seeded_url) as db:
        assert [m.__name__ for m in (db.compare, db.reconcile, db.check, db.claims)] == [
            "compare",
            "reconcile",
            "check",
            "claims",
        ]
        assert db.check("khojaly", "killed", np.int64(613)).verdicts  # a number from a frame


def test_deferred_methods_are_the_use_cases() -> None:
    """Each reading method is bound when first used, with its use case's own signature and
    docstring; the names mypy sees (``on_engine``) are the names bound at run time."""
    import ast
    import inspect
    from importlib import import_module

    from claimsdb.services import claimsdb as front

    tree = ast.parse(Path(front.__file__).read_text(encoding="utf-8"))
    branch = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING" and node.orelse
    )
    typed = {
        s.targets[0].id: ast.unparse(s.value.args[0])  # type: ignore[attr-defined]
        for s in branch.body
        if isinstance(s, ast.Assign)
    }
    bound = {
        s.targets[0].id: s.value.args[0].value  # type: ignore[attr-defined]
        for s in branch.orelse
        if isinstance(s, ast.Assign)
    }
    assert typed.keys() == bound.keys() and len(bound) >= 13
    for name, target in bound.items():
        module, function = target.split(":")
        assert typed[name] == f"_{module.rsplit('.', 1)[1]}.{function}"
        use = getattr(import_module(module), function)
        method = getattr(front.ClaimsDB, name)
        assert method.__doc__ == use.__doc__
        assert (
            list(inspect.signature(method).parameters)[1:]
            == list(inspect.signature(use).parameters)[1:]
        )
