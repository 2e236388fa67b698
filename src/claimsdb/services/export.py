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
    path: Path | None,
    *,
    fmt: str | None = None,
    filters: ClaimFilter | None = None,
    stdout: TextIO | None = None,
) -> dict[str, int]:
    """Write the bundle (filtered) to ``path``, or claims CSV / JSON to ``stdout``; returns row
    counts per table."""
    with reading(engine) as conn:
        tables = bundle_tables(conn, filters)
    return write_bundle(tables, path, fmt=fmt, stdout=stdout)
