"""claimsdb plot: a forest plot per group as PNG, SVG or PDF, readable at 1,200 px."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

pytest.importorskip("matplotlib", reason="plots need the 'plot' extra (matplotlib)")

Run = Callable[..., Result]


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_png_is_wide_enough_to_read(read: Run, tmp_path: Path) -> None:
    out = tmp_path / "khojaly.png"
    result = read("plot", "khojaly", "--metric", "killed", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {out} (1 panel)\n"
    width, height = _png_size(out)
    assert width >= 1200 and height > 400
    # The women and children are drawn under the 613 they are part of, not as panels.


def test_svg_carries_titles_bounds_and_conventions(read: Run, tmp_path: Path) -> None:
    out = tmp_path / "khojaly.svg"
    result = read(
        "plot", "Xocalı", "--metric", "killed", "--population", "civilians", "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    svg = out.read_text(encoding="utf-8")
    ET.fromstring(svg)  # well-formed
    for text in (
        "khojaly-massacre · killed / civilians, 1992-02-25–1992-02-26 — 7 origins",
        "Human Rights Watch — at least 161",
        "≥ 161",
        "300–999 convention",
        "independent",
        "affiliation unknown",
        "bars are claims, not facts",
    ):
        assert text in svg, text
    assert 'href="http' not in svg and "url(http" not in svg  # nothing to fetch


def test_consensus_is_shaded_and_pdf_written(read: Run, tmp_path: Path) -> None:
    # the war's territory shares excluding Nagorno-Karabakh: 9 %, two of two agree
    svg = tmp_path / "territory.svg"
    result = read("plot", "nagorno-karabakh-war", "--metric", "territory_share", "-o", str(svg))
    assert result.exit_code == 0, result.stderr
    assert "consensus" in svg.read_text(encoding="utf-8")
    pdf = tmp_path / "territory.pdf"
    plotted = read("plot", "nagorno-karabakh-war", "--metric", "territory_share", "-o", str(pdf))
    assert plotted.exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_refusals(read: Run, tmp_path: Path) -> None:
    bad = read("plot", "khojaly", "-o", str(tmp_path / "k.gif"))
    assert bad.exit_code == 2
    assert bad.stderr == "error: k.gif: plot to .png, .svg, .pdf, not '.gif'\n"
    unknown = read("plot", "khojalyy", "-o", str(tmp_path / "k.png"))
    assert unknown.exit_code == 1
    assert not (tmp_path / "k.png").exists()


def test_shares_carry_their_sign_on_bars_and_axis(read: Run, tmp_path: Path) -> None:
    out = tmp_path / "territory.svg"
    result = read("plot", "nagorno-karabakh-war", "--metric", "territory_share", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    svg = out.read_text(encoding="utf-8")
    for text in ("<!-- 8.1–9.9 % (±tolerance) -->", "<!-- 20 % -->", "<!-- 10 % -->"):
        assert text in svg, text


def _comparison(*bars: tuple[str, float, float, bool]) -> Any:
    """A one-group comparison of claims ``(phrase, lower, upper, by convention)``."""
    import pandas as pd

    from claimsdb.analysis.results import Comparison, Stamp

    group = {"group": 0, "event": "e", "metric": "killed", "population": "", "period": "1990"}
    group |= {"origins": len(bars), "k": 1, "consensus_low": None, "consensus_high": None}
    claims = pd.DataFrame(
        [
            {"group": 0, "affiliation": "none", "shape": "finite", "role": "used"}
            | {"claimant": f"source {n}", "phrase": phrase, "lower": lower, "upper": upper}
            | {"point": (lower + upper) / 2, "convention": convention}
            for n, (phrase, lower, upper, convention) in enumerate(bars)
        ]
    )
    return Comparison(
        pd.DataFrame([group]), claims, pd.DataFrame(), pd.DataFrame(), Stamp(None, None, "x")
    )


def _texts(svg: str) -> list[str]:
    import re

    return re.findall(r"<!-- (.*?) -->", svg)


def test_counts_are_labelled_and_ticked_in_whole_numbers(tmp_path: Path) -> None:
    from claimsdb.present.forest import forest_plot, tick_formatter

    about = _comparison(("about 25", 22.5, 27.5, True), ("2", 2.0, 2.0, False))
    svg = forest_plot(about, tmp_path / "about.svg").read_text(encoding="utf-8")
    assert "22–28 (±tolerance)" in _texts(svg) and "22.5" not in svg
    small = _comparison(("1", 1.0, 1.0, False), ("2", 2.0, 2.0, False))
    svg = forest_plot(small, tmp_path / "small.svg").read_text(encoding="utf-8")
    numbers = [t for t in _texts(svg) if t.replace(".", "").isdigit()]
    assert numbers[:3] == ["0", "1", "2"]  # ticks, then the bars' labels
    assert all("." not in t for t in numbers)  # never 0.5, 1.5: no fraction of a person
    assert (tick_formatter()(7000, 0), tick_formatter("percent")(12.5, 0)) == ("7,000", "12.5 %")


def _panels(*panels: tuple[str, tuple[float, ...]]) -> Any:
    """A comparison of one group per ``(metric, point values)``, in people."""
    import pandas as pd

    from claimsdb.analysis.results import Comparison, Stamp

    groups = [
        {"group": n, "event": "e", "metric": metric, "population": "", "period": "1990"}
        | {"origins": len(points), "k": 1, "consensus_low": None, "consensus_high": None}
        for n, (metric, points) in enumerate(panels)
    ]
    claims = pd.DataFrame(
        [
            {"group": n, "affiliation": "none", "shape": "finite", "role": "used"}
            | {"claimant": f"source {n}.{m}", "phrase": f"{p:g}", "lower": p, "upper": p}
            | {"point": p, "convention": False}
            for n, (_, points) in enumerate(panels)
            for m, p in enumerate(points)
        ]
    )
    return Comparison(
        pd.DataFrame(groups), claims, pd.DataFrame(), pd.DataFrame(), Stamp(None, None, "x")
    )


def _axes(comparison: Any, **options: Any) -> list[tuple[tuple[float, float], str]]:
    """Each panel's x limits and x label, as drawn."""
    import matplotlib.pyplot as plt

    from claimsdb.present.forest import forest_figure

    figure = forest_figure(comparison, **options)
    drawn = [(axis.get_xlim(), axis.get_xlabel()) for axis in figure.axes]
    plt.close(figure)
    return drawn


