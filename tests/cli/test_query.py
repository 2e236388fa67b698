"""Query commands through the CLI: exit codes, stdout and stderr asserted separately."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine

pytestmark = pytest.mark.usefixtures("loaded")


@pytest.mark.parametrize("name", ["khojaly", "Xocalı", "Xocali", "KHOJALY", "Khojaly massacre"])
def test_events_resolve_by_any_form(run, name: str) -> None:  # type: ignore[no-untyped-def]
    result = run("claims", "--event", name, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    keys = [row["key"] for row in csv.DictReader(io.StringIO(result.stdout))]
    # Ordered by event, metric, population (unspecified first), key.
    assert keys == [
        "khojaly-killed-conservative",
        "khojaly-killed-hrw",
        "khojaly-killed-az-children",
        "khojaly-killed-az",
        "khojaly-killed-az-women",
    ]


def test_unknown_event_says_did_you_mean(run) -> None:  # type: ignore[no-untyped-def]
    result = run("claims", "--event", "Khojaly masacre")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "error: unknown event 'Khojaly masacre'; did you mean 'Khojaly massacre'"
    )
    assert result.stderr.count("\n") == 1


def test_claims_json_uses_interchange_columns(run) -> None:  # type: ignore[no-untyped-def]
    result = run("claims", "--source", "HRW", "--format", "json")
    assert result.exit_code == 0
    (claim,) = json.loads(result.stdout)
    assert claim["claimant"] == "Human Rights Watch"
    assert claim["qualifier"] == "at_least"
    assert claim["low"] == "161"
    assert list(claim)[:3] == ["key", "event", "metric"]


def test_claims_filters(run) -> None:  # type: ignore[no-untyped-def]
    def keys(*args: str) -> list[str]:
        result = run("claims", *args, "--format", "csv")
        assert result.exit_code == 0, result.stderr
        return [row["key"] for row in csv.DictReader(io.StringIO(result.stdout))]

    assert keys("--affiliation", "Azerbaijan") == [
        "khojaly-killed-az-children",
        "khojaly-killed-az",
        "khojaly-killed-az-women",
    ]
    assert keys("--affiliation", "unknown") == ["khojaly-killed-conservative"]
    assert keys("--population", "Women") == ["khojaly-killed-az-women"]
    assert keys("--metric", "displaced") == []
    assert run("claims", "--metric", "kiled").stderr.startswith("error: unknown metric 'kiled'")


def test_claims_table_and_markdown(run) -> None:  # type: ignore[no-untyped-def]
    table = run("claims", "--event", "khojaly")
    assert table.exit_code == 0
    head = ["key", "metric", "population", "period", "phrase"]
    assert table.stdout.splitlines()[0].split()[:5] == head
    assert "at least 161" in table.stdout
    markdown = run("claims", "--format", "markdown")
    assert markdown.stdout.startswith("| key")


def test_events_nested_with_counts(run) -> None:  # type: ignore[no-untyped-def]
    result = run("events")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    war = next(line for line in lines if line.startswith("nagorno-karabakh-war"))
    khojaly = next(line for line in lines if line.startswith("khojaly-massacre"))
    assert "  Khojaly massacre" in khojaly
    assert lines.index(war) < lines.index(khojaly)
    assert khojaly.split()[-1] == "5"
    data = json.loads(run("events", "--format", "json").stdout)
    assert {e["slug"]: e["parent"] for e in data}["khojaly-massacre"] == "nagorno-karabakh-war"
    assert "Xocalı" in {e["slug"]: e["aliases"] for e in data}["khojaly-massacre"]


def test_sources(run) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(run("sources", "--format", "csv").stdout)))
    by_name = {r["name"]: r for r in rows}
    assert by_name["Human Rights Watch"]["affiliation"] == "none"
    assert by_name["Azerbaijani authorities"]["claims"] == "3"
    assert by_name["conservative estimates"]["kind"] == "unattributed"


def test_show_quotes_in_context_with_parts(run) -> None:  # type: ignore[no-untyped-def]
    result = run("show", "khojaly-killed-az")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "»The official death toll according to Azerbaijani authorities" in out
    assert "An exact body count was never ascertained" in out  # the rest of the paragraph
    assert "khojaly-killed-az-women: '106' women" in out
    assert "affiliation: Azerbaijan" in out
    part = run("show", "khojaly-killed-az-children").stdout
    assert "part of:    khojaly-killed-az ('613' civilians)" in part


def test_show_unknown_key(run) -> None:  # type: ignore[no-untyped-def]
    result = run("show", "khojaly-killed-hrv")
    assert result.exit_code == 1
    assert "did you mean 'khojaly-killed-hrw'" in result.stderr


def test_missing_database_is_exit_1(run, engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from claimsdb.cli.main import cli

    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.db"), "events"])
    assert result.exit_code == 1
    assert "no database at" in result.stderr
    assert "claimsdb init" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_filter_typos_say_did_you_mean(run) -> None:  # type: ignore[no-untyped-def]
    assert run("claims", "--population", "civilans").stderr == (
        "error: unknown population 'civilans'; did you mean 'civilians'?\n"
    )
    assert run("claims", "--affiliation", "Azerbajan").exit_code == 1
    assert run("claims", "--metric", "KILLED", "--format", "csv").stdout.count("\n") == 6
