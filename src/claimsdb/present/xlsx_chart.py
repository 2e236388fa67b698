"""A native Excel chart per group: each claim's interval as a floating bar, its point marked.

Excel has no interval chart, so each claim is a row of a stacked horizontal bar chart: an
invisible segment from 0 to the lower end, the interval up to the point value, a thin dark
segment for the point, and the rest of the interval. An open end runs to the axis end and its
label says so ("≥ 161"), a count's label has whole numbers ("22–28"), a share's its sign
("9–20 %"); vague conventions are drawn lighter and labelled "convention"; colours
follow affiliation (named in each label). The numbers live in helper columns beside the claims
table on the same sheet, so every chart's data lies inside its own sheet.
"""

from __future__ import annotations

import math
from typing import Any

from claimsdb.present.colours import colour, lighter
from claimsdb.present.words import interval, is_share, unit_of

HELPER_COLUMN = 13  # column M: label, then start, to point, point, to end
HEADER = ("chart label", "start", "to point", "point", "to end")
ROW_CM = 0.53  # a default row is 15 points high


def helper_rows(
    claims: list[dict[str, Any]], unit: str | None = None
) -> tuple[list[list[Any]], float]:
    """The helper values per claim (label, start, to point, point, to end) and the axis end.
    Labels speak ``unit`` (else each claim's ``unit``, else a count of people)."""
    finite = [v for c in claims for v in (c["lower"], c["upper"]) if math.isfinite(v)]
    top = max(finite) * 1.12 if finite and max(finite) > 0 else 1.0
    mark = top * 0.006
    rows = []
    for c in claims:
        low, high, point = float(c["lower"]), float(c["upper"]), c["point"]
        end = high if math.isfinite(high) else top
        shown = interval(low, high, unit or unit_of(c))
        label = f"{c['claimant']} ({c['affiliation']}) — {c['phrase']} [{shown}]"
        if c["shape"] == "vague":
            label += " convention"
        if point is not None and point == point:
            before = max(point - low - mark / 2, 0.0)
            rest = max(end - low - before - mark, 0.0)
            rows.append([label, low, round(before, 6), round(mark, 6), round(rest, 6)])
        else:
            rows.append([label, low, round(end - low, 6), 0.0, 0.0])
    return rows, top


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
    from openpyxl.utils import quote_sheetname

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
    labels = f"{quote_sheetname(sheet.title)}!$M${first}:$M${last}"
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
    chart.gapWidth = 60
    chart.width = 24
    chart.height = max(6.0, 1.0 * len(claims) + 3.0)
    sheet.add_chart(chart, f"S{anchor_row}")
    return math.ceil(chart.height / ROW_CM)
