"""Validating a bundle against the database: every cell checked, every name resolved, no writes.

The result is a ``Plan``: rows to create and rows to update, with references resolved either to
an existing row id (an ``int``) or to a row the same bundle creates (its ``str`` key, slug or
name). A row for something that exists is merged over the stored row (columns the file lacks keep
their stored value) and becomes an update only if the result differs. Every problem becomes one
``FILE:ROW:COLUMN: message`` line; the loader writes only a plan without any. Claims are checked in
``claimsdb.load.claims``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from claimsdb.interchange import document_row, event_row, metric_row, source_row
from claimsdb.load.cells import Problems, read_date, read_period, read_text, split_aliases
from claimsdb.load.readers import Bundle, Row
from claimsdb.names import did_you_mean, fold, slugify
from claimsdb.read.entities import document_table, event_table, metric_table, source_table
from claimsdb.store.models import Event, Metric, Source, unstorable
from claimsdb.vocabulary import SOURCE_KINDS

Ref = int | str  # an existing row's id, or the key/slug/name of a row this bundle creates
KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")
MODES = ("seed", "import")
# How alike (difflib ratio of folded forms) a new name and an existing one must be to look like a
# typo: "Human Right Watch" / "Human Rights Watch" is 0.97, "Azerbaijani side" /
# "Azerbaijani authorities" only 0.72.
NEAR_MISS = 0.9


def _width(column: Any) -> int:
    return int(column.type.length)


# The widths the schema gives names: refused here, as SQLite would store longer ones whole and
# PostgreSQL refuse them with a database error.
NAME_WIDTH = _width(Source.name)  # also the width of every folded event and source name
SLUG_WIDTH = _width(Event.slug)
METRIC_WIDTH = _width(Metric.name)
UNIT_WIDTH = _width(Metric.unit)


@dataclass(slots=True)
class Update:
    """One change to an existing row, with the interchange rows before and after."""

    table: str
    id: int
    key: str
    values: dict[str, Any]
    before: dict[str, str]
    after: dict[str, str]
    extra: dict[str, Any] = field(default_factory=dict)  # aliases, parent or claim references


@dataclass(slots=True)
class Plan:
    """What loading a bundle will write, in dependency order."""

    metrics: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)  # kept only for single additions
    created_claims: int = 0
    updates: list[Update] = field(default_factory=list)
    unchanged: int = 0
    kept: int = 0

    def updated(self, table: str) -> int:
        """How many rows of ``table`` this plan updates."""
        return sum(1 for u in self.updates if u.table == table)


@dataclass(slots=True)
class Names:
    """Folded name -> (reference, shown name) for one kind of thing, DB rows and bundle rows."""

    what: str
    refs: dict[str, Ref] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    memo: dict[str, Ref | None] = field(default_factory=dict)

    def add(self, name: str, ref: Ref, shown: str) -> Ref | None:
        """Register ``name``; returns the other reference if the folded form is taken."""
        folded = fold(name)
        if not folded:
            return None
        taken = self.refs.get(folded)
        if taken is not None and taken != ref:
            return taken
        self.memo.clear()
        self.refs[folded] = ref
        self.shown[folded] = shown
        return None

    def forget(self, ref: Ref) -> None:
        """Drop every form of ``ref`` (its names are about to be replaced)."""
        self.memo.clear()
        for folded in [f for f, r in self.refs.items() if r == ref]:
            del self.refs[folded]
            del self.shown[folded]

    def find(self, name: str) -> Ref | None:
        # Folding is slow and a bulk load names the same few events and sources over and over.
        try:
            return self.memo[name]
        except KeyError:
            found = self.memo[name] = self.refs.get(fold(name))
            return found

    def miss(self, name: str) -> str:
        return did_you_mean(self.what, name, self.shown)

    def near_existing(self, name: str) -> list[str]:
        """Names already in the database that differ from ``name`` by a slip of the keyboard."""
        stored = {f: self.shown[f] for f, ref in self.refs.items() if isinstance(ref, int)}
        folded = fold(name)
        close = difflib.get_close_matches(folded, list(stored), n=1, cutoff=NEAR_MISS)
        return [stored[f] for f in close if f != folded]


def distinct_aliases(names: list[str], aliases: list[str]) -> list[str]:
    """Aliases that are not just another spelling of a name or of an earlier alias."""
    seen = {fold(n) for n in names}
    out = []
    for alias in aliases:
        if fold(alias) and fold(alias) not in seen:
            seen.add(fold(alias))
            out.append(alias)
    return out


def has_cycle(links: dict[Any, Any], start: Any) -> bool:
    """Whether following ``links`` from ``start`` comes back to a node already seen."""
    seen, at = {start}, links.get(start)
    while at is not None:
        if at in seen:
            return True
        seen.add(at)
        at = links.get(at)
    return False


class Validator:
    """Checks a bundle against one database snapshot and produces a ``Plan``."""

    def __init__(
        self,
        conn: Connection,
        bundle: Bundle,
        *,
        create_missing: bool = False,
        mode: str = "import",
    ) -> None:
        assert mode in MODES
        self.conn = conn
        self.bundle = bundle
        self.create_missing = create_missing
        # mode "seed": rows that exist already are left exactly as the user has them.
        self.mode = mode
        self.problems = Problems()
        self.plan = Plan()
        self.stored = {
            "metrics": metric_table(conn),
            "sources": source_table(conn),
            "events": event_table(conn),
            "documents": document_table(conn),
        }
        self.metrics: dict[str, Ref] = {}
        self.metric_units: dict[str, str] = {}
        for metric_id, row in self.stored["metrics"].items():
            self.metrics[row["name"]] = metric_id
            self.metric_units[row["name"]] = row["unit"]
        self.events = Names("event")
        self.event_slugs: dict[Ref, str] = {}
        for event_id, row in self.stored["events"].items():
            self.event_slugs[event_id] = row["slug"]
            for form in (row["name"], row["slug"], *split_aliases(row["aliases"])):
                self.events.add(form, event_id, row["name"])
        self.sources = Names("source")
        self.source_info: dict[Ref, tuple[str, str]] = {}
        self.source_names: dict[Ref, str] = {}
        for source_id, row in self.stored["sources"].items():
            self.source_info[source_id] = (row["kind"], row["affiliation"])
            self.source_names[source_id] = row["name"]
            for form in (row["name"], *split_aliases(row["aliases"])):
                self.sources.add(form, source_id, row["name"])
        self.documents: dict[str, Ref] = {}
        self.document_urls: dict[str, Ref] = {}
        self.document_keys: dict[Ref, str] = {}
        self.document_url_of: dict[str, str] = {}
        for document_id, row in self.stored["documents"].items():
            self._register_document(row["key"], document_id, row["url"])

    def check_names(self) -> Plan:
        """Check the metrics, sources, events and documents tables (claims come after)."""
        for row in self.bundle.rows("metrics"):
            self._metric(row)
        for row in self.bundle.rows("sources"):
            self._source(row)
        pending = [self._event(row) for row in self.bundle.rows("events")]
        self._event_parents([p for p in pending if p is not None])
        for row in self.bundle.rows("documents"):
            self._document(row)
        return self.plan

    # -- shared steps ---------------------------------------------------------------------------

    def _existing(self, table: str, row: Row, ref: Ref | None) -> Row | None:
        """For a row naming an existing thing: None to skip it, else the row merged over it."""
        if not isinstance(ref, int):
            return row
        if self.mode == "seed":
            return None
        return Row(row.file, row.line, {**self.stored[table][ref], **row.values})

    def _change(
        self,
        table: str,
        ref: Ref,
        key: str,
        values: dict[str, Any],
        after: dict[str, str],
        **extra: Any,
    ) -> None:
        assert isinstance(ref, int)
        before = self.stored[table][ref]
        if before == after:
            return
        self.plan.updates.append(Update(table, ref, key, values, before, after, extra))

    def _near_miss(self, row: Row, column: str, names: Names, name: str) -> None:
        """A new name that nearly matches an existing one is refused without --create-missing."""
        if self.create_missing:
            return
        near = names.near_existing(name)
        if not near:
            return
        self.problems.add(
            row,
            column,
            f"new {names.what} {name!r} is close to existing {near[0]!r}: use that name, "
            f"or pass --create-missing to create {name!r}",
        )

    def _bad_name(self, row: Row, column: str, what: str, names: list[str]) -> bool:
        """Report names no lookup could find (only punctuation and spaces, which fold to
        nothing) or too long for the schema's name columns; True when there was one."""
        bad = False
        for name in names:
            folded = fold(name)
            if not folded:
                self.problems.add(row, column, f"{what} name {name!r} has nothing to find it by")
                bad = True
            elif max(len(name), len(folded)) > NAME_WIDTH:
                self.problems.add(
                    row, column, f"a name may be at most {NAME_WIDTH} characters long"
                )
                bad = True
        return bad

    # -- metrics, sources, events, documents ----------------------------------------------------

    def _metric(self, row: Row) -> None:
        name = read_text(row, "name", self.problems, required=True)
        if not name:
            return
        ref = self.metrics.get(name)
        merged = self._existing("metrics", row, ref)
        if merged is None:
            return
        unit = read_text(merged, "unit", self.problems, required=True)
        if len(unit) > UNIT_WIDTH:
            self.problems.add(row, "unit", f"a unit may be at most {UNIT_WIDTH} characters long")
        description = read_text(merged, "description", self.problems)
        after = metric_row(name, unit, description)
        values = {"name": name, "unit": unit, "description": description or None}
        if isinstance(ref, int):
            self._change("metrics", ref, name, values, after)
        elif ref is not None:
            self.problems.add(row, "name", f"metric {name!r} is defined twice")
        elif not re.fullmatch(r"[a-z][a-z0-9_]*", name) or len(name) > METRIC_WIDTH:
            self.problems.add(
                row,
                "name",
                f"metric {name!r}: use lowercase letters, digits and _ (at most {METRIC_WIDTH})",
            )
        else:
            self.metrics[name] = name
            self.metric_units[name] = unit
            self.plan.metrics.append({**values, "after": after})

    def _source(self, row: Row) -> None:
        name = read_text(row, "name", self.problems, required=True)
        if not name or self._bad_name(row, "name", "source", [name]):
            return
        ref = self.sources.find(name)
        merged = self._existing("sources", row, ref)
        if merged is None:
            return
        kind = read_text(merged, "kind", self.problems, required=True)
        affiliation = read_text(merged, "affiliation", self.problems)
        description = read_text(merged, "description", self.problems)
        aliases = distinct_aliases(
            [name], split_aliases(read_text(merged, "aliases", self.problems))
        )
        self._bad_name(row, "aliases", "source", aliases)
        if kind and kind not in SOURCE_KINDS:
            self.problems.add(row, "kind", f"unknown kind {kind!r}; use {', '.join(SOURCE_KINDS)}")
        if isinstance(ref, str):
            self.problems.add(row, "name", f"source {name!r} is defined twice")
            return
        if ref is None:
            # Refused, but still registered: the claims naming it need no second message.
            self._near_miss(row, "name", self.sources, name)
        shown = self.source_names.get(ref, name) if ref is not None else name
        new_ref: Ref = ref if ref is not None else name
        self.sources.forget(new_ref)
        for form in [shown, *aliases]:
            taken = self.sources.add(form, new_ref, shown)
            if taken is not None:
                other = self.source_names.get(taken, taken)
                self.problems.add(row, "aliases", f"{form!r} already names source {other!r}")
        self.source_info[new_ref] = (kind, affiliation)
        values = {
            "kind": kind,
            "affiliation": affiliation or None,
            "description": description or None,
        }
        after = source_row(shown, aliases, kind, affiliation, description)
        if isinstance(ref, int):
            self._change("sources", ref, shown, values, after, aliases=aliases)
        else:
            self.source_names[name] = name
            self.plan.sources.append({"name": name, **values, "aliases": aliases, "after": after})

    def _event(self, row: Row) -> tuple[Row, dict[str, Any]] | None:
        slug = read_text(row, "slug", self.problems)
        name = read_text(row, "name", self.problems, required=not slug)
        if name and self._bad_name(row, "name", "event", [name]):
            return None
        given = bool(slug)
        slug = slug or (slugify(name) if name else "")
        if not slug:
            return None
        if slug != slugify(slug):
            self.problems.add(row, "slug", f"slug {slug!r}: use lowercase words joined by '-'")
            return None
        if len(slug) > SLUG_WIDTH:
            self.problems.add(
                row,
                "slug" if given else "name",
                f"a slug may be at most {SLUG_WIDTH} characters long"
                + ("" if given else ": give a shorter one in slug"),
            )
            return None
        ref = self.events.find(slug)
        if isinstance(ref, int) and self.event_slugs[ref] != slug:
            ref = None  # the slug is another event's alias; a new slug must be its own
        if isinstance(ref, int) and not given and self.events.find(name) != ref:
            # "Khojaly massacre +", or any name without Latin letters ("unnamed"): a slug made
            # from a new name is an existing event's, and loading would rename that event.
            self.problems.add(
                row,
                "name",
                f"the slug made from {name!r}, {slug!r}, belongs to event "
                f"{self.stored['events'][ref]['name']!r}: give a slug of its own",
            )
            return None
        merged = self._existing(
            "events", Row(row.file, row.line, {**row.values, "slug": slug}), ref
        )
        if merged is None:
            return None
        if isinstance(ref, str):
            self.problems.add(row, "slug", f"event {slug!r} is defined twice")
            return None
        if ref is None:
            self._near_miss(row, "name", self.events, name)
        name = read_text(merged, "name", self.problems, required=True)
        aliases = distinct_aliases(
            [name, slug], split_aliases(read_text(merged, "aliases", self.problems))
        )
        self._bad_name(row, "aliases", "event", aliases)
        new_ref: Ref = ref if ref is not None else slug
        self.events.forget(new_ref)
        for form in [name, slug, *aliases]:
            taken = self.events.add(form, new_ref, name)
            if taken is not None:
                other = self.event_slugs.get(taken, taken)
                self.problems.add(row, "aliases", f"{form!r} already names event {other!r}")
        self.event_slugs[new_ref] = slug
        return merged, {
            "ref": new_ref,
            "slug": slug,
            "name": name,
            "aliases": aliases,
            "parent": read_text(merged, "parent", self.problems),
            "place": read_text(merged, "place", self.problems) or None,
            "description": read_text(merged, "description", self.problems) or None,
            **read_period(merged, self.problems),
        }

    def _event_parents(self, pending: list[tuple[Row, dict[str, Any]]]) -> None:
        parents: dict[Ref, Ref | None] = {
            event_id: parent
            for event_id, parent in self.conn.execute(select(Event.id, Event.parent_id))
        }
        for row, ev in pending:
            parent = ev.pop("parent")
            ev["parent_ref"] = None
            if parent:
                ref = self.events.find(parent)
                if ref is None:
                    self.problems.add(row, "parent", self.events.miss(parent), unresolved=True)
                elif ref == ev["ref"]:
                    self.problems.add(row, "parent", "an event cannot be its own parent")
                else:
                    ev["parent_ref"] = ref
            parents[ev["ref"]] = ev["parent_ref"]
        for row, ev in pending:
            if has_cycle(parents, ev["ref"]):
                self.problems.add(row, "parent", f"parents form a cycle through {ev['slug']!r}")
                continue
            ref = ev.pop("ref")
            parent = self.event_slugs.get(ev["parent_ref"]) if ev["parent_ref"] else None
            after = event_row(ev, ev["aliases"], parent)
            if isinstance(ref, int):
                values = {k: v for k, v in ev.items() if k not in ("aliases", "parent_ref", "slug")}
                self._change(
                    "events",
                    ref,
                    ev["slug"],
                    values,
                    after,
                    aliases=ev["aliases"],
                    parent_ref=ev["parent_ref"],
                )
            else:
                self.plan.events.append({**ev, "after": after})

    def _document(self, row: Row) -> None:
        key = read_text(row, "key", self.problems, required=True)
        if not key:
            return
        if not KEY.match(key):
            self.problems.add(row, "key", f"key {key!r}: use letters, digits and . _ : -")
            return
        ref = self.documents.get(key)
        present = dict(row.values)
        text_file = read_text(row, "text_file", self.problems)
        if text_file:
            present["text"] = self._read_text_file(row, text_file) or ""
            present["text_file"] = ""
        merged = self._existing("documents", Row(row.file, row.line, present), ref)
        if merged is None:
            return
        if isinstance(ref, str):
            self.problems.add(row, "key", f"document {key!r} is defined twice")
            return
        title = read_text(merged, "title", self.problems, required=True)
        published = read_date(merged, "published_on", self.problems)
        text = merged.values.get("text", "")
        reason = unstorable(text)
        if reason is not None:
            self.problems.add(row, "text", reason)
        url = read_text(merged, "url", self.problems)
        fields = {
            c: read_text(merged, c, self.problems) for c in ("publisher", "citation", "licence")
        }
        values = {
            "title": title,
            **{c: v or None for c, v in fields.items()},
            "published_first": published.first if published else None,
            "published_last": published.last if published else None,
            "published_precision": published.precision if published else None,
            "url": url or None,
            "text": text or None,
        }
        after = document_row(
            {"key": key, "title": title, **fields, "url": url, "text": text},
            (published.first, published.precision) if published else (None, None),
        )
        if isinstance(ref, int):
            self._change("documents", ref, key, values, after)
            self._register_document(key, ref, url)
        else:
            self._register_document(key, key, url)
            self.plan.documents.append({"key": key, **values, "after": after})

    def _register_document(self, key: str, ref: Ref, url: str) -> None:
        self.documents[key] = ref
        self.document_keys[ref] = key
        if url:
            self.document_urls.setdefault(url, ref)
            self.document_url_of[key] = url

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
        except OSError as exc:  # a folder, a name too long, no permission
            self.problems.add(row, "text_file", f"cannot read {name!r}: {exc.strerror}")
        return None
