"""Point values per set and per set and affiliation: how many, the lowest, median and highest,
and the partisan gap between the parties' medians.

The points are ranked once (``ranked``). Each table then sorts the votes by its keys and the
rank, which makes every key a run whose points come first, in order (a missing point last):
the statistics are read at positions in the run, not computed by a group-by per statistic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimsdb.codes import packed, runs
from claimsdb.vocabulary import INDEPENDENT

if TYPE_CHECKING:
    import pandas as pd


def ranked(point: Any) -> tuple[Any, Any]:
    """Each point's rank among the distinct points, and those points, sorted, then NaN: a
    missing point ranks last, and ``values[rank]`` is the point again."""
    import numpy as np
    import pandas as pd

    rank, values = pd.factorize(point, sort=True)  # by hashing: the distinct values are sorted
    return np.where(rank < 0, len(values), rank), np.append(np.asarray(values, float), np.nan)


def per_set(votes: pd.DataFrame, ranking: tuple[Any, Any]) -> pd.DataFrame:
    """``median``, ``conservative`` (lowest), ``highest`` and ``spread`` (highest / lowest,
    where two points or more and the lowest above 0) of each set with a point, by set.
    ``ranking`` is ``ranked`` of the votes' points."""
    import pandas as pd

    runs = _runs([votes["group"].to_numpy()], *ranking)
    has = runs["with_point"] > 0
    lowest, highest = runs["lowest"][has], runs["highest"][has]
    usable = (runs["with_point"][has] >= 2) & (lowest > 0)
    return pd.DataFrame(
        {
            "median": runs["median"][has],
            "conservative": lowest,
            "highest": highest,
            "spread": _ratio(highest, lowest, usable),
        },
        index=pd.Index(runs["keys"][0][has], name="group"),
    )


def per_affiliation(votes: pd.DataFrame, ranking: tuple[Any, Any]) -> pd.DataFrame:
    """Votes and points per set and affiliation (in category order): ``count``,
    ``with_point``, and the ``lowest``, ``median`` and ``highest`` point. A vote without an
    affiliation is left out."""
    import numpy as np
    import pandas as pd

    affiliation = votes["affiliation"].array
    if not isinstance(affiliation, pd.Categorical):
        affiliation = pd.Categorical(affiliation)
    keep = affiliation.codes >= 0
    code = affiliation.codes[keep].astype(np.int64)
    group = votes["group"].to_numpy()[keep]
    runs = _runs([group, code], ranking[0][keep], ranking[1])
    group, code = runs.pop("keys")
    return pd.DataFrame(
        {
            "group": group,
            "affiliation": pd.Categorical.from_codes(code, dtype=affiliation.dtype),
            "count": runs["count"],
            "with_point": runs["with_point"],
            "lowest": runs["lowest"],
            "median": runs["median"],
            "highest": runs["highest"],
        }
    )


def partisan_gap(affiliations: pd.DataFrame) -> pd.DataFrame:
    """Ratio of the highest to the lowest median among conflict parties (not none/unknown),
    and which parties those are (of equal medians, the first and the last in category order),
    by set. ``affiliations`` is ``per_affiliation``'s table: sorted by set, then affiliation,
    which is categorical; each set is a run of rows, so nothing is indexed by set number."""
    import numpy as np
    import pandas as pd

    parties = affiliations[
        ~affiliations["affiliation"].isin([INDEPENDENT, "unknown"]) & affiliations["median"].notna()
    ]
    group = parties["group"].to_numpy(dtype=np.int64)
    median = parties["median"].to_numpy(dtype=float)
    code = parties["affiliation"].array.codes
    start, run = runs(group)  # each row's set, numbered in order
    lowest = np.minimum.reduceat(median, start) if len(start) else median
    highest = np.maximum.reduceat(median, start) if len(start) else median

    def party(rows: Any, last: bool) -> Any:  # each set's first (or last) of these rows' codes
        ends = np.ones(len(rows), dtype=bool)
        if last:
            ends[:-1] = run[rows][1:] != run[rows][:-1]
        else:
            ends[1:] = run[rows][1:] != run[rows][:-1]
        return code[rows[ends]]

    low = party(np.flatnonzero(median == lowest[run]), last=False)
    high = party(np.flatnonzero(median == highest[run]), last=True)
    usable = (np.diff(np.append(start, len(group))) >= 2) & (lowest > 0)
    dtype = affiliations["affiliation"].dtype
    return pd.DataFrame(
        {
            "partisan_gap": _ratio(highest, lowest, usable),
            "gap_low": pd.Categorical.from_codes(np.where(usable, low, -1), dtype=dtype),
            "gap_high": pd.Categorical.from_codes(np.where(usable, high, -1), dtype=dtype),
        },
        index=pd.Index(group[start], name="group"),
    )


def _runs(keys: list[Any], rank: Any, values: Any) -> dict[str, Any]:
    """The rows sorted by ``keys`` (integer arrays) and point (``values[rank]``,
    ``ranked``); for each distinct key, in key order: ``keys`` (its values), ``count``,
    ``with_point``, ``lowest``, ``median`` and ``highest`` (NaN without a point).

    When the keys and rank fit in one integer, the integers are sorted (not argsorted) and
    read back as digits: no row is gathered."""
    import numpy as np

    keys = [np.asarray(k, dtype=np.int64) for k in keys]
    lows = [int(k.min(initial=0)) for k in keys]  # digits count from 0: a key may be negative
    digits = [(k - low, int(k.max(initial=0)) - low + 1) for k, low in zip(keys, lows, strict=True)]
    key = packed([*digits, (rank, len(values))])
    if key is not None:
        key.sort()
        rank = key % len(values)
        key //= len(values)
        for i in reversed(range(len(keys))):
            keys[i] = key % digits[i][1] + lows[i]
            key //= digits[i][1]
    else:
        order = np.lexsort([rank, *reversed(keys)])
        keys, rank = [k[order] for k in keys], rank[order]
    point = values[rank]
    start, _ = runs(*keys)
    count = np.diff(np.append(start, len(point)))
    missing = (rank == len(values) - 1).astype(np.int64)
    with_point = count - (np.add.reduceat(missing, start) if len(start) else count)
    some = with_point > 0

    def at(offset: Any) -> Any:  # the point at ``offset`` in each run; NaN for a run of none
        return np.where(some, point[start + np.where(some, offset, 0)], np.nan)

    return {
        "keys": [k[start] for k in keys],
        "count": count.astype(np.int64),
        "with_point": with_point.astype(np.int64),
        "lowest": at(0),
        "median": (at((with_point - 1) // 2) + at(with_point // 2)) / 2,
        "highest": at(with_point - 1),
    }


def _ratio(high: Any, low: Any, usable: Any) -> Any:
    """``high / low`` where ``usable``, else NaN (and no division by a 0 left out)."""
    import numpy as np

    return np.where(usable, high / np.where(usable, low, 1.0), np.nan)
