"""The HTML report: the workbook's Summary, per-event tables (each claim with its period; under
each table the periods that differ and the contradictions, as compare words them), forest plots
and caveats in one self-contained page (styles inline, plots as inline SVG; nothing fetched),
that prints well.

Every text is HTML-escaped; each claim row carries its key (``data-key``) so the page can be
checked against the database it came from.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimsdb.present import report
from claimsdb.present.caveats import METHODS, vague_words
from claimsdb.present.words import is_share, now, number, percent, plural, unit_of

if TYPE_CHECKING:
    from claimsdb.analysis.results import Reconciled

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .5em 0 1em; width: 100%; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 3px 6px; text-align: left;
         vertical-align: top; }
th { background: #f4f4f4; } td.n { text-align: right; white-space: nowrap; }
td.q { font-size: .9em; color: #444; max-width: 28em; }
.stamp, .caveat { color: #555; font-size: .9em; } svg { max-width: 100%; height: auto; }
p.note { margin: .2em 0; font-style: italic; }
table.summary { table-layout: fixed; margin: 0; width: 100%; }
div.rows, section.group { content-visibility: auto; contain-intrinsic-size: auto 900px; }
td.q { min-width: 22em; } td.r { max-width: 20em; } table.summary { font-size: .9em; }
@media print {
  @page { size: A4 landscape; margin: 1cm; }
  body { margin: 0; max-width: none; font-size: 10px; } section.group { break-inside: avoid; }
}
"""
CHUNK = 50  # Summary rows laid out together
MAX_PLOTS = 60  # each plot is drawn by matplotlib: a page of thousands would take minutes
# The Summary's columns in the page, as shares of its width: the workbook's widths, a period
# given room for one line ("Feb 1988 – May 1994") and short headers room for their word.
_ROOM = {"period": 22, "claims": 14, "metric": 16, "population": 22}
_ROOM |= {"envelope": 16, "median": 16}
_WIDTHS = {n: max(w, _ROOM.get(n, 0)) for n, w in report.SUMMARY_COLUMNS}
_SHARES = [100 * w / sum(_WIDTHS.values()) for w in _WIDTHS.values()]
CLAIM_HEAD = [name for name, _ in report.CLAIM_COLUMNS if name != "key"]
CELL_CLASSES = {"low": "n", "best": "n", "high": "n", "role": "r", "quote": "q"}


def write_html(
    reconciled: Reconciled, claims: list[dict[str, str]], path: Path, notes: report.SetNotes
) -> tuple[int, int]:
    """Write the page for ``reconciled`` (with ``explain``); ``claims`` are interchange rows and
    ``notes`` each claim's period as written and the contradictions. Returns how many plots it
    drew and how many sets of two claims or more it showed without one (``MAX_PLOTS``)."""
    by_key = {c["key"]: c for c in claims}
    with path.open("w", encoding="utf-8") as handle:
        return _write(handle, reconciled, by_key, notes)


def _write(
    handle: Any, reconciled: Reconciled, by_key: dict[str, Any], notes: report.SetNotes
) -> tuple[int, int]:
    """The page, written piece by piece as it is made: a page of 100,000 claims is never held
    whole."""
    e = html.escape
    result = reconciled.result
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>claimsdb report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Conflicting figures: claims side by side</h1>",
        f'<p class="stamp">From {e(str(reconciled.stamp))}, exported at {now()}; '
        f"tolerance {percent(result.tolerance)}; period overlap {percent(result.overlap)}."
        " Figures are claims, not facts.</p>",
        "<h2>Summary</h2>",
        _table(
            report.SUMMARY_NAMES,
            report.summary_rows(reconciled, by_key, notes.event_names, notes.contradicted),
        ),
        f'<p class="caveat">{e(report.CONVENTION_NOTE)}</p>',
    ]
    handle.write("\n".join(out) + "\n")
    out = []
    event = None
    plots, left_out = MAX_PLOTS, 0
    for table in report.set_tables(reconciled, by_key, notes):
        group = table.head
        if str(group["event"]) != event:
            event = str(group["event"])
            out.append(f"<h2>{e(notes.event_names.get(event, event))}</h2>")
        plot = len(table.rows) >= 2 and plots > 0
        plots -= plot
        left_out += len(table.rows) >= 2 and not plot
        sets = table.shown if plot else []
        out.append(_group(group, table.rows, table.lines, by_key, reconciled, plot=plot, sets=sets))
        handle.write("\n".join(out) + "\n")
        out = []
    if left_out:
        out.append(
            f'<p class="caveat">Plots: {MAX_PLOTS} drawn; {plural(left_out, "set")} of two'
            f" claims or more shown without one (a page holds at most {MAX_PLOTS}): write one"
            " event's page for its plots (claimsdb report --event EVENT -o FILE.html).</p>"
        )
    out.append("<h2>Method and caveats</h2><table>")
    out += [f"<tr><th>{e(name)}</th><td>{e(text)}</td></tr>" for name, text in METHODS]
    out.append("</table><h3>Conventions for vague words</h3><table>")
    for word, bounds in vague_words():
        out.append(f"<tr><th>{e(word)}</th><td>{e(bounds)}</td></tr>")
    out.append("</table>")
    out += [f'<p class="caveat">{e(text)}</p>' for text in report.report_caveats(result.overlap)]
    out.append("</body></html>")
    handle.write("\n".join(out) + "\n")
    return MAX_PLOTS - plots, left_out


