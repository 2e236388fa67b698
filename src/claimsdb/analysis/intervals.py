"""Each claim's interval and point value, computed for all claims at once.

DESIGN.md fixes the semantics: exact [v, v]; range [low, high]; at_least and more_than [v, ∞);
at_most and less_than [0, v]; approximately [v(1−t), v(1+t)]; nearly [v(1−t), v]; vague: the
conventional bounds of ``figures.VAGUE``. Intervals are closed. The point value is ``best``, or the
midpoint of a stated range; open-ended and vague claims have none. Bounds that come from a
convention (the tolerance, a vague word) are flagged so outputs can label them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimsdb.vocabulary import QUALIFIERS, TOLERANCE, VAGUE

if TYPE_CHECKING:
    import pandas as pd


def intervals(claims: pd.DataFrame, tolerance: float = TOLERANCE) -> pd.DataFrame:
    """``lower``, ``upper``, ``point`` and ``convention`` for every row of ``claims``.

    ``claims`` needs the columns ``qualifier``, ``low``, ``high``, ``best`` and ``vague``; the
    result has the same index. ``upper`` is ``inf`` for open-ended claims.
    """
    import numpy as np
    import pandas as pd

    if not 0 <= tolerance < 1:
        raise ValueError(f"tolerance must be in [0, 1), not {tolerance}")
    kind = pd.Categorical(claims["qualifier"], categories=list(QUALIFIERS)).codes  # -1: other
    low = pd.to_numeric(claims["low"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    high = pd.to_numeric(claims["high"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    best = pd.to_numeric(claims["best"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    vague_low = _by_word(claims["vague"], {k: float(v[0]) for k, v in VAGUE.items()})
    vague_high = _by_word(
        claims["vague"], {k: float(v[1]) if v[1] is not None else np.inf for k, v in VAGUE.items()}
    )

    def of(*qualifiers: str) -> Any:  # which rows have one of ``qualifiers``: a lookup by code
        table = np.zeros(len(QUALIFIERS) + 1, dtype=bool)  # the last: code -1
        table[[QUALIFIERS.index(q) for q in qualifiers]] = True
        return table[kind]

    lower, upper, point = (np.full(len(kind), np.nan) for _ in range(3))
    for rows, low_end, high_end in (
        (of("exact"), best, best),
        (of("range"), low, high),
        (of("at_least", "more_than"), low, np.inf),
        (of("at_most", "less_than"), 0.0, high),
        (of("approximately"), best * (1 - tolerance), best * (1 + tolerance)),
        (of("nearly"), best * (1 - tolerance), best),
        (of("vague"), vague_low, vague_high),
    ):
        lower[rows] = low_end[rows] if isinstance(low_end, np.ndarray) else low_end
        upper[rows] = high_end[rows] if isinstance(high_end, np.ndarray) else high_end
    stated = of("exact", "range", "approximately", "nearly")
    point[stated] = best[stated]
    midpoint = of("range") & np.isnan(best)
    point[midpoint] = (low[midpoint] + high[midpoint]) / 2
    return pd.DataFrame(
        {
            "lower": lower,
            "upper": upper,
            "point": point,
            "convention": of("approximately", "nearly", "vague"),
        },
        index=claims.index,
    )


def _by_word(words: pd.Series, numbers: dict[str, float]) -> Any:
    """``numbers`` of each of ``words`` (NaN for none); for categories, looked up once per
    category rather than once per row."""
    import numpy as np
    import pandas as pd

    if not isinstance(words.dtype, pd.CategoricalDtype):
        return words.map(numbers).astype(float).to_numpy()
    found = [numbers.get(word, np.nan) for word in words.cat.categories]
    return np.array([*found, np.nan])[words.cat.codes.to_numpy()]  # code -1 (none): NaN
