"""Loading a bundle: validate everything, then write all of it in one transaction, or nothing.

``seed``, ``import``, ``add`` and ``edit`` all come here. New rows go in with ``executemany`` over
resolved ids, never one ORM object per row. A bulk load (seed or import) writes one batch record
that its new claims point to; a single ``add`` gets a ``create`` revision instead. Every update of
an existing row gets a revision with the row before and after, and every new event, source,
document and metric a ``create`` revision of its own.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update

from claimsdb import audit
from claimsdb.db import writing
from claimsdb.io.bundle import Bundle, read_bundle
from claimsdb.io.validate import Plan, Ref, Update, Validator
from claimsdb.io.validate_claims import DB_COLUMNS, LINKS, claim_ids
from claimsdb.models import Batch, Claim, Document, Event, EventName, Metric, Source, SourceName
from claimsdb.names import fold

CHUNK = 10_000
KINDS = ("seed", "import", "add", "edit")
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
) -> LoadSummary:
    """Validate and load the bundle at ``path``; raises ``BundleInvalid`` with every problem.

    ``kind="seed"`` keeps rows that already exist exactly as the database has them (a user's edit
    of a seeded claim survives re-seeding); the other kinds update them, a revision each. ``action``
    and ``reason`` label those revisions (``retract``, ``revert``).
    """
    assert kind in KINDS
    bundle = path if isinstance(path, Bundle) else read_bundle(path, fmt)
    who = audit.resolve_actor(actor)
    mode = "seed" if kind == "seed" else "import"
    with writing(engine) as conn:
        plan = Validator(conn, bundle, create_missing=create_missing, mode=mode).run()
        summary = LoadSummary(
            origin=bundle.origin,
            created=len(plan.claims),
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
            keys=[c["key"] for c in plan.claims]
            + [u.key for u in plan.updates if u.table == "claims"],
        )
        if dry_run or not _writes_anything(plan):
            return summary
        at = audit.now()
        batch_id = None
        if kind in ("seed", "import"):
            batch_id = conn.execute(
                insert(Batch).returning(Batch.id),
                {"at": at, "actor": who, "kind": kind, "origin": bundle.origin, "summary": "{}"},
            ).scalar_one()
            summary.batch_id = batch_id
        writer = _Writer(conn, who, at, batch_id, action=action, reason=reason)
        writer.write(plan)
        if batch_id is not None:
            counts = {k: v for k, v in asdict(summary).items() if k != "keys"}
            conn.execute(
                update(Batch).where(Batch.id == batch_id).values(summary=json.dumps(counts))
            )
            writer.revisions.append(
                {
                    "table_name": "batches",
                    "row_id": batch_id,
                    "row_key": bundle.origin,
                    "action": "import",
                    "after": counts,
                }
            )
        writer.flush()
        summary.revision_id = audit.latest(conn)[0]
    return summary


def _writes_anything(plan: Plan) -> bool:
    return any((plan.metrics, plan.sources, plan.events, plan.documents, plan.claims, plan.updates))


class _Writer:
    """Writes a validated plan, turning bundle references into row ids as rows appear."""

    def __init__(
        self,
        conn: Connection,
        actor: str,
        at: datetime,
        batch_id: int | None,
        *,
        action: str,
        reason: str | None,
    ) -> None:
        self.conn = conn
        self.actor = actor
        self.at = at
        self.batch_id = batch_id
        self.action = action
        self.reason = reason
        self.ids: dict[str, dict[Ref, int]] = {t: {} for t in _MODELS}
        self.revisions: list[dict[str, Any]] = []

    def write(self, plan: Plan) -> None:
        self._create("metrics", plan.metrics, "name")
        self._create("sources", plan.sources, "name", names=(SourceName, "source_id"))
        self._create("documents", plan.documents, "key")
        self._create_events(plan.events)
        for change in plan.updates:
            if change.table != "claims":
                self._update_entity(change)
        self._create_claims(plan.claims)
        self._update_claims([u for u in plan.updates if u.table == "claims"])
        self._supersede(plan)

    def flush(self) -> None:
        audit.record(
            self.conn, self.revisions, actor=self.actor, at=self.at, batch_id=self.batch_id
        )
        self.revisions = []

    def _id(self, table: str, ref: Ref | None) -> int | None:
        if ref is None or isinstance(ref, int):
            return ref
        return self.ids[table][ref]

    def _revision(
        self,
        table: str,
        row_id: int,
        key: str,
        action: str,
        before: dict[str, str] | None,
        after: dict[str, str] | None,
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
            change.table, change.id, change.key, "update", change.before, change.after, self.reason
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

    def _create_claims(self, claims: list[dict[str, Any]]) -> None:
        for start in range(0, len(claims), CHUNK):
            chunk = claims[start : start + CHUNK]
            self.conn.execute(
                insert(Claim),
                [
                    {"key": c["key"], "batch_id": self.batch_id, **self._claim_values(c)}
                    for c in chunk
                ],
            )
        linked = [c for c in claims if any(c[f"{r}_ref"] is not None for r in LINKS)]
        if self.batch_id is None or linked:
            keys = {c["key"] for c in (claims if self.batch_id is None else linked)}
            for c in linked:
                keys.update(c[f"{r}_ref"] for r in LINKS if isinstance(c[f"{r}_ref"], str))
            self.ids["claims"].update(claim_ids(self.conn, sorted(keys)))
        if linked:
            self._link(linked)
        if self.batch_id is None:  # single additions are audited one by one
            for c in claims:
                self._revision(
                    "claims", self.ids["claims"][c["key"]], c["key"], "create", None, c["after"]
                )

    def _link(self, claims: list[dict[str, Any]]) -> None:
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
                    "claim_id": self.ids["claims"][c["key"]] if "id" not in c else c["id"],
                    "d": self._claim_ref(c["derived_from_ref"]),
                    "s": self._claim_ref(c["supersedes_ref"]),
                    "p": self._claim_ref(c["part_of_ref"]),
                }
                for c in claims
            ],
        )

    def _claim_ref(self, ref: Ref | None) -> int | None:
        if ref is None or isinstance(ref, int):
            return ref
        return self.ids["claims"][ref]

    def _update_claims(self, changes: list[Update]) -> None:
        if not changes:
            return
        new_keys = {r for u in changes for r in u.extra.values() if isinstance(r, str)}
        self.ids["claims"].update(claim_ids(self.conn, sorted(new_keys - set(self.ids["claims"]))))
        for u in changes:
            self.conn.execute(
                update(Claim).where(Claim.id == u.id).values(**self._claim_values(u.values))
            )
        self._link([{"id": u.id, **u.extra} for u in changes])
        for u in changes:
            self._revision("claims", u.id, u.key, self.action, u.before, u.after, self.reason)

    def _supersede(self, plan: Plan) -> None:
        """Setting ``supersedes=X`` marks X superseded in the same transaction."""
        targets: dict[int, str] = {}
        for c in plan.claims:
            if c["supersedes_ref"] is not None:
                targets[self._claim_ref(c["supersedes_ref"])] = c["key"]  # type: ignore[index]
        for u in plan.updates:
            if u.table == "claims" and u.after["supersedes"] != u.before["supersedes"]:
                ref = u.extra["supersedes_ref"]
                if ref is not None:
                    targets[self._claim_ref(ref)] = u.key  # type: ignore[index]
        if not targets:
            return
        from claimsdb.queries import claim_rows

        for target_id, by in targets.items():
            key = self.conn.execute(select(Claim.key).where(Claim.id == target_id)).scalar_one()
            (before,) = claim_rows(self.conn, keys=[key])
            if before["status"] != "active":
                continue
            self.conn.execute(
                update(Claim).where(Claim.id == target_id).values(status="superseded")
            )
            self._revision(
                "claims",
                target_id,
                key,
                "update",
                before,
                {**before, "status": "superseded"},
                f"superseded by {by}",
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
