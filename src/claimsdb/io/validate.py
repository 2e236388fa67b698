"""Validating a bundle against the database: every cell checked, every name resolved, no writes.

The result is a ``Plan``: the rows to insert with their references resolved either to an existing
row id (an ``int``) or to a row the same bundle creates (its ``str`` key, slug or name). Every
problem becomes one ``FILE:ROW:COLUMN: message`` line; the loader writes only a plan without any.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from claimsdb.dates import written_form
from claimsdb.errors import InvalidInput
from claimsdb.figures import VAGUE, parse_figure, vague_key
from claimsdb.io.bundle import Bundle, Row
from claimsdb.io.cells import (
    Problems,
    read_date,
    read_period,
    read_text,
    shape_problem,
    split_aliases,
)
from claimsdb.models import (
    GRADES,
    QUALIFIERS,
    SOURCE_KINDS,
    STATUSES,
    Document,
    Event,
    EventName,
    Metric,
    Source,
    SourceName,
)
from claimsdb.names import did_you_mean, fold, slugify
from claimsdb.queries import claim_rows, format_number

Ref = int | str  # an existing row's id, or the key/slug/name of a row this bundle creates
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")


@dataclass(slots=True)
class Plan:
    """What loading a bundle will write, in dependency order."""

    metrics: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    kept: int = 0


@dataclass(slots=True)
class _Names:
    """Folded name -> (reference, shown name) for one kind of thing, DB rows and bundle rows."""

    what: str
    refs: dict[str, Ref] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, ref: Ref, shown: str) -> Ref | None:
        """Register ``name``; returns the other reference if the folded form is taken."""
        folded = fold(name)
        if not folded:
            return None
        taken = self.refs.get(folded)
        if taken is not None and taken != ref:
            return taken
        self.refs[folded] = ref
        self.shown[folded] = shown
        return None

    def find(self, name: str) -> Ref | None:
        return self.refs.get(fold(name))

    def miss(self, name: str) -> str:
        return did_you_mean(self.what, name, self.shown)


class Validator:
    """Checks a bundle against one database snapshot and produces a ``Plan``."""

    def __init__(self, conn: Connection, bundle: Bundle, *, create_missing: bool, keep: bool):
        self.conn = conn
        self.bundle = bundle
        self.create_missing = create_missing
        # keep=True (seeding): rows that exist already are left exactly as the user has them.
        self.keep = keep
        self.problems = Problems()
        self.plan = Plan()
        self.metrics: dict[str, Ref] = {}
        self.metric_units: dict[str, str] = {}
        for metric_id, name, unit in conn.execute(select(Metric.id, Metric.name, Metric.unit)):
            self.metrics[name] = metric_id
            self.metric_units[name] = unit
        self.events = _Names("event")
        for ev_id, name in conn.execute(select(EventName.event_id, EventName.name)):
            self.events.add(name, ev_id, name)
        self.event_slugs: dict[Ref | None, str] = {
            ev_id: slug for ev_id, slug in conn.execute(select(Event.id, Event.slug))
        }
        self.sources = _Names("source")
        self.source_info: dict[Ref, tuple[str, str]] = {}
        self.source_names: dict[Ref, str] = {}
        for src in conn.execute(select(Source.__table__)):
            self.source_info[src.id] = (src.kind, src.affiliation or "")
            self.source_names[src.id] = src.name
        for src_id, name in conn.execute(select(SourceName.source_id, SourceName.name)):
            self.sources.add(name, src_id, name)
        self.documents: dict[str, Ref] = {}
        self.document_urls: dict[str, Ref] = {}
        self.document_keys: dict[Ref, str] = {}
        self.document_url_of: dict[str, str] = {}
        for doc_id, key, url in conn.execute(select(Document.id, Document.key, Document.url)):
            self.documents[key] = doc_id
            self.document_keys[doc_id] = key
            if url:
                self.document_urls[url] = doc_id
                self.document_url_of[key] = url

    def run(self) -> Plan:
        """Validate every table; raise ``BundleInvalid`` listing all problems, else the plan."""
        for row in self.bundle.rows("metrics"):
            self._metric(row)
        for row in self.bundle.rows("sources"):
            self._source(row)
        for row in self.bundle.rows("events"):
            self._event(row)
        self._event_parents()
        for row in self.bundle.rows("documents"):
            self._document(row)
        self._claims(self.bundle.rows("claims"))
        self.problems.raise_if_any()
        return self.plan

    # -- vocabulary and names -------------------------------------------------------------------

    def _metric(self, row: Row) -> None:
        name = read_text(row, "name", self.problems, required=True)
        unit = read_text(row, "unit", self.problems, required=True)
        if not name:
            return
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            self.problems.add(row, "name", f"metric {name!r}: use lowercase letters, digits and _")
        elif name not in self.metrics:
            self.metrics[name] = name
            self.metric_units[name] = unit
            description = read_text(row, "description", self.problems) or None
            self.plan.metrics.append({"name": name, "unit": unit, "description": description})

    def _source(self, row: Row) -> None:
        name = read_text(row, "name", self.problems, required=True)
        kind = read_text(row, "kind", self.problems, required=True)
        affiliation = read_text(row, "affiliation", self.problems)
        if kind and kind not in SOURCE_KINDS:
            self.problems.add(row, "kind", f"unknown kind {kind!r}; use {', '.join(SOURCE_KINDS)}")
        if not name:
            return
        existing = self.sources.find(name)
        if isinstance(existing, int):
            return  # kept as stored; updating existing rows is the import's update path
        if existing is not None:
            self.problems.add(row, "name", f"source {name!r} is defined twice")
            return
        aliases = split_aliases(read_text(row, "aliases", self.problems))
        for form in [name, *aliases]:
            taken = self.sources.add(form, name, name)
            if taken is not None:
                self.problems.add(row, "aliases", f"{form!r} already names source {taken!r}")
        self.source_info[name] = (kind, affiliation)
        self.plan.sources.append(
            {
                "name": name,
                "kind": kind,
                "affiliation": affiliation or None,
                "description": read_text(row, "description", self.problems) or None,
                "aliases": aliases,
            }
        )

    def _event(self, row: Row) -> None:
        name = read_text(row, "name", self.problems, required=True)
        slug = read_text(row, "slug", self.problems) or (slugify(name) if name else "")
        if not name:
            return
        if slug != slugify(slug):
            self.problems.add(row, "slug", f"slug {slug!r}: use lowercase words joined by '-'")
            return
        existing = self.events.find(slug)
        if isinstance(existing, int):
            return
        if existing is not None:
            self.problems.add(row, "slug", f"event {slug!r} is defined twice")
            return
        aliases = split_aliases(read_text(row, "aliases", self.problems))
        for form in [slug, name, *aliases]:
            taken = self.events.add(form, slug, name)
            if taken is not None:
                self.problems.add(row, "aliases", f"{form!r} already names another event")
        self.plan.events.append(
            {
                "slug": slug,
                "name": name,
                "aliases": aliases,
                "parent": read_text(row, "parent", self.problems),
                "row": row,
                "place": read_text(row, "place", self.problems) or None,
                "description": read_text(row, "description", self.problems) or None,
                **read_period(row, self.problems),
            }
        )

    def _event_parents(self) -> None:
        for ev in self.plan.events:
            row = ev.pop("row")
            parent = ev.pop("parent")
            ev["parent_ref"] = None
            if parent:
                ref = self.events.find(parent)
                if ref is None:
                    self.problems.add(row, "parent", self.events.miss(parent))
                elif ref == ev["slug"]:
                    self.problems.add(row, "parent", "an event cannot be its own parent")
                else:
                    ev["parent_ref"] = ref
        # A parent chain among new events must end; existing rows cannot point at new ones.
        parents = {ev["slug"]: ev["parent_ref"] for ev in self.plan.events}
        for slug in parents:
            seen, at = set(), slug
            while isinstance(at, str) and at in parents:
                if at in seen:
                    self.problems.add(
                        Row(self.bundle.origin, 0, {}), "parent", f"events form a cycle at {slug}"
                    )
                    break
                seen.add(at)
                at = parents[at]

    def _document(self, row: Row) -> None:
        key = read_text(row, "key", self.problems, required=True)
        title = read_text(row, "title", self.problems, required=True)
        if not key:
            return
        if not _KEY.match(key):
            self.problems.add(row, "key", f"key {key!r}: use letters, digits and . _ : -")
            return
        if isinstance(self.documents.get(key), int):
            return
        if key in self.documents:
            self.problems.add(row, "key", f"document {key!r} is defined twice")
            return
        published = read_date(row, "published_on", self.problems)
        text = row.values.get("text") or None
        text_file = read_text(row, "text_file", self.problems)
        if text_file:
            text = self._read_text_file(row, text_file)
        if text is not None and "\x00" in text:
            self.problems.add(row, "text", "contains a NUL character")
        url = read_text(row, "url", self.problems) or None
        self.documents[key] = key
        if url:
            self.document_urls.setdefault(url, key)
            self.document_url_of[key] = url
        self.plan.documents.append(
            {
                "key": key,
                "title": title,
                "publisher": read_text(row, "publisher", self.problems) or None,
                "published_first": published.first if published else None,
                "published_last": published.last if published else None,
                "published_precision": published.precision if published else None,
                "url": url,
                "citation": read_text(row, "citation", self.problems) or None,
                "licence": read_text(row, "licence", self.problems) or None,
                "text": text,
            }
        )

    def _read_text_file(self, row: Row, name: str) -> str | None:
        base = self.bundle.base or Path(".")
        path = (base / name).resolve()
        if base.resolve() not in path.parents:
            self.problems.add(row, "text_file", f"{name!r} must be a file inside the bundle folder")
            return None
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problems.add(row, "text_file", f"no file {name!r} next to the bundle")
        except UnicodeDecodeError:
            self.problems.add(row, "text_file", f"{name!r} is not UTF-8 text")
        return None

    # -- claims ---------------------------------------------------------------------------------

    def _claims(self, rows: list[Row]) -> None:
        keys = [r.values.get("key", "").strip() for r in rows]
        refs = {
            r.values.get(c, "").strip()
            for r in rows
            for c in ("derived_from", "supersedes", "part_of")
        }
        wanted = sorted({k for k in keys if k} | {k for k in refs if k})
        existing = {c["key"]: c for c in claim_rows(self.conn, keys=wanted)}
        self.existing_ids = self._claim_ids(wanted)
        self.bundle_keys: set[str] = set()
        # Keys of rows that fail validation: references to them are not reported a second time.
        self.failed_keys = {k for k in keys if k}
        parsed: list[tuple[Row, dict[str, Any]]] = []
        for row in rows:
            claim = self._claim(row)
            if claim is None:
                continue
            key = claim["key"]
            if key in self.bundle_keys:
                self.problems.add(row, "key", f"key {key!r} appears twice in this bundle")
                continue
            self.bundle_keys.add(key)
            parsed.append((row, claim))
        for row, claim in parsed:
            self._claim_refs(row, claim)
        self._refuse_cycles(parsed)
        for row, claim in parsed:
            stored = existing.get(claim["key"])
            if stored is None:
                self.plan.claims.append(claim)
            elif stored == claim["interchange"]:
                self.plan.unchanged += 1
            elif self.keep:
                self.plan.kept += 1
            else:
                differing = [c for c in stored if stored[c] != claim["interchange"].get(c)]
                self.problems.add(
                    row,
                    differing[0] if differing else "key",
                    f"claim {claim['key']!r} exists with other values "
                    f"({', '.join(differing)}); this loader only adds new claims",
                )

    def _claim_ids(self, keys: list[str]) -> dict[str, int]:
        from claimsdb.models import Claim

        ids: dict[str, int] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            for cid, key in self.conn.execute(
                select(Claim.id, Claim.key).where(Claim.key.in_(chunk))
            ):
                ids[key] = cid
        return ids

    def _claim(self, row: Row) -> dict[str, Any] | None:
        p = self.problems
        before = p.total
        out: dict[str, Any] = {}
        event_name = read_text(row, "event", p, required=True)
        metric = read_text(row, "metric", p, required=True)
        claimant = read_text(row, "claimant", p, required=True)
        out["event_ref"] = self._event_ref(row, event_name) if event_name else None
        if metric and metric not in self.metrics:
            known = ", ".join(sorted(self.metrics))
            p.add(row, "metric", f"unknown metric {metric!r}; known: {known}")
        out["metric_ref"] = self.metrics.get(metric)
        out["population"] = read_text(row, "population", p)
        out.update(self._figure(row, metric))
        out.update(read_period(row, p))
        out["claimant_ref"] = self._claimant(row, claimant) if claimant else None
        reported_by = read_text(row, "reported_by", p)
        out["reported_by_ref"] = None
        if reported_by:
            out["reported_by_ref"] = self.sources.find(reported_by)
            if out["reported_by_ref"] is None:
                p.add(row, "reported_by", self.sources.miss(reported_by))
        out["document_ref"] = self._document_ref(row)
        for column in ("quote", "locator", "notes"):
            out[column] = read_text(row, column, p) or None
        claimed = read_date(row, "claimed_on", p)
        out["claimed_first"] = claimed.first if claimed else None
        out["claimed_last"] = claimed.last if claimed else None
        out["claimed_precision"] = claimed.precision if claimed else None
        status = read_text(row, "status", p) or "active"
        if status not in STATUSES:
            p.add(row, "status", f"unknown status {status!r}; use {', '.join(STATUSES)}")
        out["status"] = status
        grade = read_text(row, "grade", p) or None
        if grade and grade not in GRADES:
            p.add(row, "grade", f"unknown grade {grade!r}; use {', '.join(GRADES)}")
        out["grade"] = grade
        key = read_text(row, "key", p)
        if key and not _KEY.match(key):
            p.add(row, "key", f"key {key!r}: use letters, digits and . _ : - (at most 200)")
        if p.total > before:
            return None
        out["key"] = key or self._new_key(event_name, metric, claimant)
        out["interchange"] = self._interchange(row, out)
        return out

    def _new_key(self, event: str, metric: str, claimant: str) -> str:
        stem = slugify(f"{event} {metric} {claimant}")[:180]
        n, key = 1, stem
        while key in self.bundle_keys or key in self.existing_ids:
            n += 1
            key = f"{stem}-{n}"
        return key

    def _event_ref(self, row: Row, name: str) -> Ref | None:
        ref = self.events.find(name)
        if ref is not None:
            return ref
        if not self.create_missing:
            self.problems.add(row, "event", self.events.miss(name))
            return None
        slug = slugify(name)
        self.events.add(name, slug, name)
        self.events.add(slug, slug, name)
        self.plan.events.append(
            {
                "slug": slug,
                "name": name,
                "aliases": [],
                "parent_ref": None,
                "place": None,
                "description": None,
                "period_first": None,
                "period_last": None,
                "period_start_precision": None,
                "period_end_precision": None,
            }
        )
        return slug

    def _claimant(self, row: Row, name: str) -> Ref | None:
        kind = read_text(row, "claimant_kind", self.problems)
        affiliation = read_text(row, "affiliation", self.problems)
        ref = self.sources.find(name)
        if ref is None:
            if not self.create_missing:
                self.problems.add(row, "claimant", self.sources.miss(name))
                return None
            if kind not in SOURCE_KINDS:
                self.problems.add(
                    row,
                    "claimant_kind",
                    f"needed to create source {name!r}: one of {', '.join(SOURCE_KINDS)}",
                )
                return None
            self.sources.add(name, name, name)
            self.source_info[name] = (kind, affiliation)
            self.plan.sources.append(
                {
                    "name": name,
                    "kind": kind,
                    "affiliation": affiliation or None,
                    "description": None,
                    "aliases": [],
                }
            )
            return name
        stored_kind, stored_affiliation = self.source_info[ref]
        if not self.keep:
            if kind and kind != stored_kind:
                self.problems.add(row, "claimant_kind", f"{name!r} is of kind {stored_kind!r}")
            if affiliation and affiliation != stored_affiliation:
                shown = stored_affiliation or "unknown (empty)"
                self.problems.add(row, "affiliation", f"{name!r} has affiliation {shown}")
        return ref

    def _document_ref(self, row: Row) -> Ref | None:
        key = read_text(row, "document", self.problems)
        url = read_text(row, "url", self.problems)
        if key:
            ref = self.documents.get(key)
            if ref is not None:
                return ref
        elif url and url in self.document_urls:
            return self.document_urls[url]
        elif not url:
            return None
        if not self.create_missing:
            shown = key or url
            self.problems.add(row, "document" if key else "url", f"unknown document {shown!r}")
            return None
        new_key = key or url[:200]
        self.documents[new_key] = new_key
        if url:
            self.document_urls[url] = new_key
            self.document_url_of[new_key] = url
        self.plan.documents.append(
            {
                "key": new_key,
                "title": key or url,
                "url": url or None,
                **dict.fromkeys(
                    (
                        "publisher",
                        "published_first",
                        "published_last",
                        "published_precision",
                        "citation",
                        "licence",
                        "text",
                    )
                ),
            }
        )
        return new_key

    def _figure(self, row: Row, metric: str) -> dict[str, Any]:
        p = self.problems
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
            numbers[column] = float(text) if text else None
        if figure_text or (not qualifier and not any(v is not None for v in numbers.values())):
            source_text = figure_text or phrase
            column = "figure" if figure_text else "phrase"
            if not source_text:
                p.add(row, "phrase", "required, but empty (give phrase, figure or qualifier)")
                return {}
            try:
                fig = parse_figure(source_text)
            except InvalidInput as exc:
                p.add(row, column, str(exc))
                return {}
            if (
                fig.percent != (self.metric_units.get(metric) == "percent")
                and metric in self.metrics
            ):
                unit = self.metric_units.get(metric, "?")
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
        if qualifier not in QUALIFIERS:
            p.add(row, "qualifier", f"unknown qualifier {qualifier!r}; use {', '.join(QUALIFIERS)}")
            return {}
        shape = None if unreadable else shape_problem(qualifier, numbers)
        if shape:
            p.add(row, shape[0], shape[1])
        vague = vague_key(phrase) if qualifier == "vague" else None
        if qualifier == "vague" and vague is None:
            p.add(
                row,
                "phrase",
                f"{phrase!r} is not a vague amount claimsdb has a convention for "
                f"({', '.join(VAGUE)}); give the numbers the source wrote instead",
            )
        return {"qualifier": qualifier, **numbers, "vague": vague, "phrase": phrase}

    def _claim_refs(self, row: Row, claim: dict[str, Any]) -> None:
        for column in ("derived_from", "supersedes", "part_of"):
            key = read_text(row, column, self.problems)
            claim[f"{column}_ref"] = None
            if not key:
                continue
            if key == claim["key"]:
                self.problems.add(row, column, "a claim cannot refer to itself")
            elif key in self.bundle_keys:
                claim[f"{column}_ref"] = key
            elif key in self.existing_ids:
                claim[f"{column}_ref"] = self.existing_ids[key]
            elif key not in self.failed_keys:
                self.problems.add(row, column, f"unknown claim key {key!r}")

    def _refuse_cycles(self, parsed: list[tuple[Row, dict[str, Any]]]) -> None:
        # Existing claims cannot point at new ones, so a cycle lies wholly within the bundle.
        for column in ("derived_from", "part_of"):
            links = {c["key"]: c[f"{column}_ref"] for _, c in parsed}
            for row, claim in parsed:
                seen, at = {claim["key"]}, links.get(claim["key"])
                while isinstance(at, str):
                    if at in seen:
                        self.problems.add(row, column, f"{column} forms a cycle through {at!r}")
                        break
                    seen.add(at)
                    at = links.get(at)

    def _interchange(self, row: Row, claim: dict[str, Any]) -> dict[str, str]:
        """The claim as an export would write it, to tell identical re-imports from changes."""
        source = self._source_name
        document = claim["document_ref"]
        doc_key = self.document_keys.get(document, "") if isinstance(document, int) else document
        kind, affiliation = self.source_info.get(claim["claimant_ref"], ("", ""))
        return {
            "key": claim["key"],
            "event": self.event_slugs.get(claim["event_ref"], claim["event_ref"]),
            "metric": row.values.get("metric", "").strip(),
            "population": claim["population"],
            "low": format_number(claim["low"]),
            "high": format_number(claim["high"]),
            "best": format_number(claim["best"]),
            "qualifier": claim["qualifier"],
            "phrase": claim["phrase"],
            "period_start": written_form(claim["period_first"], claim["period_start_precision"]),
            "period_end": written_form(claim["period_last"], claim["period_end_precision"]),
            "claimant": source(claim["claimant_ref"]),
            "claimant_kind": kind,
            "affiliation": affiliation,
            "reported_by": source(claim["reported_by_ref"]),
            "document": doc_key or "",
            "url": self.document_url_of.get(doc_key or "", ""),
            "quote": claim["quote"] or "",
            "locator": claim["locator"] or "",
            "claimed_on": written_form(claim["claimed_first"], claim["claimed_precision"]),
            "derived_from": row.values.get("derived_from", "").strip(),
            "supersedes": row.values.get("supersedes", "").strip(),
            "part_of": row.values.get("part_of", "").strip(),
            "status": claim["status"],
            "grade": claim["grade"] or "",
            "notes": claim["notes"] or "",
        }

    def _source_name(self, ref: Ref | None) -> str:
        if ref is None:
            return ""
        return self.source_names.get(ref, "") if isinstance(ref, int) else ref
