"""What an analysis covers: names resolved into a scope of claims, inside the caller's snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from claimsdb.analysis.results import Stamp
from claimsdb.errors import InvalidInput
from claimsdb.present import words
from claimsdb.read.claims import check_population, resolve_event, resolve_metric
from claimsdb.read.frame import Scope
from claimsdb.store import audit
from claimsdb.store.models import Event
from claimsdb.vocabulary import PERIOD_OVERLAP

if TYPE_CHECKING:
    import pandas as pd

    from claimsdb.analysis.reconcile import Reconciliation


def stamp(conn: Connection) -> Stamp:
    """The latest revision of the database behind ``conn``."""
    revision, at = audit.latest(conn)
    return Stamp(revision, at, words.stamp(revision, at))


def _event_ids(conn: Connection, name: str, children: bool) -> tuple[int, ...]:
    found = [resolve_event(conn, name)]
    if children:
        parents = dict(conn.execute(select(Event.id, Event.parent_id)).all())
        frontier = set(found)
        while frontier:
            frontier = {e for e, p in parents.items() if p in frontier} - set(found)
            found.extend(sorted(frontier))
    return tuple(found)


def resolve_scope(
    conn: Connection,
    event: str | None,
    metric: str | None,
    population: str | None,
    children: bool = False,
) -> Scope:
    """The claims of EVENT (and its children), METRIC and POPULATION; each name must resolve."""
    events = _event_ids(conn, event, children) if event else None
    metric_id = resolve_metric(conn, metric) if metric else None
    if population is not None:
        check_population(conn, population)
    return Scope(events, metric_id, population)


def claim_periods(frame: pd.DataFrame) -> pd.Series:
    """Each claim's period as written, by claim id."""
    by_id = words.periods(frame).set_axis(frame["id"].to_numpy())
    return by_id[~by_id.index.duplicated()]


def groups_with_periods(
    frame: pd.DataFrame, result: Reconciliation, by_id: pd.Series | None = None
) -> pd.DataFrame:
    """``result.groups`` with each set's period as written (its anchor claim's) and, where its
    claims' periods differ, ``periods_differ``: "1987–1989 vs 1988–1989". ``by_id`` is
    ``claim_periods(frame)`` when the caller has it already."""
    by_id = claim_periods(frame) if by_id is None else by_id
    groups = result.groups.copy()
    groups["period"] = by_id.reindex(groups["anchor"].to_numpy()).fillna("").to_numpy()
    roles = result.roles[["group", "id"]].assign(
        period=by_id.reindex(result.roles["id"]).to_numpy()
    )
    own = groups.set_index("group")["period"].reindex(roles["group"]).to_numpy()
    roles = roles.assign(other=roles["period"] != own)  # the set's own period first
    distinct = roles.drop_duplicates(["group", "period"]).sort_values(["group", "other", "period"])
    several = distinct[distinct["group"].duplicated(keep=False)]
    texts = several.groupby("group")["period"].agg(lambda p: " vs ".join(p))
    groups["periods_differ"] = texts.reindex(groups["group"].to_numpy()).fillna("").to_numpy()
    return groups


def check_tolerance(tolerance: float, overlap: float = PERIOD_OVERLAP) -> None:
    """Refuse a tolerance outside [0, 1) and a period overlap outside (0, 1]."""
    if not 0 <= tolerance < 1:
        raise InvalidInput(f"tolerance must be at least 0 and below 1, not {tolerance}")
    if not 0 < overlap <= 1:
        raise InvalidInput(f"period overlap must be above 0 and at most 1, not {overlap}")
