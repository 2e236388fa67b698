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


def groups_with_periods(frame: pd.DataFrame, result: Reconciliation) -> pd.DataFrame:
    """``result.groups`` with each group's period as written."""
    first = result.roles.drop_duplicates("group")[["group", "id"]]
    rows = frame[frame["id"].isin(first["id"])].set_index("id")
    texts = words.periods(rows)
    periods = texts.reindex(first["id"].to_numpy()).set_axis(first["group"].to_numpy())
    groups = result.groups.copy()
    groups["period"] = periods.reindex(groups["group"].to_numpy()).to_numpy()
    return groups


def check_tolerance(tolerance: float) -> None:
    """Refuse a tolerance outside [0, 1)."""
    if not 0 <= tolerance < 1:
        raise InvalidInput(f"tolerance must be at least 0 and below 1, not {tolerance}")
