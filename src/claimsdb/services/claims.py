"""Reading claims and names: listings of claims, events and sources, one claim in full, history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from claimsdb.interchange import CLAIM_COLUMNS
from claimsdb.read.claims import ClaimDetail, ClaimFilter, claim_detail, claim_rows
from claimsdb.read.entities import event_rows, source_rows
from claimsdb.store.engine import reading

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Listing:
    """Rows of a listing as plain dicts (cheap, for the command line), and as a DataFrame."""

    rows: list[dict[str, Any]]
    columns: tuple[str, ...]

    @property
    def frame(self) -> pd.DataFrame:
        """The rows as a DataFrame with the listing's columns, in order."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=list(self.columns))


def _columns(rows: list[dict[str, Any]], default: tuple[str, ...] = ()) -> tuple[str, ...]:
    return tuple(rows[0]) if rows else default


def claims(
    engine: Engine,
    event: str | None = None,
    metric: str | None = None,
    population: str | None = None,
    *,
    source: str | None = None,
    affiliation: str | None = None,
    status: str | None = None,
) -> Listing:
    """Claims as interchange rows (``.rows``, ``.frame``), ordered by event, metric, population
    and key; each argument narrows the list (``source``: claimant or relaying source)."""
    filters = ClaimFilter(event, metric, population, source, affiliation, status)
    with reading(engine) as conn:
        return Listing(claim_rows(conn, filters), CLAIM_COLUMNS)


def events(engine: Engine) -> Listing:
    """Events nested under their parents (``depth``), with aliases and claim counts."""
    with reading(engine) as conn:
        rows = event_rows(conn)
    return Listing(rows, _columns(rows))


def sources(engine: Engine) -> Listing:
    """Sources with kind, affiliation, aliases and how many claims each makes and relays."""
    with reading(engine) as conn:
        rows = source_rows(conn)
    return Listing(rows, _columns(rows))


def show(engine: Engine, key: str) -> ClaimDetail:
    """One claim in full: its row, document, quote in context, lineage, parts and history."""
    with reading(engine) as conn:
        return claim_detail(conn, key)
