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


def with_messages(found: pd.DataFrame) -> pd.DataFrame:
    """``claimsdb.analysis.lint.lint``'s findings as ``finding``, ``keys`` and ``message``."""
    messages = [message(row) for row in found.to_dict("records")]
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
            f"a figure for part of the period ({number(row['low'])} or more) is above the upper"
            f" end of a figure for the whole period ({number(row['other_high'])})"
        )
    return FIXED[finding]
