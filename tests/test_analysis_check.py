"""check verdicts, advice and attribution; the as-of filter — on hand-built groups."""

from __future__ import annotations

import pytest

from claimsdb.analysis.check import check, known_on
from claimsdb.analysis.reconcile import reconcile
from tests.analysis_frames import claims

NONE = "none"


def _verdict(frame, value):  # type: ignore[no-untyped-def]
    (only,) = check(frame, reconcile(frame), value)
    return only


KHOJALY = claims(
    {"figure": "at least 161", "claimant": "Human Rights Watch", "affiliation": NONE},
    {"figure": "485", "claimant": "conservative estimates", "claimant_kind": "unattributed"},
    {"figure": "613", "claimant": "Azerbaijani authorities", "affiliation": "Azerbaijan"},
    {"figure": "several hundred", "claimant": "Memorial", "affiliation": NONE},
)


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        (613, "matches_estimate"),
        (161, "within_independent"),
        (100, "below_floor"),
        (550, "within_independent"),
    ],
)
def test_khojaly_verdicts(value: float, verdict: str) -> None:
    assert _verdict(KHOJALY, value).verdict == verdict


def test_consensus_envelope_and_above_all() -> None:
    frame = claims(
        {"figure": "100 to 200", "affiliation": "A"},
        {"figure": "150 to 250", "affiliation": "B"},
        {"figure": "up to 400", "affiliation": "B", "claimant": "ceiling"},
    )
    inside = _verdict(frame, 180)
    assert inside.verdict == "within_consensus"
    assert inside.consensus == [(150.0, 200.0)]
    assert inside.from_consensus == 0
    assert _verdict(frame, 300).verdict == "envelope_only"
    assert _verdict(frame, 300).from_consensus == pytest.approx(0.5)
    above = _verdict(frame, 500)
    assert above.verdict == "above_all"
    assert [c["key"] for c in above.contradicted] == ["c1", "c2", "c3"]
    assert _verdict(frame, 50).verdict == "envelope_only"  # only the ceiling [0, 400] holds 50


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


def test_check_refuses_negative_values() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        check(KHOJALY, reconcile(KHOJALY), -1)


def test_known_on_keeps_what_was_said_by_then() -> None:
    frame = claims(
        {"figure": "100", "claimed": "1992-03-01", "status": "superseded"},
        {"figure": "120", "claimed": "1993-01-01", "supersedes": 1},
        {"figure": "90", "published": "1992-02-28"},
        {"figure": "80"},
    )
    kept, left_out = known_on(frame, "1992-12-31")
    assert list(kept["key"]) == ["c1", "c3"]
    assert list(kept["status"]) == ["active", "active"]  # superseded only later
    assert left_out == ["c4"]
    later, _ = known_on(frame, "1993-06-30")
    assert list(later["status"]) == ["superseded", "active", "active"]


def test_a_claim_that_does_not_vote_still_matches() -> None:
    frame = claims(
        {"figure": "613", "claimant": "Az", "affiliation": "Azerbaijan"},
        {"figure": "1,000", "claimant": "Az", "affiliation": "Azerbaijan", "claimed": "1993"},
        {"figure": "at least 161", "claimant": "HRW", "affiliation": NONE},
    )
    verdict = _verdict(frame, 613)
    assert verdict.verdict == "matches_estimate"
    assert verdict.attribution == "613, according to Az; HRW documented at least 161."


def test_an_open_floor_does_not_vouch_for_any_large_number() -> None:
    assert _verdict(KHOJALY, 999).verdict == "within_independent"  # several hundred reach 999
    assert _verdict(KHOJALY, 1000).verdict == "above_all"
    assert _verdict(KHOJALY, 1e12).verdict == "above_all"


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
