"""One claim as `claimsdb show` prints it, with the terminal's bold marks or none."""

from __future__ import annotations

from claimsdb.present.show import claim_text, in_paragraph
from claimsdb.read.claims import ClaimDetail
from claimsdb.read.history import HistoryEntry

CLAIM = {
    "key": "k-hrw",
    "status": "active",
    "metric": "killed",
    "population": "civilians",
    "phrase": "at least 161",
    "qualifier": "at_least",
    "low": "161",
    "best": "",
    "high": "",
    "claimant": "HRW",
    "claimant_kind": "ngo",
    "affiliation": "none",
    "reported_by": "",
    "claimed_on": "1992-03",
    "period_start": "1992-02-25",
    "period_end": "1992-02-26",
    "grade": "",
    "notes": "",
    "document": "hrw-1992",
    "locator": "p. 4",
    "url": "",
    "quote": "at least 161 civilians",
}


def test_a_claim_in_full() -> None:
    detail = ClaimDetail(
        CLAIM,
        "Khojaly massacre",
        "HRW report",
        "We counted at least 161 civilians killed.",
        [],
        [{"key": "k-paper"}],
        None,
        [],
        [HistoryEntry(3, "2024-05-01T12:00:00", "ana", "update", "checked", {"grade": ("", "x")})],
    )
    text = claim_text(detail, bold=lambda t: f"*{t}*")
    assert text.splitlines()[:4] == [
        "*k-hrw*  [active]",
        "  Khojaly massacre · killed · civilians",
        "  figure:     'at least 161' (at_least; low=161)",
        "  claimant:   HRW (ngo, affiliation: none)",
    ]
    assert "  period:     1992-02-25–1992-02-26" in text
    assert "  document:   HRW report, p. 4" in text
    assert "  We counted *»at least 161 civilians«* killed." in text
    assert "  repeated by: k-paper" in text
    assert text.endswith("    #3 2024-05-01T12:00:00 ana update: grade (checked)")
    assert claim_text(detail).startswith("k-hrw  [active]")


def test_a_long_paragraph_is_trimmed_around_the_quote() -> None:
    paragraph = "word " * 100 + "QUOTE" + " word" * 100
    shown = in_paragraph(paragraph, "QUOTE")
    assert shown.startswith("…") and shown.endswith("…") and "»QUOTE«" in shown
    assert len(shown) < 620
