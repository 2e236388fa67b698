"""What the workbook and the page share: the groups in the order a report lists them, each with
its claims in claim order, and each claim as the database stores it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from claimsdb.present.groups import in_claim_order

if TYPE_CHECKING:
    import pandas as pd

    from claimsdb.analysis.results import Reconciled

ORDER = ["event", "metric", "population", "period"]
# A group's claims table, with each column's width in the workbook; the page leaves out the key.
CLAIM_COLUMNS = (
    ("claimant", 26),
    ("affiliation", 13),
    ("phrase", 22),
    ("low", 11),
    ("best", 11),
    ("high", 11),
    ("role", 34),
    ("claimed on", 11),
    ("quote", 60),
    ("document", 26),
    ("key", 30),
)


def groups_in_order(reconciled: Reconciled) -> pd.DataFrame:
    """The reconciled sets by event, metric, population and period, each followed by the sets
    shown under it (its parts, its sub-periods)."""
    from claimsdb.present.groups import in_shown_order

    return in_shown_order(reconciled.groups)


def group_claims(reconciled: Reconciled) -> Iterator[tuple[dict[str, Any], pd.DataFrame]]:
    """Each set that heads a table (in ``groups_in_order``) with its explained claims in claim
    order, its parts under their whole and its sub-periods after them (marked ``↳``)."""
    import pandas as pd

    from claimsdb.present.nested import heads, table_rows, under

    explained = reconciled.explained
    assert explained is not None, "a report needs reconcile(..., explain=True)"
    groups = groups_in_order(reconciled)
    by_group = dict(tuple(in_claim_order(explained).groupby("group", sort=False)))
    empty = explained.iloc[:0]
    for head in heads(groups):
        shown = [by_group.get(n, empty) for n in under(groups, head)]
        yield head, table_rows(pd.concat(shown), groups, head)


def claim_cells(r: dict[str, Any], by_key: dict[str, dict[str, str]]) -> dict[str, str]:
    """A claim's cells under ``CLAIM_COLUMNS`` (``r`` a row of ``as_stored``; the figure and
    the source as stored), and ``url``: its document's web address, "" unless http(s)."""
    stored = by_key.get(r["key"], {})
    url = stored.get("url", "")
    return {
        "claimant": r["claimant"],
        "affiliation": r["affiliation"],
        "phrase": r["phrase"],
        **{k: stored.get(k, "") for k in ("low", "best", "high")},
        "role": r["reason"],
        "claimed on": stored.get("claimed_on", ""),
        "quote": stored.get("quote", ""),
        "document": stored.get("document", ""),
        "key": r["key"],
        "url": url if url.startswith(("http://", "https://")) else "",
    }


def as_stored(rows: pd.DataFrame, by_key: dict[str, dict[str, str]]) -> pd.DataFrame:
    """``rows`` with the claimant, affiliation (``unknown`` when empty) and phrase of the stored
    claims (``by_key``: interchange rows by key), as the charts label them."""
    stored = [by_key.get(key, {}) for key in rows["key"]]
    marks = rows["under"] if "under" in rows else [""] * len(rows)
    return rows.assign(
        claimant=[
            m + s.get("claimant", str(c))
            for s, c, m in zip(stored, rows["claimant"], marks, strict=True)
        ],
        affiliation=[s.get("affiliation") or "unknown" for s in stored],
        phrase=[s.get("phrase", "") for s in stored],
    )
