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

from typing import TYPE_CHECKING, Any

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


def period_text(claims: pd.DataFrame) -> pd.Series:
    """Each row's period as written ("1992-02-25–1992-02-26", "1988-02–1994-05", "1994", ""),
    from ``period_first``/``period_last`` (ISO days) and their precisions (year, month, day).
    The cut is numpy's fixed-width text, so no Python runs per row."""
    import numpy as np
    import pandas as pd

    def written(day: str, precision: str) -> Any:
        text = claims[day].astype(object).where(claims[day].notna(), "").to_numpy().astype("U10")
        kind = claims[precision].astype(object).to_numpy()
        year, month = text.astype("U4"), text.astype("U7")
        return np.where(kind == "year", year, np.where(kind == "month", month, text))

    start = written("period_first", "period_start_precision")
    end = written("period_last", "period_end_precision")
    joined = np.char.add(np.char.add(start, "–"), end)
    shown = np.where((start == end) | (end == ""), start, np.where(start == "", end, joined))
    return pd.Series(shown.astype(object), index=claims.index)
