"""The audit trail: who is acting, and the append-only revisions every change leaves."""

from __future__ import annotations

import getpass
import json
import os
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from claimsdb.store.models import Revision


def resolve_actor(actor: str | None = None) -> str:
    """``--actor`` if given, else ``CLAIMSDB_ACTOR``, else the operating-system user."""
    chosen = actor or os.environ.get("CLAIMSDB_ACTOR")
    if chosen:
        return chosen
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (some containers)
        return "unknown"


def now() -> datetime:
    """The current time in UTC, as revisions record it."""
    return datetime.now(UTC)


def record(
    conn: Connection,
    rows: list[dict[str, Any]],
    *,
    actor: str,
    at: datetime,
    batch_id: int | None = None,
) -> None:
    """Append revisions: table_name, row_id, row_key, action; optionally before, after, reason."""
    if not rows:
        return
    conn.execute(
        insert(Revision),
        [
            {
                "at": at,
                "actor": actor,
                "batch_id": batch_id,
                **row,
                "before": _dump(row.get("before")),
                "after": _dump(row.get("after")),
                "reason": row.get("reason"),
            }
            for row in rows
        ],
    )


def _dump(values: Any) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def latest(conn: Connection) -> tuple[int | None, datetime | None]:
    """The newest revision's id and time: the stamp every report carries."""
    row = conn.execute(select(func.max(Revision.id))).scalar_one_or_none()
    if row is None:
        return None, None
    at = conn.execute(select(Revision.at).where(Revision.id == row)).scalar_one()
    return row, at
