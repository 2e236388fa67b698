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

    midpoint = np.where(np.isnan(best), (low + high) / 2, best)  # a range without a best
    sources = {
        "none": np.nan,
        "best": best,
        "low": low,
        "high": high,
        "zero": 0.0,
        "infinity": np.inf,
        "below": best * (1 - tolerance),
        "above": best * (1 + tolerance),
        "vague_low": vague_low,
        "vague_high": vague_high,
        "midpoint": midpoint,
    }

    def chosen(rule: dict[str, str]) -> Any:  # each row's value from its qualifier's source
        names = list(sources)
        choice = [names.index(rule.get(q, "none")) for q in QUALIFIERS] + [0]  # last: code -1
        return np.choose(np.array(choice)[kind], list(sources.values()))

    return pd.DataFrame(
        {
            "lower": chosen(_LOWER),
            "upper": chosen(_UPPER),
            "point": chosen(_POINT),
            "convention": np.isin(kind, [QUALIFIERS.index(q) for q in _CONVENTION]),
        },
        index=claims.index,
    )


# Where each qualifier's interval and point come from (``intervals``' sources; none: NaN).
_LOWER = {
    "exact": "best",
    "range": "low",
    "at_least": "low",
    "more_than": "low",
    "at_most": "zero",
    "less_than": "zero",
    "approximately": "below",
    "nearly": "below",
    "vague": "vague_low",
}
_UPPER = {
    "exact": "best",
    "range": "high",
    "at_least": "infinity",
    "more_than": "infinity",
    "at_most": "high",
    "less_than": "high",
    "approximately": "above",
    "nearly": "best",
    "vague": "vague_high",
}
_POINT = {"exact": "best", "range": "midpoint", "approximately": "best", "nearly": "best"}
_CONVENTION = ("approximately", "nearly", "vague")  # bounds from the tolerance or a vague word


def _by_word(words: pd.Series, numbers: dict[str, float]) -> Any:
    """``numbers`` of each of ``words`` (NaN for none); for categories, looked up once per
    category rather than once per row."""
    import numpy as np
    import pandas as pd

    if not isinstance(words.dtype, pd.CategoricalDtype):
        return words.map(numbers).astype(float).to_numpy()
    found = [numbers.get(word, np.nan) for word in words.cat.categories]
    return np.array([*found, np.nan])[words.cat.codes.to_numpy()]  # code -1 (none): NaN
