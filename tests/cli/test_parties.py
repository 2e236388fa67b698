"""Parties are a vocabulary: an affiliation names a party by any of its names ("Armenian" is
Armenia), or says ``none`` or nothing; an unknown one is refused with the parties it may mean
unless --create-missing; `claimsdb parties` lists them, and analyses count one party once."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]


@pytest.fixture
def seeded(run: Run) -> Run:
    """``run`` on a database holding the bundled data set, to be written to."""
    assert run("init", "--seed").exit_code == 0
    return run


def _affiliation(run: Run, source: str) -> str:
    rows = json.loads(run("sources", "--format", "json").stdout)
    return next(r["affiliation"] for r in rows if r["name"] == source)


def test_parties_lists_the_vocabulary_with_its_aliases_and_counts(read: Run) -> None:
    result = read("parties", "--format", "json")
    assert result.exit_code == 0, result.stderr
    parties = {p["name"]: p for p in json.loads(result.stdout)}
    assert list(parties) == ["Armenia", "Azerbaijan", "Nagorno-Karabakh", "USSR"]
    assert parties["Armenia"]["aliases"] == "Armenian; Republic of Armenia"
    assert (parties["Azerbaijan"]["sources"], parties["Azerbaijan"]["claims"]) == (8, 17)
    table = read("parties").stdout
    assert table.splitlines()[0].split() == ["name", "aliases", "description", "sources", "claims"]


def test_an_alias_is_stored_as_its_party(seeded: Run) -> None:
    added = seeded("source", "add", "--name", "Yerevan daily", "--kind", "media",
                   "--affiliation", "Armenian")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert _affiliation(seeded, "Yerevan daily") == "Armenia"
    edited = seeded(
        "source", "edit", "Yerevan daily", "--set", "affiliation=Republic of Azerbaijan"
    )
    assert edited.exit_code == 0, edited.stderr
    assert _affiliation(seeded, "Yerevan daily") == "Azerbaijan"
    # Affiliation filters take any name of a party too.
    by_alias = seeded("claims", "--affiliation", "Azerbaijani", "--format", "csv").stdout
    assert by_alias == seeded("claims", "--affiliation", "Azerbaijan", "--format", "csv").stdout
    assert by_alias.count("\n") == 18  # the header and Azerbaijan's 17 claims


def test_an_unknown_party_is_refused_unless_created(seeded: Run) -> None:
    refused = seeded("source", "add", "--name", "Yerevan daily", "--kind", "media",
                     "--affiliation", "Armenians")  # fmt: skip
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: affiliation: unknown party 'Armenians'; did you mean 'Armenia'? "
        "(or pass --create-missing to create it)\n"
    )
    assert "Yerevan daily" not in seeded("sources").stdout  # nothing half-written
    edit = seeded("source", "edit", "Memorial", "--set", "affiliation=Georgia")
    assert edit.exit_code == 1
    assert "unknown party 'Georgia'" in edit.stderr
    assert _affiliation(seeded, "Memorial") == "none"
    created = seeded("source", "edit", "Memorial", "--set", "affiliation=Georgia",
                     "--create-missing")  # fmt: skip
    assert created.exit_code == 0, created.stderr
    assert _affiliation(seeded, "Memorial") == "Georgia"
    assert "Georgia" in [
        p["name"] for p in json.loads(seeded("parties", "--format", "json").stdout)
    ]
    # none (a third party) and unknown (empty) are not parties and need no creating.
    for value, stored in (("none", "none"), ("", "")):
        result = seeded("source", "edit", "Memorial", "--set", f"affiliation={value}")
        assert result.exit_code == 0, result.stderr
        assert _affiliation(seeded, "Memorial") == stored


def test_an_import_refuses_unknown_parties_grouped_and_takes_aliases(
    seeded: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "sources.csv").write_text(
        "name,kind,affiliation\n"
        "Yerevan daily,media,Armenian\n"
        "Tbilisi daily,media,Georgian\n"
        "Tbilisi weekly,media,Georgian\n",
        encoding="utf-8",
    )
    (folder / "claims.csv").write_text(
        "event,metric,population,figure,claimant,quote\n"
        "khojaly,killed,civilians,200,Yerevan daily,q1\n"
        "khojaly,killed,civilians,300,Tbilisi daily,q2\n",
        encoding="utf-8",
    )
    refused = seeded("import", str(folder))
    assert refused.exit_code == 2
    assert refused.stderr == (
        "error: sources.csv:affiliation: 1 unknown party in 2 rows: unknown party 'Georgian'"
        " (rows 3, 4): pass --create-missing to create them\n"
    )
    assert "Yerevan daily" not in seeded("sources").stdout  # nothing half-written
    created = seeded("import", str(folder), "--create-missing")
    assert created.exit_code == 0, created.stderr
    assert "names created: 3 sources, 1 parties" in created.stderr
    assert _affiliation(seeded, "Yerevan daily") == "Armenia"
    assert _affiliation(seeded, "Tbilisi weekly") == "Georgian"
    # One party is counted once: the Armenian daily's 200 is Armenia's, beside Azerbaijan's 613.
    compare = seeded("compare", "khojaly", "--metric", "killed", "--population", "civilians")
    line = next(x for x in compare.stdout.splitlines() if x.startswith("by affiliation"))
    assert "Armenia 1 origin (median 200, 200)" in line
    assert "Armenian " not in line


def test_parties_have_their_own_aliases_and_history(seeded: Run) -> None:
    added = seeded("party", "add", "--name", "Georgia", "--aliases", "Georgian; Sakartvelo")
    assert added.exit_code == 0, added.stderr
    assert seeded("source", "add", "--name", "Tbilisi daily", "--kind", "media",
                  "--affiliation", "sakartvelo").exit_code == 0  # fmt: skip
    assert _affiliation(seeded, "Tbilisi daily") == "Georgia"
    taken = seeded("party", "edit", "Georgia", "--set", "aliases=Armenian")
    assert taken.exit_code == 2
    assert "'Armenian' already names party 'Armenia'" in taken.stderr
    for reserved in ("none", "Unknown"):
        refused = seeded("party", "add", "--name", reserved)
        assert refused.exit_code == 2
        assert "is not a party" in refused.stderr
    history = json.loads(seeded("party", "history", "georgian", "--format", "json").stdout)
    assert [h["action"] for h in history] == ["create"]
