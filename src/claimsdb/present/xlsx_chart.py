"""A native Excel chart per group: each claim's interval as a floating bar, its point marked.

Excel has no interval chart, so each claim is a row of a stacked horizontal bar chart: an
invisible segment from 0 to the lower end, the interval up to the point value, a thin dark
segment for the point, and the rest of the interval. An open end runs to the axis end and its
label says so ("≥ 161"), a count's label has whole numbers ("22–28"), a share's its sign
("9–20 %"); vague conventions are drawn lighter and labelled "convention"; colours
follow affiliation (named in each label). The numbers live in hidden helper columns beside the
claims table on the same sheet, so every chart's data lies inside its own sheet; the chart plots
them although hidden. They are plotting positions, not figures a reader is shown (the labels
say the figures): a count's are whole numbers, its ends rounded outward as its label reads
them, so no cell holds a fraction of a person.
"""

from __future__ import annotations

import math
from typing import Any

from claimsdb.present.colours import colour, lighter
from claimsdb.present.words import interval, is_share, is_whole, unit_of

HELPER_COLUMN = 13  # column M (after the claims table): label, then start, to point, point, to end
HEADER = ("chart label", "start", "to point", "point", "to end")
ROW_CM = 0.53  # a default row is 15 points high


def helper_rows(
    claims: list[dict[str, Any]], unit: str | None = None
) -> tuple[list[list[Any]], float]:
    """The helper values per claim (label, start, to point, point, to end) and the axis end.
    Labels speak ``unit`` (else each claim's ``unit``, else a count of people). A count's
    values are whole: its ends rounded outward as its label reads them (22.5–27.5: 22 to 28),
    its point mark at least 1 wide, covering a point between two whole numbers (9.5: 9 to
    10)."""
    finite = [v for c in claims for v in (c["lower"], c["upper"]) if math.isfinite(v)]
    top = max(finite) * 1.12 if finite and max(finite) > 0 else 1.0
    mark = top * 0.006
    rows = []
    for c in claims:
        low, high, point = float(c["lower"]), float(c["upper"]), c["point"]
        end = high if math.isfinite(high) else top
        mine = unit or unit_of(c)
        shown = interval(low, high, mine)
        label = f"{c['claimant']} ({c['affiliation']}) — {c['phrase']} [{shown}]"
        if c["shape"] == "vague":
            label += " convention"
        has_point = point is not None and point == point
        if is_share(mine):
            rows.append([label, *_share_bar(low, end, point if has_point else None, mark)])
        else:
            rows.append([label, *_count_bar(low, end, point if has_point else None, mark)])
    top = top if any(is_share(unit or unit_of(c)) for c in claims) else float(math.ceil(top))
    return rows, top


def _share_bar(low: float, end: float, point: float | None, mark: float) -> list[float]:
    """A share's bar (start, to point, point, to end) as computed, to six decimals."""
    if point is None:
        return [low, round(end - low, 6), 0.0, 0.0]
    before = max(point - low - mark / 2, 0.0)
    rest = max(end - low - before - mark, 0.0)
    return [low, round(before, 6), round(mark, 6), round(rest, 6)]


def _count_bar(low: float, end: float, point: float | None, mark: float) -> list[int]:
    """A count's bar in whole numbers: its ends rounded outward, the mark ``mark`` wide
    (at least 1) around the point, or from 9 to 10 for a point of 9.5."""
    start = _whole(low, math.floor)
    stop = max(_whole(end, math.ceil), start)
    if point is None:
        return [start, stop - start, 0, 0]
    width = max(1, round(mark))
    before = math.floor(point - start - width / 2 + 0.5)  # the mark centred, half up
    before = min(max(before, 0), max(stop - start - width, 0))
    return [start, before, width, max(stop - start - before - width, 0)]


def _whole(value: float, towards: Any) -> int:
    """``value`` as a whole number: itself when it is one (to a float's slack), else rounded
    by ``towards`` (``math.floor`` or ``math.ceil``)."""
    return round(value) if is_whole(value) else int(towards(value))


def add_chart(
    sheet: Any,
    title: str,
    first: int,
    claims: list[dict[str, Any]],
    parties: list[str],
    anchor_row: int,
    unit: str | None = None,
) -> int:
    """Write helper values in rows ``first``.. and anchor the chart; returns the rows it spans.
    The value axis of a share (``unit`` percent) carries its sign."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.chart.marker import DataPoint
    from openpyxl.utils import get_column_letter, quote_sheetname

    unit = unit or (unit_of(claims[0]) if claims else None)
    values, top = helper_rows(claims, unit)
    for offset, row in enumerate(values):
        for n, value in enumerate(row):
            cell = sheet.cell(first + offset, HELPER_COLUMN + n, value)
            if isinstance(value, str):
                cell.data_type = "s"
    last = first + len(values) - 1
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = title
    chart.legend = None
    for n in range(1, 5):
        data = Reference(sheet, min_col=HELPER_COLUMN + n, min_row=first, max_row=last)
        chart.add_data(data, titles_from_data=False)
    # Labels are text: a string reference, or Excel would number the rows instead.
    column = get_column_letter(HELPER_COLUMN)
    labels = f"{quote_sheetname(sheet.title)}!${column}${first}:${column}${last}"
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=labels))
    start, to_point, point, rest = chart.series
    start.graphicalProperties.noFill = True
    start.graphicalProperties.line.noFill = True
    point.graphicalProperties.solidFill = "000000"
    for idx, claim in enumerate(claims):
        base = colour(str(claim["affiliation"]), parties)
        fill = lighter(base) if claim["shape"] == "vague" else base.upper()
        for series in (to_point, rest):
            dot = DataPoint(idx=idx)
            dot.graphicalProperties.solidFill = fill
            series.dPt.append(dot)
    chart.x_axis.scaling.orientation = "maxMin"  # first claim on top, as in the table
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, top
    chart.y_axis.numFmt = '#,##0" %"' if is_share(unit) else "#,##0"
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.visible_cells_only = False  # its numbers sit in hidden columns
    chart.gapWidth = 60
    chart.width = 24
    chart.height = max(6.0, 1.0 * len(claims) + 3.0)
    sheet.add_chart(chart, f"{get_column_letter(HELPER_COLUMN + len(HEADER) + 1)}{anchor_row}")
    return math.ceil(chart.height / ROW_CM)
