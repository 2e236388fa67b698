"""The import benchmark's baselines: what loading the same claims.csv costs without claimsdb.

Each runs in a child process of ``bench_import.py``
(``--worker raw|raw-noidx|raw-staged|pandas|pg-copy``),
so every method is timed and measured the same way, and prints one JSON line with its inner time:

* ``raw``: stdlib ``csv`` + one ``sqlite3.executemany`` of exactly the column values claimsdb
  stores, into a database made by ``claimsdb init`` (``raw-noidx``: the secondary indexes of
  ``claims`` dropped first and recreated after);
* ``pandas``: ``read_csv`` + a vectorised transform + ``DataFrame.to_sql(if_exists="append")``;
* ``pg-copy``: one ``COPY claims (…) FROM STDIN`` into ``COPY_TABLE`` on PostgreSQL.

The sqlite-utils baseline is its own command (see ``import_runs.run_sqlite_utils``).
"""

from __future__ import annotations

import csv
import itertools
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.measure import emit
from benchmarks.storage import (
    CLAIM_DB_COLUMNS,
    INSERT_CLAIM,
    INSERT_EVENT,
    INSERT_EVENT_NAME,
    INSERT_SOURCE_NAME,
    SUPERSEDE,
    aliases,
    begin,
    claim_columns,
    insert_batch,
    insert_document,
    insert_party,
    insert_source,
    name_rows,
)
from benchmarks.synthetic import reduced
from claimsdb.interchange import CLAIM_COLUMNS
from claimsdb.load.bulk import BULK_CACHE_KIB


def _read_table(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def insert_vocabulary(con: sqlite3.Connection, bundle: Path) -> dict[str, Any]:
    """Events (+names, parents), parties (+names), sources (+names), documents and one batch row,
    the way claimsdb writes them (parties before the sources whose affiliation names them);
    returns the name -> id dicts claims are resolved with."""
    ids: dict[str, Any] = {"events": {}, "sources": {}, "documents": {}}
    ids["metrics"] = dict(con.execute("SELECT name, id FROM metrics"))
    events = _read_table(bundle / "events.csv")
    for ev in events:
        start, end = reduced(ev["period_start"]), reduced(ev["period_end"])
        cur = con.execute(
            INSERT_EVENT,
            (
                ev["slug"],
                ev["name"],
                None,  # the parent is set below, once every event has its id
                start[0] if start else None,
                end[1] if end else None,
                start[2] if start else None,
                end[2] if end else None,
                ev["place"] or None,
                ev["description"] or None,
            ),
        )
        ids["events"][ev["slug"]] = cur.lastrowid
    names = []
    for ev in events:
        event_id = ids["events"][ev["slug"]]
        if ev["parent"]:
            con.execute(
                "UPDATE events SET parent_id = ? WHERE id = ?",
                (ids["events"][ev["parent"]], event_id),
            )
        names += name_rows(event_id, [("name", ev["name"]), ("slug", ev["slug"]), *aliases(ev)])
    con.executemany(INSERT_EVENT_NAME, names)
    for party in _read_table(bundle / "parties.csv"):
        insert_party(con, party)
    names = []
    for src in _read_table(bundle / "sources.csv"):
        source_id = ids["sources"][src["name"]] = insert_source(con, src)
        names += name_rows(source_id, [("name", src["name"]), *aliases(src)])
    con.executemany(INSERT_SOURCE_NAME, names)
    for doc in _read_table(bundle / "documents.csv"):
        ids["documents"][doc["key"]] = insert_document(con, doc)
    ids["batch"] = insert_batch(con, str(bundle))
    return ids


def worker_raw(db: Path, bundle: Path, drop_indexes: bool, staged: bool = False) -> dict[str, Any]:
    """``staged``: claimsdb's own way (``claimsdb.load.bulk``) without its checks — chunks of
    10,000 rows by ``executemany`` into a constraint-free temporary table, each moved into
    ``claims`` by one ``INSERT … SELECT``, with the same 256 MiB page cache."""
    started = time.perf_counter()
    con = begin(db)
    if staged:
        con.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    claim_columns(con)
    ids = insert_vocabulary(con, bundle)
    events, metrics, sources, documents = (
        ids["events"], ids["metrics"], ids["sources"], ids["documents"]
    )  # fmt: skip
    batch = ids["batch"]
    index_sql: list[str] = []
    if drop_indexes:
        index_sql = [
            sql
            for name, sql in con.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claims'"
                " AND sql IS NOT NULL"
            )
        ]
        for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claims'"
            " AND sql IS NOT NULL"
        ).fetchall():
            con.execute(f'DROP INDEX "{name}"')
    next_id = con.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0] + 1
    key_ids: dict[str, int] = {}
    deferred: list[tuple[str, str, int]] = []  # links to keys that appear later in the file
    links = ("derived_from_id", "supersedes_id", "part_of_id")

    def rows() -> Any:
        nonlocal next_id
        with (bundle / "claims.csv").open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            col = {name: i for i, name in enumerate(next(reader))}  # the columns by name
            k_key, k_event, k_metric, k_pop, k_scope = (
                col["key"], col["event"], col["metric"], col["population"], col["scope"]
            )  # fmt: skip
            k_low, k_high, k_best, k_qual, k_phrase = (
                col["low"], col["high"], col["best"], col["qualifier"], col["phrase"]
            )  # fmt: skip
            k_ps, k_pe, k_claimant, k_rep, k_doc = (
                col["period_start"], col["period_end"], col["claimant"], col["reported_by"],
                col["document"],
            )  # fmt: skip
            k_quote, k_loc, k_claimed, k_der, k_sup, k_part = (
                col["quote"], col["locator"], col["claimed_on"], col["derived_from"],
                col["supersedes"], col["part_of"],
            )  # fmt: skip
            k_status, k_grade, k_notes = col["status"], col["grade"], col["notes"]
            for r in reader:
                claim_id = next_id
                next_id += 1
                key = r[k_key]
                key_ids[key] = claim_id
                ps, pe, claimed = reduced(r[k_ps]), reduced(r[k_pe]), reduced(r[k_claimed])
                qualifier = r[k_qual]
                refs: list[int | None] = []
                for column, k in zip(links, (k_der, k_sup, k_part), strict=True):
                    target = r[k]
                    if not target:
                        refs.append(None)
                    elif target in key_ids:
                        refs.append(key_ids[target])
                    else:
                        refs.append(None)
                        deferred.append((column, target, claim_id))
                yield (  # in the order of CLAIM_DB_COLUMNS
                    claim_id,
                    key,
                    events[r[k_event]],
                    metrics[r[k_metric]],
                    r[k_pop],
                    r[k_scope],
                    float(r[k_low]) if r[k_low] else None,
                    float(r[k_high]) if r[k_high] else None,
                    float(r[k_best]) if r[k_best] else None,
                    qualifier,
                    r[k_phrase].casefold() if qualifier == "vague" else None,
                    r[k_phrase],
                    ps[0] if ps else None,
                    pe[1] if pe else None,
                    ps[2] if ps else None,
                    pe[2] if pe else None,
                    sources[r[k_claimant]],
                    sources[r[k_rep]] if r[k_rep] else None,
                    documents[r[k_doc]] if r[k_doc] else None,
                    r[k_quote] or None,
                    r[k_loc] or None,
                    claimed[0] if claimed else None,
                    claimed[1] if claimed else None,
                    claimed[2] if claimed else None,
                    *refs,
                    r[k_status] or "active",
                    r[k_grade] or None,
                    r[k_notes] or None,
                    batch,
                )

    if staged:
        _insert_staged(con, rows())
    else:
        con.executemany(INSERT_CLAIM, rows())
    for column, target, claim_id in deferred:
        con.execute(f"UPDATE claims SET {column} = ? WHERE id = ?", (key_ids[target], claim_id))
    con.execute(SUPERSEDE, (batch,))
    for sql in index_sql:
        con.execute(sql)
    con.execute("COMMIT")
    con.close()
    return {"inner_seconds": time.perf_counter() - started, "rows": len(key_ids)}


