"""Inserting new claims fast: plain tuples, never one ORM object per row, one ``executemany`` a
chunk on SQLite and ``COPY`` on PostgreSQL, inside the load's own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Date, Index, Table

from claimsdb.store.models import Claim

_TABLE: Table = Claim.__table__  # type: ignore[assignment]
# The columns a claim stores as values (not its id, key, batch or the ids it points to), in the
# schema's order.
VALUE_COLUMNS = tuple(
    c.name for c in _TABLE.columns if not c.primary_key and not c.foreign_keys and c.name != "key"
)
# The ids a claim points to: column -> (the checked claim's reference, the table it refers to).
REFS = {
    "event_id": ("event_ref", "events"),
    "metric_id": ("metric_ref", "metrics"),
    "claimant_id": ("claimant_ref", "sources"),
    "reported_by_id": ("reported_by_ref", "sources"),
    "document_id": ("document_ref", "documents"),
}
# The columns of a new claim row, in the order of the tuples ``insert`` takes.
INSERT_COLUMNS = ("key", "batch_id", *REFS, *VALUE_COLUMNS)
# On SQLite, past this many inserted claims the secondary indexes are dropped and rebuilt once.
DROP_INDEXES_AFTER = 50_000
_DATES = [n for n, c in enumerate(VALUE_COLUMNS) if isinstance(_TABLE.columns[c].type, Date)]


class ClaimInserter:
    """Inserts rows of ``INSERT_COLUMNS`` into claims, a chunk at a time."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.inserted = 0
        self.dropped: list[Index] = []
        self._pick = itemgetter(*VALUE_COLUMNS)

    def values(self, claim: dict[str, Any]) -> Sequence[Any]:
        """A checked claim's ``VALUE_COLUMNS``, as this database's driver takes them."""
        picked = self._pick(claim)
        if not self.sqlite:
            return picked
        out = list(picked)
        for n in _DATES:  # sqlite3's own date adapter is deprecated: ISO text is what it stores
            day: date | None = out[n]
            if day is not None:
                out[n] = day.isoformat()
        return out

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        """Insert ``rows``, each a tuple of ``INSERT_COLUMNS``."""
        if self.sqlite and self.inserted >= DROP_INDEXES_AFTER and not self.dropped:
            self._drop_indexes()
        columns = ", ".join(INSERT_COLUMNS)
        if self.sqlite:
            marks = ", ".join("?" * len(INSERT_COLUMNS))
            self.conn.exec_driver_sql(f"INSERT INTO claims ({columns}) VALUES ({marks})", rows)
        else:  # PostgreSQL: COPY, inside this same transaction; the indexes stay
            cursor = self.conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY claims ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        self.inserted += len(rows)

    def _drop_indexes(self) -> None:
        """Past a few chunks, rebuilding the secondary indexes once beats updating them per row.

        The drop and the rebuild happen inside the load's own transaction, so readers keep the
        indexes of their snapshot and an interrupted load leaves them as they were.
        """
        self.dropped = [ix for ix in _TABLE.indexes if not ix.unique]
        for index in self.dropped:
            index.drop(self.conn)

    def restore_indexes(self) -> None:
        """Rebuild the indexes dropped for the insert, if any."""
        for index in self.dropped:
            index.create(self.conn)
        self.dropped = []
