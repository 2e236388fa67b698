"""check's words: the advice on a bound and the attribution sentence — on hand-built groups."""

from __future__ import annotations

import pandas as pd

from claimsdb.analysis.check import check
from claimsdb.analysis.reconcile import reconcile
from claimsdb.analysis.results import Verdict
from claimsdb.present.verdicts import verdict_lines, verdict_row, verdicts, where
from tests.analysis_frames import KHOJALY, NONE, claims


def _verdict(frame: pd.DataFrame, value: float) -> Verdict:
    (only,) = verdicts(check(frame, reconcile(frame), value), frame)
    return only


def test_no_claims_when_everything_is_excluded() -> None:
    frame = claims({"figure": "10", "status": "retracted"})
    verdict = _verdict(frame, 10)
    assert verdict.verdict == "no_claims"
    assert verdict.attribution == "No source gives a figure for this."


def test_attribution_sentences() -> None:
    assert _verdict(KHOJALY, 613).attribution == (
        "613, according to Azerbaijani authorities; Human Rights Watch documented at least 161."
    )
    minimum = _verdict(KHOJALY, 161)
    assert minimum.advice == (
        '161 is Human Rights Watch\'s minimum, not an estimate: write "at least 161"'
    )
    assert minimum.attribution == (
        "At least 161, according to Human Rights Watch; Memorial reported several hundred."
    )
    assert _verdict(KHOJALY, 1000).attribution == (
        "No source gives 1,000; Human Rights Watch documented at least 161."
    )


def test_ceiling_bound_advice() -> None:
    frame = claims({"figure": "as many as 230,000", "claimant": "UNHCR", "affiliation": NONE})
    assert _verdict(frame, 230_000).advice.endswith('write "up to 230,000"')


def test_a_claim_that_does_not_vote_still_matches() -> None:
    frame = claims(
        {"figure": "613", "claimant": "Az", "affiliation": "Azerbaijan"},
        {"figure": "1,000", "claimant": "Az", "affiliation": "Azerbaijan", "claimed": "1993"},
        {"figure": "at least 161", "claimant": "HRW", "affiliation": NONE},
    )
    verdict = _verdict(frame, 613)
    assert verdict.verdict == "matches_estimate"
    assert verdict.attribution == "613, according to Az; HRW documented at least 161."


def test_a_value_inside_a_range_and_unattributed_wording() -> None:
    frame = claims(
        {"figure": "150 to 200", "claimant": "ICRC", "affiliation": NONE},
        {"figure": "as many as 70", "claimant": "unattributed", "claimant_kind": "unattributed"},
    )
    inside = _verdict(frame, 195)
    assert inside.attribution == (
        "195 is within the figure ICRC gave (150 to 200); an unattributed report gives up to 70."
    )
    assert _verdict(frame, 70).advice == (
        '70 is the maximum of an unattributed report, not an estimate: write "up to 70"'
    )


def test_cited_claims_are_worded_in_the_order_outputs_give_them() -> None:
    verdict = _verdict(KHOJALY, 613)
    floor = next(c for c in verdict.matched if c["key"] == "c1")
    assert list(floor)[:5] == ["key", "claimant", "affiliation", "figure", "interval"]
    assert (floor["figure"], floor["interval"]) == ("at least 161", "≥ 161")
    assert "id" not in floor


def test_a_figure_without_a_phrase_is_written_out_and_a_phrase_reads_mid_sentence() -> None:
    frame = claims(
        {"figure": "1,000", "claimant": "A", "affiliation": "X"},
        {"figure": "400", "claimant": "B", "affiliation": NONE, "phrase": "An estimated 400"},
    )
    assert (
        _verdict(frame, 1000).attribution == "1,000, according to A; B reported an estimated 400."
    )


def test_the_terminal_lines_of_a_verdict() -> None:
    from claimsdb.analysis.results import CheckResult, Stamp

    verdict = _verdict(KHOJALY, 161)
    result = CheckResult("e", "killed", 161, [verdict], Stamp(None, None), "1992", ["c9"])
    lines = verdict_lines(result, [verdict_row(verdict)])
    assert lines[0] == "as of 1992: 1 undated claim left out"
    assert lines[1] == (
        "161 → within_independent: the minimum Human Rights Watch gave (at least 161),"
        " not an estimate"
    )
    assert lines[2] == "e · killed / (all)"  # no period: nothing after the population
    assert "  matches     Human Rights Watch: at least 161 [≥ 161]  c1" in lines
    assert "  contradicts Memorial: several hundred [300–999] (convention)  c4" in lines
    assert lines[-2].startswith("  advice      161 is Human Rights Watch's minimum")


def test_where_a_value_lies() -> None:
    assert where([None], None) == "none"
    assert where(["485–613"], 0.0) == "485–613 (inside)"
    assert where(["100", "200"], -0.125) == "100 and 200 (12% below)"
    assert where(["≥ 161"], 0.5) == "≥ 161 (50% above)"
