"""A claim that states no period takes its event's: ``event_periods`` gives it as written."""

from __future__ import annotations

from sqlalchemy import Engine

from claimsdb.read.claims import event_periods
from claimsdb.services import claims, edit
from claimsdb.store.engine import reading


def test_event_periods_as_written(loaded: Engine) -> None:
    edit.add_entity(loaded, "events", {"slug": "undated", "name": "Undated"})
    with reading(loaded) as conn:
        found = event_periods(conn, ["khojaly-massacre", "nagorno-karabakh-war", "undated"])
        assert event_periods(conn, []) == {}
    assert found == {
        "khojaly-massacre": ("1992-02-25", "1992-02-26"),
        "nagorno-karabakh-war": ("1988-02", "1994-05"),
        "undated": ("", ""),
    }


def test_a_listing_carries_the_periods_of_events_whose_claims_state_none(loaded: Engine) -> None:
    edit.add_claim(
        loaded,
        {
            "key": "war-dated",
            "event": "nagorno-karabakh-war",
            "metric": "killed",
            "claimant": "HRW",
            "figure": "over 100",
            "period_start": "1988-02",
            "quote": "",
            "document": "",
        },
    )
    listing = claims.claims(loaded)
    undated = [r for r in listing.rows if r["event"] == "khojaly-massacre"]
    assert undated and all((r["period_start"], r["period_end"]) == ("", "") for r in undated)
    # Only events whose claims state no period are looked up; nothing is written into a row.
    assert listing.event_periods == {"khojaly-massacre": ("1992-02-25", "1992-02-26")}
    assert "period" not in listing.frame
