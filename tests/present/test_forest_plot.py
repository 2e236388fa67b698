"""claimsdb plot: a forest plot per group as PNG, SVG or PDF, readable at 1,200 px."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

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
    assert result.stderr == f"wrote {out} (3 groups)\n"
    width, height = _png_size(out)
    assert width >= 1200 and height > 400


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
    svg = tmp_path / "displaced.svg"
    result = read("plot", "nagorno-karabakh-war", "--metric", "displaced", "-o", str(svg))
    assert result.exit_code == 0, result.stderr
    assert "consensus" in svg.read_text(encoding="utf-8")
    pdf = tmp_path / "displaced.pdf"
    assert (
        read("plot", "nagorno-karabakh-war", "--metric", "displaced", "-o", str(pdf)).exit_code == 0
    )
    assert pdf.read_bytes().startswith(b"%PDF")


def test_refusals(read: Run, tmp_path: Path) -> None:
    bad = read("plot", "khojaly", "-o", str(tmp_path / "k.gif"))
    assert bad.exit_code == 2
    assert bad.stderr == "error: k.gif: plot to .png, .svg, .pdf, not '.gif'\n"
    unknown = read("plot", "khojalyy", "-o", str(tmp_path / "k.png"))
    assert unknown.exit_code == 1
    assert not (tmp_path / "k.png").exists()
