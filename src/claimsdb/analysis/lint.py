"""Data-quality findings: what an editor should look at before trusting a comparison.

- ``quote_not_in_document`` — a claim's quote is not in its document's stored text (whitespace
  runs count as one space; nothing else is forgiven);
- ``parts_exceed_whole`` — the active parts of a claim (``part_of``) add up to more than the
  whole allows: the sum of the parts' lower ends exceeds the whole's upper end;
- ``claimant_contradicts_itself`` — one claimant gives two active figures in one group whose
  intervals do not meet;
- ``sub_period_exceeds`` — a figure for a sub-period of an accumulating count ("127 killed in
  1988") is above the upper end of a claim for the enclosing period ("25 in 1988–1989"), which
  it can only be a part of;
- ``duplicate`` — the same claim stored under two or more keys: same event, metric,
  population and claimant, same figure and same quote. (One sentence may carry several
  claims — "several hundred, according to X, Y and Z" — which are not duplicates.)

Vague claims take part in none of the figure checks: their bounds are a convention, not the
source's numbers. Each finding carries the numbers it rests on (``FACTS``);
``claimsdb.present.findings`` words them as a message.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimsdb.analysis.frame import complete
from claimsdb.analysis.intervals import intervals
from claimsdb.analysis.periods import Sets, above_enclosing, comparable_sets
from claimsdb.vocabulary import PERIOD_OVERLAP, TOLERANCE, UNATTRIBUTED_KIND

if TYPE_CHECKING:
    import pandas as pd

FINDINGS = (
    "quote_not_in_document",
    "parts_exceed_whole",
    "claimant_contradicts_itself",
    "sub_period_exceeds",
    "duplicate",
)
# What a finding rests on: the claimant and the two intervals of a self-contradiction; the sum of
# the parts' lower ends and the whole's upper end; a sub-period's lower end (low) and the
# enclosing claim's upper end (other_high), with the two claims' ids (id, other). Missing where
# a finding has none.
FACTS = ("claimant", "parts", "whole", "low", "high", "other_low", "other_high", "id", "other")
_SPACE = re.compile(r"\s+")


def lint(
    claims: pd.DataFrame,
    texts: dict[int, str] | None = None,
    tolerance: float = TOLERANCE,
    overlap: float = PERIOD_OVERLAP,
) -> pd.DataFrame:
    """Findings as rows of ``finding``, ``keys`` (comma-separated) and the ``FACTS``.

    ``claims`` is a claims frame with ``quote`` and ``document_id`` too; ``texts`` maps a
    document id to its stored text (documents without text are not checked).
    """
    import pandas as pd

    frame = complete(claims.reset_index(drop=True))
    frame = pd.concat([frame, intervals(frame, tolerance)], axis=1)
    sets = comparable_sets(frame, overlap)
    frame["group"] = sets.group
    found = pd.concat(
        [
            _quotes(frame, texts or {}),
            _parts(frame),
            _self_contradictions(frame),
            _sub_periods(frame, sets),
            _duplicates(frame),
        ],
        ignore_index=True,
    )
    found = found.reindex(columns=["finding", "keys", *FACTS])
    return found.sort_values(["finding", "keys"], ignore_index=True)


def _empty() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"finding": pd.Series(dtype=str), "keys": []})


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _quotes(frame: pd.DataFrame, texts: dict[int, str]) -> pd.DataFrame:
    import pandas as pd

    if not texts:
        return _empty()
    squashed = {doc: _squash(text) for doc, text in texts.items()}
    quoted = frame[frame["quote"].notna() & (frame["quote"] != "")]
    quoted = quoted[quoted["document_id"].isin(list(squashed))]
    missing = [
        key
        for key, quote, doc in zip(
            quoted["key"], quoted["quote"], quoted["document_id"], strict=True
        )
        if _squash(quote) not in squashed[int(doc)]
    ]
    return pd.DataFrame({"finding": "quote_not_in_document", "keys": missing})


def _parts(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    active = frame[frame["status"] == "active"]
    parts = active[active["part_of"].notna() & (active["qualifier"] != "vague")]
    if parts.empty:
        return _empty()
    by = parts.groupby(parts["part_of"].astype("int64"))
    totals = pd.DataFrame({"sum": by["lower"].sum(), "keys": by["key"].agg(", ".join)})
    wholes = active.set_index("id")[["key", "upper", "qualifier"]]
    joined = totals.join(wholes, how="inner")
    joined = joined[(joined["qualifier"] != "vague") & (joined["sum"] > joined["upper"])]
    return pd.DataFrame(
        {
            "finding": "parts_exceed_whole",
            "keys": joined["key"] + ", " + joined["keys"],
            "parts": joined["sum"],
            "whole": joined["upper"],
        }
    )


def _self_contradictions(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    named = frame[
        (frame["status"] == "active")
        & (frame["qualifier"] != "vague")
        & (frame["claimant_kind"].astype(str) != UNATTRIBUTED_KIND)
    ]
    pairs = named.merge(named, on=["group", "claimant"], suffixes=("", "_other"))
    pairs = pairs[
        (pairs["key"] < pairs["key_other"])
        & ((pairs["upper"] < pairs["lower_other"]) | (pairs["upper_other"] < pairs["lower"]))
    ]
    return pd.DataFrame(
        {
            "finding": "claimant_contradicts_itself",
            "keys": pairs["key"] + ", " + pairs["key_other"],
            "claimant": pairs["claimant"].astype(str),
            "low": pairs["lower"],
            "high": pairs["upper"],
            "other_low": pairs["lower_other"],
            "other_high": pairs["upper_other"],
        }
    )


def _sub_periods(frame: pd.DataFrame, sets: Sets) -> pd.DataFrame:
    import pandas as pd

    figures = frame[["id", "group", "lower", "upper"]].assign(
        base=sets.base, first=sets.first, last=sets.last
    )
    figures = figures[
        (frame["status"] == "active")
        & (frame["qualifier"] != "vague")
        & frame["accumulates"].fillna(False).astype(bool)
    ]
    found = above_enclosing(figures)
    keys = frame.set_index("id")["key"]
    return pd.DataFrame(
        {
            "finding": "sub_period_exceeds",
            "keys": keys.loc[found["id"]].to_numpy() + ", " + keys.loc[found["other"]].to_numpy(),
            "low": found["lower"].to_numpy(),
            "other_high": found["other_upper"].to_numpy(),
            "id": found["id"].to_numpy(),
            "other": found["other"].to_numpy(),
        }
    )


def _duplicates(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    quoted = frame[frame["quote"].notna() & (frame["quote"] != "")]
    columns = ["event", "metric", "population", "claimant"]
    columns += ["qualifier", "low", "high", "best", "vague", "quote"]
    same = quoted.groupby(columns, dropna=False)
    keys = same["key"].agg(lambda k: ", ".join(sorted(k)))
    counts = same.size()
    repeated = keys[counts > 1]
    return pd.DataFrame({"finding": "duplicate", "keys": repeated.to_numpy()})
