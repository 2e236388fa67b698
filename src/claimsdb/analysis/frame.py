"""The claims frame every analysis function takes, and the group each claim belongs to.

A claims frame has one row per claim and these columns (loaders fill them; tests build them
by hand):

- ``id`` (int, unique) and ``key`` (str);
- the group columns ``event``, ``metric``, ``population``, ``scope`` (what the figure covers
  when the population cannot say it; "" for none), ``period_first``, ``period_last`` — the
  loader has already given a claim without a period its event's period; a period open at one
  end has that end missing;
- optional: ``event_first`` and ``event_last`` (the event's own period, to close open ends),
  ``part_of`` (the ``id`` of the whole a claim is part of), ``unit`` (the metric's: people,
  items, percent) and ``accumulates`` (whether the metric's counts add up over time);
- the figure: ``qualifier``, ``low``, ``high``, ``best``, ``vague``;
- ``status`` (active, superseded, retracted, discounted);
- the claimant: ``claimant`` (name), ``claimant_kind``, ``affiliation`` (a party, ``none`` for a
  third party, missing for unknown);
- ``derived_from`` and ``supersedes``: the ``id`` of another claim, or missing;
- ``claimed`` (when it was said, as a sortable ISO date string; missing when unknown).

Claims are weighed in *comparable sets* (``claimsdb.analysis.periods``), not by the exact
period. Claims a ``derived_from`` chain points to outside the groups asked about may be in the frame
too, with ``in_scope`` False: they decide origins but are not reconciled or listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

GROUP_COLUMNS = ("event", "metric", "population", "scope", "period_first", "period_last")
# Optional columns and what a frame without them means.
_DEFAULTS: dict[str, Any] = {
    "scope": "",
    "part_of": None,
    "event_first": None,
    "event_last": None,
    "unit": "people",
    "accumulates": False,
}


def complete(claims: pd.DataFrame) -> pd.DataFrame:
    """``claims`` with every optional column, filled with its default where missing."""
    import pandas as pd

    missing = {c: v for c, v in _DEFAULTS.items() if c not in claims}
    if not missing:
        return claims
    added = {
        c: pd.Series(pd.NA, index=claims.index, dtype="Int64")
        if c == "part_of"
        else pd.Series(v, index=claims.index, dtype=object)
        for c, v in missing.items()
    }
    return claims.assign(**added)


def in_scope(claims: pd.DataFrame) -> pd.Series:
    """Which rows are to be analysed (all, unless the loader marked context rows)."""
    import pandas as pd

    if "in_scope" in claims:
        return claims["in_scope"].fillna(True).astype(bool)
    return pd.Series(True, index=claims.index)
