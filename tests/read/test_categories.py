"""Categoricals built from the driver's values equal what pandas builds from the whole column."""

from __future__ import annotations

import numpy as np
import pandas as pd

from claimsdb.read.categories import batched_categories, iso_dates, used_only


def test_batches_coded_apart_give_the_whole_columns_categories() -> None:
    batches = [np.array(["b", None, "a"], dtype=object), np.array(["c", "a"], dtype=object)]
    got = batched_categories([pd.factorize(batch) for batch in batches])
    whole = pd.Categorical(np.concatenate(batches))
    assert list(got.categories) == ["a", "b", "c"]
    assert got.astype(object).tolist() == whole.astype(object).tolist()


def test_dates_as_numbers_come_back_as_iso_text() -> None:
    got = iso_dates(np.array([19920226, 0, 9050102, 19920226, 99991231]))
    assert list(got.categories) == ["0905-01-02", "1992-02-26", "9999-12-31"]
    assert got.astype(object).tolist() == [
        "1992-02-26",
        np.nan,
        "0905-01-02",
        "1992-02-26",
        "9999-12-31",
    ]
    assert iso_dates(np.array([20010911])).astype(object).tolist() == ["2001-09-11"]


def test_only_categories_in_use_are_kept_in_their_order() -> None:
    categories = pd.Index(["x", "y", "z", "w"], dtype=object)
    got = used_only(np.array([2, -1, 0, 2]), categories)
    assert list(got.categories) == ["x", "z"]
    assert got.astype(object).tolist() == ["z", np.nan, "x", "z"]
