"""Rows numbered by their columns' codes, first rows and id positions: the same answers whether
the codes fit in one integer (or the ids in a table) or go the slow way."""

from __future__ import annotations

import numpy as np
import pytest

from claimsdb.codes import first_rows, numbered, packed, positions, runs

# Three columns of codes; rows 0 and 3 are alike, as are rows 2 and 5.
_A = np.array([1, 0, 2, 1, 0, 2])
_B = np.array([0, 1, 1, 0, 0, 1])
_C = np.array([3, 3, 0, 3, 2, 0])


def test_packed_digits_sort_as_the_rows_do() -> None:
    key = packed([(_A, 3), (_B, 2), (_C, 4)])
    assert key.tolist() == [11, 7, 20, 11, 2, 20]
    assert np.argsort(key, kind="stable").tolist() == np.lexsort([_C, _B, _A]).tolist()


def test_packed_refuses_what_does_not_fit_in_63_bits() -> None:
    assert packed([(_A, 2**31), (_B, 2**31)]) is not None
    assert packed([(_A, 2**32), (_B, 2**31)]) is None


@pytest.mark.parametrize("size", [4, 2**20, 2**40])  # a table, a hash, a group-by (too wide)
def test_numbered_alike_by_table_hash_or_group_by(size: int) -> None:
    digits = [(_A, size), (_B, size), (_C, size)]
    assert numbered(digits, sort=True).tolist() == [2, 1, 3, 2, 0, 3]
    unsorted = numbered(digits).tolist()  # any numbering, as long as alike rows share one
    assert sorted(set(unsorted)) == [0, 1, 2, 3]
    assert [unsorted[i] == unsorted[j] for i, j in [(0, 3), (2, 5), (0, 1), (1, 4)]] == [
        True,
        True,
        False,
        False,
    ]


def test_first_rows_of_each_number() -> None:
    assert first_rows(np.array([2, 0, 2, 1, 0])).tolist() == [1, 3, 0]
    assert first_rows(np.array([1, 1]), count=3).tolist() == [2, 0, 2]  # 0 and 2: no row


@pytest.mark.parametrize("far", [7, 10**12])
def test_positions_of_ids_in_a_small_table(far: int) -> None:
    """Each wanted id's row, -1 for an id it lacks, whether the ids are few enough for a table
    by id (7) or so far apart that a hash looks them up (10**12)."""
    keys = np.array([3, far, 0])
    wanted = np.array([far, 0, 3, 5, -2, far + 1, 3])
    assert positions(keys, wanted).tolist() == [1, 2, 0, -1, -1, -1, 0]


@pytest.mark.parametrize("far", [7, 10**12])
def test_positions_of_a_repeated_id_is_its_first(far: int) -> None:
    keys = np.array([far, 3, far, 0, 3])
    wanted = np.array([3, far, 0, 1])
    assert positions(keys, wanted).tolist() == [1, 0, 3, -1]


def test_runs_of_sorted_rows() -> None:
    start, run = runs(np.array([1, 1, 2, 2, 2]), np.array([0, 1, 1, 1, 5]))
    assert (start.tolist(), run.tolist()) == ([0, 1, 2, 4], [0, 1, 2, 2, 3])
