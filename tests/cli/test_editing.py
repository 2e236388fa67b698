"""One claim at a time: add, edit, retract, revert, history — each change on record."""

from __future__ import annotations

import csv
import json

import pytest
from sqlalchemy import Engine

pytestmark = pytest.mark.usefixtures("loaded")
HRW = "khojaly-killed-hrw"


def _claim(run, key: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(run("claims", "--format", "csv").stdout.splitlines()))
    return next(r for r in rows if r["key"] == key)


def _history(run, key: str, *args: str) -> list[dict]:  # type: ignore[no-untyped-def]
    result = run(*args, "history", key, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_add_prints_a_generated_key(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "--actor",
        "ana",
        "add",
        "--event",
        "Xocalı",
        "--metric",
        "wounded",
        "--figure",
        "about 200",
        "--claimant",
        "HRW",
        "--population",
        "civilians",
        "--period",
        "1992-02-25..1992-02-26",
        "--quote",
        "some quote",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "khojaly-massacre-wounded-human-rights-watch\n"
    claim = _claim(run, "khojaly-massacre-wounded-human-rights-watch")
    assert (claim["qualifier"], claim["best"], claim["phrase"]) == (
        "approximately",
        "200",
        "about 200",
    )
    assert (claim["period_start"], claim["period_end"]) == ("1992-02-25", "1992-02-26")
    (created,) = _history(run, "khojaly-massacre-wounded-human-rights-watch")
    assert (created["actor"], created["action"]) == ("ana", "create")
    again = run(
        "add", "--event", "khojaly", "--metric", "wounded", "--figure", "210", "--claimant", "HRW"
    )
    assert again.stdout == "khojaly-massacre-wounded-human-rights-watch-2\n"


def test_add_refuses_unknown_names_and_bad_figures(run) -> None:  # type: ignore[no-untyped-def]
    kill = ("add", "--event", "Khojaly", "--metric", "killed", "--figure")
    result = run(*kill, "20", "--claimant", "Human Right Watch")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: claimant: unknown source 'Human Right Watch'; did you mean 'Human Rights Watch'?"
        " (or pass --create-missing to create it)\n"
    )
    result = run(*kill, "lots", "--claimant", "HRW")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: figure: cannot read figure 'lots'")
    result = run(*kill, "20", "--claimant", "HRW", "--key", HRW)
    assert result.exit_code == 2
    assert "exists already" in result.stderr


def test_add_creates_missing_names_only_when_asked(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "add",
        "--event",
        "Siege of Somewhere",
        "--metric",
        "killed",
        "--figure",
        "12",
        "--claimant",
        "Local Council",
        "--claimant-kind",
        "government",
        "--affiliation",
        "none",
        "--create-missing",
    )
    assert result.exit_code == 0, result.stderr
    sources = run("sources", "--format", "csv").stdout
    assert "Local Council,,government,none" in sources or "Local Council,government,none" in sources


def test_edit_history_revert(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "--actor",
        "bo",
        "edit",
        HRW,
        "--set",
        "grade=confirmed",
        "--set",
        "notes=checked",
        "--reason",
        "desk review",
    )
    assert result.exit_code == 0, result.stderr
    assert _claim(run, HRW)["grade"] == "confirmed"
    result = run("edit", HRW, "--set", "phrase=at least 170")
    assert (_claim(run, HRW)["low"], _claim(run, HRW)["phrase"]) == ("170", "at least 170")
    history = _history(run, HRW)
    assert [h["action"] for h in history] == ["import", "update", "update"]
    assert history[1]["actor"] == "bo"
    assert history[1]["reason"] == "desk review"
    assert history[1]["changes"]["grade"] == {"before": "", "after": "confirmed"}
    assert history[2]["changes"]["low"] == {"before": "161", "after": "170"}
    result = run("revert", HRW, "--to", str(history[0]["revision"]))
    assert result.exit_code == 0, result.stderr
    claim = _claim(run, HRW)
    assert (claim["low"], claim["grade"], claim["notes"]) == ("161", "", "")
    assert _history(run, HRW)[-1]["action"] == "revert"
    assert run("edit", HRW, "--set", "grade=confirmed").exit_code == 0
    assert run("edit", HRW, "--set", "grade=confirmed").stderr == (
        "nothing changed: the values are already stored\n"
    )


def test_edit_refusals(run) -> None:  # type: ignore[no-untyped-def]
    assert run("edit", HRW, "--set", "affiliation=Armenia").stderr == (
        "error: affiliation belongs to the claim's source: use `claimsdb source edit`\n"
    )
    assert run("edit", HRW, "--set", "colour=red").exit_code == 2
    assert run("edit", HRW, "--set", "nonsense").exit_code == 2
    assert run("edit", "khojaly-killed-hrv", "--set", "grade=fair").exit_code == 1
    result = run("edit", "khojaly-killed-az", "--set", "part_of=khojaly-killed-az-women")
    assert result.exit_code == 2
    assert "part_of forms a cycle" in result.stderr


def test_retract_keeps_the_row(run) -> None:  # type: ignore[no-untyped-def]
    assert run("retract", HRW).exit_code == 2  # --reason is required
    result = run("retract", HRW, "--reason", "misread the report")
    assert result.exit_code == 0, result.stderr
    assert _claim(run, HRW)["status"] == "retracted"
    last = _history(run, HRW)[-1]
    assert (last["action"], last["reason"]) == ("retract", "misread the report")
    assert run("retract", HRW, "--reason", "again").exit_code == 2


def test_supersedes_marks_the_old_claim(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "add",
        "--event",
        "khojaly",
        "--metric",
        "killed",
        "--figure",
        "at least 170",
        "--claimant",
        "HRW",
        "--supersedes",
        HRW,
        "--key",
        "hrw-revised",
    )
    assert result.exit_code == 0, result.stderr
    assert _claim(run, HRW)["status"] == "superseded"
    last = _history(run, HRW)[-1]
    assert last["reason"] == "superseded by hrw-revised"


def test_sources_events_documents_are_edited_on_record(run, loaded: Engine) -> None:  # type: ignore[no-untyped-def]
    result = run("source", "edit", "HRW", "--set", "affiliation=")
    assert result.exit_code == 0, result.stderr
    assert _claim(run, HRW)["affiliation"] == ""
    history = _history(run, "Human Rights Watch", "source")
    assert history[-1]["changes"]["affiliation"] == {"before": "none", "after": ""}
    assert (
        run(
            "source", "add", "--name", "Memorial", "--kind", "ngo", "--affiliation", "none"
        ).exit_code
        == 0
    )
    assert run("source", "add", "--name", "Memorial", "--kind", "ngo").exit_code == 2
    assert (
        run(
            "event",
            "add",
            "--name",
            "Battle of Shusha",
            "--aliases",
            "Shushi",
            "--parent",
            "Karabakh war",
            "--period",
            "1992-05-08..1992-05-09",
        ).exit_code
        == 0
    )
    shown = json.loads(run("events", "--format", "json").stdout)
    shusha = next(e for e in shown if e["slug"] == "battle-of-shusha")
    assert (shusha["parent"], shusha["aliases"]) == ("nagorno-karabakh-war", "Shushi")
    assert run("event", "edit", "shushi", "--set", "place=Shusha").exit_code == 0
    assert run("event", "edit", "shushi", "--set", "slug=x").exit_code == 2
    assert (
        run("document", "edit", "karabakh-excerpt", "--set", "licence=CC BY-SA 3.0").exit_code == 0
    )
    assert _history(run, "karabakh-excerpt", "document")[-1]["changes"]["licence"]["after"] == (
        "CC BY-SA 3.0"
    )
