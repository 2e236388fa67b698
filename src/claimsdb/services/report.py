"""report and plot: files an editor reads, made from one snapshot of the database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from claimsdb.analysis.results import Comparison
from claimsdb.errors import ClaimsDBError, InvalidInput
from claimsdb.services.compare import compare
from claimsdb.store.engine import reading

REPORT_SUFFIXES = (".xlsx", ".html")


def report(
    engine: Engine, path: Path | str, event: str | None = None, metric: str | None = None
) -> dict[str, int]:
    """Write the report (FILE.xlsx or FILE.html) for every group, or EVENT's and METRIC's.

    The analysis, the claim rows, the bundle tables and the revision stamp come from one
    snapshot, so the stamp names exactly the state the figures show. Filters choose groups;
    they never drop claims from a group. Returns counts of groups, claims and events.
    """
    from claimsdb.read.bundle import bundle_tables
    from claimsdb.read.claims import ClaimFilter, claim_rows
    from claimsdb.services.reconcile import reconcile_in

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise InvalidInput(
            f"{path.name}: a report is FILE.xlsx or FILE.html, not {path.suffix or 'no suffix'!r}"
        )
    if suffix == ".xlsx":
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            raise ClaimsDBError(
                "an Excel report needs openpyxl: pip install 'claimsdb[xlsx]' "
                "(or write the page: -o FILE.html)"
            ) from None
    with reading(engine) as conn:
        reconciled = reconcile_in(conn, event, metric, explain=True)
        assert reconciled.explained is not None
        keys = reconciled.explained["key"].tolist()
        claims = claim_rows(conn, keys=keys)
        tables = bundle_tables(conn, ClaimFilter(event=event, metric=metric))
    if suffix == ".html":
        from claimsdb.present.html import write_html

        write_html(reconciled, claims, path)
    else:
        from claimsdb.present.workbook import write_workbook

        write_workbook(reconciled, claims, tables, path)
    return {
        "groups": len(reconciled.groups),
        "claims": len(keys),
        "events": reconciled.groups["event"].nunique(),
    }


def plot(
    engine: Engine,
    event: str,
    path: Path | str,
    metric: str | None = None,
    population: str | None = None,
) -> Comparison:
    """Draw EVENT's forest plot (one panel per group) to ``path`` (.png, .svg or .pdf);
    returns the comparison it drew."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ClaimsDBError("plot needs matplotlib: pip install 'claimsdb[plot]'") from None
    from claimsdb.present.forest import forest_plot

    comparison = compare(engine, event, metric, population)
    forest_plot(comparison, Path(path))
    return comparison
