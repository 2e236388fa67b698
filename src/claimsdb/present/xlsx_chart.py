"""A native Excel chart per group: each claim's interval as a floating bar, its point marked.

Excel has no interval chart, so each claim is a row of a stacked horizontal bar chart: an
invisible segment from 0 to the lower end, the interval up to the point value, a thin dark
segment for the point, and the rest of the interval. An open end runs to the axis end, lighter,
and its label says so ("≥ 161"), a count's label has whole numbers ("22–28"), a share's its sign
("9–20 %"); vague conventions are drawn lighter and labelled "convention" (the axis title says
what lighter means); colours follow
affiliation as in the forest plots, one series per affiliation named in the legend (and in each
label). Written with XlsxWriter. The numbers live in hidden helper columns beside the
claims table on the same sheet, so every chart's data lies inside its own sheet; the chart plots
them although hidden. They are plotting positions, not figures a reader is shown (the labels
say the figures): a count's are whole numbers, its ends rounded outward as its label reads
them, so no cell holds a fraction of a person.
"""

from __future__ import annotations

import math
from typing import Any

from claimsdb.present.colours import FIXED, colour, darker, lighter, speaks_for
from claimsdb.present.words import interval, is_share, is_whole, unit_of

HELPER_COLUMN = 13  # column M (after the claims table): label, then start, to point, point, to end
WIDTH = 860  # pixels: the chart spans the table's first columns, above its rows
POINT = "figure given (the mark)"  # the legend's name for the point marks
LIGHTER = "lighter: a vague word's range by convention, or an open end (at least …) to the axis end"


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
        label = f"{c['claimant']} ({speaks_for(c['affiliation'])}) — {c['phrase']} [{shown}]"
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


