"""Comparable sets: which claims of one event, metric, population and scope are weighed together.

Claims about the same thing rarely cover exactly the same days ("1987–1989" against
"1988–1989"), so grouping by the exact period would keep apart figures a reader must weigh
against each other. One named convention, ``period overlap`` (``vocabulary.PERIOD_OVERLAP``,
``--period-overlap``), relates two periods by how much they share:

- periods whose overlap is at least that share of their union **mostly coincide**: their claims
  form one *comparable set* (compared, with "periods differ" shown);
- a period lying wholly within a longer one that it does not coincide with is a **sub-period**
  ("1988" inside "1987–1989"): its claims form a set of their own, shown under the enclosing set
  and never pooled with it. For counts that accumulate, its figures are floors
  for the enclosing period, and one above the upper end of a claim whose longer period holds
  its own is a contradiction (whichever sets the two are in: see ``above_enclosing``);
- any other periods (disjoint, or barely touching) are never pooled.

Sets are found per (event, metric, population, scope), greedily: the period with the most claims
(then one stated at both ends, then the longest, then the earliest) anchors a set and takes
every period that mostly coincides with it; the rest repeat the step. A set is a sub-period of
the set (most claims, then longest) whose anchor holds its own anchor. Claims linked by
``part_of`` to a claim in another set make a *parts* set when every claim of theirs is such a
part: it is shown under its whole's set.

An open period is closed for comparison only: a missing start is the event's start, a missing end
the day the claim was made, else the event's end. A claim without any period (nor its event) is
comparable only with other such claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimsdb.codes import first_rows, numbered
from claimsdb.vocabulary import PERIOD_OVERLAP

if TYPE_CHECKING:
    import pandas as pd

BASE_COLUMNS = ("event", "metric", "population", "scope")
# What a set is to the one it is shown under.
SET, SUB_PERIOD, PARTS = "set", "sub-period", "parts"


def comparable_sets(claims: pd.DataFrame, overlap: float = PERIOD_OVERLAP) -> Sets:
    """The comparable set of every row of ``claims`` and how the sets relate.

    Returns ``Sets`` (see there): each row's set number, base and closed period, and the table
    of the sets.
    """
    import numpy as np
    import pandas as pd

    check_overlap(overlap)
    frame = claims.reset_index(drop=True)
    first, last = (days.to_numpy() for days in closed_periods(frame))
    base = _base_ids(frame)
    # Distinct periods of each base, with how many claims give each.
    period_of_row, first_row = _distinct_periods(base, first, last)
    claims_of = np.bincount(period_of_row, minlength=len(first_row))
    periods = pd.DataFrame(
        {
            "base": base[first_row],
            "first": first[first_row],
            "last": last[first_row],
            "claims": claims_of,
            "open": np.bincount(period_of_row, weights=_open(frame), minlength=len(first_row))
            == claims_of,
        }
    )
    periods["length"] = (periods["last"] - periods["first"] + 1).fillna(0)
    periods["anchor_of"] = np.arange(len(periods))  # a single period anchors its own set
    crowded = periods["base"].duplicated(keep=False).to_numpy()
    if crowded.any():
        periods.loc[crowded, "anchor_of"] = _anchors(periods[crowded], overlap)
    # Each period's set is its anchor's; sets are numbered in the periods' sorted order.
    anchors = periods.loc[periods["anchor_of"].unique()].sort_index()
    number = pd.Series(np.arange(len(anchors)), index=anchors.index)
    periods["group"] = number.reindex(periods["anchor_of"]).to_numpy()
    group = periods["group"].to_numpy(dtype=np.int64)[period_of_row]
    table = pd.DataFrame(
        {
            "group": np.arange(len(anchors)),
            "base": anchors["base"].to_numpy(),
            "first": anchors["first"].to_numpy(),
            "last": anchors["last"].to_numpy(),
            "length": anchors["length"].to_numpy(),
            "claims": periods.groupby("group")["claims"].sum().to_numpy(),
            "periods": periods.groupby("group").size().to_numpy(),
        }
    )
    # A set's anchor claim: the first row giving the anchor period.
    table["anchor"] = frame["id"].to_numpy()[first_row[anchors.index.to_numpy()]]
    table["kind"], table["parent"] = SET, -1
    _sub_periods(table)
    _parts(table, frame, group)
    return Sets(group, table.drop(columns=["base", "length"]), base, first, last)


def _distinct_periods(base: Any, first: Any, last: Any) -> tuple[Any, Any]:
    """Each row's position among the distinct (base, first, last), sorted (a missing period
    last), and the first row of each."""
    import numpy as np

    low = int(min(np.nanmin(first, initial=0), np.nanmin(last, initial=0)))
    high = int(max(np.nanmax(first, initial=0), np.nanmax(last, initial=0)))
    span = high - low + 2  # the last digit: no period
    digits = [(base, int(base.max(initial=0)) + 1)]
    for days in (first, last):
        digits.append((np.where(np.isnan(days), span - 1, days - low).astype(np.int64), span))
    codes = numbered(digits, sort=True)
    return codes, first_rows(codes)


@dataclass(frozen=True)
class Sets:
    """The comparable sets of a claims frame (``comparable_sets``); arrays are in row order."""

    group: Any
    """Each row's set number; numbers follow the sorted event, metric, population, scope and
    anchor period."""
    table: pd.DataFrame
    """One row per set: ``group``, ``kind`` (set, sub-period, parts), ``parent`` (the set it is
    shown under; -1 for none), ``anchor`` (id of a claim whose period names the set), ``first``
    and ``last`` (the anchor's period as day numbers; missing for no period) and ``periods``
    (how many distinct periods the set holds)."""
    base: Any
    """Each row's number for its event, metric, population and scope, in sorted order."""
    first: Any
    """Each row's period, closed (``closed_periods``), as day numbers; NaN for none."""
    last: Any


def check_overlap(overlap: float) -> None:
    """Refuse a period overlap outside (0, 1]."""
    if not 0 < overlap <= 1:
        raise ValueError(f"period overlap must be above 0 and at most 1, not {overlap}")


def closed_periods(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each row's period as first and last day numbers, open ends closed (see the module's
    docstring); both missing when the claim and its event have no period."""
    import numpy as np
    import pandas as pd

    def days(column: str) -> Any:
        if column not in frame:
            return np.full(len(frame), np.nan)
        values = frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):  # each distinct date parsed once
            codes = values.cat.codes.to_numpy(dtype=np.int64)
            uniques = values.cat.categories.to_numpy(dtype=object)
        else:
            codes, uniques = pd.factorize(values.astype(object))
            uniques = np.asarray(uniques, dtype=object)
        stamped = np.array(uniques, dtype="datetime64[D]")
        out = stamped.astype("int64").astype(float)
        out[np.isnat(stamped)] = np.nan
        return np.append(out, np.nan)[codes]  # code -1, missing: the NaN appended

    start, end = days("period_first"), days("period_last")
    event_start, event_end, said = days("event_first"), days("event_last"), days("claimed")
    start = np.where(np.isnan(start), event_start, start)
    said = np.where(said >= start, said, np.nan)  # a date said before the start closes nothing
    end = np.where(np.isnan(end), np.where(np.isnan(said), event_end, said), end)
    start = np.where(np.isnan(start), end, start)
    end = np.where(np.isnan(end), start, end)
    end = np.maximum(start, end)  # an event that ended before an open claim began
    return pd.Series(start, index=frame.index), pd.Series(end, index=frame.index)


def _open(frame: pd.DataFrame) -> Any:
    """Whether each row's period is open at one end (as written: "since 1988-02")."""
    import numpy as np

    if "period_first" not in frame or "period_last" not in frame:
        return np.zeros(len(frame), dtype=bool)
    return (frame["period_first"].isna() ^ frame["period_last"].isna()).to_numpy()


def _base_ids(frame: pd.DataFrame) -> Any:
    """A number per (event, metric, population, scope), in sorted order."""
    import numpy as np
    import pandas as pd

    codes = {}
    for column in BASE_COLUMNS:
        values = frame[column] if column in frame else pd.Series("", index=frame.index)
        if isinstance(values.dtype, pd.CategoricalDtype):  # sort the few categories, not rows
            words = values.cat.categories.to_numpy(dtype=object)
            sorted_codes = pd.factorize(np.append(words, ""), sort=True)[0]
            codes[column] = sorted_codes[values.cat.codes.to_numpy()]  # -1 (missing): ""
            continue
        values = values.astype(object).where(values.notna(), "")
        codes[column] = pd.factorize(values, sort=True)[0]
    digits = [(codes[column], int(codes[column].max(initial=0)) + 1) for column in BASE_COLUMNS]
    return numbered(digits, sort=True)


def _anchors(periods: pd.DataFrame, overlap: float) -> list[int]:
    """For the distinct periods of bases that have several, the position (in ``periods``' index)
    of the period anchoring each one's set."""
    import numpy as np

    out: dict[int, int] = {}
    for _, same in periods.groupby("base", sort=False):
        ordered = same.sort_values(
            ["claims", "open", "length", "first"], ascending=[False, True, False, True]
        )
        index = ordered.index.to_numpy()
        first = ordered["first"].to_numpy(float)
        last = ordered["last"].to_numpy(float)
        free = np.ones(len(index), dtype=bool)
        for n in range(len(index)):
            if not free[n]:
                continue
            if np.isnan(first[n]):  # no period: only with other undated claims (one row)
                together = np.zeros(len(index), dtype=bool)
                together[n] = True
            else:
                together = free & (_coincide(first[n], last[n], first, last) >= overlap)
                together[n] = True
            for m in np.flatnonzero(together & free):
                out[int(index[m])] = int(index[n])
            free &= ~together
    return [out[i] for i in periods.index]


def _coincide(first: float, last: float, firsts: Any, lasts: Any) -> Any:
    """How much each period shares with [first, last]: overlap ÷ union, in days (0 if apart)."""
    import numpy as np

    shared = np.minimum(last, lasts) - np.maximum(first, firsts) + 1
    union = np.maximum(last, lasts) - np.minimum(first, firsts) + 1
    with np.errstate(invalid="ignore"):
        share = np.where(shared > 0, shared / union, 0.0)
    return np.nan_to_num(share)


def within(first: Any, last: Any, outer_first: Any, outer_last: Any) -> Any:
    """Whether [first, last] lies wholly inside [outer_first, outer_last] (False if undated)."""
    import numpy as np

    with np.errstate(invalid="ignore"):
        return np.asarray((first >= outer_first) & (last <= outer_last), dtype=bool)


def _sub_periods(table: pd.DataFrame) -> None:
    """Mark each set whose anchor lies inside a longer set's anchor of the same base as that
    set's sub-period (the enclosing set with most claims, then the longest)."""

    crowded = table[table["base"].duplicated(keep=False) & table["first"].notna()]
    found: dict[Any, Any] = {}  # row index -> the enclosing set, written once at the end
    for _, same in crowded.groupby("base", sort=False):
        ordered = same.sort_values(["length", "claims"], ascending=[False, False])
        tops: list[Any] = []
        for row in ordered.itertuples():
            holders = [
                t
                for t in tops
                if t.length > row.length and within(row.first, row.last, t.first, t.last)
            ]
            if not holders:
                tops.append(row)
                continue
            found[row.Index] = max(holders, key=lambda t: (t.claims, t.length, -t.group)).group
    if found:
        rows = list(found)
        table.loc[rows, "kind"] = SUB_PERIOD
        table.loc[rows, "parent"] = list(found.values())


def _parts(table: pd.DataFrame, frame: pd.DataFrame, group: Any) -> None:
    """Mark each set whose every claim is a part (``part_of``) of a claim in another set as a
    parts set under the set most of their wholes are in. Only the claims that name a whole
    are looked at; a set is all parts when it has as many of them as claims."""
    import numpy as np
    import pandas as pd

    if "part_of" not in frame:
        return
    rows = np.flatnonzero(frame["part_of"].notna().to_numpy())
    if rows.size == 0:
        return
    wholes = frame["part_of"].to_numpy()[rows].astype(np.int64)
    whole_row = pd.Index(frame["id"].to_numpy()).get_indexer(wholes)
    whole_group = np.where(whole_row >= 0, group[np.maximum(whole_row, 0)], -1)
    elsewhere = (whole_group >= 0) & (whole_group != group[rows])
    rows, whole_group = rows[elsewhere], whole_group[elsewhere]
    size = len(table)
    all_parts = np.bincount(group[rows], minlength=size) == np.bincount(group, minlength=size)
    parts = pd.DataFrame({"group": group[rows], "whole": whole_group})
    for set_number in np.flatnonzero(all_parts):
        mine = parts.loc[parts["group"] == set_number, "whole"]
        table.loc[table["group"] == set_number, ["kind", "parent"]] = [
            PARTS,
            int(mine.mode().min()),
        ]


def above_enclosing(claims: pd.DataFrame) -> pd.DataFrame:
    """Contradictions of an accumulating count: a claim whose lower end is above the upper end
    of another claim of the same event, metric, population and scope whose period holds its own
    and is longer ("127 killed in 1988" against "25 killed in 1988–1989"). Sets play no part,
    so what is a contradiction does not depend on the period-overlap setting.

    ``claims`` holds the claims to weigh (those that still speak, with finite figures, of
    accumulating metrics) with ``id``, ``group``, ``lower``, ``upper`` and, from ``Sets``,
    ``base`` and the closed period ``first`` and ``last``. The result has ``group``
    and ``id`` (the claim for the shorter period), ``parent`` and ``other`` (the enclosing
    claim's set and id), ``lower`` and ``other_upper``.
    """
    import numpy as np
    import pandas as pd

    dated = claims[claims["first"].notna()]
    dated = dated[_several_periods(dated)]
    # Distinct periods first (few), then only the claims of period pairs that can contradict.
    spans = dated.groupby(["base", "first", "last"], as_index=False).agg(
        lower=("lower", "max"), upper=("upper", "min")
    )
    spans = spans[spans["base"].duplicated(keep=False)]
    pairs = spans.merge(spans, on="base", suffixes=("", "_other"))
    shorter = (pairs["last"] - pairs["first"]) < (pairs["last_other"] - pairs["first_other"])
    held = within(pairs["first"], pairs["last"], pairs["first_other"], pairs["last_other"])
    pairs = pairs.loc[shorter & held & (pairs["lower"] > pairs["upper_other"]), :]
    period = ["base", "first", "last"]
    inner = dated.merge(pairs[[*period, "first_other", "last_other"]], on=period)
    outer = dated[[*period, "id", "group", "upper"]].rename(
        columns={"first": "first_other", "last": "last_other", "id": "other", "group": "parent"}
    )
    found = inner.merge(outer, on=["base", "first_other", "last_other"], suffixes=("", "_other"))
    found = found[found["lower"] > found["upper_other"]].sort_values(["id", "other"])
    return pd.DataFrame(
        {
            "group": found["group"].to_numpy(dtype=np.int64),
            "id": found["id"].to_numpy(dtype=np.int64),
            "parent": found["parent"].to_numpy(dtype=np.int64),
            "other": found["other"].to_numpy(dtype=np.int64),
            "lower": found["lower"].to_numpy(dtype=float),
            "other_upper": found["upper_other"].to_numpy(dtype=float),
        }
    )


def _several_periods(claims: pd.DataFrame) -> Any:
    """Whether each row's base has more than one period among ``claims`` (``base``, ``first``,
    ``last``): only those rows can be held by another's longer period. Bases are small
    integers, so each base's earliest and latest ends are found in place, not by a group-by."""
    import numpy as np

    base = claims["base"].to_numpy(dtype=np.int64)
    size = int(base.max(initial=-1)) + 1
    several = np.zeros(size, dtype=bool)
    for column in ("first", "last"):
        days = claims[column].to_numpy(dtype=float)
        low, high = np.full(size, np.inf), np.full(size, -np.inf)
        np.minimum.at(low, base, days)
        np.maximum.at(high, base, days)
        several |= low != high
    return several[base]