def _insert_staged(con: sqlite3.Connection, rows: Iterator[tuple[Any, ...]]) -> None:
    columns = ", ".join(CLAIM_DB_COLUMNS)
    con.execute(f"CREATE TEMP TABLE stage AS SELECT {columns} FROM main.claims WHERE 0")
    stage = f"INSERT INTO temp.stage VALUES ({', '.join('?' * len(CLAIM_DB_COLUMNS))})"
    while chunk := list(itertools.islice(rows, 10_000)):
        con.executemany(stage, chunk)
        con.execute(f"INSERT INTO main.claims ({columns}) SELECT {columns} FROM temp.stage")
        con.execute("DELETE FROM temp.stage")
    con.execute("DROP TABLE temp.stage")


def worker_pandas(db: Path, bundle: Path) -> dict[str, Any]:
    started = time.perf_counter()
    import numpy as np
    import pandas as pd

    imported = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    claim_columns(con)
    ids = insert_vocabulary(con, bundle)  # opens the one transaction (sqlite3 implicit BEGIN)
    df = pd.read_csv(
        bundle / "claims.csv", dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8"
    )
    start = con.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0] + 1
    out = pd.DataFrame({"id": np.arange(start, start + len(df), dtype=np.int64)})
    key_ids = pd.Series(out["id"].to_numpy(), index=df["key"].to_numpy())

    def ids_of(column: str, table: dict[str, int]) -> Any:
        return df[column].map(table).astype("Int64")

    def none_if_empty(column: str) -> Any:
        return df[column].where(df[column] != "", None).astype(object)

    def dates(column: str) -> dict[str, Any]:
        uniq = {v: reduced(v) or (None, None, None) for v in df[column].unique()}
        return {
            part: df[column].map({v: t[i] for v, t in uniq.items()}).astype(object)
            for i, part in enumerate(("first", "last", "precision"))
        }

    period_start, period_end, claimed = (
        dates("period_start"),
        dates("period_end"),
        dates("claimed_on"),
    )
    out["key"] = df["key"]
    out["event_id"] = ids_of("event", ids["events"])
    out["metric_id"] = ids_of("metric", ids["metrics"])
    out["population"] = df["population"]
    out["scope"] = df["scope"]
    for column in ("low", "high", "best"):
        out[column] = pd.to_numeric(df[column].replace("", np.nan), errors="raise").astype(float)
    out["qualifier"] = df["qualifier"]
    out["vague"] = (
        df["phrase"].str.casefold().where(df["qualifier"] == "vague", None).astype(object)
    )
    out["phrase"] = df["phrase"]
    out["period_first"] = period_start["first"]
    out["period_last"] = period_end["last"]
    out["period_start_precision"] = period_start["precision"]
    out["period_end_precision"] = period_end["precision"]
    out["claimant_id"] = ids_of("claimant", ids["sources"])
    out["reported_by_id"] = ids_of("reported_by", ids["sources"])
    out["document_id"] = ids_of("document", ids["documents"])
    out["quote"] = none_if_empty("quote")
    out["locator"] = none_if_empty("locator")
    out["claimed_first"] = claimed["first"]
    out["claimed_last"] = claimed["last"]
    out["claimed_precision"] = claimed["precision"]
    for column, target in (
        ("derived_from_id", "derived_from"),
        ("supersedes_id", "supersedes"),
        ("part_of_id", "part_of"),
    ):
        out[column] = df[target].map(key_ids).astype("Int64")
    out["status"] = df["status"].where(df["status"] != "", "active")
    out["grade"] = none_if_empty("grade")
    out["notes"] = none_if_empty("notes")
    out["batch_id"] = ids["batch"]
    transformed = time.perf_counter()
    out.to_sql("claims", con, if_exists="append", index=False, chunksize=10_000, method=None)
    con.execute(SUPERSEDE, (ids["batch"],))
    con.commit()
    con.close()
    done = time.perf_counter()
    return {
        "inner_seconds": done - started,
        "import_pandas_seconds": imported - started,
        "read_transform_seconds": transformed - imported,
        "to_sql_seconds": done - transformed,
        "rows": len(df),
    }


