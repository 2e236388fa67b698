"""reconcile: every method for every group (of an event, metric and population when given)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection

from claimsdb.analysis.results import Reconciled
from claimsdb.errors import InvalidInput, NotFound
from claimsdb.services.bind import in_snapshot
from claimsdb.services.scope import check_tolerance, groups_with_periods, resolve_scope, stamp
from claimsdb.vocabulary import METHODS, PERIOD_OVERLAP, TOLERANCE

if TYPE_CHECKING:
    import pandas as pd

    from claimsdb.analysis.reconcile import Reconciliation


def reconcile_in(
    conn: Connection,
    event: str | None = None,
    metric: str | None = None,
    population: str | None = None,
    *,
    methods: tuple[str, ...] = METHODS,
    explain: bool = False,
    tolerance: float = TOLERANCE,
    period_overlap: float = PERIOD_OVERLAP,
) -> Reconciled:
    """Every method for every group (of EVENT, METRIC and POPULATION when given).

    With ``explain``, ``explained`` lists every claim with its role and the reason for it.
    """
    check_tolerance(tolerance, period_overlap)
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise InvalidInput(f"unknown method {unknown[0]!r}; use {', '.join(METHODS)}")
    from claimsdb.analysis.explain import method_table
    from claimsdb.analysis.frame import GROUP_COLUMNS
    from claimsdb.analysis.reconcile import reconcile as run
    from claimsdb.present.groups import in_shown_order, nestings
    from claimsdb.present.methods import with_notes
    from claimsdb.read.entities import party_names
    from claimsdb.read.frame import claims_frame

    scope = resolve_scope(conn, event, metric, population)
    frame = claims_frame(conn, scope, text=explain)
    at = stamp(conn)
    if frame.empty:
        raise NotFound(
            "no claims"
            + "".join(f" for {w}" for w in (event, metric, population) if w)
            + ("" if event or metric or population else " in the database")
        )
    result = run(frame, tolerance, period_overlap)
    groups = in_shown_order(groups_with_periods(frame, result))
    groups["within"] = nestings(groups)
    explained = _explained(result, groups, frame) if explain else None
    claims = frame if explain else None
    del frame  # without explain, the largest thing held goes before the table is laid out
    table = groups[["group", *GROUP_COLUMNS, "period", "within", "claims"]].merge(
        with_notes(method_table(result, methods), result.groups), on="group"
    )
    return Reconciled(table, groups, result, at, explained, party_names(conn), claims)


def _explained(result: Reconciliation, groups: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """Every claim with its role, the reason for it, its group's period and its own words."""
    from claimsdb.present.nested import nested_reasons
    from claimsdb.present.reasons import reasons

    said = nested_reasons(result, groups, reasons(result, frame), frame)
    explained = result.roles.assign(reason=said).merge(groups[["group", "period"]], on="group")
    keys = frame.drop_duplicates("id").set_index("id")["key"]
    wholes = frame["part_of"].astype("Int64")
    frame = frame.assign(part_of=keys.reindex(wholes.fillna(-1).to_numpy()).to_numpy())
    return explained.merge(
        frame[["id", "claimant", "population", "event", "metric", "phrase", "part_of"]], on="id"
    )


reconcile = in_snapshot(reconcile_in)
