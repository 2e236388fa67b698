"""compare: the claims of one event side by side, one group at a time, with scope notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection

from claimsdb.analysis.frame import in_scope
from claimsdb.analysis.results import Comparison
from claimsdb.errors import NotFound
from claimsdb.services.bind import in_snapshot
from claimsdb.services.scope import check_tolerance, groups_with_periods, resolve_scope, stamp
from claimsdb.vocabulary import TOLERANCE

if TYPE_CHECKING:
    import pandas as pd


def compare_in(
    conn: Connection,
    event: str,
    metric: str | None = None,
    population: str | None = None,
    *,
    with_children: bool = False,
    tolerance: float = TOLERANCE,
) -> Comparison:
    """The claims of EVENT side by side, one group at a time, with scope notes.

    Every group of the event (and, with ``with_children``, of its child events) is reconciled,
    so scope notes can point at groups that ``metric`` and ``population`` leave out.
    """
    check_tolerance(tolerance)
    import pandas as pd

    from claimsdb.analysis.reconcile import reconcile
    from claimsdb.analysis.scope import scope_notes
    from claimsdb.present.groups import in_claim_order
    from claimsdb.present.groups import scope_notes as worded
    from claimsdb.present.reasons import reasons
    from claimsdb.read.claims import claim_rows
    from claimsdb.read.frame import Scope, claims_frame

    scope = resolve_scope(conn, event, metric, population, with_children)
    frame = claims_frame(conn, Scope(scope.events))
    rows = claim_rows(conn, keys=frame.loc[in_scope(frame), "key"].tolist())
    at = stamp(conn)
    if frame.empty:
        raise NotFound(f"no claims for event {event!r}")
    result = reconcile(frame, tolerance)
    groups = groups_with_periods(frame, result)
    notes = worded(scope_notes(groups), groups)
    shown = _select(groups, metric, population)
    if shown.empty:
        raise NotFound(
            f"no claims for {event} / {metric or 'any metric'} / {population or 'any population'}"
        )
    display = pd.DataFrame(rows).set_index("key")
    roles = result.roles.assign(reason=reasons(result, frame))
    roles = roles[roles["group"].isin(shown["group"])]
    table = roles.merge(
        display, left_on="key", right_index=True, how="left", suffixes=("_voice", "")
    )
    table["affiliation"] = table["affiliation"].replace("", "unknown")  # the claim's own
    table = in_claim_order(table)
    return Comparison(
        shown.reset_index(drop=True),
        table.reset_index(drop=True),
        notes[notes["group"].isin(shown["group"])].reset_index(drop=True),
        result.affiliations[result.affiliations["group"].isin(shown["group"])],
        at,
    )


compare = in_snapshot(compare_in)


def _select(groups: pd.DataFrame, metric: str | None, population: str | None) -> pd.DataFrame:
    keep = groups["metric"].notna()
    if metric:
        keep &= groups["metric"].astype(str) == metric.strip().lower()
    if population is not None:
        keep &= groups["population"].astype(str).str.lower() == population.strip().lower()
    return groups[keep]
