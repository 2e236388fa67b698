"""What the workbook and the page share: the sets in the order a report lists them, each with its
claims in claim order (each claim as the database stores it, with its own period), the lines
under each set's table (periods that differ, contradictions) and the Summary's rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimsdb.present.groups import in_claim_order
from claimsdb.present.summaries import SUMMARY, summary_row
from claimsdb.present.words import amount, unit_of

if TYPE_CHECKING:
    import pandas as pd

    from claimsdb.analysis.results import Reconciled

ORDER = ["event", "metric", "population", "period"]
# A set's claims table, with each column's width in the workbook; the page leaves out the key.
CLAIM_COLUMNS = (
    ("claimant", 26),
    ("affiliation", 13),
    ("phrase", 22),
    ("period", 14),
    ("low", 11),
    ("best", 11),
    ("high", 11),
    ("role", 34),
    ("claimed on", 11),
    ("quote", 60),
    ("document", 26),
    ("key", 30),
)
# The Summary's columns: ``SUMMARY`` with, after the period, what a nested set is within
# ("sub-period of killed / azerbaijanis, 1987–1989"), as reconcile's table has it.
_AFTER = [name for name, _ in SUMMARY].index("period") + 1
SUMMARY_COLUMNS = (*SUMMARY[:_AFTER], ("within", 34), *SUMMARY[_AFTER:])
_MEDIAN = [name for name, _ in SUMMARY].index("median")


@dataclass(frozen=True)
class SetNotes:
    """What a report says about its claims beyond the reconciliation, as compare says it:
    ``periods``, each claim's period as written, by claim id
    (``claimsdb.services.scope.claim_periods``), and ``contradictions``, the notes of
    ``claimsdb.present.nested.contradiction_notes`` (``group``: the enclosing set, ``note``)."""

    periods: pd.Series
    contradictions: pd.DataFrame


def groups_in_order(reconciled: Reconciled) -> pd.DataFrame:
    """The reconciled sets by event, metric, population and period, each followed by the sets
    shown under it (its parts, its sub-periods)."""
    from claimsdb.present.groups import in_shown_order

    return in_shown_order(reconciled.groups)


def summary_rows(reconciled: Reconciled) -> list[list[Any]]:
    """The Summary's rows (``SUMMARY_COLUMNS``), one per set in ``groups_in_order``: a nested
    set says what it is within, and a median that is the midpoint of figures far apart says so
    as reconcile does ("between 120 and 121 (figures 8.6× apart: a midpoint, not an
    estimate)")."""
    table = reconciled.table
    medians = table[table["method"] == "median"].set_index("group")["note"]
    rows = []
    for g in groups_in_order(reconciled).to_dict("records"):
        row = summary_row(g)
        note = medians.get(g["group"], "")
        if note and isinstance(note, str):
            row[_MEDIAN] = f"{amount(g['median'], unit_of(g))} ({note})"
        rows.append([*row[:_AFTER], g.get("within") or "", *row[_AFTER:]])
    return rows


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


def set_lines(reconciled: Reconciled, head: dict[str, Any], notes: SetNotes) -> list[str]:
    """The lines under the table of ``head``, as compare prints them: "periods differ:
    1987–1989 vs 1988–1989" where its claims' periods differ, then each contradiction listed
    under it or a set shown under it ("contradiction: 127 (Arif Yunusov) for 1988 is above
    …")."""
    from claimsdb.present.nested import under

    lines = [f"periods differ: {head['periods_differ']}"] if head.get("periods_differ") else []
    found = notes.contradictions
    if not found.empty:
        mine = under(reconciled.groups, head)
        lines += [str(note) for note in found.loc[found["group"].isin(mine), "note"]]
    return lines


def claim_cells(r: dict[str, Any], by_key: dict[str, dict[str, str]]) -> dict[str, str]:
    """A claim's cells under ``CLAIM_COLUMNS`` (``r`` a row of ``as_stored``; the figure and
    the source as stored, the period as written), and ``url``: its document's web address, ""
    unless http(s)."""
    stored = by_key.get(r["key"], {})
    url = stored.get("url", "")
    return {
        "claimant": r["claimant"],
        "affiliation": r["affiliation"],
        "phrase": r["phrase"],
        "period": r["period"],
        **{k: stored.get(k, "") for k in ("low", "best", "high")},
        "role": r["reason"],
        "claimed on": stored.get("claimed_on", ""),
        "quote": stored.get("quote", ""),
        "document": stored.get("document", ""),
        "key": r["key"],
        "url": url if url.startswith(("http://", "https://")) else "",
    }


def as_stored(
    rows: pd.DataFrame, by_key: dict[str, dict[str, str]], periods: pd.Series
) -> pd.DataFrame:
    """``rows`` with the claimant, affiliation (``unknown`` when empty) and phrase of the stored
    claims (``by_key``: interchange rows by key), as the charts label them, and ``period``,
    each claim's own period as written (``periods``, by claim id; "" for none)."""
    stored = [by_key.get(key, {}) for key in rows["key"]]
    marks = rows["under"] if "under" in rows else [""] * len(rows)
    return rows.assign(
        claimant=[
            m + s.get("claimant", str(c))
            for s, c, m in zip(stored, rows["claimant"], marks, strict=True)
        ],
        affiliation=[s.get("affiliation") or "unknown" for s in stored],
        phrase=[s.get("phrase", "") for s in stored],
        period=periods.reindex(rows["id"].to_numpy()).fillna("").astype(str).to_numpy(),
    )
