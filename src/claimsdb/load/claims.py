"""Checking the claims of a bundle: cells, figures, names, keys, references and cycles.

Claims are checked a chunk of ``CHUNK`` rows at a time, so a file of any length stays bounded in
memory: each chunk's new claims go to the writer as soon as they are checked, for as long as no
problem has been found; after the first problem the rest is still checked (to report every
problem) but no longer written, and the problems end the load with ``BundleInvalid``, which rolls
its transaction back. A row whose key exists is merged over the stored claim (so a file with a
few columns edits just those) and becomes an update when the result differs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from sqlalchemy import Connection, select

from claimsdb.errors import InvalidInput
from claimsdb.interchange import claim_row
from claimsdb.load.cells import (
    KEY,
    KEY_WIDTH,
    cell_problem,
    date_columns,
    read_date,
    read_figure,
    read_period,
    read_text,
)
from claimsdb.load.entities import CheckContext, EntityChecker
from claimsdb.load.known import has_cycle
from claimsdb.load.plan import Ref
from claimsdb.load.problems import CREATE
from claimsdb.load.readers import Row
from claimsdb.names import slugify
from claimsdb.read.claims import claim_rows
from claimsdb.store.models import Claim
from claimsdb.store.sql import among
from claimsdb.vocabulary import GRADES, LINKS, NUMBER_COLUMNS, SOURCE_KINDS, STATUSES

CHUNK = 10_000
# The columns a figure is stored in: a new figure replaces them all.
FIGURE_COLUMNS = (*NUMBER_COLUMNS, "qualifier")
# Room left in a key made from names for a "-2", "-3" … that tells it from one taken already.
_KEY_STEM = KEY_WIDTH - 20

Sink = Callable[[list[dict[str, Any]]], None]


def _chunks(rows: Iterable[Row]) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def claim_ids(conn: Connection, keys: list[str]) -> dict[str, int]:
    """Ids of the claims with these keys (any number of keys)."""
    ids: dict[str, int] = {}
    for condition in among(conn, Claim.key, keys):
        ids.update(
            (key, cid) for cid, key in conn.execute(select(Claim.id, Claim.key).where(condition))
        )
    return ids


class ClaimChecker:
    """Checks claim rows and records them in the plan. The names a row points to are looked up
    in ``known``; with ``create_missing`` the missing ones are checked and added by ``entities``."""

    def __init__(
        self, context: CheckContext, entities: EntityChecker, *, only_new: bool = False
    ) -> None:
        self.context = context
        self.conn = context.conn
        self.known = context.known
        self.p = context.problems
        self.entities = entities
        # ``claimsdb add``: a key already in the database is refused. Checked here, inside the
        # write transaction, so two people adding the same key at once cannot turn the second
        # addition into an edit of the first.
        self.only_new = only_new
        self.bundle_keys: set[str] = set()
        # Keys of rows that fail validation: references to them are not reported a second time.
        self.failed_keys: set[str] = set()
        self.ids: dict[str, int] = {}
        self.stored: dict[str, dict[str, str]] = {}
        # (row, key, {column: key}) of every checked claim that refers to another claim
        self.linked: list[tuple[Row, str, dict[str, str]]] = []
        # Whether the database held claims when the load began. Loads queue for the write lock
        # (``store.engine.write``), so one that began with none has only its own rows to meet,
        # and a key of the bundle repeated is caught by ``bundle_keys`` before any look-up.
        self.none_stored = self.conn.execute(select(Claim.id).limit(1)).first() is None

    def check(self, rows: Iterable[Row], sink: Sink | None = None) -> None:
        """Check every row, a chunk at a time; hand each chunk's new claims to ``sink`` while no
        problem has been found. References between claims are checked once all rows are seen.

        A chunk's stored claims are looked up before the previous chunk goes to ``sink``: a sink
        that writes in the background (``bulk.ClaimInserter``) then has the connection to itself
        while this chunk is checked."""
        checked: list[dict[str, Any]] = []
        for chunk in _chunks(rows):
            found = self._look_up(chunk)
            self._hand(checked, sink)
            checked = self._chunk(chunk, found)
        self._hand(checked, sink)
        self._check_links()

    def _hand(self, new: list[dict[str, Any]], sink: Sink | None) -> None:
        if sink is not None and not self.p.total and new:
            sink(new)

    def _look_up(self, rows: list[Row]) -> dict[str, int]:
        """The ids of the chunk's keys that are stored; their claims go to ``stored``."""
        if self.none_stored:
            return {}
        # Only well-formed keys can be stored ones (PostgreSQL refuses even to look up a NUL).
        keys = [k for k in (r.values.get("key", "").strip() for r in rows) if KEY.match(k)]
        found = claim_ids(self.conn, keys)
        self.ids.update(found)
        self.stored = {c["key"]: c for c in claim_rows(self.conn, keys=list(found))}
        return found

    def _chunk(self, rows: list[Row], found: dict[str, int]) -> list[dict[str, Any]]:
        """Check a chunk; its new claims are returned (and recorded in the plan)."""
        new: list[dict[str, Any]] = []
        for row in rows:
            claim = self._claim(row)
            if claim is None:
                self.failed_keys.add(row.values.get("key", "").strip())
                continue
            key = claim["key"]
            if key in self.bundle_keys:
                self.p.add(row, "key", f"key {key!r} appears twice in this bundle")
                continue
            self.bundle_keys.add(key)
            links = claim["links"]
            for column, target in links.items():
                if target == key:
                    self.p.add(row, column, "a claim cannot refer to itself")
            if any(links.values()):
                self.linked.append((row, key, links))
                self.context.plan.link(key, links)
            stored = self.stored.get(key)
            if stored is not None and self.only_new:
                raise InvalidInput(f"claim {key!r} exists already; change it with `claimsdb edit`")
            if stored is None:
                new.append(claim)
                continue
            after = claim.get("after") or claim_row(claim, self.known.claim_names(claim))
            if (stored["status"], after["status"]) == ("superseded", "active") and self._replaced(
                found[key]
            ):
                # A file that lists the claim as active alongside (or before) the claim that
                # supersedes it does not bring it back: superseding is what made it so.
                claim["status"] = after["status"] = "superseded"
            self.context.plan.existing_claim(
                found[key], claim, stored, after, keep=self.context.keep_existing
            )
        self.context.plan.new_claims(new)
        return new

    def _replaced(self, claim_id: int) -> bool:
        """Whether some stored claim supersedes this one."""
        query = select(Claim.id).where(Claim.supersedes_id == claim_id).limit(1)
        return self.conn.execute(query).first() is not None

    def _check_links(self) -> None:
        """Every referenced key exists (here or in the database); derived_from and part_of
        chains never come back to where they started."""
        if not self.linked:
            return
        targets = {t for _, _, links in self.linked for t in links.values() if t}
        unknown = targets - self.bundle_keys - set(self.ids)
        self.ids.update(claim_ids(self.conn, sorted(unknown)))
        for row, _key, links in self.linked:
            for column, target in links.items():
                if (
                    target
                    and target not in self.bundle_keys
                    and target not in self.ids
                    and target not in self.failed_keys
                ):
                    self.p.unknown(
                        row,
                        column,
                        "claim key",
                        target,
                        partial("unknown claim key {!r}".format, target),
                    )
        for column in ("derived_from", "part_of"):
            field_ = getattr(Claim, f"{column}_id")
            edges: dict[Any, Any] = {
                claim_id: linked
                for claim_id, linked in self.conn.execute(
                    select(Claim.id, field_).where(field_.is_not(None))
                )
            }
            for _row, key, links in self.linked:
                target = links[column]
                edges[self.ids.get(key, key)] = self.ids.get(target, target) if target else None
            for row, key, links in self.linked:
                if links[column] and has_cycle(edges, self.ids.get(key, key)):
                    self.p.add(row, column, f"{column} forms a cycle through {key!r}")

    # -- one row --------------------------------------------------------------------------------

    def _merged(self, row: Row) -> Row:
        key = row.values.get("key", "").strip()
        stored = self.stored.get(key)
        if stored is None or self.context.keep_existing:
            return row
        values = dict(row.values)
        if values.get("figure", "").strip():
            # A new figure replaces the stored numbers, and is the phrase unless one is given.
            stored = {**stored, **dict.fromkeys(FIGURE_COLUMNS, "")}
            values.setdefault("phrase", values["figure"])
        return Row(row.file, row.line, {**stored, **values})

    def _claim(self, row: Row) -> dict[str, Any] | None:
        p = self.p
        before = p.total
        merged = self._merged(row)
        values = merged.values
        if cell_problem("".join(values.values())) is not None:  # then find the cells
            refused = False
            for column, value in values.items():
                reason = cell_problem(value)
                if reason is not None:
                    p.add(row, column, reason)
                    refused = True
            if refused:
                return None
        out: dict[str, Any] = {}
        event_name = read_text(merged, "event", p, required=True)
        metric = read_text(merged, "metric", p, required=True).lower()
        claimant = read_text(merged, "claimant", p, required=True)
        out["event_ref"] = self._event(merged, event_name) if event_name else None
        if metric and metric not in self.known.metrics:
            known = "known: " + ", ".join(sorted(self.known.metrics))
            p.unknown(
                row,
                "metric",
                "metric",
                metric,
                lambda: f"unknown metric {metric!r}; {known}",
                ("", known),
            )
        out["metric_ref"] = self.known.metrics.get(metric)
        out["population"] = values.get("population", "").strip()
        out["scope"] = values.get("scope", "").strip()
        out.update(read_figure(merged, p, metric, self.known.metric_units.get(metric)))
        out.update(read_period(merged, p))
        # Kind and affiliation are checked as the row states them, not as merged from storage.
        out["claimant_ref"] = self._claimant(row, claimant) if claimant else None
        reported_by = values.get("reported_by", "").strip()
        out["reported_by_ref"] = None
        if reported_by:
            out["reported_by_ref"] = self.known.sources.find(reported_by)
            if out["reported_by_ref"] is None:
                p.unknown(
                    row,
                    "reported_by",
                    "source",
                    reported_by,
                    lambda: self.known.sources.miss(reported_by),
                )
        out["document_ref"] = self._document(merged)
        for column in ("quote", "locator", "notes"):
            out[column] = values.get(column, "").strip() or None
        out.update(date_columns("claimed", read_date(merged, "claimed_on", p)))
        out["status"] = values.get("status", "").strip() or "active"
        if out["status"] not in STATUSES:
            p.add(row, "status", f"unknown status {out['status']!r}; use {', '.join(STATUSES)}")
        out["grade"] = values.get("grade", "").strip() or None
        if out["grade"] and out["grade"] not in GRADES:
            p.add(row, "grade", f"unknown grade {out['grade']!r}; use {', '.join(GRADES)}")
        key = values.get("key", "").strip()
        if key and not KEY.match(key):
            p.add(row, "key", f"key {key!r}: use letters, digits and . _ : - (at most {KEY_WIDTH})")
        if p.total > before:
            return None
        claimant_name = self.known.source_names.get(out["claimant_ref"], claimant)
        out["key"] = key or self._new_key(event_name, metric, claimant_name)
        out["links"] = {c: values.get(c, "").strip() for c in LINKS}
        out["metric"] = metric
        if self.context.plan.keeps_rows:
            out["after"] = claim_row(out, self.known.claim_names(out))
        return out

    def _new_key(self, event: str, metric: str, claimant: str) -> str:
        event_ref = self.known.events.find(event)
        slug = self.known.event_slugs.get(event_ref or "", event)
        stem = slugify(f"{slug} {metric} {claimant}")[:_KEY_STEM]
        n, key = 1, stem
        while key in self.bundle_keys or key in self.ids or self._exists(key):
            n += 1
            key = f"{stem}-{n}"
        return key

    def _exists(self, key: str) -> bool:
        found = claim_ids(self.conn, [key])
        self.ids.update(found)
        return bool(found)

    # -- the names a row points to: found, created with --create-missing, or reported ---------

    def _unknown(self, row: Row, column: str, what: str, name: str, describe: Any) -> None:
        self.p.unknown(row, column, what, name, describe, CREATE)

    def _event(self, row: Row, name: str) -> Ref | None:
        events = self.known.events
        ref = events.find(name)
        if ref is not None:
            return ref
        if not self.context.create_missing:
            self._unknown(row, "event", "event", name, lambda: events.miss(name))
            return None
        # Created as if the bundle's events table named it: one set of rules for both paths.
        self.entities.add_row("events", Row(row.file, row.line, {"name": name}))
        return events.find(name)

    def _claimant(self, row: Row, name: str) -> Ref | None:
        kind = read_text(row, "claimant_kind", self.p)
        affiliation = read_text(row, "affiliation", self.p)
        sources = self.known.sources
        ref = sources.find(name)
        if ref is None:
            if not self.context.create_missing:
                self._unknown(row, "claimant", "source", name, lambda: sources.miss(name))
                return None
            if kind not in SOURCE_KINDS:
                self.p.add(
                    row,
                    "claimant_kind",
                    f"needed to create source {name!r}: one of {', '.join(SOURCE_KINDS)}",
                )
                return None
            values = {"name": name, "kind": kind, "affiliation": affiliation}
            self.entities.add_row("sources", Row(row.file, row.line, values))
            return sources.find(name)
        if self.context.keep_existing:
            return ref
        stored_kind, stored_affiliation = self.known.source_info[ref]
        shown = self.known.source_names.get(ref, name)
        if kind and kind != stored_kind:
            self.p.add(
                row, "claimant_kind", f"{shown!r} is of kind {stored_kind!r}; change it in sources"
            )
        if affiliation and self.entities.affiliation(row) != (stored_affiliation or None):
            stored = stored_affiliation or "unknown (empty)"
            self.p.add(
                row, "affiliation", f"{shown!r} has affiliation {stored}; change it in sources"
            )
        return ref

    def _document(self, row: Row) -> Ref | None:
        """The document named by key or, without one, by URL (None when the row gives neither)."""
        key = read_text(row, "document", self.p)
        url = read_text(row, "url", self.p)
        known = self.known
        if key and key in known.documents:
            return known.documents[key]
        if not key:
            if not url:
                return None
            if url in known.document_urls:
                return known.document_urls[url]
        if not self.context.create_missing:
            shown = key or url
            column = "document" if key else "url"
            self._unknown(row, column, "document", shown, lambda: f"unknown document {shown!r}")
            return None
        # A document known only by its URL gets a key made from it (keys allow no "/").
        new_key = key or slugify(url)[:KEY_WIDTH]
        if not KEY.match(new_key):
            self.p.add(row, "document", f"key {new_key!r}: use letters, digits and . _ : -")
            return None
        values = {"key": new_key, "title": key or url, "url": url}
        self.entities.add_row("documents", Row(row.file, row.line, values))
        return known.documents.get(new_key)
