"""The claims frame carries scope, part_of, the metric's unit and accumulates, and the event's own
period on every row, the context rows a ``derived_from`` chain brings in included."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from claimsdb.read.frame import Scope, claims_frame
from claimsdb.services import edit
from claimsdb.store.engine import reading
from claimsdb.store.models import Event

NEW_COLUMNS = ("scope", "part_of", "unit", "accumulates", "event_first", "event_last")


@pytest.fixture
def claims(loaded: Engine) -> Engine:
    """The fixture bundle (Khojaly), plus a territory claim with a scope in an event without a
    period, which a Khojaly claim repeats (``derived_from``)."""
    edit.add_entity(loaded, "events", {"slug": "undated", "name": "Undated"})
    base = {"claimant": "HRW", "quote": "", "document": ""}
    edit.add_claim(
        loaded,
        {
            **base,
            "key": "undated-territory",
            "event": "undated",
            "metric": "territory_share",
            "figure": "9%",
            "scope": "excluding the enclave",
        },
    )
    edit.add_claim(
        loaded,
        {
            **base,
            "key": "khojaly-territory",
            "event": "khojaly",
            "metric": "territory_share",
            "figure": "9%",
            "derived_from": "undated-territory",
        },
    )
    return loaded


def _frame(engine: Engine, **kwargs: bool) -> pd.DataFrame:
    with reading(engine) as conn:
        khojaly = conn.execute(select(Event.id).where(Event.slug == "khojaly-massacre"))
        scope = Scope(events=(khojaly.scalar_one(),))
        return claims_frame(conn, scope, **kwargs).set_index("key")


@pytest.mark.parametrize("text", [False, True])
def test_every_row_has_the_new_columns(claims: Engine, text: bool) -> None:
    frame = _frame(claims, text=text)
    assert isinstance(frame["scope"].dtype, pd.CategoricalDtype)
    assert frame["part_of"].dtype == "Int64"
    assert isinstance(frame["unit"].dtype, pd.CategoricalDtype)
    assert frame["accumulates"].dtype == bool
    assert isinstance(frame["event_first"].dtype, pd.CategoricalDtype)
    assert isinstance(frame["event_last"].dtype, pd.CategoricalDtype)
    assert list(frame.columns).count("part_of") == 1
    if text:
        assert frame.loc["khojaly-killed-hrw", "phrase"] == "at least 161"

    hrw = frame.loc["khojaly-killed-hrw"]
    assert (hrw["scope"], hrw["unit"], hrw["accumulates"]) == ("", "people", True)
    assert (hrw["event_first"], hrw["event_last"]) == ("1992-02-25", "1992-02-26")
    assert pd.isna(hrw["part_of"])
    whole = frame.loc["khojaly-killed-az", "id"]
    assert frame.loc["khojaly-killed-az-women", "part_of"] == whole

    copy = frame.loc["khojaly-territory"]
    assert (copy["unit"], copy["accumulates"], copy["in_scope"]) == ("percent", False, True)

    context = frame.loc["undated-territory"]  # outside the event, reached through derived_from
    assert not context["in_scope"]
    assert (context["scope"], context["unit"], context["accumulates"]) == (
        "excluding the enclave",
        "percent",
        False,
    )
    assert pd.isna(context["event_first"]) and pd.isna(context["event_last"])
    assert pd.isna(context["part_of"])
    assert frame.loc["khojaly-territory", "derived_from"] == context["id"]


def test_an_empty_frame_has_the_new_columns(loaded: Engine) -> None:
    with reading(loaded) as conn:
        frame = claims_frame(conn, Scope(events=()))
    assert frame.empty
    assert set(NEW_COLUMNS) <= set(frame.columns)


def test_context_rows_follow_a_chain_through_other_context_rows(claims: Engine) -> None:
    """A chain that leaves the scope and goes on (Khojaly → undated → elsewhere) brings every
    link, each once, marked out of scope."""
    edit.add_entity(claims, "events", {"slug": "elsewhere", "name": "Elsewhere"})
    base = {"claimant": "HRW", "quote": "", "document": "", "metric": "territory_share"}
    edit.add_claim(claims, {**base, "key": "far-root", "event": "elsewhere", "figure": "9%"})
    edit.edit_claim(claims, "undated-territory", {"derived_from": "far-root"})
    frame = _frame(claims)
    assert not frame.loc["undated-territory", "in_scope"]
    assert not frame.loc["far-root", "in_scope"]
    assert frame.loc["undated-territory", "derived_from"] == frame.loc["far-root", "id"]
    assert frame.index.is_unique
