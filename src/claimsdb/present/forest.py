"""Forest plots: every claim of a group as a bar on one axis, so the disagreement shows at a glance.

One panel per group: a row per claim (claimant and phrase as the label, wrapped, never cut), its
interval as a bar, its point value as a dot, an open upper end drawn to the axis edge with an
arrow and labelled ("≥ 161"), vague conventions drawn lighter and labelled "convention", colours
by affiliation with a legend, and the consensus shaded. Labels and the axis speak the group's
unit: counts in whole numbers (a bar 22.5–27.5 is labelled "22–28"), shares with "%".
Panels of one metric and unit share one x scale, so a bar's place compares across them; a panel
of another metric keeps its own, and when a picture has more than one scale each axis says which
it is on. matplotlib (Agg) is imported only here.
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimsdb.errors import InvalidInput
from claimsdb.present.colours import FIXED, colour, parties_of, speaks_for
from claimsdb.present.groups import plot_title
from claimsdb.present.nested import panels
from claimsdb.present.words import interval, is_share, number, unit_of

if TYPE_CHECKING:
    from claimsdb.analysis.results import Comparison

FORMATS = (".png", ".svg", ".pdf")
WIDTH_INCHES, DPI = 12.0, 110  # 1,320 px wide as PNG: readable on a page and on a screen
_UNKNOWN = "#" + FIXED["unknown"]
_LABEL_WIDTH = 38


def colours(affiliations: list[str], known: tuple[str, ...] = ()) -> dict[str, str]:
    """A stable colour per affiliation: third parties dark, unknown grey, parties in turn
    (``known``: every party of the database, see ``parties_of``)."""
    parties = parties_of(affiliations, known)
    return {a: "#" + colour(a, parties) for a in [*parties, *FIXED]}


@dataclass(frozen=True)
class Scale:
    """A panel's x axis: it runs from 0 to ``top``; ``note`` is its label ("" when the whole
    picture is on one scale)."""

    top: float
    note: str


def forest_plot(comparison: Comparison, path: Path, *, shared_scale: bool = True) -> Path:
    """Draw every group of ``comparison`` as one panel and write ``path`` (.png, .svg, .pdf);
    ``shared_scale=False`` gives every panel its own x scale."""
    if path.suffix.lower() not in FORMATS:
        raise InvalidInput(f"{path.name}: plot to {', '.join(FORMATS)}, not {path.suffix!r}")
    figure = forest_figure(comparison, shared_scale=shared_scale)
    figure.savefig(path, dpi=DPI, metadata=_metadata(path))
    _close(figure)
    return path


def forest_svg(
    comparison: Comparison, *, shared_scale: bool = True, placed: list[Any] | None = None
) -> str:
    """The same picture as SVG markup to put inline in a page (no XML prologue, no links)."""
    import io

    figure = forest_figure(comparison, shared_scale=shared_scale, placed=placed)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    _close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _close(figure: Any) -> None:
    import matplotlib.pyplot as plt

    plt.close(figure)


def forest_figure(
    comparison: Comparison, *, shared_scale: bool = True, placed: list[Any] | None = None
) -> Any:
    """The picture as a matplotlib figure, one axis per panel in order, for a notebook to show
    or a test to measure; close it with ``matplotlib.pyplot.close`` when done. ``placed``: each
    panel's rows already in table order and marked (``claimsdb.present.nested.panels``), as
    a report's table shows them; by default they are placed from ``comparison``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    claims = comparison.claims
    tables = panels(claims, comparison.groups)  # parts and sub-periods: drawn under their set
    groups = [head for head, _, _ in tables]
    rows = placed or [pd.DataFrame(r, columns=[*claims.columns, "under"]) for _, _, r in tables]
    heights = [max(1.6, 0.42 * len(r) + 1.3) for r in rows]
    figure, axes = plt.subplots(
        len(groups),
        1,
        figsize=(WIDTH_INCHES, sum(heights)),
        gridspec_kw={"height_ratios": heights},
        squeeze=False,
    )
    palette = colours([str(a) for a in claims["affiliation"]], comparison.parties)
    drawn = zip(axes[:, 0], groups, rows, scales(groups, rows, shared_scale), strict=True)
    for axis, group, mine, scale in drawn:
        _panel(axis, group, mine, palette, scale)
    figure.text(
        0.99,
        0.002,
        f"claimsdb · {comparison.stamp} · bars are claims, not facts",
        ha="right",
        va="bottom",
        fontsize=7,
        color="#666666",
    )
    figure.tight_layout(rect=(0, 0.01, 1, 1))
    return figure


def scales(groups: list[dict[str, Any]], rows: list[Any], shared: bool = True) -> list[Scale]:
    """Each panel's x axis. With ``shared``, panels of one metric and unit run to the same end,
    so their bars compare by place; other panels keep their own. When the picture has more than
    one scale, every axis is labelled with its unit and whose scale it is."""
    keys = [(str(g["metric"]), unit_of(g)) for g in groups]
    tops = [_top(r) for r in rows]
    sharing = Counter(keys) if shared else Counter[tuple[str, str]]()
    if shared:
        widest = {
            key: max(t for k, t in zip(keys, tops, strict=True) if k == key) for key in sharing
        }
        tops = [widest[key] for key in keys]
    if len(groups) <= 1 or len(sharing) == 1:  # one scale: the axis says all there is
        return [Scale(top, "") for top in tops]
    notes = [
        f"{unit} — one scale for the {sharing[(metric, unit)]} {metric} panels"
        if sharing[(metric, unit)] > 1
        else f"{unit} — own scale: positions do not compare with other panels"
        for metric, unit in keys
    ]
    return [Scale(top, note) for top, note in zip(tops, notes, strict=True)]


