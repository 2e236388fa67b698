"""Loading a bundle: validate everything, then write all of it in one transaction, or nothing.

``seed``, ``import``, ``add`` and ``edit`` all come here. New claims go in over resolved ids, never
one ORM object per row: one ``executemany`` per chunk on SQLite, ``COPY`` on PostgreSQL. A bulk
load (seed or import) writes one batch record that its new claims point to; a single ``add`` gets
a ``create`` revision instead. Every update of an existing row gets a revision with the row before
and after, and every new event, source, document and metric a ``create`` revision of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, bindparam, delete, insert, update

from claimsdb.errors import InvalidInput
from claimsdb.load.claims import DB_COLUMNS, ClaimChecker, claim_ids
from claimsdb.load.entities import Plan, Ref, Update, Validator
from claimsdb.load.readers import Bundle, Row, read_bundle
from claimsdb.names import fold
from claimsdb.store import audit, faults
from claimsdb.store.engine import write
from claimsdb.store.models import (
    Batch,
    Claim,
    Document,
    Event,
    EventName,
    Metric,
    Source,
    SourceName,
    unstorable,
)
from claimsdb.vocabulary import LOAD_KINDS

# On SQLite, past this many inserted claims the secondary indexes are dropped and rebuilt once.
DROP_INDEXES_AFTER = 50_000
# The columns of a new claim row, in the order insert_claims builds its tuples.
_CLAIM_COLUMNS = (
    "key",
    "batch_id",
    "event_id",
    "metric_id",
    "claimant_id",
    "reported_by_id",
    "document_id",
    *DB_COLUMNS,
)
_MODELS: dict[str, Any] = {
    "metrics": Metric,
    "sources": Source,
    "events": Event,
    "documents": Document,
    "claims": Claim,
}


@dataclass(slots=True)
class LoadSummary:
    """What a load did (or, with ``dry_run``, would do)."""

    origin: str
    created: int
    updated: int
    unchanged: int
    kept: int
    events_created: int
    sources_created: int
    documents_created: int
    metrics_created: int
    names_updated: int
    batch_id: int | None
    revision_id: int | None
    dry_run: bool
    keys: list[str]

    def describe(self) -> str:
        """One human line: ``created 153 claims, updated 0, 0 unchanged; names created: …``."""
        if self.dry_run:
            parts = [
                f"would create {self.created} claims",
                f"update {self.updated}",
                f"leave {self.unchanged} unchanged",
            ]
        else:
            parts = [
                f"created {self.created} claims",
                f"updated {self.updated}",
                f"{self.unchanged} unchanged",
            ]
        if self.kept:
            parts.append(f"{self.kept} kept as edited in the database")
        names = [
            f"{n} {what}"
            for n, what in (
                (self.events_created, "events"),
                (self.sources_created, "sources"),
                (self.documents_created, "documents"),
                (self.metrics_created, "metrics"),
            )
            if n
        ]
        line = ", ".join(parts)
        if names:
            line += f"; names created: {', '.join(names)}"
        if self.names_updated:
            line += f"; events, sources, documents or metrics updated: {self.names_updated}"
        return line


def load_bundle(
    engine: Engine,
    path: Path | Bundle,
    *,
    fmt: str | None = None,
    actor: str | None = None,
    kind: str = "import",
    create_missing: bool = False,
    dry_run: bool = False,
    action: str = "update",
    reason: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> LoadSummary:
    """Validate and load the bundle at ``path`` in one write transaction (see ``load_into``)."""
    bundle = path if isinstance(path, Bundle) else read_bundle(path, fmt)
    return write(
        engine,
        lambda conn: load_into(
            conn,
            bundle,
            actor=actor,
            kind=kind,
            create_missing=create_missing,
            dry_run=dry_run,
            action=action,
            reason=reason,
            progress=progress,
        ),
    )


def load_into(
    conn: Connection,
    bundle: Bundle,
    *,
    actor: str | None = None,
    kind: str = "import",
    create_missing: bool = False,
    dry_run: bool = False,
    action: str = "update",
    reason: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> LoadSummary:
    """Validate and load ``bundle`` inside the caller's write transaction ``conn``.

    Raises ``BundleInvalid`` with every problem; the caller's transaction then rolls back, so
    nothing of the bundle is written. ``kind="seed"`` keeps rows that already exist exactly as
    the database has them (a user's edit of a seeded claim survives re-seeding); the other kinds
    update them, a revision each. ``action`` and ``reason`` label those revisions (``retract``,
    ``revert``). ``progress`` is called with the number of claim rows checked so far.
    """
    assert kind in LOAD_KINDS
    who = audit.resolve_actor(actor)
    for what, text in (("actor", who), ("reason", reason or "")):
        refused = unstorable(text)  # as the revisions would refuse it, but before any write
        if refused is not None:
            raise InvalidInput(f"{what}: {refused}")
    mode = "seed" if kind == "seed" else "import"
    validator = Validator(conn, bundle, create_missing=create_missing, mode=mode)
    plan = validator.check_names()
    writer = _Writer(conn, who, kind, bundle.origin, action=action, reason=reason)
    writes = not dry_run
    if writes and not validator.problems.total:
        writer.write_names(plan)
    checker = ClaimChecker(validator)
    rows = bundle.rows("claims")
    checker.run(
        _counted(rows, progress) if progress else rows,
        sink=writer.insert_claims if writes else None,
        need_after=kind in ("add", "edit"),
        only_new=kind == "add",
    )
    validator.problems.raise_if_any()  # rolls the whole transaction back
    faults.point("after_validation")
    summary = LoadSummary(
        origin=bundle.origin,
        created=plan.created_claims,
        updated=plan.updated("claims"),
        unchanged=plan.unchanged,
        kept=plan.kept,
        events_created=len(plan.events),
        sources_created=len(plan.sources),
        documents_created=len(plan.documents),
        metrics_created=len(plan.metrics),
        names_updated=len(plan.updates) - plan.updated("claims"),
        batch_id=None,
        revision_id=None,
        dry_run=dry_run,
        keys=[c["key"] for c in plan.claims] + [u.key for u in plan.updates if u.table == "claims"],
    )
    if writes:
        writer.finish(plan, checker, summary)
    return summary


def _counted(rows: Iterable[Row], progress: Callable[[int], None]) -> Iterator[Row]:
    for n, row in enumerate(rows, start=1):
        if n % 10_000 == 0:
            progress(n)
        yield row


class _Writer:
    """Writes a validated plan, turning bundle references into row ids as rows appear."""

    def __init__(
        self,
        conn: Connection,
        actor: str,
        kind: str,
        origin: str,
        *,
        action: str,
        reason: str | None,
    ) -> None:
        self.conn = conn
        self.actor = actor
        self.kind = kind
        self.origin = origin
        self.at = audit.now()
        self.batch_id: int | None = None
        self.action = action
        self.reason = reason
        self.ids: dict[str, dict[Ref, int]] = {t: {} for t in _MODELS}
        self.revisions: list[dict[str, Any]] = []
        self.inserted = 0
        self.chunks = 0
        self.entity_updates = 0
        self.plan: Plan | None = None
        self.dropped: list[Any] = []
        sqlite = conn.dialect.name == "sqlite"
        self.date = (
            (lambda d: d.isoformat() if d is not None else None) if sqlite else (lambda d: d)
        )
        self.sqlite = sqlite

    def _batch(self) -> int | None:
        """The batch record of a bulk load, made when the first row is written."""
        if self.kind not in ("seed", "import"):
            return None
        if self.batch_id is None:
            self.batch_id = self.conn.execute(
                insert(Batch).returning(Batch.id),
                {
                    "at": self.at,
                    "actor": self.actor,
                    "kind": self.kind,
                    "origin": self.origin,
                    "summary": "{}",
                },
            ).scalar_one()
        return self.batch_id

    def write_names(self, plan: Plan) -> None:
        """Create and update metrics, sources, documents and events not written yet.

        Called before the claims and again before each chunk of them: a claim row may name an
        event, source or document that ``--create-missing`` adds to the plan on the way.
        """
        self.plan = plan
        todo = {
            t: getattr(plan, t)[len(self.ids[t]) :]
            for t in ("metrics", "sources", "documents", "events")
        }
        updates = [u for u in plan.updates if u.table != "claims"][self.entity_updates :]
        if not any(todo.values()) and not updates:
            return
        self._batch()
        self._create("metrics", todo["metrics"], "name")
        self._create("sources", todo["sources"], "name", names=(SourceName, "source_id"))
        self._create("documents", todo["documents"], "key")
        self._create_events(todo["events"])
        for change in updates:
            self._update_entity(change)
        self.entity_updates += len(updates)

    def finish(self, plan: Plan, checker: ClaimChecker, summary: LoadSummary) -> None:
        """Claim updates, links between claims, superseding, indexes, revisions, the batch."""
        self.write_names(plan)
        claim_updates = [u for u in plan.updates if u.table == "claims"]
        if claim_updates:
            self._batch()
        self._restore_indexes()
        self._update_claims(claim_updates)
        self._link(checker, claim_updates)
        self._supersede(checker, claim_updates)
        if self.batch_id is None:  # single additions are audited one by one
            for c in plan.claims:
                self._revision(
                    "claims", self._claim_id(c["key"]), c["key"], "create", None, c["after"]
                )
        else:
            summary.batch_id = self.batch_id
            counts = {k: v for k, v in asdict(summary).items() if k != "keys"}
            self.conn.execute(
                update(Batch).where(Batch.id == self.batch_id).values(summary=json.dumps(counts))
            )
            self._revision("batches", self.batch_id, self.origin, "import", None, counts)
        audit.record(
            self.conn, self.revisions, actor=self.actor, at=self.at, batch_id=self.batch_id
        )
        summary.revision_id = audit.latest(self.conn)[0]

    def _id(self, table: str, ref: Ref | None) -> int | None:
        if ref is None or isinstance(ref, int):
            return ref
        return self.ids[table][ref]

    def _claim_id(self, key: str) -> int:
        found = self.ids["claims"].get(key)
        if found is None:
            found = claim_ids(self.conn, [key])[key]
        return found

    def _revision(
        self,
        table: str,
        row_id: int,
        key: str,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        reason: str | None = None,
    ) -> None:
        self.revisions.append(
            {
                "table_name": table,
                "row_id": row_id,
                "row_key": key,
                "action": action,
                "before": before,
                "after": after,
                "reason": reason,
            }
        )

    # -- events, sources, documents, metrics ----------------------------------------------------

    def _create(
        self,
        table: str,
        rows: list[dict[str, Any]],
        key: str,
        *,
        names: tuple[Any, str] | None = None,
    ) -> None:
        model = _MODELS[table]
        name_rows = []
        for row in rows:
            values = {k: v for k, v in row.items() if k not in ("aliases", "after")}
            new_id = self.conn.execute(insert(model).returning(model.id), values).scalar_one()
            self.ids[table][row[key]] = new_id
            self._revision(table, new_id, row[key], "create", None, row["after"])
            if names is not None:
                name_rows.extend(
                    _name_rows(names[1], new_id, [("name", row["name"])], row["aliases"])
                )
        if names is not None and name_rows:
            self.conn.execute(insert(names[0]), name_rows)

    def _create_events(self, events: list[dict[str, Any]]) -> None:
        name_rows = []
        skip = ("aliases", "parent_ref", "after")
        for ev in events:
            values = {k: v for k, v in ev.items() if k not in skip}
            new_id = self.conn.execute(insert(Event).returning(Event.id), values).scalar_one()
            self.ids["events"][ev["slug"]] = new_id
            forms = [("name", ev["name"]), ("slug", ev["slug"])]
            name_rows.extend(_name_rows("event_id", new_id, forms, ev["aliases"]))
            self._revision("events", new_id, ev["slug"], "create", None, ev["after"])
        if name_rows:
            self.conn.execute(insert(EventName), name_rows)
        for ev in events:
            parent = self._id("events", ev["parent_ref"])
            if parent is not None:
                self.conn.execute(
                    update(Event)
                    .where(Event.id == self.ids["events"][ev["slug"]])
                    .values(parent_id=parent)
                )

    def _update_entity(self, change: Update) -> None:
        model = _MODELS[change.table]
        values = dict(change.values)
        if change.table == "events":
            values["parent_id"] = self._id("events", change.extra["parent_ref"])
        self.conn.execute(update(model).where(model.id == change.id).values(**values))
        if change.table == "sources":
            self.conn.execute(delete(SourceName).where(SourceName.source_id == change.id))
            forms = [("name", change.after["name"])]
            self.conn.execute(
                insert(SourceName),
                _name_rows("source_id", change.id, forms, change.extra["aliases"]),
            )
        elif change.table == "events":
            self.conn.execute(delete(EventName).where(EventName.event_id == change.id))
            forms = [("name", change.after["name"]), ("slug", change.after["slug"])]
            self.conn.execute(
                insert(EventName), _name_rows("event_id", change.id, forms, change.extra["aliases"])
            )
        self._revision(
            change.table,
            change.id,
            change.key,
            self.action,
            change.before,
            change.after,
            self.reason,
        )

    # -- claims ---------------------------------------------------------------------------------

    def _claim_values(self, c: dict[str, Any]) -> dict[str, Any]:
        return {
            "event_id": self._id("events", c["event_ref"]),
            "metric_id": self._id("metrics", c["metric_ref"]),
            "claimant_id": self._id("sources", c["claimant_ref"]),
            "reported_by_id": self._id("sources", c["reported_by_ref"]),
            "document_id": self._id("documents", c["document_ref"]),
            **{k: c[k] for k in DB_COLUMNS},
        }

    def insert_claims(self, claims: list[dict[str, Any]]) -> None:
        """Insert checked new claims: one executemany of plain tuples per chunk."""
        if self.plan is not None:
            self.write_names(self.plan)
        batch_id = self._batch()
        if self.sqlite and self.inserted >= DROP_INDEXES_AFTER and not self.dropped:
            self._drop_indexes()
        ids = self.ids
        events, metrics, sources, documents = (
            ids["events"],
            ids["metrics"],
            ids["sources"],
            ids["documents"],
        )
        date = self.date

        def ref(table: dict[Ref, int], value: Ref | None) -> int | None:
            return value if value is None or isinstance(value, int) else table[value]

        rows = [
            (
                c["key"],
                batch_id,
                ref(events, c["event_ref"]),
                ref(metrics, c["metric_ref"]),
                ref(sources, c["claimant_ref"]),
                ref(sources, c["reported_by_ref"]),
                ref(documents, c["document_ref"]),
                c["population"],
                c["low"],
                c["high"],
                c["best"],
                c["qualifier"],
                c["vague"],
                c["phrase"],
                date(c["period_first"]),
                date(c["period_last"]),
                c["period_start_precision"],
                c["period_end_precision"],
                c["quote"],
                c["locator"],
                date(c["claimed_first"]),
                date(c["claimed_last"]),
                c["claimed_precision"],
                c["status"],
                c["grade"],
                c["notes"],
            )
            for c in claims
        ]
        if self.sqlite:
            marks = ", ".join("?" * len(_CLAIM_COLUMNS))
            sql = f"INSERT INTO claims ({', '.join(_CLAIM_COLUMNS)}) VALUES ({marks})"
            self.conn.exec_driver_sql(sql, rows)
        else:  # PostgreSQL: COPY, inside this same transaction; the indexes stay
            cursor = self.conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY claims ({', '.join(_CLAIM_COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        self.inserted += len(rows)
        self.chunks += 1
        faults.point("after_chunk", self.chunks)

    def _drop_indexes(self) -> None:
        """Past a few chunks, rebuilding the secondary indexes once beats updating them per row.

        The drop and the rebuild happen inside the load's own transaction, so readers keep the
        indexes of their snapshot and an interrupted load leaves them as they were.
        """
        table: Table = Claim.__table__  # type: ignore[assignment]
        self.dropped = [ix for ix in table.indexes if not ix.unique]
        for index in self.dropped:
            index.drop(self.conn)

    def _restore_indexes(self) -> None:
        for index in self.dropped:
            index.create(self.conn)
        self.dropped = []

    def _update_claims(self, changes: list[Update]) -> None:
        for u in changes:
            self.conn.execute(
                update(Claim).where(Claim.id == u.id).values(**self._claim_values(u.values))
            )
            self._revision("claims", u.id, u.key, self.action, u.before, u.after, self.reason)

    def _link(self, checker: ClaimChecker, changes: list[Update]) -> None:
        """Set derived_from, supersedes and part_of, now that every claim has an id."""
        rows = {key: links for _, key, links in checker.linked}
        for u in changes:
            rows.setdefault(u.key, u.values["links"])
        if not rows:
            return
        keys = set(rows) | {t for links in rows.values() for t in links.values() if t}
        self.ids["claims"].update(claim_ids(self.conn, sorted(keys)))
        ids = self.ids["claims"]
        self.conn.execute(
            update(Claim)
            .where(Claim.id == bindparam("claim_id"))
            .values(
                derived_from_id=bindparam("d"),
                supersedes_id=bindparam("s"),
                part_of_id=bindparam("p"),
            ),
            [
                {
                    "claim_id": ids[key],
                    "d": ids.get(links["derived_from"]),
                    "s": ids.get(links["supersedes"]),
                    "p": ids.get(links["part_of"]),
                }
                for key, links in rows.items()
            ],
        )

    def _supersede(self, checker: ClaimChecker, changes: list[Update]) -> None:
        """Setting ``supersedes=X`` marks X superseded in the same transaction."""
        changed = {u.key for u in changes if u.after["supersedes"] != u.before["supersedes"]}
        new = checker.bundle_keys - {u.key for u in changes}
        targets = {
            links["supersedes"]: key
            for _, key, links in checker.linked
            if links["supersedes"] and (key in changed or key in new)
        }
        if not targets:
            return
        from claimsdb.read.claims import claim_rows

        for before in claim_rows(self.conn, keys=sorted(targets)):
            if before["status"] != "active":
                continue
            target_id = self.ids["claims"][before["key"]]
            self.conn.execute(
                update(Claim).where(Claim.id == target_id).values(status="superseded")
            )
            self._revision(
                "claims",
                target_id,
                before["key"],
                "update",
                before,
                {**before, "status": "superseded"},
                f"superseded by {targets[before['key']]}",
            )


def _name_rows(
    owner: str, owner_id: int, forms: list[tuple[str, str]], aliases: list[str]
) -> list[dict[str, Any]]:
    """Name rows for one event or source: its own forms, then aliases, one per folded form."""
    seen: set[str] = set()
    out = []
    for kind, name in [*forms, *(("alias", a) for a in aliases)]:
        folded = fold(name)
        if folded and folded not in seen:
            seen.add(folded)
            out.append({owner: owner_id, "name": name, "folded": folded, "kind": kind})
    return out
