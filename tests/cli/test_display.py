"""Honest display in the terminal: open periods, the claims table's period and scope columns,
keys never cut, counts without fractions and "no consensus" in words (on the bundled data)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import Result

from claimsdb.cli.output import render

Run = Callable[..., Result]
SIDE = "khojaly-massacre-killed-azerbaijani-side"  # states no period: takes Khojaly's
LONG_KEY = "yukhari-askipara-fighting-1990-killed-ministry-officers-soviet-ministry-of-interior"


def _line(stdout: str, key: str) -> str:
    (line,) = [line for line in stdout.splitlines() if line.startswith(key + " ")]
    return line


def test_claims_table_shows_open_periods(read: Run) -> None:
    result = read("claims", "--event", "nagorno-karabakh-war", "--metric", "killed")
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[0].split()
    assert header[:4] == ["key", "metric", "population", "period"]
    cells = {
        key: _line(result.stdout, key).split()[2:4]
        for key in (
            "nagorno-karabakh-war-killed-time",
            "nagorno-karabakh-war-killed-washington-post",
        )
    }
    assert cells == {
        "nagorno-karabakh-war-killed-time": ["since", "1988-02"],
        "nagorno-karabakh-war-killed-washington-post": ["before", "1994"],
    }
    closed = read("claims", "--event", "khojaly", "--metric", "killed", "--population", "women")
    women = "khojaly-massacre-killed-women-azerbaijani-authorities"
    assert _line(closed.stdout, women).split()[3] == "1992-02-25–1992-02-26"


def test_claims_period_is_only_words_csv_and_json_keep_their_columns(read: Run) -> None:
    csv_out = read("claims", "--event", "nagorno-karabakh-war", "--format", "csv").stdout
    header = csv_out.splitlines()[0].split(",")
    assert "period" not in header and {"period_start", "period_end"} <= set(header)
    assert "since 1988-02" not in csv_out


def test_scope_column_only_when_a_claim_states_one(read: Run) -> None:
    territory = read("claims", "--metric", "territory_share")
    assert territory.exit_code == 0, territory.stderr
    assert "scope" in territory.stdout.splitlines()[0].split()
    line = _line(territory.stdout, "nagorno-karabakh-war-territory-share-azerbaijan")
    assert "including Nagorno-Karabakh" in line
    khojaly = read("claims", "--event", "khojaly")
    assert "scope" not in khojaly.stdout.splitlines()[0].split()


def test_keys_are_never_cut(read: Run) -> None:
    result = read("claims", "--event", "yukhari-askipara-fighting-1990")
    assert result.exit_code == 0, result.stderr
    assert _line(result.stdout, LONG_KEY)
    assert "..." not in result.stdout
    shown = read("show", LONG_KEY)
    assert shown.exit_code == 0, shown.stderr


def test_render_keeps_keys_whole_and_wraps_other_long_cells(
    capsys: pytest.CaptureFixture[str],
) -> None:
    key = "k-" + "x" * 100
    reason = "second claim: votes once, via " + key + " " + "and more words " * 6
    rows = [{"key": key, "part_of": key, "reason": reason}]
    render(rows, "table")
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].split()[:3] == [key, key, "second"]  # whole, never "..."
    assert all(len(word) <= 102 for word in " ".join(lines).split())
    words = " ".join(line[2 * (len(key) + 2) :] for line in lines[2:]).split()
    assert " ".join(words) == reason.strip()  # wrapped between words, nothing lost
    assert len(lines) > 3
    render(rows, "markdown")
    (row,) = capsys.readouterr().out.splitlines()[2:]
    assert reason.strip() in row and key in row  # markdown: one line, whole


def test_compare_counts_without_fractions_and_no_consensus_in_words(read: Run) -> None:
    result = read("compare", "baganis-ayrum-attack-1990")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        "spread n/a · partisan gap n/a · consensus none: only one claim gives a finite figure"
        in (lines)
    )
    assert "by affiliation: unknown 1 origin (median between 9 and 10, 9–10)" in lines
    assert "9.5" not in result.stdout


def test_reconcile_median_between_two_figures(read: Run) -> None:
    result = read("reconcile", "baganis-ayrum-attack-1990", "--method", "conservative")
    assert result.exit_code == 0, result.stderr
    assert "between 9 and 10" in result.stdout and "9.5" not in result.stdout


def test_claims_table_shows_the_event_period_for_claims_that_state_none(read: Run) -> None:
    result = read("claims", "--event", "khojaly")
    assert result.exit_code == 0, result.stderr
    side = _line(result.stdout, SIDE)
    assert side.split()[3:5] == ["1992-02-25–1992-02-26", "(event)"]
    own = _line(result.stdout, "khojaly-massacre-killed-azerbaijani-authorities")
    assert own.split()[3:5] == ["1992-02-25–1992-02-26", "613"]  # its own period: not marked
    csv_out = read("claims", "--event", "khojaly", "--format", "csv").stdout
    assert "(event)" not in csv_out
    (row,) = [r for r in csv_out.splitlines() if r.startswith(SIDE + ",")]
    assert ",vague,several hundred,,,Azerbaijani side," in row  # no period is invented


def test_show_words_an_open_period(read: Run) -> None:
    result = read("show", "nagorno-karabakh-war-killed-time")
    assert result.exit_code == 0, result.stderr
    assert "  period:     since 1988-02" in result.stdout.splitlines()
    closed = read("show", "khojaly-massacre-killed-azerbaijani-authorities").stdout
    assert "  period:     1992-02-25–1992-02-26" in closed.splitlines()


def test_reconcile_table_shows_no_k_of_n_without_consensus(read: Run) -> None:
    event = "expulsion-of-azerbaijanis-from-armenia"
    for fmt in ("table", "markdown"):
        result = read("reconcile", event, "--method", "consensus", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        rows = [line for line in result.stdout.splitlines() if "none: " in line]
        assert len(rows) == 4
        assert not any(f"{k} of {n}" in line for line in rows for k in (0, 1) for n in (0, 1, 2))
    every = read("reconcile", "--method", "consensus", "--format", "json").stdout
    agreed = {f"{r['k']} of {r['n']}" for r in json.loads(every)["methods"] if r["k"] >= 2}
    table = read("reconcile", "--method", "consensus").stdout
    assert agreed and all(k_of_n in table for k_of_n in agreed)  # a consensus keeps its count
    machine = read("reconcile", event, "--method", "consensus", "--format", "csv").stdout
    assert "1 of 1,1,0,none: only one claim gives a finite figure" in machine


def test_compare_heading_counts_the_rows_shown_under_it(read: Run) -> None:
    khojaly = read("compare", "khojaly", "--metric", "killed").stdout.splitlines()
    assert khojaly[0].endswith(" — 8 claims, 7 origins; 2 parts shown under it")
    event = "expulsion-of-azerbaijanis-from-armenia"
    lines = read("compare", event, "--metric", "killed", "--period-overlap", "0.9").stdout
    assert lines.splitlines()[0].endswith(
        " — 1 claim, 1 origin; 2 sub-period claims shown under it"
    )
    alone = read("compare", "khojaly", "--metric", "wounded").stdout.splitlines()
    assert alone[0].endswith(" — 1 claim, 1 origin")
