"""Scope notes: sets that differ from another in exactly one of event, metric, population, scope
and period. They are never pooled — only pointed at, so a reader sees what was left apart. Sets
shown under another (parts, sub-periods) are not pointed at, nor point: they are shown in place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimsdb.analysis.periods import SET

if TYPE_CHECKING:
    import pandas as pd

# The four keys a group is defined by; the period counts as one (its first and last day).
_KEYS = {
    "event": ["event"],
    "metric": ["metric"],
    "population": ["population"],
    "scope": ["scope"],
    "period": ["period_first", "period_last"],
}


def scope_notes(groups: pd.DataFrame) -> pd.DataFrame:
    """For each group, the groups that differ from it in one key only.

    ``groups`` has ``group`` and the group columns. The result has ``group``, ``other`` and
    ``differs`` (which key), by group and key; ``claimsdb.present.groups.scope_notes`` words
    each pair as a note.
    """
    import pandas as pd

    if "kind" in groups:
        groups = groups[groups["kind"] == SET]
    if "scope" not in groups:
        groups = groups.assign(scope="")
    numbers = groups["group"].tolist()
    # Each group's key values, missing as "" (so two missing values are the same key).
    values = {
        column: groups[column].astype(object).where(groups[column].notna(), "").tolist()
        for columns in _KEYS.values()
        for column in columns
    }
    found: list[tuple[int, int, str]] = []
    for name in _KEYS:  # groups alike in every key but ``name``: one bucket of a dict each
        same = [values[c] for key, cs in _KEYS.items() if key != name for c in cs]
        buckets: dict[tuple[object, ...], list[int]] = {}
        for number, key in zip(numbers, zip(*same, strict=True), strict=True):
            buckets.setdefault(key, []).append(number)
        found += [(g, o, name) for b in buckets.values() for g in b for o in b if o != g]
    found.sort(key=lambda pair: (pair[0], pair[2], pair[1]))
    return pd.DataFrame(
        {
            "group": pd.array([g for g, _, _ in found], dtype="int64"),
            "other": pd.array([o for _, o, _ in found], dtype="int64"),
            "differs": pd.Series([d for _, _, d in found], dtype=object).astype(str),
        }
    )
