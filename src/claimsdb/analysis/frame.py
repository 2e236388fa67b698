"""The claims frame every analysis function takes, and the group each claim belongs to.

A claims frame has one row per claim and these columns (loaders fill them; tests build them
by hand):

- ``id`` (int, unique) and ``key`` (str);
- the group columns ``event``, ``metric``, ``population``, ``period_first``, ``period_last`` —
  the loader has already given a claim without a period its event's period;
- the figure: ``qualifier``, ``low``, ``high``, ``best``, ``vague``;
- ``status`` (active, superseded, retracted, discounted);
- the claimant: ``claimant`` (name), ``claimant_kind``, ``affiliation`` (a party, ``none`` for a
  third party, missing for unknown);
- ``derived_from`` and ``supersedes``: the ``id`` of another claim, or missing;
- ``claimed`` (when it was said, as a sortable ISO date string; missing when unknown).

Claims a ``derived_from`` chain points to outside the groups asked about may be in the frame
too, with ``in_scope`` False: they decide origins but are not reconciled or listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

GROUP_COLUMNS = ("event", "metric", "population", "period_first", "period_last")


def group_ids(claims: pd.DataFrame) -> pd.Series:
    """A number per group (event, metric, population, period), in sorted group order."""
    import pandas as pd

    codes = {c: pd.factorize(claims[c], sort=True)[0] for c in GROUP_COLUMNS}
    return pd.DataFrame(codes, index=claims.index).groupby(list(GROUP_COLUMNS)).ngroup()


def in_scope(claims: pd.DataFrame) -> pd.Series:
    """Which rows are to be analysed (all, unless the loader marked context rows)."""
    import pandas as pd

    if "in_scope" in claims:
        return claims["in_scope"].fillna(True).astype(bool)
    return pd.Series(True, index=claims.index)
