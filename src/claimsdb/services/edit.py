"""Changing one thing at a time: add, edit, retract and revert, and the history of a row.

Every operation here is a one-row bundle handed to the same validator and loader as a bulk import,
so a claim added by hand obeys exactly the rules of an imported one, and every change leaves a
revision with its actor, time, and the row before and after. Each change checks and writes in
one write transaction: what it checked is what it changes, whoever else writes at the same time.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Engine, select

from claimsdb.errors import InvalidInput, NotFound
from claimsdb.interchange import CLAIM_COLUMNS, TABLE_COLUMNS
from claimsdb.load.loader import LoadSummary, load_into
from claimsdb.load.problems import BundleInvalid
from claimsdb.load.readers import Bundle, Row
from claimsdb.names import did_you_mean
from claimsdb.read.claims import (
    claim_by_key,
    refuse_unstorable,
    resolve_event,
    resolve_party,
    resolve_source,
)
from claimsdb.read.history import HistoryEntry, creating_revision, revisions, row_history
from claimsdb.store.engine import reading, write
from claimsdb.store.models import Claim, Document, Event, Party, Source

# Columns that describe the claimant's source or the document, not the claim: edit those there.
NOT_CLAIM_FIELDS = ("claimant_kind", "affiliation", "url")
CLAIM_FIELDS = (*(c for c in CLAIM_COLUMNS if c not in ("key", *NOT_CLAIM_FIELDS)), "figure")
IDENTITY = {"events": "slug", "sources": "name", "parties": "name", "documents": "key"}
# What one row of each table is called in messages.
WHAT = {"events": "event", "sources": "source", "parties": "party", "documents": "document"}
_RESOLVE = {"events": resolve_event, "sources": resolve_source, "parties": resolve_party}
_MODELS: dict[str, Any] = {
    "events": Event,
    "sources": Source,
    "parties": Party,
    "documents": Document,
}


def _one_row(table: str, values: dict[str, str]) -> Bundle:
    return Bundle(origin=f"command line ({table})", tables={table: [Row("", 0, values)]})


def _load(conn: Connection, bundle: Bundle, **kwargs: Any) -> LoadSummary:
    """Load a one-row bundle; a name that matches nothing is "not found" (exit 1), not bad input."""
    try:
        return load_into(conn, bundle, **kwargs)
    except BundleInvalid as exc:
        if exc.unresolved_only:
            raise NotFound(str(exc)) from None
        raise


def _check_fields(fields: dict[str, str], allowed: tuple[str, ...], what: str) -> None:
    for name in fields:
        if name in NOT_CLAIM_FIELDS and what == "claim" and name not in allowed:
            owner = "source" if name != "url" else "document"
            raise InvalidInput(
                f"{name} belongs to the claim's {owner}: use `claimsdb {owner} edit`"
            )
        if name not in allowed:
            raise InvalidInput(f"unknown {what} field {name!r}; fields: {', '.join(allowed)}")


def add_claim(
    engine: Engine,
    values: dict[str, str],
    *,
    actor: str | None = None,
    create_missing: bool = False,
) -> LoadSummary:
    """Add one claim from interchange fields (``figure`` may stand for the numbers)."""
    _check_fields(values, (*CLAIM_FIELDS, "key", *NOT_CLAIM_FIELDS), "claim")
    bundle = _one_row("claims", values)
    return write(
        engine,
        lambda conn: _load(conn, bundle, kind="add", actor=actor, create_missing=create_missing),
    )


def edit_claim(
    engine: Engine,
    key: str,
    changes: dict[str, str],
    *,
    actor: str | None = None,
    reason: str | None = None,
) -> LoadSummary:
    """Change fields of one claim; ``phrase`` alone re-reads the figure from the new phrase."""
    return write(engine, lambda conn: _edit_claim(conn, key, changes, actor=actor, reason=reason))


def _edit_claim(
    conn: Connection,
    key: str,
    changes: dict[str, str],
    *,
    actor: str | None,
    action: str = "update",
    reason: str | None = None,
) -> LoadSummary:
    if not changes:
        raise InvalidInput("nothing to change: give --set FIELD=VALUE")
    _check_fields(changes, CLAIM_FIELDS, "claim")
    claim_by_key(conn, key)
    changes = dict(changes)
    if "phrase" in changes and not {"figure", "low", "high", "best", "qualifier"} & set(changes):
        changes["figure"] = changes["phrase"]
    return _load(
        conn,
        _one_row("claims", {**changes, "key": key}),
        kind="edit",
        actor=actor,
        action=action,
        reason=reason,
    )


def retract_claim(
    engine: Engine, key: str, reason: str, *, actor: str | None = None
) -> LoadSummary:
    """Mark a claim retracted (never deleted), recording why."""
    if not reason.strip():
        raise InvalidInput("a retraction needs a reason: --reason TEXT")

    def retract(conn: Connection) -> LoadSummary:
        if claim_by_key(conn, key)["status"] == "retracted":
            raise InvalidInput(f"claim {key!r} is retracted already")
        return _edit_claim(
            conn, key, {"status": "retracted"}, actor=actor, action="retract", reason=reason
        )

    return write(engine, retract)


def _row_id(conn: Connection, table: str, key: str) -> int:
    if table == "claims":
        claim_by_key(conn, key)
        return int(conn.execute(select(Claim.id).where(Claim.key == key)).scalar_one())
    if table in _RESOLVE:
        return _RESOLVE[table](conn, key)
    refuse_unstorable("document", key)
    found = conn.execute(select(Document.id).where(Document.key == key)).scalar_one_or_none()
    if found is None:
        names = {k: k for k in conn.execute(select(Document.key)).scalars()}
        raise NotFound(did_you_mean("document", key, names))
    return int(found)


def history(engine: Engine, key: str, table: str = "claims") -> list[HistoryEntry]:
    """Every revision of a claim (or of an event, source or document: ``table``), oldest
    first: time, actor, action, reason, and each changed field's value before and after."""
    with reading(engine) as conn:
        return row_history(conn, table, _row_id(conn, table, key))


