"""Make every picture in docs/ from the bundled data set: ``python docs/make_pictures.py``.

A temporary database is seeded with the bundled data set (``claimsdb init --seed``), then:

- ``khojaly-killed.png`` and ``karabakh-displaced.png``: ``claimsdb plot`` (needs matplotlib,
  ``pip install 'claimsdb[plot]'``);
- ``workbook-summary.png``: the report workbook's Summary sheet as LibreOffice prints it
  (``soffice --headless --convert-to pdf``, then the Summary's first page, after the Contents, with
  ``pdftoppm -png -r 80``; Debian: ``libreoffice-calc-nogui`` and ``poppler-utils``);
- ``report-page.png``: the HTML report of Khojaly in headless Chromium, 1280 x 2000 pixels
  (Debian: ``chromium``).

A step whose program is missing says so and is skipped; it never stops the others. The exit
status is 1 when a step that ran failed, else 0.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

DOCS = Path(__file__).resolve().parent
TIMEOUT = 300.0  # seconds for any one program
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


class Skipped(Exception):
    """A program the step needs is not installed."""


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run a program; a non-zero exit raises with its stderr."""
    command = [str(a) for a in args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} … exited {done.returncode}: {done.stderr}")
    return done


def claimsdb(url: str, *args: str | Path) -> None:
    """``claimsdb --db URL ARGS`` with this Python, saying what it says."""
    done = run(sys.executable, "-m", "claimsdb", "--db", url, *args)
    for said in (done.stdout.strip(), done.stderr.strip()):
        if said:
            print(said)


def program(*names: str, package: str) -> str:
    """The first of ``names`` on PATH, or Skipped naming the package that provides it."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise Skipped(f"no {' / '.join(names)} on PATH (Debian: apt-get install {package})")


def plots(url: str, work: Path) -> None:
    """The two forest plots of the README's Pictures section."""
    if importlib.util.find_spec("matplotlib") is None:
        raise Skipped("matplotlib is not installed (pip install 'claimsdb[plot]')")
    out = DOCS / "khojaly-killed.png"
    claimsdb(url, "plot", "khojaly", "--metric", "killed", "--population", "civilians", "-o", out)
    out = DOCS / "karabakh-displaced.png"
    claimsdb(url, "plot", "nagorno-karabakh-war", "--metric", "displaced", "-o", out)


def workbook_summary(url: str, work: Path) -> None:
    """The workbook's Summary, printed by LibreOffice: the PDF's first page as PNG."""
    soffice = program("soffice", "libreoffice", package="libreoffice-calc-nogui")
    pdftoppm = program("pdftoppm", package="poppler-utils")
    book = work / "karabakh.xlsx"
    claimsdb(url, "report", "-o", book)
    # A profile of its own: a LibreOffice already running would otherwise take the job silently.
    profile = (work / "lo-profile").as_uri()
    run(soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
        "--outdir", work, book)  # fmt: skip
    pdf = book.with_suffix(".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no {pdf.name}")
    # Sheets print in order: the Contents, then the Summary. Its first page is the first whose
    # header row (one line in layout mode) holds its columns.
    pdftotext = program("pdftotext", package="poppler-utils")
    first = next(
        (n for n in range(1, 21)
         if re.search(r"who says what +stated", run(pdftotext, "-f", str(n), "-l", str(n),
                                                    "-layout", pdf, "-").stdout)),
        None,
    )  # fmt: skip
    if first is None:
        raise RuntimeError("no page of the PDF is the Summary")
    out = DOCS / "workbook-summary.png"
    run(pdftoppm, "-png", "-r", "80", "-f", str(first), "-l", str(first), "-singlefile", pdf,
        out.with_suffix(""))  # fmt: skip
    print(f"wrote {out}")


def report_page(url: str, work: Path) -> None:
    """The HTML report of Khojaly as headless Chromium shows it."""
    browser = program(*BROWSERS, package="chromium")
    page = work / "khojaly.html"
    claimsdb(url, "report", "--event", "khojaly", "-o", page)
    out = DOCS / "report-page.png"
    out.unlink(missing_ok=True)
    run(browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        f"--user-data-dir={work / 'chromium-profile'}", f"--screenshot={out}",
        "--window-size=1280,2000", page.as_uri())  # fmt: skip
    if not out.exists():
        raise RuntimeError("Chromium wrote no screenshot")
    print(f"wrote {out}")


STEPS: tuple[Callable[[str, Path], None], ...] = (plots, workbook_summary, report_page)


def main() -> int:
    failed = False
    with tempfile.TemporaryDirectory(prefix="claimsdb-pictures-") as folder:
        work = Path(folder)
        url = f"sqlite:///{work / 'claims.db'}"
        claimsdb(url, "init", "--seed")
        for step in STEPS:
            try:
                step(url, work)
            except Skipped as why:
                print(f"{step.__name__}: skipped: {why}", file=sys.stderr)
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
                print(f"{step.__name__}: failed: {error}", file=sys.stderr)
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
