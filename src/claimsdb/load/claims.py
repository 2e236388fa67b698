"""Validating the claims of a bundle: figures, names, references and cycles.

A row whose key exists is merged over the stored claim (so a file with a few columns edits just
those) and becomes an update when the result differs; identical rows are counted unchanged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from claimsdb.errors import InvalidInput
from claimsdb.figures import Figure, parse_figure, vague_key
from claimsdb.interchange import claim_row, number_text
from claimsdb.load.cells import cell_problem, read_date, read_period, read_text, shape_problem
from claimsdb.load.entities import KEY, Ref, Update, has_cycle
from claimsdb.load.readers import Row
from claimsdb.names import slugify
from claimsdb.read.claims import claim_rows
from claimsdb.store.models import Claim
from claimsdb.store.sql import among
from claimsdb.vocabulary import (
    FIGURE_LIMIT,
    GRADES,
    LINKS,
    QUALIFIERS,
    SOURCE_KINDS,
    STATUSES,
    VAGUE,
)

if TYPE_CHECKING:
    from claimsdb.load.entities import Validator

_NUMBER = re.compile(r"^\d+(\.\d+)?$")
CHUNK = 10_000
FIGURE_COLUMNS = ("low", "high", "best", "qualifier")
DB_COLUMNS = (
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


@functools.lru_cache(maxsize=65_536)
def _parsed(text: str) -> Figure | str:
    """The figure a phrase reads as, or the reason it cannot be read (cached: phrases repeat)."""
    try:
        return parse_figure(text)
    except InvalidInput as exc:
        return str(exc)


def _describe(qualifier: str, low: Any, high: Any, best: Any) -> str:
    numbers = ", ".join(
        f"{n}={number_text(v)}"
        for n, v in (("low", low), ("high", high), ("best", best))
        if v is not None
    )
    return f"{qualifier} ({numbers})" if numbers else qualifier


def claim_ids(conn: Connection, keys: list[str]) -> dict[str, int]:
    """Ids of the claims with these keys (any number of keys)."""
    ids: dict[str, int] = {}
    for condition in among(conn, Claim.key, keys):
        ids.update(
            (key, cid) for cid, key in conn.execute(select(Claim.id, Claim.key).where(condition))
        )
    return ids


class ClaimChecker:
    """Checks claim rows in the context of a ``Validator``, a chunk at a time.

    New claims of each chunk go to ``sink`` (the writer) as soon as they are checked, so memory
    stays bounded however long the file; the caller's transaction is rolled back if any problem
    turns up later. Changed existing claims become updates in the plan; references between claims
    are resolved and checked for cycles once every row has been seen.
    """

    def __init__(self, v: Validator) -> None:
        self.v = v
        self.p = v.problems
        self.bundle_keys: set[str] = set()
        # Keys of rows that fail validation: references to them are not reported a second time.
        self.failed_keys: set[str] = set()
        self.ids: dict[str, int] = {}
        self.stored: dict[str, dict[str, str]] = {}
        # (row, key, {column: key}) of every checked claim that refers to another claim
        self.linked: list[tuple[Row, str, dict[str, str]]] = []

    def run(
        self,
        rows: Iterable[Row],
        sink: Callable[[list[dict[str, Any]]], None] | None = None,
        *,
        need_after: bool = False,
        only_new: bool = False,
    ) -> None:
        """Check every row; hand new claims to ``sink`` while no problem has been found.

        With ``only_new`` (``claimsdb add``) a key already in the database is refused: checked
        here, inside the write transaction, so two people adding the same key at once cannot turn
        the second addition into an edit of the first.
        """
        self.need_after = need_after
        self.only_new = only_new
        chunk: list[Row] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == CHUNK:
                self._chunk(chunk, sink)
                chunk = []
        if chunk:
            self._chunk(chunk, sink)
        self._check_links()

    def _chunk(self, rows: list[Row], sink: Callable[[list[dict[str, Any]]], None] | None) -> None:
        # Only well-formed keys can be stored ones (PostgreSQL refuses even to look up a NUL).
        keys = [k for k in (r.values.get("key", "").strip() for r in rows) if KEY.match(k)]
        found = claim_ids(self.v.conn, keys)
        self.ids.update(found)
        self.stored = {c["key"]: c for c in claim_rows(self.v.conn, keys=list(found))}
        plan = self.v.plan
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
            stored = self.stored.get(key)
            if stored is not None and self.only_new:
                raise InvalidInput(f"claim {key!r} exists already; change it with `claimsdb edit`")
            if stored is None:
                new.append(claim)
                continue
            after = claim.get("after") or self._interchange(claim)
            if (stored["status"], after["status"]) == ("superseded", "active") and self._replaced(
                found[key]
            ):
                # A file that lists the claim as active alongside (or before) the claim that
                # supersedes it does not bring it back: superseding is what made it so.
                claim["status"] = after["status"] = "superseded"
            if stored == after:
                plan.unchanged += 1
            elif self.v.mode == "seed":
                plan.kept += 1
            else:
                plan.updates.append(Update("claims", found[key], key, claim, stored, after))
        plan.created_claims += len(new)
        if self.need_after:
            plan.claims.extend(new)
        if sink is not None and not self.p.total and new:
            sink(new)

    def _replaced(self, claim_id: int) -> bool:
        """Whether some stored claim supersedes this one."""
        query = select(Claim.id).where(Claim.supersedes_id == claim_id).limit(1)
        return self.v.conn.execute(query).first() is not None

    def _check_links(self) -> None:
        """Every referenced key exists (here or in the database); derived_from and part_of
        chains never come back to where they started."""
        if not self.linked:
            return
        conn = self.v.conn
        targets = {t for _, _, links in self.linked for t in links.values() if t}
        unknown = targets - self.bundle_keys - set(self.ids)
        self.ids.update(claim_ids(conn, sorted(unknown)))
        for row, _key, links in self.linked:
            for column, target in links.items():
                if (
                    target
                    and target not in self.bundle_keys
                    and target not in self.ids
                    and target not in self.failed_keys
                ):
                    self.p.add(row, column, f"unknown claim key {target!r}", unresolved=True)
        for column in ("derived_from", "part_of"):
            field_ = getattr(Claim, f"{column}_id")
            edges: dict[Any, Any] = {
                claim_id: linked
                for claim_id, linked in conn.execute(
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
        if stored is None or self.v.mode == "seed":
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
        joined = "".join(values.values())
        if cell_problem(joined) is not None:  # then find the cells
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
        if metric and metric not in self.v.metrics:
            known = ", ".join(sorted(self.v.metrics))
            p.add(row, "metric", f"unknown metric {metric!r}; known: {known}", unresolved=True)
        out["metric_ref"] = self.v.metrics.get(metric)
        out["population"] = values.get("population", "").strip()
        out.update(self._figure(merged, metric))
        out.update(read_period(merged, p))
        # Kind and affiliation are checked as the row states them, not as merged from storage.
        out["claimant_ref"] = self._claimant(row, claimant) if claimant else None
        reported_by = values.get("reported_by", "").strip()
        out["reported_by_ref"] = None
        if reported_by:
            out["reported_by_ref"] = self.v.sources.find(reported_by)
            if out["reported_by_ref"] is None:
                p.add(row, "reported_by", self.v.sources.miss(reported_by), unresolved=True)
        out["document_ref"] = self._document(merged)
        for column in ("quote", "locator", "notes"):
            out[column] = values.get(column, "").strip() or None
        claimed = read_date(merged, "claimed_on", p)
        out["claimed_first"] = claimed.first if claimed else None
        out["claimed_last"] = claimed.last if claimed else None
        out["claimed_precision"] = claimed.precision if claimed else None
        status = values.get("status", "").strip() or "active"
        if status not in STATUSES:
            p.add(row, "status", f"unknown status {status!r}; use {', '.join(STATUSES)}")
        out["status"] = status
        grade = values.get("grade", "").strip() or None
        if grade and grade not in GRADES:
            p.add(row, "grade", f"unknown grade {grade!r}; use {', '.join(GRADES)}")
        out["grade"] = grade
        key = values.get("key", "").strip()
        if key and not KEY.match(key):
            p.add(row, "key", f"key {key!r}: use letters, digits and . _ : - (at most 200)")
        if p.total > before:
            return None
        claimant_name = self.v.source_names.get(out["claimant_ref"], claimant)
        out["key"] = key or self._new_key(event_name, metric, claimant_name)
        out["links"] = {c: values.get(c, "").strip() for c in LINKS}
        out["metric"] = metric
        if self.need_after:
            out["after"] = self._interchange(out)
        return out

    def _new_key(self, event: str, metric: str, claimant: str) -> str:
        stem = slugify(
            f"{self.v.event_slugs.get(self.v.events.find(event) or '', event)} {metric} {claimant}"
        )[:180]
        n, key = 1, stem
        while key in self.bundle_keys or key in self.ids or self._exists(key):
            n += 1
            key = f"{stem}-{n}"
        return key

    def _exists(self, key: str) -> bool:
        found = claim_ids(self.v.conn, [key])
        self.ids.update(found)
        return bool(found)

    def _event(self, row: Row, name: str) -> Ref | None:
        v = self.v
        ref = v.events.find(name)
        if ref is not None:
            return ref
        if not v.create_missing:
            self.p.add(
                row,
                "event",
                v.events.miss(name) + " (or pass --create-missing to create it)",
                unresolved=True,
            )
            return None
        # Created as if the bundle's events table named it: one set of rules for both paths.
        pending = v._event(Row(row.file, row.line, {"name": name}))
        if pending is not None:
            v._event_parents([pending])
        return v.events.find(name)

    def _claimant(self, row: Row, name: str) -> Ref | None:
        v = self.v
        kind = read_text(row, "claimant_kind", self.p)
        affiliation = read_text(row, "affiliation", self.p)
        ref = v.sources.find(name)
        if ref is None:
            if not v.create_missing:
                self.p.add(
                    row,
                    "claimant",
                    v.sources.miss(name) + " (or pass --create-missing to create it)",
                    unresolved=True,
                )
                return None
            if kind not in SOURCE_KINDS:
                self.p.add(
                    row,
                    "claimant_kind",
                    f"needed to create source {name!r}: one of {', '.join(SOURCE_KINDS)}",
                )
                return None
            values = {"name": name, "kind": kind, "affiliation": affiliation}
            v._source(Row(row.file, row.line, values))
            return v.sources.find(name)
        stored_kind, stored_affiliation = v.source_info[ref]
        if v.mode != "seed":
            shown = v.source_names.get(ref, name)
            if kind and kind != stored_kind:
                self.p.add(
                    row,
                    "claimant_kind",
                    f"{shown!r} is of kind {stored_kind!r}; change it in sources",
                )
            if affiliation and affiliation != stored_affiliation:
                stored = stored_affiliation or "unknown (empty)"
                self.p.add(
                    row, "affiliation", f"{shown!r} has affiliation {stored}; change it in sources"
                )
        return ref

    def _document(self, row: Row) -> Ref | None:
        v = self.v
        key = read_text(row, "document", self.p)
        url = read_text(row, "url", self.p)
        if key and key in v.documents:
            return v.documents[key]
        if not key:
            if not url:
                return None
            if url in v.document_urls:
                return v.document_urls[url]
        if not v.create_missing:
            shown = key or url
            self.p.add(
                row,
                "document" if key else "url",
                f"unknown document {shown!r} (or pass --create-missing to create it)",
                unresolved=True,
            )
            return None
        # A document known only by its URL gets a key made from it (keys allow no "/").
        new_key = key or slugify(url)[:200]
        if not KEY.match(new_key):
            self.p.add(row, "document", f"key {new_key!r}: use letters, digits and . _ : -")
            return None
        values = {"key": new_key, "title": key or url, "url": url}
        v._document(Row(row.file, row.line, values))
        return v.documents.get(new_key)

    def _figure(self, row: Row, metric: str) -> dict[str, Any]:
        p = self.p
        figure_text = read_text(row, "figure", p)
        phrase = read_text(row, "phrase", p)
        qualifier = read_text(row, "qualifier", p)
        numbers: dict[str, float | None] = {}
        unreadable = False
        for column in ("low", "high", "best"):
            text = read_text(row, column, p)
            if text and not _NUMBER.match(text):
                p.add(row, column, f"{text!r} is not a plain non-negative number")
                text, unreadable = "", True
            elif text and float(text) >= FIGURE_LIMIT:
                p.add(row, column, f"{text} is implausibly large (the limit is {FIGURE_LIMIT:.0e})")
                text, unreadable = "", True
            numbers[column] = float(text) if text else None
        if figure_text or (not qualifier and not any(v is not None for v in numbers.values())):
            source_text = figure_text or phrase
            column = "figure" if figure_text else "phrase"
            if not source_text:
                p.add(row, "phrase", "required, but empty (give phrase, figure or qualifier)")
                return {}
            fig = _parsed(source_text)
            if isinstance(fig, str):
                p.add(row, column, fig)
                return {}
            unit = self.v.metric_units.get(metric)
            if unit is not None and fig.percent != (unit == "percent"):
                p.add(row, column, f"{source_text!r} does not fit metric {metric!r} ({unit})")
            return {
                "qualifier": fig.qualifier,
                "low": fig.low,
                "high": fig.high,
                "best": fig.best,
                "vague": fig.vague,
                "phrase": phrase or figure_text,
            }
        if not phrase:
            p.add(row, "phrase", "required, but empty: the figure as the source wrote it")
        if not qualifier:
            p.add(row, "qualifier", "required with low, high or best (or give just the phrase)")
            return {}
        if qualifier not in QUALIFIERS:
            p.add(row, "qualifier", f"unknown qualifier {qualifier!r}; use {', '.join(QUALIFIERS)}")
            return {}
        shape = None if unreadable else shape_problem(qualifier, numbers)
        if shape:
            p.add(row, shape[0], shape[1])
        elif not unreadable and phrase:
            # Numbers given beside a readable phrase must say what the phrase says.
            read = _parsed(phrase)
            if not isinstance(read, str) and (read.qualifier, read.low, read.high, read.best) != (
                qualifier,
                numbers["low"],
                numbers["high"],
                numbers["best"],
            ):
                p.add(
                    row,
                    "phrase",
                    f"{phrase!r} reads as "
                    f"{_describe(read.qualifier, read.low, read.high, read.best)} but the row "
                    f"stores {_describe(qualifier, *numbers.values())}; make them agree or give "
                    "only the phrase",
                )
        vague = vague_key(phrase) if qualifier == "vague" else None
        if qualifier == "vague" and vague is None:
            p.add(
                row,
                "phrase",
                f"{phrase!r} is not a vague amount claimsdb has a convention for "
                f"({', '.join(VAGUE)}); give the numbers the source wrote instead",
            )
        return {"qualifier": qualifier, **numbers, "vague": vague, "phrase": phrase}

    def _interchange(self, claim: dict[str, Any]) -> dict[str, str]:
        """The claim as an export would write it, to tell identical re-imports from changes."""
        v = self.v
        document = claim["document_ref"]
        doc_key = v.document_keys.get(document, "") if document is not None else ""
        kind, affiliation = v.source_info.get(claim["claimant_ref"], ("", ""))
        reported_by = claim["reported_by_ref"]
        return claim_row(
            claim,
            {
                "event": v.event_slugs.get(claim["event_ref"], ""),
                "metric": claim["metric"],
                "claimant": v.source_names.get(claim["claimant_ref"], ""),
                "claimant_kind": kind,
                "affiliation": affiliation,
                "reported_by": v.source_names.get(reported_by, "")
                if reported_by is not None
                else "",
                "document": doc_key,
                "url": v.document_url_of.get(doc_key, ""),
                **claim["links"],
            },
        )