def state_at(conn: Connection, key: str, revision: int, table: str = "claims") -> dict[str, str]:
    """The claim (or event, source, document) as it stood right after ``revision``."""
    row_id = _row_id(conn, table, key)
    found = revisions(conn, table, row_id)
    created = creating_revision(conn, table, row_id)
    what = f"{WHAT.get(table, 'claim')} {key!r}"
    if created is not None and revision < created:
        raise InvalidInput(
            f"{what} did not exist yet at revision {revision} (created at revision {created})"
        )
    if revision not in {r.id for r in found} | {created}:
        command = "history" if table == "claims" else f"{WHAT[table]} history"
        raise InvalidInput(
            f"revision {revision} is not one of {what}'s; see `claimsdb {command} {key}`"
        )
    earlier = [r for r in found if r.id <= revision and r.after]
    if earlier:
        return dict(json.loads(earlier[-1].after))
    later = [r for r in found if r.id > revision and r.before]
    return dict(json.loads(later[0].before)) if later else claim_by_key(conn, key)


def revert_claim(
    engine: Engine, key: str, revision: int, *, actor: str | None = None
) -> LoadSummary:
    """Put a claim back as it stood right after ``revision``; the revert is a revision too."""

    def revert(conn: Connection) -> LoadSummary:
        target = state_at(conn, key, revision)
        # A column a revision's row lacks did not exist yet (scope): it was empty then.
        changes = {c: target.get(c, "") for c in CLAIM_FIELDS if c != "figure"}
        why = f"revert to revision {revision}"
        return _edit_claim(conn, key, changes, actor=actor, action="revert", reason=why)

    return write(engine, revert)


def revert_entity(
    engine: Engine, table: str, name: str, revision: int, *, actor: str | None = None
) -> LoadSummary:
    """Put an event, source or document back as it stood right after ``revision``."""

    def revert(conn: Connection) -> LoadSummary:
        target = state_at(conn, name, revision, table)
        ident = IDENTITY[table]
        changes = {c: v for c, v in target.items() if c in TABLE_COLUMNS[table] and c != ident}
        why = f"revert to revision {revision}"
        return _edit_entity(conn, table, name, changes, actor=actor, action="revert", reason=why)

    return write(engine, revert)


def add_entity(
    engine: Engine,
    table: str,
    values: dict[str, str],
    *,
    actor: str | None = None,
    create_missing: bool = False,
) -> LoadSummary:
    """Add one event, source, party or document (``table`` is ``events``, ``sources``,
    ``parties``, ``documents``). A source's affiliation must name a known party unless
    ``create_missing``, which creates it."""
    what = WHAT[table]
    _check_fields(values, TABLE_COLUMNS[table], what)
    ident = IDENTITY[table]

    def add(conn: Connection) -> LoadSummary:
        if _exists(conn, table, values.get(ident, "") or values.get("name", "")):
            raise InvalidInput(
                f"{what} {values.get(ident) or values.get('name')!r} exists "
                f"already; change it with `claimsdb {what} edit`"
            )
        bundle = _one_row(table, values)
        return _load(
            conn,
            bundle,
            kind="add",
            actor=actor,
            create_missing=True,
            create_parties=create_missing,
        )

    return write(engine, add)


def edit_entity(
    engine: Engine,
    table: str,
    name: str,
    changes: dict[str, str],
    *,
    actor: str | None = None,
    reason: str | None = None,
    create_missing: bool = False,
) -> LoadSummary:
    """Change fields of one event, source, party or document, found by any of its names; a new
    affiliation must name a known party unless ``create_missing``, which creates it."""
    return write(
        engine,
        lambda conn: _edit_entity(
            conn, table, name, changes, actor=actor, reason=reason, create_parties=create_missing
        ),
    )


def _edit_entity(
    conn: Connection,
    table: str,
    name: str,
    changes: dict[str, str],
    *,
    actor: str | None,
    action: str = "update",
    reason: str | None = None,
    create_parties: bool = False,
) -> LoadSummary:
    ident = IDENTITY[table]
    what = WHAT[table]
    if not changes:
        raise InvalidInput("nothing to change: give --set FIELD=VALUE")
    _check_fields(changes, TABLE_COLUMNS[table], what)
    if ident in changes:
        raise InvalidInput(
            f"{ident} is the {what}'s identity and cannot change; "
            "add the new form as an alias instead"
            if table != "documents"
            else f"{ident} is the document's identity and cannot change"
        )
    row_id = _row_id(conn, table, name)
    model = _MODELS[table]
    canonical = conn.execute(select(getattr(model, ident)).where(model.id == row_id)).scalar_one()
    return _load(
        conn,
        _one_row(table, {**changes, ident: canonical}),
        kind="edit",
        actor=actor,
        action=action,
        reason=reason,
        create_parties=create_parties,
    )


def _exists(conn: Connection, table: str, name: str) -> bool:
    try:
        if table in _RESOLVE:
            _RESOLVE[table](conn, name, words=False)
        else:
            refuse_unstorable("document", name)
            return conn.execute(select(Document.id).where(Document.key == name)).first() is not None
    except NotFound:
        return False
    return True
