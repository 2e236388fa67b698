"""The audit trail read back: every revision of one row, oldest first."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from claimsdb.store.models import Batch, Claim, Revision


@dataclass(slots=True)
class HistoryEntry:
    """One revision of a row, with the fields it changed."""

    revision: int
    at: str
    actor: str
    action: str
    reason: str
    changes: dict[str, tuple[str, str]]
    note: str = ""


def row_history(conn: Connection, table: str, row_id: int) -> list[HistoryEntry]:
    """Every revision of one row (a claim's includes the batch that created it), oldest first."""
    entries: list[HistoryEntry] = []
    if table == "claims":
        batch = _creating_batch(conn, row_id)
        if batch is not None:
            entries.append(
                HistoryEntry(
                    batch.id,
                    str(batch.at),
                    batch.actor,
                    batch.kind,
                    "",
                    {},
                    f"created by {batch.kind} of {batch.origin}",
                )
            )
    for r in revisions(conn, table, row_id):
        before = json.loads(r.before) if r.before else {}
        after = json.loads(r.after) if r.after else {}
        changes = {
            f: (before.get(f, ""), after.get(f, ""))
            for f in sorted(set(before) | set(after))
            if before.get(f, "") != after.get(f, "")
        }
        entries.append(HistoryEntry(r.id, str(r.at), r.actor, r.action, r.reason or "", changes))
    return sorted(entries, key=lambda e: e.revision)


def revisions(conn: Connection, table: str, row_id: int) -> list[Any]:
    """The revision rows of one row of ``table``, oldest first."""
    return list(
        conn.execute(
            select(Revision.__table__)
            .where(Revision.table_name == table, Revision.row_id == row_id)
            .order_by(Revision.id)
        )
    )


def _creating_batch(conn: Connection, claim_id: int) -> Any:
    return conn.execute(
        select(Revision.id, Revision.at, Revision.actor, Batch.kind, Batch.origin)
        .join(Claim, Claim.batch_id == Batch.id)
        .join(Revision, (Revision.table_name == "batches") & (Revision.row_id == Batch.id))
        .where(Claim.id == claim_id)
    ).first()


def creating_revision(conn: Connection, table: str, row_id: int) -> int | None:
    """The revision that created the row: its batch's for a bulk-loaded claim, else its first."""
    if table == "claims":
        batch = _creating_batch(conn, row_id)
        if batch is not None:
            return int(batch.id)
    first = revisions(conn, table, row_id)
    return int(first[0].id) if first else None