# The PostgreSQL limit's table: claims.csv as it is. Every CSV column is text (figures are phrases
# such as "1,200"); empty fields load as NULL (COPY's csv default), so only the columns every claim
# fills are NOT NULL. Keys and indexes mirror the real ``claims`` table: a serial primary key, a
# UNIQUE key, and its three secondary indexes (claimant_id, the event_id/metric_id/population
# group, part_of_id) on the columns that hold those names here.
COPY_NOT_NULL = ("key", "event", "metric", "qualifier", "phrase", "claimant")
COPY_TABLE = (
    "CREATE TABLE claims (id serial CONSTRAINT pk_claims PRIMARY KEY, "
    + ", ".join(f"{c} text{' NOT NULL' * (c in COPY_NOT_NULL)}" for c in CLAIM_COLUMNS)
    + ", CONSTRAINT uq_claims_key UNIQUE (key))"
)
COPY_INDEXES = (
    "CREATE INDEX ix_claims_claimant ON claims (claimant)",
    "CREATE INDEX ix_claims_group ON claims (event, metric, population)",
    "CREATE INDEX ix_claims_part_of ON claims (part_of)",
)
COPY_SQL = f"COPY claims ({', '.join(CLAIM_COLUMNS)}) FROM STDIN (FORMAT csv, HEADER)"


def worker_pg_copy(conninfo: str, bundle: Path) -> dict[str, Any]:
    """One ``COPY … FROM STDIN`` of claims.csv, streamed in 1 MiB pieces, in one transaction."""
    started = time.perf_counter()
    import psycopg

    with psycopg.connect(conninfo) as conn:
        with conn.cursor() as cur, (bundle / "claims.csv").open("rb") as handle:
            with cur.copy(COPY_SQL) as copy:
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
            rows = cur.rowcount
        conn.commit()
    return {"inner_seconds": time.perf_counter() - started, "rows": rows}


def run_worker(worker: str, db: str, bundle: str) -> int:
    """Run baseline ``worker`` on ``bundle`` into ``db`` (a file, or a libpq URI for pg-copy)."""
    if worker == "pg-copy":
        return emit(worker_pg_copy(db, Path(bundle)))
    if worker == "raw":
        return emit(worker_raw(Path(db), Path(bundle), drop_indexes=False))
    if worker == "raw-noidx":
        return emit(worker_raw(Path(db), Path(bundle), drop_indexes=True))
    if worker == "raw-staged":
        return emit(worker_raw(Path(db), Path(bundle), drop_indexes=True, staged=True))
    if worker == "pandas":
        return emit(worker_pandas(Path(db), Path(bundle)))
    raise SystemExit(f"unknown worker {worker!r}")
