"""Loading a bundle: validate everything, then write all of it in one transaction, or nothing.

``claimsdb seed`` and ``claimsdb import`` both come here. Rows go in with ``executemany`` over
resolved ids, never one ORM object per row. One batch record is written per load; new claims point
to it, and every new event, source, document and metric gets a ``create`` revision of its own.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, bindparam, insert, select, update

from claimsdb import audit
from claimsdb.db import writing
from claimsdb.io.bundle import Bundle, read_bundle
from claimsdb.io.validate import Plan, Ref, Validator
from claimsdb.models import Batch, Claim, Document, Event, EventName, Metric, Source, SourceName
from claimsdb.names import fold

CHUNK = 10_000


@dataclass(slots=True)
class LoadSummary:
    """What a load did (or, with ``dry_run``, would do)."""

    origin: str
    created: int
    unchanged: int
    kept: int
    events_created: int
    sources_created: int
    documents_created: int
    metrics_created: int
    batch_id: int | None
    dry_run: bool

    def describe(self) -> str:
        """One human line: ``created 153 claims, 0 unchanged; names created: 12 events …``."""
        verb = "would create" if self.dry_run else "created"
        parts = [f"{verb} {self.created} claims", f"{self.unchanged} unchanged"]
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
        return f"{line}; names created: {', '.join(names)}" if names else line


def load_bundle(
    engine: Engine,
    path: Path | Bundle,
    *,
    fmt: str | None = None,
    actor: str | None = None,
    kind: str = "import",
    create_missing: bool = False,
    dry_run: bool = False,
) -> LoadSummary:
    """Validate and load the bundle at ``path``; raises ``BundleInvalid`` with every problem.

    ``kind="seed"`` keeps rows that already exist exactly as the database has them (a user's edit
    of a seeded claim survives re-seeding); ``kind="import"`` refuses a changed existing claim.
    """
    bundle = path if isinstance(path, Bundle) else read_bundle(path, fmt)
    who = audit.resolve_actor(actor)
    with writing(engine) as conn:
        plan = Validator(conn, bundle, create_missing=create_missing, keep=kind == "seed").run()
        summary = LoadSummary(
            origin=bundle.origin,
            created=len(plan.claims),
            unchanged=plan.unchanged,
            kept=plan.kept,
            events_created=len(plan.events),
            sources_created=len(plan.sources),
            documents_created=len(plan.documents),
            metrics_created=len(plan.metrics),
            batch_id=None,
            dry_run=dry_run,
        )
        if dry_run or not _writes_anything(plan):
            return summary
        at = audit.now()
        batch_id = conn.execute(
            insert(Batch).returning(Batch.id),
            {"at": at, "actor": who, "kind": kind, "origin": bundle.origin, "summary": "{}"},
        ).scalar_one()
        summary.batch_id = batch_id
        writer = _Writer(conn, who, at, batch_id)
        writer.write(plan)
        counts = asdict(summary)
        conn.execute(update(Batch).where(Batch.id == batch_id).values(summary=json.dumps(counts)))
        audit.record(
            conn,
            [
                {
                    "table_name": "batches",
                    "row_id": batch_id,
                    "row_key": bundle.origin,
                    "action": "import",
                    "after": counts,
                }
            ],
            actor=who,
            at=at,
            batch_id=batch_id,
        )
    return summary


def _writes_anything(plan: Plan) -> bool:
    return any((plan.metrics, plan.sources, plan.events, plan.documents, plan.claims))


class _Writer:
    """Inserts a validated plan, turning bundle references into row ids as rows appear."""

    def __init__(self, conn: Any, actor: str, at: Any, batch_id: int) -> None:
        self.conn = conn
        self.actor = actor
        self.at = at
        self.batch_id = batch_id
        self.ids: dict[str, dict[Ref, int]] = {
            "metrics": {},
            "sources": {},
            "events": {},
            "documents": {},
            "claims": {},
        }
        self.revisions: list[dict[str, Any]] = []

    def write(self, plan: Plan) -> None:
        self._rows("metrics", Metric, plan.metrics, "name")
        self._rows("sources", Source, plan.sources, "name", names=SourceName, owner="source_id")
        self._events(plan.events)
        self._rows("documents", Document, plan.documents, "key")
        audit.record(
            self.conn, self.revisions, actor=self.actor, at=self.at, batch_id=self.batch_id
        )
        self._claims(plan.claims)

    def _id(self, table: str, ref: Ref | None) -> int | None:
        if ref is None or isinstance(ref, int):
            return ref
        return self.ids[table][ref]

    def _rows(
        self,
        table: str,
        model: Any,
        rows: list[dict[str, Any]],
        key: str,
        *,
        names: Any = None,
        owner: str = "",
    ) -> None:
        name_rows = []
        for row in rows:
            values = {k: v for k, v in row.items() if k != "aliases"}
            new_id = self.conn.execute(insert(model).returning(model.id), values).scalar_one()
            self.ids[table][row[key]] = new_id
            self.revisions.append(_created(table, new_id, row[key], values))
            if names is not None:
                name_rows.extend(_name_rows(owner, new_id, [("name", row["name"])], row))
        if name_rows:
            self.conn.execute(insert(names), name_rows)

    def _events(self, events: list[dict[str, Any]]) -> None:
        name_rows = []
        for ev in events:
            values = {k: v for k, v in ev.items() if k not in ("aliases", "parent_ref")}
            new_id = self.conn.execute(insert(Event).returning(Event.id), values).scalar_one()
            self.ids["events"][ev["slug"]] = new_id
            forms = [("name", ev["name"]), ("slug", ev["slug"])]
            name_rows.extend(_name_rows("event_id", new_id, forms, ev))
        if name_rows:
            self.conn.execute(insert(EventName), name_rows)
        for ev in events:
            parent = self._id("events", ev["parent_ref"])
            event_id = self.ids["events"][ev["slug"]]
            if parent is not None:
                self.conn.execute(
                    update(Event).where(Event.id == event_id).values(parent_id=parent)
                )
            self.revisions.append(
                _created("events", event_id, ev["slug"], {**ev, "parent_id": parent})
            )

    def _claims(self, claims: list[dict[str, Any]]) -> None:
        refs = ("derived_from", "supersedes", "part_of")
        rows = []
        for c in claims:
            rows.append(
                {
                    "key": c["key"],
                    "event_id": self._id("events", c["event_ref"]),
                    "metric_id": self._id("metrics", c["metric_ref"]),
                    "claimant_id": self._id("sources", c["claimant_ref"]),
                    "reported_by_id": self._id("sources", c["reported_by_ref"]),
                    "document_id": self._id("documents", c["document_ref"]),
                    "batch_id": self.batch_id,
                    **{
                        k: c[k]
                        for k in (
                            "population",
                            "low",
                            "high",
                            "best",
                            "qualifier",
                            "vague",
                            "phrase",
                            "period_first",
                            "period_last",
                            "period_start_precision",
                            "period_end_precision",
                            "quote",
                            "locator",
                            "claimed_first",
                            "claimed_last",
                            "claimed_precision",
                            "status",
                            "grade",
                            "notes",
                        )
                    },
                }
            )
        for start in range(0, len(rows), CHUNK):
            self.conn.execute(insert(Claim), rows[start : start + CHUNK])
        linked = [c for c in claims if any(c[f"{r}_ref"] is not None for r in refs)]
        if not linked:
            return
        keys = {c["key"] for c in linked}
        for c in linked:
            keys.update(c[f"{r}_ref"] for r in refs if isinstance(c[f"{r}_ref"], str))
        ids = self._claim_ids(sorted(keys))
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
                    "claim_id": ids[c["key"]],
                    "d": _ref_id(ids, c["derived_from_ref"]),
                    "s": _ref_id(ids, c["supersedes_ref"]),
                    "p": _ref_id(ids, c["part_of_ref"]),
                }
                for c in linked
            ],
        )

    def _claim_ids(self, keys: list[str]) -> dict[str, int]:
        ids: dict[str, int] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            ids.update(
                (k, i)
                for i, k in self.conn.execute(
                    select(Claim.id, Claim.key).where(Claim.key.in_(chunk))
                )
            )
        return ids


def _ref_id(ids: dict[str, int], ref: Ref | None) -> int | None:
    if ref is None or isinstance(ref, int):
        return ref
    return ids[ref]


def _name_rows(
    owner: str, owner_id: int, forms: list[tuple[str, str]], row: dict[str, Any]
) -> list[dict[str, Any]]:
    """Name rows for one event or source: its own forms, then aliases, one per folded form."""
    seen: set[str] = set()
    out = []
    for kind, name in [*forms, *(("alias", a) for a in row.get("aliases", []))]:
        folded = fold(name)
        if folded and folded not in seen:
            seen.add(folded)
            out.append({owner: owner_id, "name": name, "folded": folded, "kind": kind})
    return out


def _created(table: str, row_id: int, key: str, values: dict[str, Any]) -> dict[str, Any]:
    after = {k: v for k, v in values.items() if k != "text"}
    if values.get("text"):
        after["text"] = f"<{len(values['text'])} characters>"
    return {
        "table_name": table,
        "row_id": row_id,
        "row_key": key,
        "action": "create",
        "after": after,
    }
