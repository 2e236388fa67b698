"""What an analysis covers: names resolved into a scope of claims, inside the caller's snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from claimsdb.analysis.results import Stamp
from claimsdb.codes import positions
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
    ``claim_periods(frame)`` when the caller has it already.

    Periods are compared as codes into their distinct texts, so each is written once."""
    import numpy as np
    import pandas as pd

    if by_id is None:
        codes, texts = words.period_codes(frame)
        ids = frame["id"].to_numpy()
    else:
        codes, texts = pd.factorize(by_id.to_numpy(dtype=object))
        ids = by_id.index.to_numpy()
    texts = np.asarray(texts, dtype=object)
    empty = np.flatnonzero(texts == "")
    if empty.size:  # an unknown claim's period is "", as a claim's without one
        none = int(empty[0])
    else:
        none, texts = len(texts), np.append(texts, np.array([""], dtype=object))

    def code_of(wanted: Any) -> Any:
        found = positions(ids, wanted)
        return np.where(found >= 0, codes[np.maximum(found, 0)], none)

    groups = result.groups.copy(deep=False)  # copy-on-write: the new columns are its own
    own_code = code_of(groups["anchor"].to_numpy())
    groups["period"] = texts[own_code]
    group = result.roles["group"].to_numpy(dtype=np.int64)
    period = code_of(result.roles["id"].to_numpy())
    own = own_code[positions(groups["group"].to_numpy(), group)]
    size = len(texts)
    key = pd.unique((group * 2 + (period != own)) * size + period)  # distinct (group, period)
    pairs = np.stack([key // size // 2, key // size % 2, key % size])
    several = pd.Series(pairs[0]).duplicated(keep=False).to_numpy()
    pairs = pairs[:, several]
    rank = np.empty(len(texts), dtype=np.int64)  # the set's own period first, then as text
    rank[np.argsort(texts.astype(str), kind="stable")] = np.arange(len(texts))
    pairs = pairs[:, np.lexsort([rank[pairs[2]], pairs[1], pairs[0]])]
    differ: dict[int, list[str]] = {}
    for g, p in zip(pairs[0].tolist(), pairs[2].tolist(), strict=True):
        differ.setdefault(g, []).append(texts[p])
    periods_differ = np.full(len(groups), "", dtype=object)
    rows = positions(groups["group"].to_numpy(), list(differ))
    written = np.array([" vs ".join(p) for p in differ.values()], dtype=object)
    periods_differ[rows[rows >= 0]] = written[rows >= 0]  # a set not in ``groups``: no row
    groups["periods_differ"] = periods_differ
    return groups


def check_tolerance(tolerance: float, overlap: float = PERIOD_OVERLAP) -> None:
    """Refuse a tolerance outside [0, 1) and a period overlap outside (0, 1]."""
    if not 0 <= tolerance < 1:
        raise InvalidInput(f"tolerance must be at least 0 and below 1, not {tolerance}")
    if not 0 < overlap <= 1:
        raise InvalidInput(f"period overlap must be above 0 and at most 1, not {overlap}")
