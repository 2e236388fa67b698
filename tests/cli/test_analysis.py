"""compare, reconcile, check and lint from the command line: results, formats, refusals."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import Result

from claimsdb.vocabulary import METHODS

Run = Callable[..., Result]
KHOJALY = "khojaly-massacre-killed"


def _json(result: Result) -> dict:  # type: ignore[type-arg]
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_compare_shows_parts_under_their_whole(read: Run) -> None:
    out = read("compare", "Xocalı").stdout
    assert "killed / civilians, 1992-02-25–1992-02-26 — 8 claims, 7 origins" in out
    assert "killed / women" not in out  # no set, title or scope note of their own
    parts = [line for line in out.splitlines() if line.startswith("↳ ")]
    assert [line.split()[-1] for line in parts] == [
        f"{KHOJALY}-children-azerbaijani-authorities",
        f"{KHOJALY}-women-azerbaijani-authorities",
    ]
    assert "women, part of 613 (Azerbaijani authorities)" in parts[1]
    rows = _json(read("compare", "khojaly", "--metric", "killed", "--format", "json"))["claims"]
    civilians = [r for r in rows if r["population"] == "civilians"]
    assert [r["phrase"] for r in civilians][-2:] == ["485", "613"]  # sorted by value
    assert {r["affiliation"] for r in civilians} == {"none", "Azerbaijan", "unknown"}
    assert {r["set"] for r in rows if r["population"] == "women"} == {"parts"}


def test_compare_weighs_periods_that_mostly_coincide(read: Run) -> None:
    out = read("compare", "expulsion-of-azerbaijanis-from-armenia", "--metric", "killed").stdout
    lines = out.splitlines()
    assert lines[0] == (
        "expulsion-of-azerbaijanis-from-armenia · killed / azerbaijanis, 1987–1989"
        " — 2 claims, 2 origins; 1 sub-period claim shown under it"
    )
    assert "partisan gap 8.6× (Azerbaijan ÷ Armenia)" in out
    assert "periods differ: 1987–1989 vs 1988–1989" in lines
    (sub,) = [line for line in lines if line.startswith("↳ 1988: Arif Yunusov")]
    assert "sub-period 1988 of 1987–1989: a floor for it, not pooled" in sub
    assert (
        "contradiction: 127 (Arif Yunusov) for 1988 is above 25 (Armenian sources) for"
        " 1988–1989, a period that includes 1988"
    ) in lines
    wider = read(
        "compare", "expulsion-of-azerbaijanis-from-armenia", "--period-overlap", "0.7"
    ).stdout
    assert "periods differ" not in wider  # 2 of 3 years is under 70 %: 1988–1989 is a sub-period


def test_compare_never_pools_different_scopes(read: Run) -> None:
    out = read("compare", "nagorno-karabakh-war", "--metric", "territory_share").stdout
    assert "territory_share / (all) [excluding Nagorno-Karabakh], 1988-02–1994-05" in out
    assert "scope: also: territory_share / (all) [including Nagorno-Karabakh]" in out
    assert "dissenter" not in out  # 20 % is no longer outside a consensus of the 9 %s
    assert "consensus 9 % (2 of 2 agree)" in out


def test_compare_shows_displacement_with_scope_notes(read: Run) -> None:
    out = read("compare", "nagorno-karabakh-war", "--metric", "displaced").stdout
    assert "displaced / armenians, 1988-02–1994-05 — 3 claims" in out
    assert "scope: also: expelled / azerbaijanis, 1988-02–1994-05, 1 claim" in out
    assert "scope: also: displaced / armenians, 1988-02–1994-05, 3 claims" in out


def test_with_children_lists_child_groups_without_pooling(read: Run) -> None:
    rows = _json(
        read(
            "compare",
            "nagorno-karabakh-war",
            "--metric",
            "killed",
            "--with-children",
            "--format",
            "json",
        )
    )["claims"]
    events = {r["event"] for r in rows}
    assert {"nagorno-karabakh-war", "khojaly-massacre"} <= events
    assert len({(r["event"], r["population"], r["period"]) for r in rows}) > 5


def test_reconcile_invents_no_consensus_for_khojaly(read: Run) -> None:
    data = _json(
        read("reconcile", "khojaly", "--population", "civilians", "--explain", "--format", "json")
    )
    methods = {m["method"]: m for m in data["methods"]}
    assert set(methods) == set(METHODS)
    assert methods["consensus"]["result"] == "—"
    assert methods["consensus"]["k_of_n"] == "1 of 2"
    assert methods["envelope"]["result"] == "≥ 40"
    assert methods["independent"]["result"] == "≥ 161"
    assert methods["median"]["result"] == "549"
    roles = {c["key"]: c["role"] for c in data["claims"]}
    assert roles[f"{KHOJALY}-hrw"] == "floor, does not vote (no consensus)"
    assert roles[f"{KHOJALY}-hrw-2"].startswith("second claim: Human Rights Watch votes once")
    assert roles[f"{KHOJALY}-azerbaijani-authorities"] == "used"
    assert isinstance(data["revision"], int) and data["revision_at"]


def test_reconcile_without_event_covers_every_group(read: Run) -> None:
    rows = _json(read("reconcile", "--method", "consensus", "--format", "json"))["methods"]
    assert {r["method"] for r in rows} == {"consensus"}
    assert len(rows) > 50
    agreed = [r for r in rows if r["metric"] == "territory_share" and r["scope"].startswith("ex")]
    assert agreed[0]["k_of_n"] == "2 of 2"
    assert "includes unattributed figures" in agreed[0]["note"]


def test_check_613_names_the_azerbaijani_authorities(read: Run) -> None:
    data = _json(read("check", "khojaly", "killed", "613", "--format", "json"))
    civilians, *parts = data["verdicts"]  # the headline first
    assert civilians["population"] == "civilians"
    assert civilians["verdict"] == "matches_estimate"
    assert civilians["headline"] == "matches Azerbaijani authorities (613 civilians)"
    assert civilians["attribution"] == (
        "613, according to Azerbaijani authorities; Human Rights Watch documented at least 161."
    )
    matched = {c["key"] for c in civilians["matched"]}
    assert f"{KHOJALY}-azerbaijani-authorities" in matched
    assert f"{KHOJALY}-conservative-estimates" in {c["key"] for c in civilians["contradicted"]}
    assert [(v["population"], v["set"]) for v in parts] == [
        ("children", "parts"),
        ("women", "parts"),
    ]
    lines = read("check", "khojaly", "killed", "613").stdout.splitlines()
    assert lines[0] == "613 → matches_estimate: matches Azerbaijani authorities (613 civilians)"
    assert "above_all" not in "\n".join(lines)  # the parts get no verdict of their own
    assert (
        f"  part        women: 106 (Azerbaijani authorities)  {KHOJALY}-women-azerbaijani-"
        "authorities"
    ) in lines


def test_check_without_population_leads_with_the_best_match(read: Run) -> None:
    lines = read("check", "yukhari-askipara-fighting-1990", "killed", "5").stdout.splitlines()
    assert lines[0] == "5 → matches_estimate: matches Armenian media (five armenian militants)"
    assert "other sets:" in lines
    sub = read("check", "expulsion-of-azerbaijanis-from-armenia", "killed", "100").stdout
    assert (
        "  sub-period  1988: 127 (Arif Yunusov), not pooled, a floor for the whole period:"
        " 100 is below it"
    ) in sub.splitlines()


def test_check_161_is_a_minimum(read: Run) -> None:
    data = _json(
        read("check", "khojaly", "killed", "161", "--population", "civilians", "--format", "json")
    )
    (verdict,) = data["verdicts"]
    assert 'write "at least 161"' in verdict["advice"]
    assert verdict["attribution"].startswith("At least 161, according to Human Rights Watch")


def test_check_below_a_documented_floor(read: Run) -> None:
    data = _json(
        read("check", "khojaly", "killed", "100", "--population", "civilians", "--format", "json")
    )
    (verdict,) = data["verdicts"]
    assert verdict["verdict"] == "below_floor"
    assert verdict["from_independent"] == pytest.approx(100 / 161 - 1)


def test_check_as_of_uses_only_claims_made_by_then(read: Run) -> None:
    result = read("check", "khojaly", "wounded", "200", "--as-of", "1992-03")
    assert result.exit_code == 0, result.stderr
    assert "→ matches_estimate" in result.stdout
    early = read("check", "khojaly", "wounded", "200", "--as-of", "1992-02")
    assert early.exit_code == 1
    assert early.stderr == "error: no claims for khojaly / wounded made by 1992-02\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("compare", "khojalyy"),
            1,
            "error: unknown event 'khojalyy'; did you mean 'Khojaly massacre'?",
        ),
        (
            ("check", "khojaly", "kiled", "613"),
            1,
            "error: unknown metric 'kiled'; did you mean 'killed'?",
        ),
        (
            ("check", "khojaly", "killed", "613", "--population", "civilian"),
            1,
            "error: unknown population 'civilian'; did you mean 'civilians', ",
        ),
        (
            ("check", "khojaly", "killed", "many"),
            2,
            "'many' is not a number (write e.g. 613 or 1,000)",
        ),
        (
            ("check", "khojaly", "killed", "--", "-5"),
            2,
            "error: VALUE must not be negative, not -5",
        ),
        (("check", "khojaly", "killed", "613", "--as-of", "26/02/1992"), 2, "error: "),
        (("reconcile", "khojaly", "--method", "mean"), 2, "'mean' is not one of"),
        (("compare", "khojaly", "--metric", "raped"), 1, "error: no claims for khojaly / raped"),
        (("reconcile", "--tolerance", "1.5"), 2, "1.5 is not in the range"),
    ],
)
def test_bad_input_is_refused_clearly(
    read: Run, args: tuple[str, ...], code: int, message: str
) -> None:
    result = read(*args)
    assert result.exit_code == code, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_check_with_no_active_claim_exits_1(run: Run, loaded: object) -> None:
    for key in ("khojaly-killed-hrw", "khojaly-killed-conservative", "khojaly-killed-az"):
        assert run("retract", key, "--reason", "test").exit_code == 0
    result = run("check", "khojaly", "killed", "613", "--population", "civilians")
    assert result.exit_code == 1
    assert "→ no_claims" in result.stdout
    assert result.stderr == "error: no active claims to check against\n"


def test_lint_reports_findings_with_keys_and_exit_1(run: Run, loaded: object) -> None:
    clean = run("lint")
    assert (clean.exit_code, clean.stderr) == (0, "no findings\n")
    added = run(
        "add",
        "--event",
        "khojaly",
        "--metric",
        "killed",
        "--population",
        "children",
        "--figure",
        "700",
        "--claimant",
        "Azerbaijani authorities",
        "--part-of",
        "khojaly-killed-az",
        "--key",
        "too-many",
    )
    assert added.exit_code == 0, added.stderr
    result = run("lint", "--format", "csv")
    assert result.exit_code == 1
    assert 'parts_exceed_whole,"khojaly-killed-az, khojaly-killed-az-women' in result.stdout
    assert "too-many" in result.stdout


def test_machine_readable_outputs_carry_numbers(read: Run) -> None:
    compared = _json(read("compare", "khojaly", "--metric", "killed", "--format", "json"))
    (civilians,) = [g for g in compared["groups"] if g["population"] == "civilians"]
    assert (civilians["median"], civilians["k"], civilians["envelope_high"]) == (549, 1, None)
    assert civilians["scope_notes"] == []  # its parts are shown under it, not pointed at
    (women,) = [g for g in compared["groups"] if g["population"] == "women"]
    assert (women["kind"], women["parent"]) == ("parts", civilians["group"])
    assert {a["affiliation"] for a in civilians["by_affiliation"]} == {
        "Azerbaijan",
        "none",
        "unknown",
    }
    reconciled = _json(
        read("reconcile", "khojaly", "--population", "civilians", "--format", "json")
    )
    envelope = next(m for m in reconciled["methods"] if m["method"] == "envelope")
    assert (envelope["low"], envelope["high"]) == (40, None)


def test_value_may_be_written_with_separators(read: Run) -> None:
    data = _json(
        read("check", "khojaly", "killed", "1,000", "--population", "civilians", "--format", "json")
    )
    assert data["value"] == 1000
    assert data["verdicts"][0]["verdict"] == "above_all"


def test_usage_errors_are_one_line(read: Run) -> None:
    result = read("check", "khojaly", "killed", "many")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Invalid value for 'VALUE': 'many' is not a number (write e.g. 613 or 1,000)"
        " (see: cli check --help)\n"
    )
