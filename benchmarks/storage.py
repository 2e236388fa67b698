"""claimsdb's SQLite tables as the benchmarks write and read them directly, with ``sqlite3``.

The schema itself always comes from ``claimsdb init`` (``init_db``); this module holds the
statements that fill it the way claimsdb's loader does (the raw and pandas baselines, the
analysis benchmark's database), and the canonical read-back that shows a baseline stored exactly
what claimsdb stores.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from benchmarks.measure import ENV, claimsdb_command, measure
from benchmarks.synthetic import reduced

# The claims table's columns as claimsdb's loader fills them (id is assigned by the writer,
# batch_id is the one batch row each load writes); ``claim_columns`` checks them against the
# database, so a column the schema gains is an error, not a silent default.
CLAIM_DB_COLUMNS = (
    "id", "key", "event_id", "metric_id", "population", "scope", "low", "high", "best",
    "qualifier", "vague", "phrase", "period_first", "period_last", "period_start_precision",
    "period_end_precision", "claimant_id", "reported_by_id", "document_id", "quote", "locator",
    "claimed_first", "claimed_last", "claimed_precision", "derived_from_id", "supersedes_id",
    "part_of_id", "status", "grade", "notes", "batch_id",
)  # fmt: skip
INSERT_CLAIM = (
    f"INSERT INTO claims ({', '.join(CLAIM_DB_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(CLAIM_DB_COLUMNS))})"
)
INSERT_EVENT = (
    "INSERT INTO events (slug, name, parent_id, period_first, period_last,"
    " period_start_precision, period_end_precision, place, description)"
    " VALUES (?,?,?,?,?,?,?,?,?)"
)
INSERT_EVENT_NAME = "INSERT INTO event_names (event_id, name, folded, kind) VALUES (?,?,?,?)"
INSERT_SOURCE_NAME = "INSERT INTO source_names (source_id, name, folded, kind) VALUES (?,?,?,?)"
INSERT_PARTY_NAME = "INSERT INTO party_names (party_id, name, folded, kind) VALUES (?,?,?,?)"
# The time every benchmark batch (and revision) is stamped with: fixed, so data is repeatable.
BATCH_AT = "2026-01-01 00:00:00.000000+00:00"
# claimsdb marks a claim superseded when a loaded claim names it in ``supersedes`` (and it was
# active); the baselines do the same, as one statement.
SUPERSEDE = (
    "UPDATE claims SET status = 'superseded' WHERE status = 'active' AND id IN"
    " (SELECT supersedes_id FROM claims WHERE batch_id = ? AND supersedes_id IS NOT NULL)"
)


def begin(db: Path) -> sqlite3.Connection:
    """A connection to ``db`` as claimsdb's have it (``foreign_keys = ON``), in one write
    transaction (``BEGIN IMMEDIATE``) that the caller commits with ``COMMIT``."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("BEGIN IMMEDIATE")
    return con


def claim_columns(con: sqlite3.Connection) -> None:
    """Stop unless the database's ``claims`` columns are ``CLAIM_DB_COLUMNS``."""
    stored = [row[1] for row in con.execute("PRAGMA table_info(claims)")]
    if sorted(stored) != sorted(CLAIM_DB_COLUMNS):
        missing = sorted(set(stored) - set(CLAIM_DB_COLUMNS))
        unknown = sorted(set(CLAIM_DB_COLUMNS) - set(stored))
        raise SystemExit(
            f"benchmarks/storage.py CLAIM_DB_COLUMNS is out of date with the claims table:"
            f" missing {missing}, not in the table {unknown}"
        )


def name_rows(owner_id: int, forms: list[tuple[str, str]]) -> list[tuple[int, str, str, str]]:
    """The ``…_names`` rows of one event, party or source: (owner id, name, folded, kind), one per
    folded form, the first form of each kept, as claimsdb's writer keeps them."""
    from claimsdb.names import fold  # the same folded forms claimsdb stores

    seen: set[str] = set()
    rows = []
    for kind, name in forms:
        folded = fold(name)
        if folded and folded not in seen:
            seen.add(folded)
            rows.append((owner_id, name, folded, kind))
    return rows


def aliases(row: dict[str, str]) -> list[tuple[str, str]]:
    """A bundle row's ``aliases`` cell as name forms: ``[("alias", …), …]``."""
    return [("alias", a.strip()) for a in row.get("aliases", "").split(";") if a.strip()]


