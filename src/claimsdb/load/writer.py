"""Writing a checked plan, inside the load's one write transaction.

Names (metrics, parties, sources, documents, events) are written before the claims that point to
them, and again before each chunk of new claims for the ones ``--create-missing`` added on the way;
new claims go in through ``ClaimInserter`` a chunk at a time; updates, links between claims,
superseding and the audit trail come last (``finish``). A bulk load (seed or import) writes one
batch record that its new claims point to; a single ``add`` gets a ``create`` revision instead.
Every update of an existing row gets a revision with the row before and after, and every new event,
source, party, document and metric a ``create`` revision of its own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, update

from claimsdb.load.bulk import REFS, VALUE_COLUMNS, ClaimInserter
from claimsdb.load.claims import claim_ids
from claimsdb.load.plan import NAME_TABLES, LoadSummary, Plan, Ref, Update
from claimsdb.names import fold
from claimsdb.read.claims import claim_rows
from claimsdb.store import audit, faults
from claimsdb.store.models import (
    Batch,
    Claim,
    Document,
    Event,
    EventName,
    Metric,
    Party,
    PartyName,
    Source,
    SourceName,
)
from claimsdb.vocabulary import BATCH_KINDS

_MODELS: dict[str, Any] = {
    m.__tablename__: m for m in (Metric, Party, Source, Event, Document, Claim)
}


# The tables whose rows are found by a name or an alias (events add their slug: written apart).
_NAMED: dict[str, tuple[Any, str]] = {
    "parties": (PartyName, "party_id"),
    "sources": (SourceName, "source_id"),
}


class Writer:
    """Writes what ``plan`` holds, turning references into row ids as the rows appear; reads the
    plan only."""

    def __init__(
        self,
        conn: Connection,
        plan: Plan,
        actor: str,
        kind: str,
        origin: str,
        *,
        action: str,
        reason: str | None,
    ) -> None:
        self.conn = conn
        self.plan = plan
        self.actor = actor
        self.kind = kind
        self.origin = origin
        self.at = audit.now()
        self.batch_id: int | None = None
        self.action = action
        self.reason = reason
        self.ids: dict[str, dict[Ref, int]] = {t: {} for t in _MODELS}
        self.revisions: list[dict[str, Any]] = []
        self.claims = ClaimInserter(conn)
        self.chunks = 0
        # How much of the plan's names have been written: rows created per table, and updates.
        self.written = dict.fromkeys(NAME_TABLES, 0)
        self.updates_written = 0

    def _batch(self) -> int | None:
        """The batch record of a bulk load, made when the first row is written."""
        if self.kind not in BATCH_KINDS:
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

    def write_names(self) -> None:
        """Create and update the metrics, parties, sources, documents and events not written yet.

        Called before the claims and again before each chunk of them: a claim row may name an
        event, source or document that ``--create-missing`` adds to the plan on the way.
        """
        todo = {t: self.plan.created(t)[self.written[t] :] for t in NAME_TABLES}
        updates = self.plan.name_updates[self.updates_written :]
        if not any(todo.values()) and not updates:
            return
        self._batch()
        self._create("metrics", todo["metrics"], "name")
        self._create("parties", todo["parties"], "name", names=_NAMED["parties"])
        self._create("sources", todo["sources"], "name", names=_NAMED["sources"])
        self._create("documents", todo["documents"], "key")
        self._create_events(todo["events"])
        for change in updates:
            self._update_name(change)
        for table, rows in todo.items():
            self.written[table] += len(rows)
        self.updates_written += len(updates)

    def insert_claims(self, claims: list[dict[str, Any]]) -> None:
        """Insert a chunk of checked new claims (after any names they need)."""
        self.write_names()
        batch_id = self._batch()
        refs = [(r, self.ids[table]) for r, table in REFS.values()]
        values = self.claims.values

        def ref(value: Ref | None, ids: dict[Ref, int]) -> int | None:
            return value if value is None or isinstance(value, int) else ids[value]

        rows = [
            (c["key"], batch_id, *[ref(c[r], ids) for r, ids in refs], *values(c)) for c in claims
        ]
        self.claims.insert(rows)
        self.chunks += 1
        faults.point("after_chunk", self.chunks)

    def finish(self, summary: LoadSummary) -> None:
        """Claim updates, links between claims, superseding, indexes, revisions, the batch;
        ``summary`` gets the batch and the last revision."""
        plan = self.plan
        self.write_names()
        claim_updates = plan.claim_updates
        if claim_updates:
            self._batch()
        self.claims.wait()
        self._update_claims(claim_updates)
        self._link(claim_updates)
        self._supersede(claim_updates)
        # Only now: the load's large page cache still holds the claims just written while they
        # are linked (1,000,000 claims with 21,943 links: 39.6 -> 39.1 s, alternating runs).
        self.claims.finish()
        if self.batch_id is None:  # single additions are audited one by one
            for c in plan.kept_new_claims:
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
        rows: Sequence[dict[str, Any]],
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

    def _create_events(self, events: Sequence[dict[str, Any]]) -> None:
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

    def _update_name(self, change: Update) -> None:
        model = _MODELS[change.table]
        values = dict(change.values)
        if change.table == "events":
            values["parent_id"] = self._id("events", change.extra["parent_ref"])
        self.conn.execute(update(model).where(model.id == change.id).values(**values))
        if change.table in _NAMED:
            names, owner = _NAMED[change.table]
            self.conn.execute(delete(names).where(getattr(names, owner) == change.id))
            forms = [("name", change.after["name"])]
            self.conn.execute(
                insert(names), _name_rows(owner, change.id, forms, change.extra["aliases"])
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

    def _update_claims(self, changes: Sequence[Update]) -> None:
        for u in changes:
            c = u.values
            values = {
                **{column: self._id(table, c[r]) for column, (r, table) in REFS.items()},
                **{k: c[k] for k in VALUE_COLUMNS},
            }
            self.conn.execute(update(Claim).where(Claim.id == u.id).values(**values))
            self._revision("claims", u.id, u.key, self.action, u.before, u.after, self.reason)

    def _link(self, changes: Sequence[Update]) -> None:
        """Set derived_from, supersedes and part_of, now that every claim has an id."""
        rows = dict(self.plan.links)
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

    def _supersede(self, changes: Sequence[Update]) -> None:
        """Setting ``supersedes=X`` marks X superseded in the same transaction: for new claims,
        claims left as they were, and updated claims whose ``supersedes`` changed."""
        updated = {u.key for u in changes}
        changed = {u.key for u in changes if u.after["supersedes"] != u.before["supersedes"]}
        targets = {
            links["supersedes"]: key
            for key, links in self.plan.links.items()
            if links["supersedes"] and (key in changed or key not in updated)
        }
        if not targets:
            return
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
