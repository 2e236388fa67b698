"""Marzullo's algorithm for every group at once: the intervals most distinct origins share.

Each voter's closed interval becomes two events, a start (+1) and an end (−1). Sorted by group,
position, and starts before ends (closed intervals: [100, 200] and [200, 300] share 200), the
running sum is the number of intervals covering each point. Because every group's events sum
to zero, one cumulative sum over the whole table is each group's own count. The largest count
in a group is k; every start that reaches k opens a consensus interval that the next event
closes. Ties are all kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimsdb.codes import runs

if TYPE_CHECKING:
    import pandas as pd


def marzullo(voters: pd.DataFrame) -> pd.DataFrame:
    """The best-supported intervals of each group.

    ``voters`` has ``group``, ``lower`` and ``upper`` (finite). The result has one row per
    interval shared by the most voters of its group: ``group``, ``low``, ``high``, ``k``
    (how many voters share it) and ``n`` (voters in the group).
    """
    import numpy as np
    import pandas as pd

    if voters.empty:
        return pd.DataFrame(
            {"group": pd.Series(dtype="int64"), "low": [], "high": [], "k": [], "n": []}
        ).astype({"k": "int64", "n": "int64"})
    group = voters["group"].to_numpy()
    m = len(group)
    groups = np.concatenate([group, group])
    position = np.concatenate([voters["lower"].to_numpy(float), voters["upper"].to_numpy(float)])
    is_end = np.concatenate([np.zeros(m, np.int8), np.ones(m, np.int8)])
    # One integer sort key (group, position's rank, start before end) instead of a lexsort. The
    # ranks come from hashing the positions (only the distinct values are sorted; -0.0 and 0.0
    # hash alike: tested); then the packed keys are sorted and read back as digits, so no row is
    # gathered. A missing position (not a finite vote's) ranks last, as a value of its own.
    rank, values = pd.factorize(position, sort=True, use_na_sentinel=False)
    key = groups.astype(np.int64) * (2 * m + 1)
    key += rank
    key *= 2
    key += is_end
    key.sort()
    is_end = (key % 2).astype(np.int8)
    key //= 2
    position = np.asarray(values, dtype=float)[key % (2 * m + 1)]
    groups = key // (2 * m + 1)
    count = np.cumsum(np.where(is_end == 1, -1, 1))

    starts = is_end == 0
    # Each group's largest count and size, in tables indexed by the group's run (the events
    # are sorted by group, so each group is one run).
    run, codes = runs(groups)
    best = np.maximum.reduceat(np.where(starts, count, 0), run)  # every group has a start
    size = np.add.reduceat(starts.astype(np.int64), run)
    opens = np.flatnonzero(starts & (count == best[codes]))
    return pd.DataFrame(
        {
            "group": groups[opens],
            "low": position[opens],
            "high": position[opens + 1],
            "k": count[opens].astype("int64"),
            "n": size[codes[opens]],
        }
    )


def support(frame: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """For each row of ``frame`` (``group``, ``lower``, ``upper``, indexed by claim), whether its
    interval contains a consensus interval of its group (``agrees``) and whether it meets one
    (``meets``). Rows of groups without consensus get False for both.

    Each row finds its group's intervals in the intervals sorted by group, then compares with
    the first, second, … of them (a group has one unless tied)."""
    import numpy as np
    import pandas as pd

    order = np.argsort(segments["group"].to_numpy(dtype=np.int64), kind="stable")
    groups = segments["group"].to_numpy(dtype=np.int64)[order]
    lows = segments["low"].to_numpy(dtype=float)[order]
    highs = segments["high"].to_numpy(dtype=float)[order]
    group = frame["group"].to_numpy(dtype=np.int64)
    lower = frame["lower"].to_numpy(dtype=float)
    upper = frame["upper"].to_numpy(dtype=float)
    # Set numbers are small non-negative integers: where each group's intervals start and how
    # many it has are two tables indexed by group (a lookup per row, not a binary search).
    size = int(max(groups.max(initial=-1), group.max(initial=-1))) + 1
    per_group = np.bincount(groups, minlength=size)
    first = np.cumsum(per_group) - per_group
    start = first[group]
    count = per_group[group]
    # The first interval over every row at once (a row without one compares with a stand-in
    # and is masked), then the few more of tied groups, row by row of those groups.
    has = count > 0
    at = np.where(has, start, 0)
    low, high = (ends[at] if len(ends) else np.zeros(len(at)) for ends in (lows, highs))
    agrees = has & (lower <= low) & (upper >= high)
    meets = has & (lower <= high) & (upper >= low)
    tied = np.flatnonzero(count > 1)
    for k in range(1, int(count.max()) if len(count) else 0):
        rows = tied[count[tied] > k]
        at = start[rows] + k
        agrees[rows] |= (lower[rows] <= lows[at]) & (upper[rows] >= highs[at])
        meets[rows] |= (lower[rows] <= highs[at]) & (upper[rows] >= lows[at])
    return pd.DataFrame({"agrees": agrees, "meets": meets}, index=frame.index)