def test_panels_of_one_metric_share_a_scale_and_others_say_they_do_not() -> None:
    # 83 killed must not sit where 300 hostages do: the killed panels share a scale, and the
    # hostages panel, on its own, says so.
    comparison = _panels(("killed", (83, 106)), ("killed", (613, 485)), ("hostages", (300,)))
    (killed, more_killed, hostages) = _axes(comparison)
    assert killed[0] == more_killed[0] != hostages[0]
    assert killed[1] == more_killed[1] == "people — one scale for the 2 killed panels"
    assert hostages[1] == "people — own scale: positions do not compare with other panels"
    own = _axes(comparison, shared_scale=False)
    assert own[0][0] != own[1][0] and own[1][0] == more_killed[0]
    assert {label for _, label in own} == {hostages[1]}
    # one metric, one scale: nothing to say beyond the axis
    alone = _axes(_panels(("killed", (83,)), ("killed", (613,))))
    assert alone[0] == alone[1] and alone[0][1] == ""


def test_seeded_displacement_panels_share_a_scale_unless_asked(
    read: Run, seeded_url: str, tmp_path: Path
) -> None:
    import claimsdb

    with claimsdb.open(seeded_url) as db:
        displaced = db.compare("nagorno-karabakh-war", "displaced")
    shared = _axes(displaced)
    assert len(shared) == 3 and len({limits for limits, _ in shared}) == 1
    assert {label for _, label in shared} == {""}
    own = _axes(displaced, shared_scale=False)
    assert len({limits for limits, _ in own}) == 3
    out = tmp_path / "displaced.svg"
    result = read(
        "plot", "nagorno-karabakh-war", "--metric", "displaced", "--own-scale", "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    assert sum("own scale" in t for t in _texts(out.read_text(encoding="utf-8"))) == 3


def test_khojaly_panels_each_say_they_have_their_own_scale(read: Run, tmp_path: Path) -> None:
    # five metrics (hostages, killed, missing, population, wounded): five scales, each said
    out = tmp_path / "khojaly.svg"
    result = read("plot", "khojaly", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    notes = [t for t in _texts(out.read_text(encoding="utf-8")) if "scale" in t]
    assert notes == ["people — own scale: positions do not compare with other panels"] * 5