class SetChart:
    """A set's chart: its helper values, written row by row beside the claims table (hidden
    columns from ``HELPER_COLUMN``: label, start, the part before the point in one column per
    affiliation, the point, the part after it likewise), and the chart itself, a series per
    affiliation named in the legend in the forest plot's colours, vague conventions lighter."""

    def __init__(self, claims: list[dict[str, Any]], parties: list[str], unit: str | None) -> None:
        self.claims = claims
        self.unit = unit
        self.keys = [*parties, *FIXED]  # every affiliation's column, the same on every sheet
        self.parties = parties
        self.values, self.top = helper_rows(claims, unit)
        self.rows: list[int] = []

    @staticmethod
    def width(parties: list[str]) -> int:
        """How many helper columns follow ``HELPER_COLUMN`` on a sheet."""
        return 2 + 2 * (len(parties) + len(FIXED))

    def _column(self, part: str, affiliation: str = "") -> int:
        k = len(self.keys)
        if part == "label":
            return HELPER_COLUMN
        if part == "start":
            return HELPER_COLUMN + 1
        if part == "before":
            return HELPER_COLUMN + 2 + self.keys.index(affiliation)
        if part == "point":
            return HELPER_COLUMN + 2 + k
        return HELPER_COLUMN + 3 + k + self.keys.index(affiliation)  # after

    def write_helper(self, sheet: Any, row: int, n: int) -> None:
        """Claim ``n``'s helper values in ``row`` (written with the claim's row)."""
        label, start, before, point, after = self.values[n]
        mine = str(self.claims[n]["affiliation"])
        sheet.write_string(row, self._column("label"), label)
        sheet.write_number(row, self._column("start"), start)
        sheet.write_number(row, self._column("point"), point)
        for key in self.keys:
            sheet.write_number(row, self._column("before", key), before if key == mine else 0)
            sheet.write_number(row, self._column("after", key), after if key == mine else 0)
        self.rows.append(row)

    def insert(self, book: Any, sheet: Any, name: str, anchor: int, title: str) -> None:
        """Add the chart (made by ``book``, an XlsxWriter workbook) at row ``anchor``, over the
        ``spans()`` rows left free for it between the set's title and its claims: seen with its
        table on the first screen, and printed at the table's width."""
        first, last = self.rows[0], self.rows[-1]

        def ref(column: int) -> list[Any]:
            return [name, first, column, last, column]

        # The cached values go in with each reference: rows already written are gone from
        # memory (constant memory), and a reader shows the labels as text only from the cache.
        def data(part: str, key: str = "") -> list[Any]:
            at = {"label": 0, "start": 1, "before": 2, "point": 3, "after": 4}[part]
            return [
                v[at] if part in ("label", "start", "point") or str(c["affiliation"]) == key
                else 0
                for v, c in zip(self.values, self.claims, strict=True)
            ]  # fmt: skip

        chart = book.add_chart({"type": "bar", "subtype": "stacked"})
        labels = ref(self._column("label"))
        present = [k for k in self.keys if any(str(c["affiliation"]) == k for c in self.claims)]
        hidden = [0]
        shared = {"categories": labels, "categories_data": data("label")}
        chart.add_series(
            {"name": "start", **shared, "values": ref(self._column("start")),
             "values_data": data("start"), "fill": {"none": True}, "border": {"none": True},
             "gap": 60, "overlap": 100}
        )  # fmt: skip
        for key in present:
            series = self._series(key, "before", ref)
            chart.add_series({**series, **shared, "values_data": data("before", key)})
        # The point marks: each in its affiliation's colour, darker (the legend's colours are
        # the intervals'; a figure without a range is its mark alone).
        marks = [{"fill": {"color": "#" + darker(colour(str(c["affiliation"]), self.parties))}}
                 for c in self.claims]  # fmt: skip
        chart.add_series(
            {"name": POINT, **shared, "values": ref(self._column("point")),
             "values_data": data("point"), "fill": {"color": "#000000"},
             "border": {"none": True}, "points": marks}
        )  # fmt: skip
        # The legend: each affiliation once (its bar before the point) and the point mark; the
        # parts after the points left out. The set left out reads the same backwards, as
        # LibreOffice counts a bar chart's legend entries.
        for key in present:
            hidden.append(len(present) + 2 + present.index(key))
            series = self._series(key, "after", ref)
            chart.add_series({**series, **shared, "values_data": data("after", key)})
        chart.set_title({"name": title, "name_font": {"size": 10, "bold": True}})
        chart.set_legend({"position": "bottom", "delete_series": hidden})
        # the first claim on top, as in the table; every claim's label shown
        chart.set_y_axis({"reverse": True, "interval_unit": 1, "num_font": {"size": 9}})
        share = is_share(self.unit)
        chart.set_x_axis(
            {"min": 0, "max": self.top, "num_format": '#,##0" %"' if share else "#,##0",
             "major_gridlines": {"visible": False},
             "name": LIGHTER, "name_font": {"size": 8, "bold": False, "italic": True}}
        )  # fmt: skip
        chart.show_hidden_data()  # its numbers sit in hidden columns
        chart.set_size({"width": WIDTH, "height": self.height()})
        sheet.insert_chart(anchor, 0, chart, {"x_offset": 2, "y_offset": 4})

    def height(self) -> int:
        """The chart's height in pixels: a line per claim, room for title, axis and legend."""
        return max(200, 22 * len(self.claims) + 120)

    def spans(self) -> int:
        """The rows (20 pixels each) the chart covers, and one to spare."""
        return math.ceil(self.height() / 20) + 1

    def _series(self, key: str, part: str, ref: Any) -> dict[str, Any]:
        base = colour(key, self.parties)
        points = [
            {"fill": {"color": "#" + lighter(base)}}
            if str(c["affiliation"]) == key and (c["shape"] == "vague" or c["upper"] == math.inf)
            else None
            for c in self.claims
        ]
        return {
            "name": speaks_for(key),
            "values": ref(self._column(part, key)),
            "fill": {"color": "#" + base.upper()},
            "border": {"none": True},
            "points": points,
        }