def _top(rows: Any) -> float:
    """Where a panel's axis ends: a little past its largest finite bound."""
    finite = [v for v in (*rows["lower"], *rows["upper"]) if math.isfinite(v)]
    return max(finite) * 1.12 if finite and max(finite) > 0 else 1.0


def _metadata(path: Path) -> dict[str, Any]:
    """No creation date in the file: the same data draws the same bytes."""
    if path.suffix.lower() == ".svg":
        return {"Date": None}
    if path.suffix.lower() == ".pdf":
        return {"CreationDate": None}
    return {}


def _panel(axis: Any, group: dict[str, Any], rows: Any, palette: Any, scale: Scale) -> None:
    rows = rows.iloc[::-1]  # lowest value at the top, as in the compare table
    unit = unit_of(group)
    top = scale.top
    for y, claim in enumerate(rows.to_dict("records")):
        _bar(axis, y, claim, top, palette, unit)
    for s in _consensus(group):
        axis.axvspan(*s, color="#f4d03f", alpha=0.35, zorder=0, lw=0)
    labels = [_label(c) for c in rows.to_dict("records")]
    axis.set_yticks(range(len(labels)), labels, fontsize=9)
    axis.set_ylim(-0.7, len(labels) - 0.3)
    axis.set_xlim(0, top)
    _axis_ticks(axis, unit)
    if scale.note:
        axis.set_xlabel(scale.note, loc="left", fontsize=8.5, color="#444444")
    axis.grid(axis="x", color="#dddddd", lw=0.6)
    axis.set_axisbelow(True)
    for side in ("top", "right"):
        axis.spines[side].set_visible(False)
    axis.set_title(plot_title(group), loc="left", fontsize=11, fontweight="bold")
    _legend(axis, rows, palette, bool(_consensus(group)))


def _bar(
    axis: Any, y: int, claim: dict[str, Any], top: float, palette: Any, unit: str | None = None
) -> None:
    colour = palette.get(str(claim["affiliation"]), _UNKNOWN)
    low, high = float(claim["lower"]), float(claim["upper"])
    vague = claim["shape"] == "vague"
    excluded = claim["role"] in ("excluded", "repeat", "second claim")
    alpha = 0.3 if excluded else 0.9
    end = min(high, top) if math.isfinite(high) else top
    style = (0, (2, 1)) if vague else "-"  # a convention is drawn dashed, never solid
    axis.plot([low, end], [y, y], color=colour, lw=7, alpha=alpha, ls=style, solid_capstyle="butt")
    if not math.isfinite(high):
        axis.annotate(
            "",
            xy=(top, y),
            xytext=(max(low, top * 0.97), y),
            arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.5},
        )
    point = claim["point"]
    if point == point and point is not None:
        axis.plot([point], [y], "o", color="white", mec=colour, mew=2, ms=7, zorder=3)
    note = interval(low, high, unit)  # 22–28, ≥ 161, 9–20 %
    if vague:
        note += " convention"
    elif claim["convention"]:
        note += " (±tolerance)"
    if excluded:
        note += f" — {claim['role']}"
    axis.text(low, y + 0.22, note, fontsize=7.5, color="#444444", va="bottom")


def _label(claim: dict[str, Any]) -> str:
    text = f"{claim['claimant']} — {claim['phrase']}"
    return "\n".join(textwrap.wrap(text, _LABEL_WIDTH)) or "?"


def _consensus(group: dict[str, Any]) -> list[tuple[float, float]]:
    if group["k"] < 2 or group["consensus_low"] != group["consensus_low"]:
        return []
    low, high = float(group["consensus_low"]), float(group["consensus_high"])
    if low == high:  # a point: give it a visible width
        return [(low * 0.995, high * 1.005 if high else 0.5)]
    return [(low, high)]


def _legend(axis: Any, rows: Any, palette: Any, consensus: bool) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    shown = sorted({str(a) for a in rows["affiliation"]})
    handles: list[Any] = [
        Line2D([0], [0], color=palette.get(a, _UNKNOWN), lw=6, label=speaks_for(a)) for a in shown
    ]
    handles.append(
        Line2D([0], [0], marker="o", color="white", mec="#444444", mew=2, label="point value")
    )
    if (rows["shape"] == "vague").any():
        handles.append(
            Line2D([0], [0], color="#777777", lw=6, ls=(0, (2, 1)), label="vague: convention")
        )
    if consensus:
        handles.append(Patch(color="#f4d03f", alpha=0.35, label="consensus"))
    axis.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False
    )


def _axis_ticks(axis: Any, unit: str | None) -> None:
    """Counts tick at whole numbers only; shares tick anywhere and carry their sign."""
    from matplotlib.ticker import MaxNLocator

    if not is_share(unit):
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    axis.xaxis.set_major_formatter(tick_formatter(unit))


def tick_formatter(unit: str | None = None) -> Any:
    """An axis's tick labels: ``7,000`` for counts, ``20 %`` for shares."""
    from matplotlib.ticker import FuncFormatter

    sign = " %" if is_share(unit) else ""
    return FuncFormatter(lambda value, _pos: number(value) + sign)
