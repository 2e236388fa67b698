"""Integer codes over numpy arrays, the analysis's and the frame's common tools.

Hashing one int64 column is several times faster than grouping by several columns, and a table
indexed by a small id is faster than either. So rows are numbered by packing their columns' codes
into one integer when the codes fit in 63 bits (``numbered``), the first row of each number is
found without sorting (``first_rows``), and ids are looked up by position (``positions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_LIMIT = 2**63 - 1


def packed(digits: Sequence[tuple[Any, int]]) -> Any | None:
    """The ``(codes, size)`` pairs, each an array of integers in ``0 .. size - 1``, as the
    digits of one int64 per row, the first pair the most significant: the numbers sort as the
    rows do by each pair's codes in turn. None when the sizes' product exceeds 63 bits."""
    import numpy as np

    total = 1
    for _, size in digits:
        total *= max(int(size), 1)
    if total > _LIMIT:
        return None
    key = np.zeros(len(digits[0][0]) if digits else 0, dtype=np.int64)
    for codes, size in digits:
        key = key * max(int(size), 1) + np.asarray(codes, dtype=np.int64)
    return key


def numbered(digits: Sequence[tuple[Any, int]], sort: bool = False) -> Any:
    """A number per row for its combination of ``digits`` (``packed``'s pairs), counting from 0:
    in sorted order of the digits when ``sort``, else in whatever order is quickest. Few
    possible combinations are ranked through a table indexed by the packed key; more are
    hashed; keys too wide to pack are grouped by column, which numbers alike."""
    import numpy as np
    import pandas as pd

    key = packed(digits)
    if key is None:
        table = pd.DataFrame({str(i): codes for i, (codes, _) in enumerate(digits)}, copy=False)
        return table.groupby(list(table.columns), sort=sort).ngroup().to_numpy()
    span = 1
    for _, size in digits:
        span *= max(int(size), 1)
    if span <= 4 * len(key) + 1_000_000:  # a table of every combination: no hash
        rank = np.cumsum(np.bincount(key, minlength=span) > 0) - 1
        return rank[key]
    return pd.factorize(key, sort=sort)[0]


def runs(*columns: Any) -> tuple[Any, Any]:
    """For rows sorted by ``columns`` (equal-length arrays): where each run of equal values
    starts, and each row's run number (0, 1, …)."""
    import numpy as np

    changes = np.zeros(len(columns[0]), dtype=bool)
    changes[:1] = True
    for column in columns:
        changes[1:] |= column[1:] != column[:-1]
    return np.flatnonzero(changes), np.cumsum(changes) - 1


def first_rows(codes: Any, count: int | None = None) -> Any:
    """The first row holding each number ``0 .. count - 1`` of ``codes`` (non-negative
    integers; ``count`` defaults to one past the largest), ``len(codes)`` for a number no row
    holds."""
    import numpy as np

    codes = np.asarray(codes, dtype=np.int64)
    if count is None:
        count = int(codes.max(initial=-1)) + 1
    first = np.full(count, len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))
    return first


def positions(keys: Any, wanted: Any) -> Any:
    """The position of each of ``wanted`` among ``keys`` (ids), -1 where absent; where an id
    repeats in ``keys``, its first position. When the ids are small non-negative integers a
    table indexed by id answers, not a hash; else (ids far apart) ``pandas.Index`` does."""
    import numpy as np
    import pandas as pd

    keys = np.asarray(keys, dtype=np.int64)
    wanted = np.asarray(wanted, dtype=np.int64)
    top = int(keys.max(initial=-1))
    if keys.size and keys.min() >= 0 and top < 4 * len(keys) + 1_000_000:
        table = np.full(top + 2, -1, dtype=np.int64)  # the last slot: ids beyond ``top``
        if np.bincount(keys).max() == 1:
            table[keys] = np.arange(len(keys))
        else:  # the first of each id: the least position
            table[:] = len(keys)
            np.minimum.at(table, keys, np.arange(len(keys)))
            table[table == len(keys)] = -1
        return table[np.clip(wanted, -1, top + 1)]
    index = pd.Index(keys)
    if index.is_unique:
        return index.get_indexer(wanted)
    first = np.flatnonzero(~index.duplicated())
    found = pd.Index(keys[first]).get_indexer(wanted)
    return np.where(found >= 0, first[np.maximum(found, 0)], -1)
