"""export: claims and what they need, as a bundle that imports back unchanged, from one snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine

from claimsdb.export.bundle import write_bundle
from claimsdb.read.bundle import bundle_tables
from claimsdb.read.claims import ClaimFilter
from claimsdb.store.engine import reading


def export_bundle(
    engine: Engine,
    path: Path | str | None = None,
    *,
    fmt: str | None = None,
    stdout: TextIO | None = None,
    filters: ClaimFilter | None = None,
) -> dict[str, int]:
    """Write the claims (``filters`` narrow them) and the events, sources, documents and
    metrics they need as a bundle that imports back unchanged: to ``path`` (a folder, FILE.csv,
    FILE.xlsx or FILE.json), or without one the claims CSV to ``stdout``. Returns row counts."""
    with reading(engine) as conn:
        tables = bundle_tables(conn, filters)
    return write_bundle(tables, None if path is None else Path(path), fmt=fmt, stdout=stdout)
