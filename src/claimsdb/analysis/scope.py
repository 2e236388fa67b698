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

    columns = ["group", "event", "metric", "population", "scope", "period_first", "period_last"]
    if "kind" in groups:
        groups = groups[groups["kind"] == SET]
    if "scope" not in groups:
        groups = groups.assign(scope="")
    frame = groups[columns].copy()
    for column in columns[1:]:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
    found = [_pairs(frame, name) for name in _KEYS]
    return (
        pd.concat(found, ignore_index=True)
        .sort_values(["group", "differs", "other"])
        .reset_index(drop=True)
    )


def _pairs(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Pairs of groups that agree on every key but ``name``."""
    import pandas as pd

    same = [c for key, cs in _KEYS.items() if key != name for c in cs]
    pairs = frame.merge(frame, on=same, suffixes=("", "_other"))
    pairs = pairs[pairs["group"] != pairs["group_other"]]
    return pd.DataFrame({"group": pairs["group"], "other": pairs["group_other"], "differs": name})
