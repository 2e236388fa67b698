"""Scope notes: groups that differ from another in exactly one of event, metric, population and
period. They are never pooled — only pointed at, so a reader sees what was left apart."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# The four keys a group is defined by; the period counts as one (its first and last day).
_KEYS = {
    "event": ["event"],
    "metric": ["metric"],
    "population": ["population"],
    "period": ["period_first", "period_last"],
}


def scope_notes(groups: pd.DataFrame) -> pd.DataFrame:
    """For each group, the groups that differ from it in one key only.

    ``groups`` has ``group``, the group columns, ``claims`` and ``period`` (the period as
    written). The result has ``group``, ``other``, ``differs`` (which key) and ``note``
    ("also: killed / women, 1992-02-25–1992-02-26, 1 claim").
    """
    import pandas as pd

    columns = ["group", "event", "metric", "population", "period_first", "period_last"]
    frame = groups[[*columns, "period", "claims"]].copy()
    for column in columns[1:]:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
    found = [_notes(frame, name) for name in _KEYS]
    return (
        pd.concat(found, ignore_index=True)
        .sort_values(["group", "differs", "note"])
        .reset_index(drop=True)
    )


def _notes(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Pairs of groups that agree on every key but ``name``, with the note for each."""
    import pandas as pd

    same = [c for key, cs in _KEYS.items() if key != name for c in cs]
    pairs = frame.merge(frame, on=same, suffixes=("", "_other"))
    pairs = pairs[pairs["group"] != pairs["group_other"]]

    def other(column: str) -> pd.Series:
        return pairs[f"{column}_other"] if f"{column}_other" in pairs else pairs[column]

    count = other("claims").astype(int)
    note = (
        "also: "
        + (other("event").astype(str) + " " if name == "event" else "")
        + other("metric").astype(str)
        + " / "
        + other("population").replace("", "(all)").astype(str)
        + ", "
        + other("period").replace("", "no period").astype(str)
        + ", "
        + count.astype(str)
        + pd.Series(["claim" if c == 1 else "claims" for c in count], index=pairs.index).radd(" ")
    )
    return pd.DataFrame(
        {"group": pairs["group"], "other": pairs["group_other"], "differs": name, "note": note}
    )
