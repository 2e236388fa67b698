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
        "independent (none)",
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