def _table(head: list[str], rows: list[list[Any]]) -> str:
    """The Summary: one table in blocks of ``CHUNK`` rows with the same fixed columns, so a
    browser lays out only the blocks in view (``content-visibility``): a page of thousands of
    sets opens at once."""
    e = html.escape
    widths = "".join(f'<col style="width:{share:.1f}%">' for share in _SHARES)
    header = "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead>"
    blocks = []
    for start in range(0, max(len(rows), 1), CHUNK):
        cells = [
            f'<div class="rows"><table class="summary"><colgroup>{widths}</colgroup>'
            + (header if start == 0 else "")
            + "<tbody>"
        ]
        for row in rows[start : start + CHUNK]:
            cells.append(
                "<tr>"
                + "".join(
                    f'<td class="n">{number(v)}</td>'
                    if isinstance(v, int | float)
                    else f"<td>{e('' if v is None else str(v))}</td>"
                    for v in row
                )
                + "</tr>"
            )
        blocks.append("".join(cells) + "</tbody></table></div>")
    return "".join(blocks)


def _group(
    group: dict[str, Any],
    rows: Any,
    lines: list[str],
    by_key: Any,
    reconciled: Any,
    *,
    plot: bool = True,
    sets: list[int] | None = None,
) -> str:
    """A set's section: its claims (``rows``, as stored) in a table, the ``lines`` under it
    (periods differ, contradictions), then, with ``plot``, its plot. A share's stored figures
    carry their sign (``20 %``)."""
    e = html.escape
    sign = " %" if is_share(unit_of(group)) else ""
    title = report.set_title(group, event=False)
    parts = [f'<section class="group"><h3>{e(title)}</h3><table><thead><tr>']
    parts.append("".join(f"<th>{e(h)}</th>" for h in CLAIM_HEAD) + "</tr></thead><tbody>")
    for r in rows:
        # every cell escaped, quotes too (the url goes into an attribute)
        cells = {name: e(text) for name, text in report.claim_cells(r, by_key).items()}
        for name in ("low", "best", "high"):  # stored figures, with separators and sign
            cells[name] = number(float(cells[name])) + sign if cells[name] else ""
        if cells["url"]:
            cells["document"] = f'<a href="{cells["url"]}">{cells["document"] or cells["url"]}</a>'
        shown = "".join(_cell(cells[name], CELL_CLASSES.get(name)) for name in CLAIM_HEAD)
        parts.append(f'<tr data-key="{cells["key"]}">{shown}</tr>')
    parts.append("</tbody></table>")
    parts += [f'<p class="note">{e(text)}</p>' for text in lines]
    if plot and len(rows) >= 2:
        parts.append(_plot(group, rows, reconciled, sets or [int(group["group"])]))
    parts.append("</section>")
    return "".join(parts)


def _cell(text: str, css: str | None) -> str:
    return f'<td class="{css}">{text}</td>' if css else f"<td>{text}</td>"


def _plot(group: dict[str, Any], rows: Any, reconciled: Any, sets: list[int]) -> str:
    """The set's forest plot, its parts and sub-periods drawn in it as in its table."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return "<p class=\"caveat\">(plots need matplotlib: pip install 'claimsdb[plot]')</p>"
    import pandas as pd

    from claimsdb.analysis.results import Comparison
    from claimsdb.present.forest import forest_svg

    claims = pd.DataFrame(rows)
    claims = claims.assign(role=claims["role"].astype(str))
    groups = reconciled.groups[reconciled.groups["group"].isin(sets)]
    comparison = Comparison(
        groups.reset_index(drop=True),
        claims,
        pd.DataFrame(),
        pd.DataFrame(),
        reconciled.stamp,
        parties=reconciled.parties,
    )
    return forest_svg(comparison, placed=[claims])  # the rows as the table shows them
