"""compare, reconcile, check and lint against a database — what the CLI and notebooks call.

Each function resolves names (with "did you mean"), reads the claims in one snapshot, runs the
pure functions of ``claimsdb.analysis`` and returns frames or result objects stamped with the
database's latest revision. ``db`` is a path, a URL, an ``Engine`` or None (``CLAIMSDB_URL``,
else ``./claims.db``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, select

from claimsdb.analysis.frame import GROUP_COLUMNS, in_scope, period_text
from claimsdb.analysis.reconcile import METHODS, Reconciliation
from claimsdb.errors import InvalidInput, NotFound
from claimsdb.figures import FIGURE_LIMIT, TOLERANCE
from claimsdb.present.words import number

if TYPE_CHECKING:
    import pandas as pd

    from claimsdb.analysis.check import Verdict

Database = str | Engine | None


@dataclass(frozen=True, slots=True)
class Stamp:
    """The state of the database an output came from: its latest revision."""

    revision: int | None
    at: datetime | None

    def fields(self) -> dict[str, Any]:
        """The stamp for machine-readable output."""
        return {"revision": self.revision, "revision_at": self.at.isoformat() if self.at else None}

    def __str__(self) -> str:
        if self.revision is None:
            return "database without revisions"
        when = self.at.strftime("%Y-%m-%d %H:%M:%S UTC") if self.at else "unknown time"
        return f"database revision {self.revision} of {when}"


@dataclass(frozen=True)
class Comparison:
    """Who says what about one event: groups, their claims side by side, and scope notes."""

    groups: pd.DataFrame
    claims: pd.DataFrame
    notes: pd.DataFrame
    affiliations: pd.DataFrame
    stamp: Stamp


@dataclass(frozen=True)
class Reconciled:
    """One row per group and method (``table``), and with ``explain`` each claim's role."""

    table: pd.DataFrame
    groups: pd.DataFrame
    result: Reconciliation
    stamp: Stamp
    explained: pd.DataFrame | None = None


@dataclass(frozen=True)
class CheckResult:
    """The verdicts on VALUE, one per group, and what was left out under ``as_of``."""

    event: str
    metric: str
    value: float
    verdicts: list[Verdict]
    stamp: Stamp
    as_of: str | None = None
    left_out: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Linted:
    """Data-quality findings (``finding``, ``keys``, ``message``)."""

    findings: pd.DataFrame
    stamp: Stamp


def engine_for(db: Database) -> Engine:
    """``db`` as an engine: given one, or connected from a path, URL or the default."""
    if isinstance(db, Engine):
        return db
    from claimsdb.services.database import connect

    return connect(db)


def stamp(conn: Connection) -> Stamp:
    """The latest revision of the database behind ``conn``."""
    from claimsdb.store.models import Revision

    row = conn.execute(
        select(Revision.id, Revision.at).order_by(Revision.id.desc()).limit(1)
    ).first()
    return Stamp(row.id, row.at) if row else Stamp(None, None)


def _event_ids(conn: Connection, name: str, children: bool) -> tuple[int, ...]:
    from claimsdb.read.claims import resolve_event
    from claimsdb.store.models import Event

    found = [resolve_event(conn, name)]
    if children:
        parents = dict(conn.execute(select(Event.id, Event.parent_id)).all())
        frontier = set(found)
        while frontier:
            frontier = {e for e, p in parents.items() if p in frontier} - set(found)
            found.extend(sorted(frontier))
    return tuple(found)


def _scope(
    conn: Connection,
    event: str | None,
    metric: str | None,
    population: str | None,
    children: bool = False,
) -> Any:
    from claimsdb.read.claims import check_population, resolve_metric
    from claimsdb.read.frame import Scope

    events = _event_ids(conn, event, children) if event else None
    metric_id = resolve_metric(conn, metric) if metric else None
    if population is not None:
        check_population(conn, population)
    return Scope(events, metric_id, population)


def _groups(frame: pd.DataFrame, result: Reconciliation) -> pd.DataFrame:
    """``result.groups`` with each group's period as written."""
    first = result.roles.drop_duplicates("group")[["group", "id"]]
    rows = frame[frame["id"].isin(first["id"])].set_index("id")
    texts = period_text(rows)
    periods = texts.reindex(first["id"].to_numpy()).set_axis(first["group"].to_numpy())
    groups = result.groups.copy()
    groups["period"] = periods.reindex(groups["group"].to_numpy()).to_numpy()
    return groups


def compare(
    event: str,
    metric: str | None = None,
    population: str | None = None,
    *,
    with_children: bool = False,
    db: Database = None,
    tolerance: float = TOLERANCE,
) -> Comparison:
    """The claims of EVENT side by side, one group at a time, with scope notes.

    Every group of the event (and, with ``with_children``, of its child events) is reconciled,
    so scope notes can point at groups that ``metric`` and ``population`` leave out.
    """
    import pandas as pd

    from claimsdb.analysis.explain import reasons
    from claimsdb.analysis.reconcile import reconcile as run
    from claimsdb.analysis.scope import scope_notes
    from claimsdb.read.claims import claim_rows
    from claimsdb.read.frame import Scope, claims_frame
    from claimsdb.store.engine import reading

    _check_tolerance(tolerance)
    with reading(engine_for(db)) as conn:
        scope = _scope(conn, event, metric, population, with_children)
        frame = claims_frame(conn, Scope(scope.events))
        rows = claim_rows(conn, keys=frame.loc[in_scope(frame), "key"].tolist())
        at = stamp(conn)
    if frame.empty:
        raise NotFound(f"no claims for event {event!r}")
    result = run(frame, tolerance)
    groups = _groups(frame, result)
    notes = scope_notes(groups)
    shown = _select(groups, metric, population)
    if shown.empty:
        raise NotFound(
            f"no claims for {event} / {metric or 'any metric'} / {population or 'any population'}"
        )
    display = pd.DataFrame(rows).set_index("key")
    roles = result.roles.assign(reason=reasons(result, frame))
    roles = roles[roles["group"].isin(shown["group"])]
    table = roles.merge(
        display, left_on="key", right_index=True, how="left", suffixes=("_voice", "")
    )
    table["affiliation"] = table["affiliation"].replace("", "unknown")  # the claim's own
    table["order"] = table["point"].fillna(table["lower"])
    table = table.sort_values(["group", "order", "key"]).drop(columns="order")
    return Comparison(
        shown.reset_index(drop=True),
        table.reset_index(drop=True),
        notes[notes["group"].isin(shown["group"])].reset_index(drop=True),
        result.affiliations[result.affiliations["group"].isin(shown["group"])],
        at,
    )


