"""check: whether a figure about to be published holds up, and how to word it."""

from __future__ import annotations

import math
from dataclasses import replace
from numbers import Real

from sqlalchemy import Engine

from claimsdb.analysis.results import CheckResult
from claimsdb.errors import InvalidInput, NotFound
from claimsdb.services.scope import (
    check_tolerance,
    claim_periods,
    groups_with_periods,
    resolve_scope,
    stamp,
)
from claimsdb.store.engine import reading
from claimsdb.vocabulary import FIGURE_LIMIT, PERIOD_OVERLAP, TOLERANCE


def check(
    engine: Engine,
    event: str,
    metric: str,
    value: float,
    population: str | None = None,
    *,
    as_of: str | None = None,
    tolerance: float = TOLERANCE,
    period_overlap: float = PERIOD_OVERLAP,
) -> CheckResult:
    """Whether VALUE holds up for EVENT and METRIC: one verdict per comparable set, in one
    snapshot, the headline first (the set VALUE is most plausibly about, see
    ``claimsdb.analysis.check.headline_order``), each set's parts and sub-periods after it.

    With ``as_of`` (``YYYY[-MM[-DD]]``) only claims made by then are weighed.
    """
    from claimsdb.analysis.check import check as judge
    from claimsdb.analysis.check import headline_order, known_on
    from claimsdb.analysis.reconcile import reconcile as run
    from claimsdb.dates import parse_date
    from claimsdb.present.nested import contradiction_notes
    from claimsdb.present.verdicts import verdicts as worded
    from claimsdb.present.words import number
    from claimsdb.read.frame import claims_frame

    check_tolerance(tolerance, period_overlap)
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise InvalidInput(f"VALUE must be a number, not {value!r}")  # numpy's numbers are Real
    if value < 0:
        raise InvalidInput(f"VALUE must not be negative, not {number(value)}")
    if value >= FIGURE_LIMIT:
        raise InvalidInput(f"VALUE must be below {number(FIGURE_LIMIT)}, as every figure is")
    day = parse_date(as_of).last.isoformat() if as_of else None
    with reading(engine) as conn:
        scope = resolve_scope(conn, event, metric, population)
        frame = claims_frame(conn, scope, dates=as_of is not None, text=True)
        at = stamp(conn)
    if frame.empty:
        raise NotFound(
            f"no claims for {event} / {metric}" + (f" / {population}" if population else "")
        )
    left_out: list[str] = []
    if day is not None:
        frame, left_out = known_on(frame, day)
        if frame.empty:
            raise NotFound(
                f"no claims for {event} / {metric} made by {as_of}"
                + (f" ({len(left_out)} undated claims left out)" if left_out else "")
            )
    result = run(frame, tolerance, period_overlap)
    said = claim_periods(frame)
    groups = groups_with_periods(frame, result, said)
    notes = contradiction_notes(result, frame, said).groupby("group")["note"].agg(list)
    groups["contradictions"] = [notes.get(g, []) for g in groups["group"]]
    result = replace(result, groups=groups)
    verdicts = worded(headline_order(judge(frame, result, float(value))), frame)
    return CheckResult(event, metric, float(value), verdicts, at, as_of, left_out)
