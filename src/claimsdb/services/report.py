"""Making a report file from the database: what ``claimsdb report`` and notebooks call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimsdb.errors import InvalidInput


def report(
    path: Path, event: str | None = None, metric: str | None = None, *, db: Any = None
) -> dict[str, int]:
    """Write the report for every group (of EVENT and METRIC when given) to ``path``.

    Filters choose groups; they never drop claims from a group. Returns counts of groups,
    claims and events for the caller to show.
    """
    from claimsdb.export.bundle import bundle_tables
    from claimsdb.present.workbook import write_workbook
    from claimsdb.read.claims import ClaimFilter, claim_rows
    from claimsdb.services.analyse import engine_for, reconcile
    from claimsdb.store.engine import reading

    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".html"):
        raise InvalidInput(
            f"{path.name}: a report is FILE.xlsx or FILE.html, not {path.suffix or 'no suffix'!r}"
        )
    engine = engine_for(db)
    reconciled = reconcile(event, metric, explain=True, db=engine)
    assert reconciled.explained is not None
    keys = reconciled.explained["key"].tolist()
    with reading(engine) as conn:
        claims = claim_rows(conn, keys=keys)
        tables = bundle_tables(conn, ClaimFilter(event=event, metric=metric))
    if suffix == ".html":
        from claimsdb.present.html import write_html

        write_html(reconciled, claims, path)
    else:
        write_workbook(reconciled, claims, tables, path)
    return {
        "groups": len(reconciled.groups),
        "claims": len(keys),
        "events": reconciled.groups["event"].nunique(),
    }
