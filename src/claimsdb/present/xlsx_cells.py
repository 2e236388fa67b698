"""Cells of a report workbook written with XlsxWriter: its formats, text that stays text, rows as
tall as their wrapped text, and the page setup every sheet prints with."""

from __future__ import annotations

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


def print_setup(sheet: Any, *, repeat: bool) -> None:
    """Landscape, one page wide however long, the header row on every page, the sheet's name
    and the page number at the foot of each page."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.3, right=0.3, top=0.4, bottom=0.55)
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


def fit_row(sheet: Any, row: int, cells: list[tuple[Any, float]]) -> None:
    """Make ``row`` tall enough for its wrapped ``cells`` (value, column width): a reader's
    spreadsheet does not grow a row for wrapped text by itself."""
    lines = max((wrapped_lines(value, width) for value, width in cells), default=1)
    if lines > 1:
        sheet.set_row(row, ROW_POINTS * lines)


def wrapped_lines(value: Any, width: float) -> int:
    """How many lines ``value`` wraps to in a column ``width`` characters wide: words go whole
    onto the next line, as a spreadsheet wraps them, a word longer than a line is broken."""
    if value is None or value == "" or not isinstance(value, str):
        return 1
    fits = max(int(width * 1.05), 1)  # a column holds about its width in letters of text
    lines = 0
    for part in value.split("\n"):
        lines += 1
        if len(part) <= fits:
            continue
        used = -1
        for word in part.split(" "):
            if used >= 0 and used + 1 + len(word) <= fits:
                used += 1 + len(word)
                continue
            lines += used >= 0  # the word starts a new line
            lines += (len(word) - 1) // fits  # a word longer than a line is broken
            used = (len(word) - 1) % fits + 1
    return lines


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def legal(text: str) -> str:
    """Text a workbook can hold: control characters it cannot store become U+FFFD (a report is
    read, not re-imported byte for byte; ``claimsdb export`` refuses such text instead)."""
    return _ILLEGAL.sub("\ufffd", text)
