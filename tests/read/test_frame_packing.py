"""The claims frame reads the closed vocabularies packed into one integer and the event's period
by id, and gives back exactly what is stored, in claim id order, on either backend."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, insert, select, update

from claimsdb.read.frame import Scope, claims_frame
from claimsdb.store.engine import reading
from claimsdb.store.models import Claim, Event


def _stored(engine: Engine) -> pd.DataFrame:
    columns = [
        Claim.id,
        Claim.qualifier,
        Claim.vague,
        Claim.status,
        Claim.period_first,
        Claim.period_last,
        Claim.period_start_precision,
        Claim.period_end_precision,
        Claim.claimed_last,
        Event.period_first.label("event_first"),
        Event.period_last.label("event_last"),
        Event.period_start_precision.label("event_start_precision"),
        Event.period_end_precision.label("event_end_precision"),
    ]
    with reading(engine) as conn:
        rows = conn.execute(select(*columns).join(Event, Event.id == Claim.event_id)).all()
    return pd.DataFrame(rows, columns=[c.key for c in columns]).set_index("id")


def _text(value: object) -> object:
    return None if value is None or pd.isna(value) else str(value)


def test_vocabularies_and_periods_are_as_stored(loaded: Engine) -> None:
    with loaded.begin() as conn:  # every status, and a claim with a period of its own
        first = conn.execute(select(Claim.id).order_by(Claim.id)).scalars().all()
        for status, claim in zip(("superseded", "retracted", "discounted"), first, strict=False):
            conn.execute(update(Claim).where(Claim.id == claim).values(status=status))
        # Dates travel as numbers: a year below 1000 and the last day of a year come back whole.
        dates = {"period_first": date(905, 1, 2), "period_last": date(1999, 12, 31)}
        conn.execute(update(Claim).where(Claim.id == first[-1]).values(**dates))
        conn.execute(update(Claim).where(Claim.id == first[0]).values(claimed_last=date(905, 3, 4)))
    stored = _stored(loaded)
    with reading(loaded) as conn:
        frame = claims_frame(conn)
    assert frame["id"].tolist() == sorted(frame["id"].tolist())
    frame = frame.set_index("id")
    assert set(frame.index) == set(stored.index)
    assert {"superseded", "retracted", "discounted", "active"} <= set(frame["status"])
    for claim, row in stored.iterrows():
        got = frame.loc[claim]
        for column in ("qualifier", "vague", "status"):
            assert _text(got[column]) == _text(row[column]), (claim, column)
        own = row["period_first"] is not None or row["period_last"] is not None
        ends = ("period_first", "period_last") if own else ("event_first", "event_last")
        precisions = ("period_start_precision", "period_end_precision")
        stated = precisions if own else ("event_start_precision", "event_end_precision")
        for column, source in zip(("period_first", "period_last"), ends, strict=True):
            assert _text(got[column]) == _text(row[source]), (claim, column)
        for column, source in zip(precisions, stated, strict=True):
            assert _text(got[column]) == _text(row[source]), (claim, column)
        assert _text(got["claimed"]) == _text(row["claimed_last"]), claim
    for column in ("period_first", "period_last", "claimed"):
        assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
    assert frame.loc[first[-1], "period_first"] == "0905-01-02"
    assert frame.loc[first[0], "claimed"] == "0905-03-04"


def test_context_rows_come_after_the_scope_in_id_order(loaded: Engine) -> None:
    with reading(loaded) as conn:
        events = conn.execute(select(Event.id).order_by(Event.id)).scalars().all()
        frame = claims_frame(conn, Scope(events=tuple(events[:1])))
    inside = frame[frame["in_scope"]]
    assert inside["id"].tolist() == sorted(inside["id"].tolist())
    assert frame["in_scope"].tolist() == sorted(frame["in_scope"].tolist(), reverse=True)


def test_large_ids_are_unpacked_whole(loaded: Engine) -> None:
    """An event id of 17 bits shifts the ids above it past 32 bits (PostgreSQL's integer)."""
    with loaded.begin() as conn:
        conn.execute(insert(Event).values(id=100_000, slug="far-away", name="Far away"))
        claim = conn.execute(select(Claim.id).order_by(Claim.id)).scalars().first()
        conn.execute(update(Claim).where(Claim.id == claim).values(event_id=100_000))
        stored = conn.execute(select(Claim.id, Claim.metric_id, Claim.claimant_id)).all()
    with reading(loaded) as conn:
        frame = claims_frame(conn).set_index("id")
    assert frame.loc[claim, "event_id"] == 100_000
    assert frame.loc[claim, "event"] == "far-away"
    for claim_id, metric_id, claimant_id in stored:
        assert frame.loc[claim_id, "metric_id"] == metric_id
        assert frame.loc[claim_id, "claimant_id"] == claimant_id


def test_context_from_several_links_stays_categorical(loaded: Engine) -> None:
    """Context rows read in two rounds (a chain of two links) with text of their own."""
    with loaded.begin() as conn:
        rows = conn.execute(select(Claim.id, Claim.population).order_by(Claim.id)).all()
        first, population = rows[0]
        second, third = [claim for claim, p in rows if p != population][:2]
        links = ((first, second, population), (second, third, "pop b"), (third, None, "pop c"))
        for claim, source, said in links:
            values = {"derived_from_id": source, "population": said}
            conn.execute(update(Claim).where(Claim.id == claim).values(**values))
    with reading(loaded) as conn:
        frame = claims_frame(conn, Scope(population=population))
        dated = claims_frame(conn, Scope(population=population), dates=True, text=True)
    assert dated["id"].tolist() == frame["id"].tolist()
    assert isinstance(dated["published"].dtype, pd.CategoricalDtype)
    context = frame[~frame["in_scope"]].set_index("id")
    assert set(context.index) >= {second, third}
    assert (context.loc[second, "population"], context.loc[third, "population"]) == (
        "pop b",
        "pop c",
    )
    assert isinstance(frame["population"].dtype, pd.CategoricalDtype)
