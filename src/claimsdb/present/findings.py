"""lint's findings in words: one message per finding, from the numbers it rests on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimsdb.present.words import interval, number

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ("finding", "keys", "message")
FIXED = {
    "quote_not_in_document": "the quote is not in its document's text",
    "duplicate": "the same figure and quote under several keys",
}


def with_messages(
    found: pd.DataFrame, claims: pd.DataFrame | None = None, said: pd.Series | None = None
) -> pd.DataFrame:
    """``claimsdb.analysis.lint.lint``'s findings as ``finding``, ``keys`` and ``message``.
    Given ``claims`` (the frame linted) and ``said`` (each claim's period as written, by id), a
    contradiction names its figures, claimants and periods."""
    from claimsdb.present.nested import contradictions

    messages = [message(row) for row in found.to_dict("records")]
    exceeds = (found["finding"] == "sub_period_exceeds").to_numpy()
    if exceeds.any() and claims is not None and said is not None:
        worded = contradictions(found.loc[exceeds, "id"], found.loc[exceeds, "other"], claims, said)
        for n, text in zip(exceeds.nonzero()[0], worded, strict=True):
            messages[n] = f"{text}: a count for part of a period cannot exceed the whole's"
    return found[["finding", "keys"]].assign(message=messages)


def message(row: dict[str, Any]) -> str:
    """What one finding means, for an editor."""
    finding = row["finding"]
    if finding == "parts_exceed_whole":
        parts, whole = number(row["parts"]), number(row["whole"])
        return f"parts add up to at least {parts}, more than the whole allows ({whole})"
    if finding == "claimant_contradicts_itself":
        one, other = (interval(row[f"{p}low"], row[f"{p}high"]) for p in ("", "other_"))
        return f"{row['claimant']} gives {one} and {other} for the same group"
    if finding == "sub_period_exceeds":
        return (
            f"a figure for part of a period (at least {number(row['low'])}) is above the upper"
            f" end of a figure for a period that includes it ({number(row['other_high'])})"
        )
    return FIXED[finding]
