"""The plan of a load: the rows it will create and update, and the ``LoadSummary`` it comes to.

A reference (``Ref``) is an existing row's id (an ``int``) or the key, slug or name of a row the
same bundle creates (a ``str``); the writer turns the latter into ids as it creates the rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from claimsdb.interchange import TABLES

Ref = int | str
NAME_TABLES = tuple(t for t in TABLES if t != "claims")  # metrics, events, parties, sources …


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


class Plan:
    """What loading a bundle will write, in the order it is found.

    ``load_into`` makes one per load and owns it. Only the methods below change it: the entity
    checks record names (``create``, ``change``), the claim checks record claims
    (``new_claims``, ``existing_claim``, ``link``). The writer only reads it; names the claim
    checks add on the way (``--create-missing``) are read after those found before them, so the
    writer can write them before the chunk of claims that needs them.

    New claims are counted, not kept (a million-row import stays bounded in memory), unless the
    load keeps their rows for a revision each (``keep_rows``: single additions and edits).
    """

    def __init__(self, *, keep_rows: bool = False) -> None:
        self._keep_rows = keep_rows
        self._created: dict[str, list[dict[str, Any]]] = {t: [] for t in NAME_TABLES}
        self._name_updates: list[Update] = []
        self._claim_updates: list[Update] = []
        self._new_claims: list[dict[str, Any]] = []
        self._links: dict[str, dict[str, str]] = {}
        self._created_claims = 0
        self._unchanged = 0
        self._kept = 0

    # -- recorded by the checks -----------------------------------------------------------------

    def create(self, table: str, row: dict[str, Any]) -> None:
        """A new metric, source, event or document: its columns and its interchange ``after``."""
        self._created[table].append(row)

    def change(self, update: Update) -> None:
        """An existing metric, source, event or document as the bundle has it: recorded as an
        update when its ``after`` differs from the stored ``before``, else dropped."""
        if update.before != update.after:
            self._name_updates.append(update)

    def new_claims(self, claims: Sequence[dict[str, Any]]) -> None:
        """Checked claims whose keys the database does not hold yet."""
        self._created_claims += len(claims)
        if self._keep_rows:
            self._new_claims.extend(claims)

    def existing_claim(
        self,
        claim_id: int,
        claim: dict[str, Any],
        before: dict[str, str],
        after: dict[str, str],
        *,
        keep: bool,
    ) -> None:
        """A checked claim whose key the database holds: unchanged when ``after`` is ``before``,
        kept as stored with ``keep`` (seeding), else an update."""
        if before == after:
            self._unchanged += 1
        elif keep:
            self._kept += 1
        else:
            self._claim_updates.append(
                Update("claims", claim_id, claim["key"], claim, before, after)
            )

    def link(self, key: str, links: dict[str, str]) -> None:
        """The keys claim ``key`` refers to: ``derived_from``, ``supersedes``, ``part_of``."""
        self._links[key] = links

    # -- read by the checks, the writer and the summary -----------------------------------------

    @property
    def keeps_rows(self) -> bool:
        """Whether new claims' rows are kept (each with its interchange ``after``)."""
        return self._keep_rows

    def created(self, table: str) -> Sequence[dict[str, Any]]:
        """The new rows of a name table, in the order found."""
        return self._created[table]

    @property
    def name_updates(self) -> Sequence[Update]:
        """Updates of existing metrics, sources, events and documents."""
        return self._name_updates

    @property
    def claim_updates(self) -> Sequence[Update]:
        """Updates of existing claims."""
        return self._claim_updates

    @property
    def kept_new_claims(self) -> Sequence[dict[str, Any]]:
        """The new claims' rows, when the plan keeps them (``keep_rows``)."""
        return self._new_claims

    @property
    def links(self) -> Mapping[str, dict[str, str]]:
        """Claim key -> the keys it refers to, for every checked claim that refers to another."""
        return MappingProxyType(self._links)

    def summary(self, origin: str, *, dry_run: bool) -> LoadSummary:
        """What this plan comes to, as ``LoadSummary`` counts (no batch or revision yet)."""
        return LoadSummary(
            origin=origin,
            created=self._created_claims,
            updated=len(self._claim_updates),
            unchanged=self._unchanged,
            kept=self._kept,
            events_created=len(self._created["events"]),
            sources_created=len(self._created["sources"]),
            documents_created=len(self._created["documents"]),
            metrics_created=len(self._created["metrics"]),
            names_updated=len(self._name_updates),
            batch_id=None,
            revision_id=None,
            dry_run=dry_run,
            keys=[c["key"] for c in self._new_claims] + [u.key for u in self._claim_updates],
            parties_created=len(self._created["parties"]),
        )


@dataclass(slots=True)
class LoadSummary:
    """What a load did (or, with ``dry_run``, would do)."""

    origin: str
    created: int
    updated: int
    unchanged: int
    kept: int
    events_created: int
    sources_created: int
    documents_created: int
    metrics_created: int
    names_updated: int
    batch_id: int | None
    revision_id: int | None
    dry_run: bool
    keys: list[str]
    parties_created: int = 0

    def describe(self) -> str:
        """One human line: ``created 153 claims, updated 0, 0 unchanged; names created: …``."""
        if self.dry_run:
            parts = [
                f"would create {self.created} claims",
                f"update {self.updated}",
                f"leave {self.unchanged} unchanged",
            ]
        else:
            parts = [
                f"created {self.created} claims",
                f"updated {self.updated}",
                f"{self.unchanged} unchanged",
            ]
        if self.kept:
            parts.append(f"{self.kept} kept as edited in the database")
        names = [
            f"{n} {what}"
            for n, what in (
                (self.events_created, "events"),
                (self.sources_created, "sources"),
                (self.documents_created, "documents"),
                (self.metrics_created, "metrics"),
                (self.parties_created, "parties"),
            )
            if n
        ]
        line = ", ".join(parts)
        if names:
            line += f"; names created: {', '.join(names)}"
        if self.names_updated:
            line += (
                f"; events, sources, parties, documents or metrics updated: {self.names_updated}"
            )
        return line
