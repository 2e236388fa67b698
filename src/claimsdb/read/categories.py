"""Categoricals built from what the driver hands over, without hashing a million strings:
text coded batch by batch, dates sent as numbers, and categories no row uses left out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


def batched_categories(chunks: list[Any]) -> pd.Categorical:
    """One categorical from each batch's ``pd.factorize``: categories sorted, as
    ``pd.Categorical`` of the whole column would have them."""
    import numpy as np
    import pandas as pd

    words = [np.asarray(uniques, dtype=object) for _, uniques in chunks]
    categories = pd.Index(np.concatenate(words) if words else [], dtype=object)
    categories = categories.unique().sort_values()
    codes = [
        np.append(categories.get_indexer(found), -1)[batch_codes]  # -1, missing, stays -1
        for (batch_codes, _), found in zip(chunks, words, strict=True)
    ]
    chunks.clear()
    whole = np.concatenate(codes) if codes else np.empty(0, dtype=np.int64)
    return pd.Categorical.from_codes(whole, categories=categories)


def iso_dates(days: np.ndarray) -> pd.Categorical:
    """YYYYMMDD numbers (0: none) as a categorical of ISO dates, categories sorted."""
    import pandas as pd

    codes, numbers = pd.factorize(days, sort=True)
    text = [f"{n // 10000:04d}-{n // 100 % 100:02d}-{n % 100:02d}" for n in numbers.tolist()]
    if len(numbers) and numbers[0] == 0:  # none: the missing code
        codes, text = codes - 1, text[1:]
    return pd.Categorical.from_codes(codes, categories=pd.Index(text, dtype=object))


def used_only(codes: np.ndarray, categories: pd.Index) -> pd.Categorical:
    """The categorical of ``codes`` (-1: missing) into ``categories``, keeping only the categories
    some code points at, in their order (``remove_unused_categories`` by counting, not sorting)."""
    import numpy as np
    import pandas as pd

    used = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(categories)))
    renumbered = np.full(len(categories) + 1, -1, dtype=np.int64)  # the last: -1 stays -1
    renumbered[used] = np.arange(len(used))
    return pd.Categorical.from_codes(renumbered[codes], categories=categories[used])
