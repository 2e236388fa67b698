"""Reading claims and names: listings of claims, events and sources, one claim in full, history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from claimsdb.interchange import CLAIM_COLUMNS
from claimsdb.read.claims import (
    ClaimDetail,
    ClaimFilter,
    claim_detail,
    claim_rows,
    event_periods,
)
from claimsdb.read.entities import event_rows, party_rows, source_rows
from claimsdb.store.engine import reading

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Listing:
    """Rows of a listing as plain dicts (cheap, for the command line), and as a DataFrame.
    A claims listing also has ``event_periods``: the period as written (start, end) of each
    event whose claims state none, by slug, which is the period the analysis gives them."""

    rows: list[dict[str, Any]]
    columns: tuple[str, ...]
    event_periods: Mapping[str, tuple[str, str]] = field(default_factory=dict)

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
    and key; each argument narrows the list (``source``: claimant or relaying source). Rows
    keep the stored period; ``.event_periods`` gives the one a claim without its own takes."""
    filters = ClaimFilter(event, metric, population, source, affiliation, status)
    with reading(engine) as conn:
        rows = claim_rows(conn, filters)
        undated = (r["event"] for r in rows if not (r["period_start"] or r["period_end"]))
        return Listing(rows, CLAIM_COLUMNS, event_periods(conn, undated))


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


def parties(engine: Engine) -> Listing:
    """Parties with aliases, description, and how many sources speak for each and how many
    claims those sources make."""
    with reading(engine) as conn:
        rows = party_rows(conn)
    return Listing(rows, _columns(rows, ("name", "aliases", "description", "sources", "claims")))


def show(engine: Engine, key: str) -> ClaimDetail:
    """One claim in full: its row, document, quote in context, lineage, parts and history."""
    with reading(engine) as conn:
        return claim_detail(conn, key)