def insert_party(con: sqlite3.Connection, party: dict[str, str]) -> int:
    """One row of ``parties`` from a parties.csv row, with its ``party_names``; returns its id.
    Parties go in before the sources whose affiliation names them (a trigger refuses others)."""
    cur = con.execute(
        "INSERT INTO parties (name, description) VALUES (?,?)",
        (party["name"], party["description"] or None),
    )
    party_id = int(cur.lastrowid or 0)
    con.executemany(
        INSERT_PARTY_NAME, name_rows(party_id, [("name", party["name"]), *aliases(party)])
    )
    return party_id


def insert_source(con: sqlite3.Connection, src: dict[str, str]) -> int:
    """One row of ``sources`` from a sources.csv row; returns its id. Its affiliation must be a
    party's name (``insert_party`` first), ``none`` or empty."""
    cur = con.execute(
        "INSERT INTO sources (name, kind, affiliation, description) VALUES (?,?,?,?)",
        (src["name"], src["kind"], src["affiliation"] or None, src["description"] or None),
    )
    return int(cur.lastrowid or 0)


def insert_document(con: sqlite3.Connection, doc: dict[str, str]) -> int:
    """One row of ``documents`` from a documents.csv row; returns its id."""
    published = reduced(doc["published_on"])
    cur = con.execute(
        "INSERT INTO documents (key, title, publisher, published_first, published_last,"
        " published_precision, url, citation, licence) VALUES (?,?,?,?,?,?,?,?,?)",
        (
            doc["key"],
            doc["title"],
            doc["publisher"] or None,
            *(published or (None, None, None)),
            doc["url"] or None,
            doc["citation"] or None,
            doc["licence"] or None,
        ),
    )
    return int(cur.lastrowid or 0)


def insert_batch(con: sqlite3.Connection, origin: str) -> int:
    """The one ``batches`` row of an import from ``origin``; returns its id."""
    cur = con.execute(
        "INSERT INTO batches (at, actor, kind, origin, summary) VALUES (?,?,?,?,?)",
        (BATCH_AT, "bench", "import", origin, "{}"),
    )
    return int(cur.lastrowid or 0)


# ---------------------------------------------------------------------------- database files


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def init_db(path: Path, workdir: Path) -> None:
    """A fresh database at ``path``, made by ``claimsdb init`` (the CLI, as a user would)."""
    remove_db(path)
    result = measure(claimsdb_command(f"sqlite:///{path}", "init"), workdir, 600, ENV)
    if not result.ok:
        raise SystemExit(f"claimsdb init failed: {result.err.strip()}")


def count_rows(path: Path, table: str = "claims") -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


CANONICAL = """
SELECT c.key, e.slug, m.name, c.population, c.scope, c.low, c.high, c.best, c.qualifier,
       c.vague, c.phrase, c.period_first, c.period_last, c.period_start_precision,
       c.period_end_precision, s.name, s.kind, s.affiliation, r.name, d.key, c.quote, c.locator,
       c.claimed_first, c.claimed_last, c.claimed_precision, df.key, sp.key, po.key, c.status,
       c.grade, c.notes,
       typeof(c.low), typeof(c.period_first), typeof(c.event_id), typeof(c.part_of_id)
FROM claims c
JOIN events e ON e.id = c.event_id
JOIN metrics m ON m.id = c.metric_id
JOIN sources s ON s.id = c.claimant_id
LEFT JOIN sources r ON r.id = c.reported_by_id
LEFT JOIN documents d ON d.id = c.document_id
LEFT JOIN claims df ON df.id = c.derived_from_id
LEFT JOIN claims sp ON sp.id = c.supersedes_id
LEFT JOIN claims po ON po.id = c.part_of_id
ORDER BY c.key
"""


def fingerprint(path: Path) -> str:
    """A hash of every claim's stored values (names instead of ids, with its claimant's kind and
    affiliation) and storage types, to show that a baseline stored exactly what claimsdb
    stores."""
    digest = hashlib.sha256()
    con = sqlite3.connect(path)
    try:
        for row in con.execute(CANONICAL):
            digest.update(repr(row).encode())
    finally:
        con.close()
    return digest.hexdigest()[:16]
