"""Checking the metrics, parties, sources, events and documents of a bundle against the database.

Every cell is checked and every name resolved; nothing is written. A row for something that
exists is merged over the stored row (columns the file lacks keep their stored value) and becomes
an update in the plan only if the result differs; a row for something new becomes a creation.
Every problem becomes one ``FILE:ROW:COLUMN: message`` line. The claim checks
(``claimsdb.load.claims``) add the names that ``--create-missing`` creates through ``add_row``.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from sqlalchemy import select

from claimsdb.errors import InvalidInput
from claimsdb.interchange import document_row, event_row, metric_row, party_row, source_row
from claimsdb.load.cells import (
    KEY,
    METRIC_WIDTH,
    SLUG_WIDTH,
    UNIT_WIDTH,
    date_columns,
    read_date,
    read_flag,
    read_period,
    read_text,
    split_aliases,
)
from claimsdb.load.known import distinct_aliases, has_cycle
from claimsdb.load.name_checks import CheckContext, NameChecks
from claimsdb.load.plan import Ref
from claimsdb.load.problems import CREATE
from claimsdb.load.readers import Bundle, Row
from claimsdb.names import fold, slugify
from claimsdb.store.models import Event
from claimsdb.store.types import unstorable
from claimsdb.vocabulary import INDEPENDENT, SOURCE_KINDS

_METRIC_NAME = re.compile(r"[a-z][a-z0-9_]*")
# What an affiliation says without naming a party: a third party, or not known (as if empty).
NOT_PARTIES = (INDEPENDENT, "unknown")


class EntityChecker(NameChecks):
    """Checks name rows; records what to write in the plan and registers every accepted name in
    ``known``."""

    def __init__(self, context: CheckContext, bundle: Bundle) -> None:
        self.context = context
        self.known = context.known
        self.problems = context.problems
        self.bundle = bundle

    def check(self) -> None:
        """Check the bundle's metrics, parties, sources, events and documents tables (claims come
        after)."""
        bundle = self.bundle
        for row in bundle.rows("metrics"):
            self._metric(row)
        for row in bundle.rows("parties"):
            self._party(row)
        for row in bundle.rows("sources"):
            self._source(row)
        pending = [self._event(row) for row in bundle.rows("events")]
        self._event_parents([p for p in pending if p is not None])
        for row in bundle.rows("documents"):
            self._document(row)

    def add_row(self, table: str, row: Row) -> None:
        """Check ``row`` as one more row of ``table`` (``events``, ``parties``, ``sources`` or
        ``documents``): a name a claim row points to that ``--create-missing`` creates, by the same
        rules as the bundle's own tables. Nothing is returned; what it creates is found in
        ``known``."""
        if table == "parties":
            self._party(row)
        elif table == "events":
            pending = self._event(row)
            if pending is not None:
                self._event_parents([pending])
        elif table == "sources":
            self._source(row)
        else:
            assert table == "documents", table
            self._document(row)

    # -- metrics, sources, events, documents ----------------------------------------------------

    def _metric(self, row: Row) -> None:
        incoming = self._incoming(row, "metrics", self.known.metrics.get)
        if incoming is None:
            return
        name, ref, merged = incoming
        unit = read_text(merged, "unit", self.problems, required=True)
        if len(unit) > UNIT_WIDTH:
            self.problems.add(row, "unit", f"a unit may be at most {UNIT_WIDTH} characters long")
        description = read_text(merged, "description", self.problems)
        accumulates = read_flag(merged, "accumulates", self.problems)
        after = metric_row(name, unit, description, accumulates)
        values = {
            "name": name,
            "unit": unit,
            "description": description or None,
            "accumulates": accumulates,
        }
        if isinstance(ref, int):
            self._change("metrics", ref, name, values, after)
        elif ref is not None:
            self.problems.add(row, "name", f"metric {name!r} is defined twice")
        elif not _METRIC_NAME.fullmatch(name) or len(name) > METRIC_WIDTH:
            self.problems.add(
                row,
                "name",
                f"metric {name!r}: use lowercase letters, digits and _ (at most {METRIC_WIDTH})",
            )
        else:
            self.known.add_metric(name, name, unit)
            self.context.plan.create("metrics", {**values, "after": after})

    def _party(self, row: Row) -> None:
        known = self.known
        incoming = self._incoming(row, "parties", known.parties.find)
        if incoming is None:
            return
        name, ref, merged = incoming
        if fold(name) in NOT_PARTIES:
            self.problems.add(
                row, "name", f"{name!r} is not a party: it is what an affiliation says without one"
            )
            return
        description = read_text(merged, "description", self.problems)
        aliases = self._aliases(row, merged, name, "party")
        for alias in aliases:
            if fold(alias) in NOT_PARTIES:
                self.problems.add(row, "aliases", f"{alias!r} cannot name a party")
        named = self._named(row, "parties", known.parties, known.party_names, name, ref, aliases)
        if named is not None:
            values = {"description": description or None}
            after = party_row(named[1], aliases, description)
            self._record("parties", known.party_names, name, named, values, after, aliases)

    def affiliation(self, row: Row, column: str = "affiliation") -> str | None:
        """The affiliation ``row`` gives, as stored: a party's name (found by any of its names),
        ``none`` for a third party, or None when empty (unknown) or refused. An unknown party
        is created with ``create_parties``, else reported with the parties it may mean."""
        given = read_text(row, column, self.problems)
        if not given or given == "unknown":
            return None
        if given == INDEPENDENT:  # the common cases first: folding every row costs
            return INDEPENDENT
        parties = self.known.parties
        ref = parties.find(given)
        if ref is None:
            folded = fold(given)
            if folded in NOT_PARTIES:
                return INDEPENDENT if folded == INDEPENDENT else None
            if not self.context.create_parties:
                self.problems.unknown(
                    row, column, "party", given, partial(parties.miss, given), CREATE
                )
                return None
            self.add_row("parties", Row(row.file, row.line, {"name": given}))
            ref = parties.find(given)
            if ref is None:  # refused, and reported, as a party row of its own
                return None
        return self.known.party_names[ref]

    def _source(self, row: Row) -> None:
        known = self.known
        incoming = self._incoming(row, "sources", known.sources.find)
        if incoming is None:
            return
        name, ref, merged = incoming
        kind = read_text(merged, "kind", self.problems, required=True)
        affiliation = self.affiliation(merged) or ""
        description = read_text(merged, "description", self.problems)
        aliases = self._aliases(row, merged, name, "source")
        if kind and kind not in SOURCE_KINDS:
            self.problems.add(row, "kind", f"unknown kind {kind!r}; use {', '.join(SOURCE_KINDS)}")
        named = self._named(row, "sources", known.sources, known.source_names, name, ref, aliases)
        if named is None:
            return
        known.source_info[named[0]] = (kind, affiliation)
        values = {
            "kind": kind,
            "affiliation": affiliation or None,
            "description": description or None,
        }
        after = source_row(named[1], aliases, kind, affiliation, description)
        self._record("sources", known.source_names, name, named, values, after, aliases)

    def _event(self, row: Row) -> tuple[Row, dict[str, Any]] | None:
        known = self.known
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
        ref = known.events.find(slug)
        if isinstance(ref, int) and known.event_slugs[ref] != slug:
            ref = None  # the slug is another event's alias; a new slug must be its own
        if isinstance(ref, int) and not given and known.events.find(name) != ref:
            # "Khojaly massacre +", or any name without Latin letters ("unnamed"): a slug made
            # from a new name is an existing event's, and loading would rename that event.
            self.problems.add(
                row,
                "name",
                f"the slug made from {name!r}, {slug!r}, belongs to event "
                f"{known.stored['events'][ref]['name']!r}: give a slug of its own",
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
            self._near_miss(row, "name", known.events, name)
        name = read_text(merged, "name", self.problems, required=True)
        aliases = distinct_aliases(
            [name, slug], split_aliases(read_text(merged, "aliases", self.problems))
        )
        self._bad_name(row, "aliases", "event", aliases)
        new_ref: Ref = ref if ref is not None else slug
        self._register(row, known.events, new_ref, name, [name, slug, *aliases], known.event_slugs)
        known.event_slugs[new_ref] = slug
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
        known = self.known
        parents: dict[Ref, Ref | None] = {
            event_id: parent
            for event_id, parent in self.context.conn.execute(select(Event.id, Event.parent_id))
        }
        for row, ev in pending:
            parent = ev.pop("parent")
            ev["parent_ref"] = None
            if parent:
                ref = known.events.find(parent)
                if ref is None:
                    self.problems.unknown(
                        row, "parent", "event", parent, partial(known.events.miss, parent)
                    )
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
            parent = known.event_slugs.get(ev["parent_ref"]) if ev["parent_ref"] else None
            after = event_row(ev, ev["aliases"], parent)
            if isinstance(ref, int):
                values = {k: v for k, v in ev.items() if k not in ("aliases", "parent_ref", "slug")}
                extra = {"aliases": ev["aliases"], "parent_ref": ev["parent_ref"]}
                self._change("events", ref, ev["slug"], values, after, **extra)
            else:
                self.context.plan.create("events", {**ev, "after": after})

    def _document(self, row: Row) -> None:
        key = read_text(row, "key", self.problems, required=True)
        if not key:
            return
        if not KEY.match(key):
            self.problems.add(row, "key", f"key {key!r}: use letters, digits and . _ : -")
            return
        ref = self.known.documents.get(key)
        present = dict(row.values)
        text_file = read_text(row, "text_file", self.problems)
        if text_file:
            try:
                present["text"] = self.bundle.text_file(text_file)
            except InvalidInput as exc:
                self.problems.add(row, "text_file", str(exc))
                present["text"] = ""
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
            **date_columns("published", published),
            "url": url or None,
            "text": text or None,
        }
        after = document_row(
            {"key": key, "title": title, **fields, "url": url, "text": text},
            (published.first, published.precision) if published else (None, None),
        )
        if isinstance(ref, int):
            self._change("documents", ref, key, values, after)
            self.known.add_document(key, ref, url)
        else:
            self.known.add_document(key, key, url)
            self.context.plan.create("documents", {"key": key, **values, "after": after})
