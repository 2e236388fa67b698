"""claimsdb report -o FILE.html: one self-contained page, escaped, with every claim of its groups."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]


class Page(HTMLParser):
    """What a browser would fetch, and the claim keys the page shows."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []
        self.fetched: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if "data-key" in found:
            self.keys.append(str(found["data-key"]))
        if tag in ("img", "script", "link", "iframe") or (tag != "a" and found.get("src")):
            self.fetched.append(f"{tag} {found}")


def test_page_is_self_contained_and_complete(read: Run, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="the page's plots need the 'plot' extra")
    out = tmp_path / "karabakh.html"
    result = read("report", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(text)
    assert page.fetched == [] and "@import" not in text and "url(http" not in text
    assert {"table", "svg", "h2"} <= page.tags
    exported = json.loads(read("claims", "--format", "json").stdout)
    assert sorted(page.keys) == sorted(c["key"] for c in exported)
    assert "Figures are claims, not facts" in text
    assert "killed / civilians, 25–26 Feb 1992 — 8 claims, 7 origins" in text


def test_text_is_escaped(run: Run, loaded: object, tmp_path: Path) -> None:
    hostile = '=1+1 <script>alert("x")</script>'
    wounded = ("add", "--event", "khojaly", "--metric", "wounded", "--claimant", "HRW")
    added = run(*wounded, "--figure", "12", "--quote", hostile, "--key", "hostile")
    assert added.exit_code == 0, added.stderr
    out = tmp_path / "r.html"
    assert run("report", "-o", str(out), "--event", "khojaly").exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "=1+1 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text


def test_a_browser_renders_the_page(read: Run, tmp_path: Path) -> None:
    import shutil
    import subprocess

    browser = next(
        (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
    )
    if browser is None:
        pytest.skip("no Chromium installed: the page is not rendered to a screenshot here")
    out = tmp_path / "khojaly.html"
    assert read("report", "-o", str(out), "--event", "khojaly").exit_code == 0
    shot = tmp_path / "khojaly.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            out.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_page_shows_units_whole_counts_and_why_no_consensus(read: Run, tmp_path: Path) -> None:
    out = tmp_path / "karabakh.html"
    assert read("report", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    # the Summary: Bağanis Ayrum's "8 to 11" has its midpoint 9.5 as median and floor
    baganis = text[text.index("<td>Bağanis Ayrum attack</td>") :].split("</tr>")[0]
    assert "<td>only one claim gives a finite figure</td>" in baganis
    assert "<td>between 9 and 10</td>" in baganis
    assert "<td>none: the 2 finite figures do not overlap</td>" in text
    assert "<td>(all) [excluding Nagorno-Karabakh]</td>" in text
    assert "<td>9 % (2 of 2)</td>" in text and "<td>9 %</td>" in text
    # who says what, as written, and the figures they state, as in the workbook's Summary
    assert "<td>Azerbaijani authorities (Azerbaijan): 613" not in text  # not first
    assert "Azerbaijani authorities (Azerbaijan): 613</td><td>≥ 161 to 613</td>" in text
    azerbaijan = text[text.index('data-key="nagorno-karabakh-war-territory-share-azerbaijan"') :]
    assert '<td class="n">20 %</td>' in azerbaijan.split("</tr>")[0]
    words = re.sub(r"<svg.*?</svg>", "", text, flags=re.S)  # plots: numbers in drawing paths
    assert "9.5" not in words  # no half person in any table


def test_a_sets_plot_draws_its_parts_as_its_table_lists_them(read: Run, tmp_path: Path) -> None:
    out = tmp_path / "khojaly.html"
    assert read("report", "--event", "khojaly", "-o", str(out)).exit_code == 0
    plots = re.findall(r"<svg.*?</svg>", out.read_text(encoding="utf-8"), flags=re.S)
    (civilians,) = [svg for svg in plots if "killed / civilians" in svg]
    assert "↳ children: Azerbaijani authorities" in civilians
    assert "↳ women: Azerbaijani authorities" in civilians
