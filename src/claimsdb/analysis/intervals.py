"""Each claim's interval and point value, computed for all claims at once.

DESIGN.md fixes the semantics: exact [v, v]; range [low, high]; at_least and more_than [v, ∞);
at_most and less_than [0, v]; approximately [v(1−t), v(1+t)]; nearly [v(1−t), v]; vague: the
conventional bounds of ``figures.VAGUE``. Intervals are closed. The point value is ``best``, or the
midpoint of a stated range; open-ended and vague claims have none. Bounds that come from a
convention (the tolerance, a vague word) are flagged so outputs can label them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimsdb.vocabulary import TOLERANCE, VAGUE

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
    q = claims["qualifier"]
    low = pd.to_numeric(claims["low"], errors="coerce").astype(float)
    high = pd.to_numeric(claims["high"], errors="coerce").astype(float)
    best = pd.to_numeric(claims["best"], errors="coerce").astype(float)
    vague_low = _by_word(claims["vague"], {k: float(v[0]) for k, v in VAGUE.items()})
    vague_high = _by_word(
        claims["vague"], {k: float(v[1]) if v[1] is not None else np.inf for k, v in VAGUE.items()}
    )
    cases = [
        q.eq("exact"),
        q.eq("range"),
        q.isin(["at_least", "more_than"]),
        q.isin(["at_most", "less_than"]),
        q.eq("approximately"),
        q.eq("nearly"),
        q.eq("vague"),
    ]
    lower = np.select(
        cases,
        [best, low, low, 0.0, best * (1 - tolerance), best * (1 - tolerance), vague_low],
        default=np.nan,
    )
    upper = np.select(
        cases,
        [best, high, np.inf, high, best * (1 + tolerance), best, vague_high],
        default=np.nan,
    )
    point = np.select(
        [q.eq("range") & best.isna(), q.isin(["exact", "range", "approximately", "nearly"])],
        [(low + high) / 2, best],
        default=np.nan,
    )
    return pd.DataFrame(
        {
            "lower": lower,
            "upper": upper,
            "point": point,
            "convention": q.isin(["approximately", "nearly", "vague"]).to_numpy(),
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
