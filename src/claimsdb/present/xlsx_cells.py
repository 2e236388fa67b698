"""Cells of a report workbook written with XlsxWriter: its formats, text that stays text, rows as
tall as their wrapped text, and the page setup every sheet prints with."""

from __future__ import annotations

import math
import re
from typing import Any

from claimsdb.vocabulary import XLSX_CELL_LIMIT


class Formats:
    """The workbook's few cell formats, made once."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.bold = book.add_format({"bold": True})
        self.head = book.add_format({"bold": True, "bg_color": "#F2F2F2", "bottom": 1})
        self.title = book.add_format({"bold": True, "font_size": 12})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.top = book.add_format({"valign": "top"})
        self.note = book.add_format({"italic": True})
        self.grey = book.add_format({"italic": True, "font_color": "#555555", "text_wrap": True})
        self.link = book.add_format(
            {"font_color": "blue", "underline": 1, "valign": "top", "text_wrap": True}
        )
        self.count = book.add_format({"num_format": "#,##0", "valign": "top"})
        self.share = book.add_format({"num_format": '#,##0.## "%"', "valign": "top"})
        self.share_whole = book.add_format({"num_format": '#,##0 "%"', "valign": "top"})
        self.fraction = book.add_format({"num_format": "#,##0.##", "valign": "top"})
        self.centre = book.add_format({"align": "center", "valign": "top"})
        self.link_centre = book.add_format(
            {"font_color": "blue", "underline": 1, "valign": "top", "align": "center"}
        )
        self.head_right = book.add_format(
            {"bold": True, "bg_color": "#F2F2F2", "bottom": 1, "align": "right"}
        )
        self.grey_wrap = book.add_format(
            {"italic": True, "font_color": "#555555", "text_wrap": True, "valign": "top"}
        )
        self.bold_wrap = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        # text right after a right-aligned number column, set off from it
        self.wrap_after = book.add_format({"text_wrap": True, "valign": "top", "indent": 1})
        self.head_after = book.add_format(
            {"bold": True, "bg_color": "#F2F2F2", "bottom": 1, "indent": 1}
        )


# A4 landscape in points, and the margins every sheet prints with (inches).
PAPER_WIDTH, PAPER_HEIGHT = 11.69 * 72, 8.27 * 72
SIDE, TOP, BOTTOM = 0.3, 0.4, 0.55


def print_setup(sheet: Any, *, repeat: bool, pages: Pages | None = None) -> None:
    """Landscape, one page wide however long, the header row on every page, the sheet's name
    and the page number at the foot of each page. With ``pages``, its scale and its page breaks
    (a spreadsheet ignores page breaks on a sheet fitted to the page width)."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    if pages is None:
        sheet.fit_to_pages(1, 0)
    else:
        sheet.set_print_scale(pages.scale)
        sheet.set_h_pagebreaks(pages.breaks[:MAX_BREAKS])
    sheet.set_margins(left=SIDE, right=SIDE, top=TOP, bottom=BOTTOM)
    sheet.set_footer("&L&8&A&R&8page &P of &N", {"margin": 0.2})
    if repeat:
        sheet.repeat_rows(0)


def write_cell(sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """A cell: text as a string (never a formula), numbers as numbers, nothing for empty."""
    if value is None or value == "":
        return
    if isinstance(value, str):
        sheet.write_string(row, col, value[:XLSX_CELL_LIMIT], fmt)
    else:
        sheet.write_number(row, col, value, fmt)


ROW_POINTS = 15  # a row of one line of 11-point text
MAX_BREAKS = 1023  # a sheet holds at most this many manual page breaks


def fit_row(sheet: Any, row: int, cells: list[tuple[Any, float]]) -> float:
    """Make ``row`` tall enough for its wrapped ``cells`` (value, column width): a reader's
    spreadsheet does not grow a row for wrapped text by itself. Returns its height in points."""
    lines = row_lines(cells)
    if lines > 1:
        sheet.set_row(row, ROW_POINTS * lines)
    return ROW_POINTS * lines


def row_lines(cells: list[tuple[Any, float]]) -> int:
    """How many lines the tallest of ``cells`` (value, column width) wraps to."""
    return max((wrapped_lines(value, width) for value, width in cells), default=1)


class Pages:
    """Where a sheet printed one page wide breaks its pages, so that a set's title, chart and
    first claims are never printed apart: the scale that fits ``widths`` (columns, in
    characters) to the page width, and the rows a page break goes before."""

    def __init__(self, widths: list[float]) -> None:
        printable = PAPER_WIDTH - 2 * SIDE * 72
        # a column of w characters, in points: Excel makes it 0.75 * (7w + 5), LibreOffice
        # about 5.6 (w + 0.71), the wider of the two (measured on its PDF)
        wide = sum(5.6 * (w + 0.71) for w in widths)
        self.scale = max(10, min(100, int(100 * printable / wide * 0.99)))
        page = PAPER_HEIGHT - (TOP + BOTTOM) * 72 - ROW_POINTS  # less the repeated header
        self.room = page * 100 / self.scale * 0.96  # a little to spare: heights are estimates
        self.used = 0.0
        self.breaks: list[int] = []

    def keep(self, row: int, height: float) -> None:
        """Start a new page at ``row`` unless ``height`` points from it fit on this one."""
        if self.used > 0 and self.used + height > self.room:
            self.breaks.append(row)
            self.used = 0.0

    def pad(self, height: float) -> None:
        """A blank row of ``height`` points: it never starts a page (at a page's foot it is
        printed there, or lost past it)."""
        self.used = min(self.used + height, self.room)

    def add(self, row: int, height: float) -> None:
        """``row``, ``height`` points tall, printed: on a new page, by a break of its own,
        when it does not fit on this one (every break is ours, so the pages are as counted)."""
        self.keep(row, height)
        self.used += height


def wrapped_lines(value: Any, width: float) -> int:
    """How many lines ``value`` wraps to in a column ``width`` characters wide: words go whole
    onto the next line, as a spreadsheet wraps them (after a hyphen too), a word longer than a
    line is broken."""
    if value is None or value == "" or not isinstance(value, str):
        return 1
    fits = max(int(width * 1.05), 1)  # a column holds about its width in letters of text
    lines = 0
    for part in value.split("\n"):
        lines += 1
        if len(part) <= fits:
            continue
        if len(part) > 4 * fits:  # a long text: each line loses about half a word at its end
            lines += math.ceil(len(part) / max(fits - 4, 1)) - 1
            continue
        used, gap = -1, 0
        for word in _WORDS.findall(part):  # "Nagorno-Karabakh" may break after its hyphen
            if used >= 0 and used + gap + len(word) <= fits:
                used += gap + len(word)
            else:
                lines += used >= 0  # the word starts a new line
                lines += (len(word) - 1) // fits  # a word longer than a line is broken
                used = (len(word) - 1) % fits + 1
            gap = 0 if word.endswith("-") else 1
    return lines


_WORDS = re.compile(r"[^\s-]*-+|[^\s]+")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def legal(text: str) -> str:
    """Text a workbook can hold: control characters it cannot store become U+FFFD (a report is
    read, not re-imported byte for byte; ``claimsdb export`` refuses such text instead)."""
    return _ILLEGAL.sub("\ufffd", text)
