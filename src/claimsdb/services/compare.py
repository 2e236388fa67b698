"""compare: the claims of one event side by side, one group at a time, with scope notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection

from claimsdb.analysis.frame import in_scope
from claimsdb.analysis.results import Comparison
from claimsdb.errors import NotFound
from claimsdb.services.bind import in_snapshot
from claimsdb.services.scope import (
    check_tolerance,
    claim_periods,
    groups_with_periods,
    resolve_scope,
    stamp,
)
from claimsdb.vocabulary import PERIOD_OVERLAP, TOLERANCE

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
    period_overlap: float = PERIOD_OVERLAP,
) -> Comparison:
    """The claims of EVENT side by side, one comparable set at a time, with scope notes.

    Every set of the event (and, with ``with_children``, of its child events) is reconciled,
    so scope notes can point at sets that ``metric`` and ``population`` leave out. Parts and
    sub-periods come with the set they are shown under.
    """
    check_tolerance(tolerance, period_overlap)
    import pandas as pd

    from claimsdb.analysis.reconcile import reconcile
    from claimsdb.analysis.scope import scope_notes
    from claimsdb.present.groups import in_claim_order, nestings
    from claimsdb.present.groups import scope_notes as worded
    from claimsdb.present.nested import contradiction_notes, nested_reasons
    from claimsdb.present.reasons import reasons
    from claimsdb.read.claims import claim_rows
    from claimsdb.read.entities import party_names
    from claimsdb.read.frame import Scope, claims_frame

    scope = resolve_scope(conn, event, metric, population, with_children)
    frame = claims_frame(conn, Scope(scope.events), text=True)
    rows = claim_rows(conn, keys=frame.loc[in_scope(frame), "key"].tolist())
    at = stamp(conn)
    if frame.empty:
        raise NotFound(f"no claims for event {event!r}")
    result = reconcile(frame, tolerance, period_overlap)
    said = claim_periods(frame)
    groups = groups_with_periods(frame, result, said)
    groups["within"] = nestings(groups)
    notes = worded(scope_notes(groups), groups)
    shown = _select(groups, metric, population)
    if shown.empty:
        raise NotFound(
            f"no claims for {event} / {metric or 'any metric'} / {population or 'any population'}"
        )
    display = pd.DataFrame(rows).set_index("key")
    roles = result.roles.assign(
        reason=nested_reasons(result, groups, reasons(result, frame), frame),
        period=said.reindex(result.roles["id"]).to_numpy(),
    )
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
        contradiction_notes(result, frame, said),
        party_names(conn),
    )


compare = in_snapshot(compare_in)


def _select(groups: pd.DataFrame, metric: str | None, population: str | None) -> pd.DataFrame:
    """The sets asked for, with the parts and sub-periods shown under them, in shown order."""
    from claimsdb.present.groups import in_shown_order

    keep = groups["metric"].notna()
    if metric:
        keep &= groups["metric"].astype(str) == metric.strip().lower()
    if population is not None:
        keep &= groups["population"].astype(str).str.lower() == population.strip().lower()
    keep |= groups["parent"].isin(groups.loc[keep, "group"])
    return in_shown_order(groups[keep])
