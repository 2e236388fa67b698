"""Loading a bundle: ``load_bundle`` and ``load_into``, the entry points of ``claimsdb.load``.

``seed``, ``import``, ``add`` and ``edit`` all come here. The whole load is one write transaction.
The names (metrics, parties, sources, events, documents) are checked first and written if sound;
then the claim rows are checked and their new claims written a chunk at a time, so that a million-
row import streams through bounded memory instead of being held whole. A problem anywhere raises
``BundleInvalid`` with every problem found, once all rows are checked (a file that cannot be read
on, or an ``add`` of a key that exists, raises ``InvalidInput`` at once): the transaction rolls
back, and nothing of the bundle is written, however many chunks went in before.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine

from claimsdb.errors import InvalidInput
from claimsdb.load.claims import CHUNK, ClaimChecker
from claimsdb.load.entities import CheckContext, EntityChecker
from claimsdb.load.known import Known
from claimsdb.load.plan import LoadSummary, Plan
from claimsdb.load.problems import Problems
from claimsdb.load.readers import Bundle, Row, read_bundle
from claimsdb.load.writer import Writer
from claimsdb.store import audit, faults
from claimsdb.store.engine import write
from claimsdb.store.types import unstorable
from claimsdb.vocabulary import BATCH_KINDS, LOAD_KINDS

__all__ = ["LoadSummary", "load_bundle", "load_into"]  # what a load's callers need, from one place


# New objects between two garbage collections while claims are checked (Python's default: 700).
_COLLECT_AFTER = 50_000


def load_bundle(
    engine: Engine,
    path: Path | Bundle,
    *,
    fmt: str | None = None,
    actor: str | None = None,
    kind: str = "import",
    create_missing: bool = False,
    dry_run: bool = False,
    action: str = "update",
    reason: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> LoadSummary:
    """Check and load the bundle at ``path`` in one write transaction of its own (``load_into``)."""
    bundle = path if isinstance(path, Bundle) else read_bundle(path, fmt)
    return write(
        engine,
        lambda conn: load_into(
            conn,
            bundle,
            actor=actor,
            kind=kind,
            create_missing=create_missing,
            dry_run=dry_run,
            action=action,
            reason=reason,
            progress=progress,
        ),
    )


def load_into(
    conn: Connection,
    bundle: Bundle,
    *,
    actor: str | None = None,
    kind: str = "import",
    create_missing: bool = False,
    create_parties: bool | None = None,
    dry_run: bool = False,
    action: str = "update",
    reason: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> LoadSummary:
    """Check and load ``bundle`` inside the caller's write transaction ``conn``.

    Claims are checked and written a chunk at a time (see the module docstring). Any problem
    raises ``BundleInvalid`` with every problem; the caller's transaction then rolls back, and
    nothing of the bundle is written. With ``dry_run`` nothing is written in the first place.
    ``kind="seed"`` keeps rows that already exist exactly as the database has them (a user's edit
    of a seeded claim survives re-seeding); the other kinds update them, a revision each.
    ``action`` and ``reason`` label those revisions (``retract``, ``revert``). ``progress`` is
    called with the number of claim rows checked so far. ``create_parties`` (by default as
    ``create_missing``) lets an affiliation no party is known by create that party.
    """
    assert kind in LOAD_KINDS
    who = audit.resolve_actor(actor)
    for what, text in (("actor", who), ("reason", reason or "")):
        refused = unstorable(text)  # as the revisions would refuse it, but before any write
        if refused is not None:
            raise InvalidInput(f"{what}: {refused}")
    problems = Problems()
    # Single additions and edits keep their new rows: each gets a revision of its own.
    plan = Plan(keep_rows=kind not in BATCH_KINDS)
    context = CheckContext(
        conn,
        Known(conn),
        plan,
        problems,
        create_missing=create_missing,
        create_parties=create_missing if create_parties is None else create_parties,
        keep_existing=kind == "seed",
    )
    entities = EntityChecker(context, bundle)
    entities.check()
    writer = (
        None
        if dry_run
        else Writer(conn, plan, who, kind, bundle.origin, action=action, reason=reason)
    )
    if writer is not None and not problems.total:
        writer.write_names()
    claims = ClaimChecker(context, entities, only_new=kind == "add")
    rows = bundle.rows("claims")
    with _few_collections():
        try:
            claims.check(
                _counted(rows, progress) if progress else rows,
                sink=writer.insert_claims if writer is not None else None,
            )
            problems.raise_if_any()  # rolls the whole transaction back
            faults.point("after_validation")
            summary = plan.summary(bundle.origin, dry_run=dry_run)
            if writer is not None:
                writer.finish(summary)
        finally:
            if writer is not None:
                writer.claims.close()  # a chunk still being written ends before the rollback
    return summary


@contextmanager
def _few_collections() -> Iterator[None]:
    """Python's garbage collector, told that a bulk check makes many objects and few cycles.

    By default it collects after every 700 new objects, and now and then walks every object the
    process holds (the imports' included): about a fifth of the time checking 200,000 claims
    took. Here the objects made before the load are left out of those walks (``gc.freeze``) and
    a collection waits for ``_COLLECT_AFTER`` new objects; both are undone when the load ends.
    """
    thresholds = gc.get_threshold()
    froze = gc.get_freeze_count() == 0  # a caller's own freeze is left to the caller
    if froze:
        gc.freeze()
    gc.set_threshold(max(thresholds[0], _COLLECT_AFTER), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if froze:
            gc.unfreeze()


def _counted(rows: Iterable[Row], progress: Callable[[int], None]) -> Iterator[Row]:
    for n, row in enumerate(rows, start=1):
        if n % CHUNK == 0:
            progress(n)
        yield row