def _select(groups: pd.DataFrame, metric: str | None, population: str | None) -> pd.DataFrame:
    keep = groups["metric"].notna()
    if metric:
        keep &= groups["metric"].astype(str) == metric.strip().lower()
    if population is not None:
        keep &= groups["population"].astype(str).str.lower() == population.strip().lower()
    return groups[keep]


def reconcile(
    event: str | None = None,
    metric: str | None = None,
    population: str | None = None,
    *,
    methods: tuple[str, ...] = METHODS,
    explain: bool = False,
    db: Database = None,
    tolerance: float = TOLERANCE,
) -> Reconciled:
    """Every method for every group (of EVENT, METRIC and POPULATION when given)."""
    from claimsdb.analysis.explain import method_table, reasons
    from claimsdb.analysis.reconcile import reconcile as run
    from claimsdb.read.frame import claims_frame
    from claimsdb.store.engine import reading

    _check_tolerance(tolerance)
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise InvalidInput(f"unknown method {unknown[0]!r}; use {', '.join(METHODS)}")
    with reading(engine_for(db)) as conn:
        scope = _scope(conn, event, metric, population)
        frame = claims_frame(conn, scope, text=explain)
        at = stamp(conn)
    if frame.empty:
        raise NotFound(
            "no claims"
            + "".join(f" for {w}" for w in (event, metric, population) if w)
            + ("" if event or metric or population else " in the database")
        )
    result = run(frame, tolerance)
    groups = _groups(frame, result)
    table = groups[["group", *GROUP_COLUMNS, "period", "claims"]].merge(
        method_table(result, methods), on="group"
    )
    explained = None
    if explain:
        explained = result.roles.assign(reason=reasons(result, frame)).merge(
            groups[["group", "period"]], on="group"
        )
        explained = explained.merge(
            frame[["id", "claimant", "population", "event", "metric", "phrase"]], on="id"
        )
    return Reconciled(table, groups, result, at, explained)


def check(
    event: str,
    metric: str,
    value: float,
    population: str | None = None,
    *,
    as_of: str | None = None,
    db: Database = None,
    tolerance: float = TOLERANCE,
) -> CheckResult:
    """Whether VALUE holds up for EVENT and METRIC: one verdict per group."""
    from claimsdb.analysis.check import check as judge
    from claimsdb.analysis.check import known_on
    from claimsdb.analysis.reconcile import reconcile as run
    from claimsdb.dates import parse_date
    from claimsdb.read.frame import claims_frame
    from claimsdb.store.engine import reading

    _check_tolerance(tolerance)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(f"VALUE must be a number, not {value!r}")
    if value < 0:
        raise InvalidInput(f"VALUE must not be negative, not {number(value)}")
    if value >= FIGURE_LIMIT:
        raise InvalidInput(f"VALUE must be below {number(FIGURE_LIMIT)}, as every figure is")
    day = parse_date(as_of).last.isoformat() if as_of else None
    with reading(engine_for(db)) as conn:
        scope = _scope(conn, event, metric, population)
        frame = claims_frame(conn, scope, dates=as_of is not None, text=True)
        at = stamp(conn)
    if frame.empty:
        raise NotFound(
            f"no claims for {event} / {metric}" + (f" / {population}" if population else "")
        )
    left_out: list[str] = []
    if day is not None:
        frame, left_out = known_on(frame, day)
        if frame.empty:
            raise NotFound(
                f"no claims for {event} / {metric} made by {as_of}"
                + (f" ({len(left_out)} undated claims left out)" if left_out else "")
            )
    result = run(frame, tolerance)
    groups = _groups(frame, result)
    result = Reconciliation(groups, result.consensus, result.affiliations, result.roles, tolerance)
    verdicts = judge(frame, result, float(value))
    return CheckResult(event, metric, float(value), verdicts, at, as_of, left_out)


def lint(*, db: Database = None, tolerance: float = TOLERANCE) -> Linted:
    """Data-quality findings over the whole database."""
    from claimsdb.analysis.lint import lint as findings
    from claimsdb.read.frame import claims_frame
    from claimsdb.store.engine import reading
    from claimsdb.store.models import Document

    with reading(engine_for(db)) as conn:
        frame = claims_frame(conn, text=True)
        texts = {
            doc: text
            for doc, text in conn.execute(select(Document.id, Document.text))
            if text is not None
        }
        at = stamp(conn)
    return Linted(findings(frame, texts, tolerance), at)


def _check_tolerance(tolerance: float) -> None:
    if not 0 <= tolerance < 1:
        raise InvalidInput(f"tolerance must be at least 0 and below 1, not {tolerance}")
