"""report and plot: files an editor reads, made from one snapshot of the database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from claimsdb.analysis.results import Comparison
from claimsdb.errors import ClaimsDBError, InvalidInput
from claimsdb.services.compare import compare
from claimsdb.store.engine import reading
from claimsdb.vocabulary import PERIOD_OVERLAP

REPORT_SUFFIXES = (".xlsx", ".html")


def report(
    engine: Engine,
    path: Path | str,
    event: str | None = None,
    metric: str | None = None,
    *,
    period_overlap: float = PERIOD_OVERLAP,
) -> dict[str, int]:
    """Write the report (FILE.xlsx or FILE.html) for every comparable set, or EVENT's and
    METRIC's.

    The analysis, the claim rows, the bundle tables and the revision stamp come from one
    snapshot, so the stamp names exactly the state the figures show. Filters choose sets;
    they never drop claims from a set. Sets are found as compare finds them (claims whose
    periods overlap by at least ``period_overlap`` of their union). Returns counts of sets
    (``groups``), claims and events, of the charts (or plots) drawn (``charts``) and of the
    sets of two claims or more drawn without one (``without_chart``: a report holds so many).
    """
    from claimsdb.present.nested import contradiction_notes
    from claimsdb.present.report import SetNotes
    from claimsdb.read.bundle import bundle_tables
    from claimsdb.read.claims import ClaimFilter, claim_rows
    from claimsdb.read.entities import event_table
    from claimsdb.services.reconcile import reconcile_in
    from claimsdb.services.scope import claim_periods

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise InvalidInput(
            f"{path.name}: a report is FILE.xlsx or FILE.html, not {path.suffix or 'no suffix'!r}"
        )
    if not path.parent.is_dir():
        raise InvalidInput(f"{path}: no folder {str(path.parent)!r} to write the report into")
    with reading(engine) as conn:
        reconciled = reconcile_in(conn, event, metric, explain=True, period_overlap=period_overlap)
        assert reconciled.explained is not None
        keys = reconciled.explained["key"].tolist()
        if suffix == ".xlsx":  # the bundle sheets' claims are the report's: read them once
            tables = bundle_tables(conn, ClaimFilter(event=event, metric=metric))
            stored = {c["key"]: c for c in tables["claims"]}
            missing = [k for k in keys if k not in stored]
            stored |= {c["key"]: c for c in claim_rows(conn, keys=missing)} if missing else {}
            claims = [stored[k] for k in dict.fromkeys(keys) if k in stored]
            events = tables["events"]
        else:
            claims = claim_rows(conn, keys=keys)
            events = list(event_table(conn).values())
    # The frame reconciled: each claim's period as written and the contradictions in words,
    # as compare has them.
    frame = reconciled.claims
    assert frame is not None
    said = claim_periods(frame)
    event_names = {e["slug"]: e["name"] for e in events}
    notes = SetNotes(said, contradiction_notes(reconciled.result, frame, said), event_names)
    # Written beside the target and renamed onto it whole: a failure leaves no half report.
    partial = path.with_name(f".{path.name}.partial")
    try:
        if suffix == ".html":
            from claimsdb.present.html import write_html

            drawn, without = write_html(reconciled, claims, partial, notes)
        else:
            from claimsdb.present.workbook import write_workbook

            written = write_workbook(reconciled, claims, tables, partial, notes)
            drawn, without = written.charts, written.charts_left_out
        partial.replace(path)
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot write the report ({exc.strerror or exc})") from None
    finally:
        partial.unlink(missing_ok=True)
    return {
        "groups": len(reconciled.groups),
        "claims": len(keys),
        "events": reconciled.groups["event"].nunique(),
        "charts": drawn,
        "without_chart": without,
    }


def plot(
    engine: Engine,
    event: str,
    path: Path | str,
    metric: str | None = None,
    population: str | None = None,
    *,
    shared_scale: bool = True,
) -> Comparison:
    """Draw EVENT's forest plot (one panel per group) to ``path`` (.png, .svg or .pdf);
    returns the comparison it drew. Panels of one metric share an x scale unless
    ``shared_scale`` is false."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ClaimsDBError("plot needs matplotlib: pip install 'claimsdb[plot]'") from None
    from claimsdb.present.forest import forest_plot

    comparison = compare(engine, event, metric, population)
    forest_plot(comparison, Path(path), shared_scale=shared_scale)
    return comparison
