"""check's verdicts and the claims they cite; the as-of filter — on hand-built groups."""

from __future__ import annotations

import pytest

from claimsdb.analysis.check import check, known_on
from claimsdb.analysis.reconcile import reconcile
from tests.analysis_frames import KHOJALY, claims


def _verdict(frame, value):  # type: ignore[no-untyped-def]
    (only,) = check(frame, reconcile(frame), value)
    return only


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


def test_an_open_floor_does_not_vouch_for_any_large_number() -> None:
    assert _verdict(KHOJALY, 999).verdict == "within_independent"  # several hundred reach 999
    assert _verdict(KHOJALY, 1000).verdict == "above_all"
    assert _verdict(KHOJALY, 1e12).verdict == "above_all"


def test_the_claims_a_sentence_would_cite() -> None:
    exact = _verdict(KHOJALY, 613)
    assert [c["key"] for c in exact.leads] == ["c3"]
    assert exact.within is None and exact.bound is None
    assert [c["key"] for c in exact.contrast] == ["c1"]  # the independent floor, not the vague word
    floor = _verdict(KHOJALY, 161)
    assert floor.bound is not None and floor.bound["key"] == "c1"
    assert [c["key"] for c in floor.contrast] == ["c4"]  # no numbers left: the vague word
    nobody = _verdict(KHOJALY, 1000)
    assert (nobody.leads, nobody.within) == ([], None)
    ranged = _verdict(claims({"figure": "150 to 200"}, {"figure": "300"}), 195)
    assert ranged.within is not None and ranged.within["key"] == "c1"
    assert [c["key"] for c in ranged.contrast] == ["c2"]


def test_cited_claims_carry_numbers_not_words() -> None:
    (cited,) = [c for c in _verdict(KHOJALY, 613).matched if c["key"] == "c1"]
    assert cited["upper"] is None and cited["point"] is None and cited["lower"] == 161
    assert "figure" not in cited and "interval" not in cited
