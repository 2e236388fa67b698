"""check and lint on the bundled data set, across comparable sets: one headline verdict, parts
without a verdict of their own, periods shown where they differ, contradictions named."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import Result

Run = Callable[..., Result]
EXODUS = "expulsion-of-azerbaijanis-from-armenia"
KEY = f"{EXODUS}-killed"


def _json(result: Result) -> dict:  # type: ignore[type-arg]
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_parts_carry_no_verdict_and_the_headline_is_marked(read: Run) -> None:
    data = _json(read("check", "khojaly", "killed", "613", "--format", "json"))
    marks = [(v["population"], v["set"], v["verdict"], v["headline_set"]) for v in data["verdicts"]]
    assert marks[:3] == [
        ("civilians", "set", "matches_estimate", True),
        ("children", "parts", "part", False),
        ("women", "parts", "part", False),
    ]
    assert sum(v["headline_set"] for v in data["verdicts"]) == 1
    csv = read("check", "khojaly", "killed", "613", "--format", "csv").stdout.splitlines()
    assert csv[0].split(",")[6:8] == ["verdict", "headline_set"]
    assert ",parts,part,False," in csv[2]


def test_a_figure_of_a_part_is_pointed_to_under_the_headline(read: Run) -> None:
    lines = read("check", "khojaly", "killed", "83").stdout.splitlines()
    assert lines[0].startswith("83 → below_floor")
    assert lines[1] == (
        "  but 83 is a part's figure: 83 children (Azerbaijani authorities), a part of this"
        " whole; check it alone with --population children"
    )
    assert any(
        line.startswith("  part        children: 83") and "← gives 83" in line for line in lines
    )


def test_check_shows_periods_and_the_contradiction(read: Run) -> None:
    lines = read("check", EXODUS, "killed", "216").stdout.splitlines()
    assert lines[0] == "216 → matches_estimate: matches Azerbaijani government (216 azerbaijanis)"
    assert "  periods differ: 1987–1989 vs 1988–1989" in lines
    assert any(
        line.startswith("  contradicts Armenian sources: 25 for 1988–1989 [25]") for line in lines
    )
    assert (
        "  contradiction: 127 (Arif Yunusov) for 1988 is above 25 (Armenian sources) for"
        " 1988–1989, a period that includes 1988"
    ) in lines
    data = _json(read("check", EXODUS, "killed", "216", "--format", "json"))
    head = data["verdicts"][0]
    assert head["periods_differ"] == "1987–1989 vs 1988–1989"
    assert {c["period"] for c in head["matched"] + head["contradicted"]} == {
        "1987–1989",
        "1988–1989",
    }
    assert len(head["contradictions"]) == 1


def test_a_value_of_a_sub_period_is_pointed_to(read: Run) -> None:
    lines = read("check", EXODUS, "killed", "127").stdout.splitlines()
    assert lines[1] == "  but for the sub-period 1988, 127 matches Arif Yunusov (127 azerbaijanis)"


@pytest.mark.parametrize("overlap", ["0.3", "0.5", "0.9"])
def test_lint_finds_the_contradiction_at_any_overlap(read: Run, overlap: str) -> None:
    result = read("lint", "--period-overlap", overlap, "--format", "json")
    assert result.exit_code == 1, result.stderr
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["keys"] == f"{KEY}-arif-yunusov, {KEY}-armenian-sources"
    assert finding["message"] == (
        "127 (Arif Yunusov) for 1988 is above 25 (Armenian sources) for 1988–1989, a period"
        " that includes 1988: a count for part of a period cannot exceed the whole's"
    )
    compare = read("compare", EXODUS, "--metric", "killed", "--period-overlap", overlap).stdout
    assert "contradiction: 127 (Arif Yunusov) for 1988 is above 25 (Armenian sources)" in compare
