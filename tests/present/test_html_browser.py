"""The page of the bundled data set in a real browser: headless Chromium, where it is installed.

One Chromium run loads the whole page (``claimsdb report -o FILE.html``), takes a screenshot and
dumps the DOM as it stands after the load event, logging the page's console to stderr. The page
carries no script, so any console line at all (an uncaught error, a blocked load, a parse
complaint) is a fault. Chromium logs every console message as ``INFO:CONSOLE``, whatever its
level, so the test counts them all rather than looking for an error level. Where no Chromium is
installed (``apt-get install chromium``) the test skips and says so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 180  # seconds for Chromium to load, shoot and dump the page
CONSOLE = re.compile(r":CONSOLE[:(]")  # "[…:INFO:CONSOLE:2] "message", source: file:///… (2)"
SETS = re.compile(r"([\d,]+) comparable sets")


class SummaryRows(HTMLParser):
    """The body rows and header cells of the tables under the "Summary" heading (the Summary
    comes in blocks of rows, one table each, so a browser lays out only those in view)."""

    def __init__(self) -> None:
        super().__init__()
        self.heading = ""
        self.in_heading = self.found = self.done = self.in_body = False
        self.rows = 0
        self.headers: list[str] = []
        self.in_th = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self.done = self.found  # the next heading ends the Summary
            self.in_heading, self.heading = True, ""
        elif tag == "table" and self.found and not self.done:
            self.in_body = False
        elif self.found and not self.done:
            if tag == "tbody":
                self.in_body = True
            elif tag == "tr" and self.in_body:
                self.rows += 1
            elif tag == "th":
                self.in_th = True
                self.headers.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self.in_heading = False
            self.found = self.found or self.heading.strip() == "Summary"
        elif tag == "th":
            self.in_th = False

    def handle_data(self, data: str) -> None:
        if self.in_heading:
            self.heading += data
        elif self.in_th and self.found and not self.done:
            self.headers[-1] += data


def browser() -> str:
    """Chromium's path, or skip the test saying why."""
    found = next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
    if found is None:
        pytest.skip(f"no Chromium ({' / '.join(BROWSERS)}) on PATH: apt-get install chromium")
    return found


def test_the_whole_page_loads_in_chromium_without_console_errors(read: Run, tmp_path: Path) -> None:
    chromium = browser()
    page = tmp_path / "karabakh.html"
    written = read("report", "-o", str(page))
    assert written.exit_code == 0, written.stderr
    said = SETS.search(written.stderr + written.stdout)
    assert said, written.stderr
    sets = int(said.group(1).replace(",", ""))
    shot = tmp_path / "karabakh.png"
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",  # as root, or where the container has no user namespaces
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if CONSOLE.search(line)]
    assert console == [], "\n".join(console)
    # the screenshot: a PNG of 1280 x 2000 pixels with something drawn on it
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (1280, 2000)
    assert len(png) > 20_000, f"a {len(png):,}-byte screenshot is close to blank"
    # the DOM after load holds the Summary table: its columns, one row per comparable set
    summary = SummaryRows()
    summary.feed(done.stdout)
    assert summary.found, done.stdout[:2000]
    assert {"event", "who says what", "stated figures", "consensus"} <= set(summary.headers)
    assert summary.rows == sets
    assert "Khojaly massacre" in done.stdout and "Method and caveats" in done.stdout
