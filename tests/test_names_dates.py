"""Folded names and reduced-precision dates."""

from __future__ import annotations

from datetime import date

import pytest

from claimsdb.dates import parse_date, written_form
from claimsdb.errors import InvalidInput
from claimsdb.names import did_you_mean, fold, nearest, slugify, word_matches


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Xocalı", "xocali"),
        ("Xocali", "xocali"),
        ("KHOJALY", "khojaly"),
        ("Khojaly-massacre", "khojaly massacre"),
        ("  Khojaly   massacre ", "khojaly massacre"),
        ("Ağdam", "agdam"),
        ("Şuşa", "susa"),
        ("Gəncə", "gence"),
        ("Łódź", "lodz"),
        ("Søren", "soren"),
        ("Straße", "strasse"),
        ("Human Rights Watch", "human rights watch"),
        ("Nagorno–Karabakh", "nagorno karabakh"),
    ],
)
def test_fold(name: str, folded: str) -> None:
    assert fold(name) == folded


def test_slugify() -> None:
    assert slugify("Khojaly massacre") == "khojaly-massacre"
    assert slugify("Xocalı soyqırımı") == "xocali-soyqirimi"


def test_did_you_mean_offers_near_names() -> None:
    names = {fold(n): n for n in ("Khojaly massacre", "Khojaly", "Shusha", "Stepanakert")}
    message = did_you_mean("event", "Khojali", names)
    assert message.startswith("unknown event 'Khojali'; did you mean")
    assert "'Khojaly'" in message
    assert did_you_mean("event", "zzzz", names) == "unknown event 'zzzz'"


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        ("1992", date(1992, 1, 1), date(1992, 12, 31), "year"),
        ("1992-02", date(1992, 2, 1), date(1992, 2, 29), "month"),
        ("1993-02", date(1993, 2, 1), date(1993, 2, 28), "month"),
        ("1992-02-26", date(1992, 2, 26), date(1992, 2, 26), "day"),
    ],
)
def test_reduced_dates(text: str, first: date, last: date, precision: str) -> None:
    parsed = parse_date(text)
    assert (parsed.first, parsed.last, parsed.precision) == (first, last, precision)
    assert parsed.written == text
    assert written_form(parsed.first, parsed.precision) == text


@pytest.mark.parametrize("text", ["92", "1992-13", "1992-02-30", "Feb 1992", "1992/02", ""])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="cannot read date"):
        parse_date(text)


def test_suggestions_start_with_what_was_typed() -> None:
    from claimsdb.names import nearest

    candidates = {
        "askeran clash": "Askeran clash",
        "battle of askeran": "Askeran clash",
        "yukhari askipara fighting": "Border villages fighting",
        "azerbaijani civilians": "azerbaijani civilians",
        "civilians": "civilians",
    }
    assert nearest("askeran", candidates) == ["Askeran clash"]  # one entity, named once
    assert nearest("yukhari", candidates) == ["Border villages fighting"]
    assert nearest("civilian", candidates)[:2] == ["civilians", "azerbaijani civilians"]


def test_nearest_ranks_names_sharing_more_words_first() -> None:
    candidates = {
        fold(n): n for n in ("Border villages fighting", "Border clashes of 1990", "Clashes")
    }
    assert nearest("border clashes", candidates)[0] == "Border clashes of 1990"
    assert word_matches("bord vill", candidates) == [fold("Border villages fighting")]
    assert word_matches("x" * 500, candidates) == []
