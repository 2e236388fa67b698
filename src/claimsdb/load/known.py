"""What a load can refer to: the metrics, parties, sources, events and documents the database
holds and those the bundle creates, found by name (events, parties and sources by any folded form
of one), each by a ``Ref``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from claimsdb.load.cells import split_aliases
from claimsdb.load.plan import Ref
from claimsdb.names import did_you_mean, fold
from claimsdb.read.entities import (
    document_table,
    event_table,
    metric_table,
    party_table,
    source_table,
)

# How alike (difflib ratio of folded forms) a new name and an existing one must be to look like a
# typo: "Human Right Watch" / "Human Rights Watch" is 0.97, "Azerbaijani side" /
# "Azerbaijani authorities" only 0.72.
NEAR_MISS = 0.9


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
        """The reference ``name`` (in any folded form) stands for, or None."""
        # Folding is slow and a bulk load names the same few events and sources over and over.
        try:
            return self.memo[name]
        except KeyError:
            found = self.memo[name] = self.refs.get(fold(name))
            return found

    def miss(self, name: str) -> str:
        """The message for a name that matches nothing, with the nearest names known."""
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


class Known:
    """Every metric, source, event and document a load can refer to, by reference.

    Read from one database snapshot, then added to by the entity checks alone (the only writer)
    as they accept the bundle's rows; the claim checks look names up here.
    """

    def __init__(self, conn: Connection) -> None:
        # The stored interchange rows by id: what an incoming row is merged over and compared to.
        self.stored = {
            "metrics": metric_table(conn),
            "parties": party_table(conn),
            "sources": source_table(conn),
            "events": event_table(conn),
            "documents": document_table(conn),
        }
        self.metrics: dict[str, Ref] = {}
        self.metric_units: dict[str, str] = {}
        for metric_id, row in self.stored["metrics"].items():
            self.add_metric(row["name"], metric_id, row["unit"])
        self.events = Names("event")
        self.event_slugs: dict[Ref, str] = {}
        for event_id, row in self.stored["events"].items():
            self.event_slugs[event_id] = row["slug"]
            for form in (row["name"], row["slug"], *split_aliases(row["aliases"])):
                self.events.add(form, event_id, row["name"])
        self.parties = Names("party")
        self.party_names: dict[Ref, str] = {}
        for party_id, row in self.stored["parties"].items():
            self.party_names[party_id] = row["name"]
            for form in (row["name"], *split_aliases(row["aliases"])):
                self.parties.add(form, party_id, row["name"])
        self.sources = Names("source")
        self.source_info: dict[Ref, tuple[str, str]] = {}  # kind, affiliation
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
            self.add_document(row["key"], document_id, row["url"])

    def add_metric(self, name: str, ref: Ref, unit: str) -> None:
        """Register a metric and its unit."""
        self.metrics[name] = ref
        self.metric_units[name] = unit

    def add_document(self, key: str, ref: Ref, url: str) -> None:
        """Register a document by its key and, unless another has it, by its URL."""
        self.documents[key] = ref
        self.document_keys[ref] = key
        if url:
            self.document_urls.setdefault(url, ref)
            self.document_url_of[key] = url

    def claim_names(self, claim: dict[str, Any]) -> dict[str, str]:
        """The names a checked claim points to, as its interchange row shows them."""
        document = claim["document_ref"]
        doc_key = self.document_keys.get(document, "") if document is not None else ""
        kind, affiliation = self.source_info.get(claim["claimant_ref"], ("", ""))
        reported_by = claim["reported_by_ref"]
        return {
            "event": self.event_slugs.get(claim["event_ref"], ""),
            "metric": claim["metric"],
            "claimant": self.source_names.get(claim["claimant_ref"], ""),
            "claimant_kind": kind,
            "affiliation": affiliation,
            "reported_by": self.source_names.get(reported_by, "")
            if reported_by is not None
            else "",
            "document": doc_key,
            "url": self.document_url_of.get(doc_key, ""),
            **claim["links"],
        }
