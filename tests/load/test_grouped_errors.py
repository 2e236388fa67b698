"""Import errors a user can act on: row-level problems first, then one line per kind of unknown
name, each name worded once however many rows repeat it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from claimsdb.load import known
from claimsdb.load.loader import load_bundle
from claimsdb.load.problems import BundleInvalid
from claimsdb.store.engine import reading
from claimsdb.store.models import Claim

ROWS = 5000


def _generated(folder: Path) -> Path:
    """5,000 claims naming 50 new events and 30 new sources, two of them with a bad figure."""
    folder.mkdir()
    with (folder / "claims.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["key", "event", "metric", "figure", "claimant", "claimant_kind", "quote"])
        for i in range(ROWS):
            figure = {1000: "lots and lots", 3000: "-5"}.get(i, f"about {i + 1}")
            out.writerow(
                [
                    f"gen-{i}",
                    f"Battle of Place {i % 50}",
                    "killed",
                    figure,
                    f"New Source {i % 30}",
                    "media",
                    "q",
                ]
            )
    return folder


def test_the_real_errors_come_first_and_names_are_grouped(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    worded: list[str] = []
    miss = known.did_you_mean

    def counted(what: str, name: str, candidates: dict[str, str]) -> str:
        worded.append(name)
        return miss(what, name, candidates)

    monkeypatch.setattr(known, "did_you_mean", counted)
    with pytest.raises(BundleInvalid) as refused:
        load_bundle(engine, _generated(tmp_path / "many"), actor="t")
    lines = refused.value.lines
    assert lines[:2] == [
        "claims.csv:1002:figure: cannot read figure 'lots and lots': no number or known vague"
        " amount",
        "claims.csv:3002:figure: cannot read figure '-5': negative numbers are not figures",
    ]
    assert lines[2] == (
        "claims.csv:event: 50 unknown events in 5000 rows: 'Battle of Place 0' (rows 2, 52,"
        " 102 …), 'Battle of Place 1' (rows 3, 53, 103 …), 'Battle of Place 2' (rows 4, 54,"
        " 104 …) and 47 more: pass --create-missing to create them"
    )
    assert lines[3].startswith("claims.csv:claimant: 30 unknown sources in 5000 rows:")
    assert len(lines) == 4
    assert not refused.value.unresolved_only  # two malformed rows: exit 2
    assert len(worded) == len(set(worded)) == 80  # each name worded once
    with reading(engine) as conn:
        assert conn.execute(select(func.count()).select_from(Claim)).scalar_one() == 0


def test_one_name_is_worded_once_and_one_row_keeps_its_line(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    head = "key,event,metric,figure,claimant,quote\n"
    (folder / "claims.csv").write_text(
        head + "a,Battle of Nowhere,killed,5,Nobody,q\n"
        "b,Battle of Nowhere,killed,6,Nobody,q\n"
        "c,Battle of Nowhere,killed,7,Somebody,q\n",
        encoding="utf-8",
    )
    with pytest.raises(BundleInvalid) as refused:
        load_bundle(engine, folder, actor="t")
    assert refused.value.unresolved_only  # only names: exit 1
    assert refused.value.lines == [
        "claims.csv:event: 1 unknown event in 3 rows: unknown event 'Battle of Nowhere'"
        " (rows 2, 3, 4): pass --create-missing to create them",
        "claims.csv:claimant: 2 unknown sources in 3 rows: 'Nobody' (rows 2, 3),"
        " 'Somebody' (row 4): pass --create-missing to create them",
    ]
    # A name in a single row keeps the row's own line.
    (folder / "claims.csv").write_text(
        head + "a,Battle of Nowhere,killed,5,Nobody,q\n", encoding="utf-8"
    )
    with pytest.raises(BundleInvalid) as single:
        load_bundle(engine, folder, actor="t")
    assert single.value.lines[0] == (
        "claims.csv:2:event: unknown event 'Battle of Nowhere'"
        " (or pass --create-missing to create it)"
    )
