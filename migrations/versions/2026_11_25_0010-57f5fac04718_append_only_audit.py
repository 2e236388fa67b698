"""Append-only audit, enforced by the database: claims are never deleted, revisions never change.

Until now only claimsdb's own code kept these promises; with these triggers the database refuses
a ``DELETE`` of a claim and any ``UPDATE`` or ``DELETE`` of a revision, whoever sends it (a script,
a SQL console, a future bug). A wrong claim is retracted, never removed; the audit trail is only
ever added to. Dropping the tables (``claimsdb db downgrade base``) is still possible.

Revision ID: 57f5fac04718
Revises: fb74d3407462
Create Date: 2026-11-25 00:10:00.000000

"""

from collections.abc import Sequence

from alembic import context, op

# revision identifiers, used by Alembic.
revision: str = "57f5fac04718"
down_revision: str | Sequence[str] | None = "fb74d3407462"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLAIMS = "claims are never deleted in claimsdb: retract the claim instead"
REVISIONS = "revisions are append-only in claimsdb: they are never changed or deleted"

# (trigger, table, event, message)
SQLITE_TRIGGERS = [
    ("claims_never_deleted", "claims", "DELETE", CLAIMS),
    ("revisions_never_updated", "revisions", "UPDATE", REVISIONS),
    ("revisions_never_deleted", "revisions", "DELETE", REVISIONS),
]

POSTGRESQL_FUNCTION = """
CREATE FUNCTION claimsdb_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END
$$
"""
# (trigger, table, events, row or statement, message)
POSTGRESQL_TRIGGERS = [
    ("claims_never_deleted", "claims", "DELETE", "ROW", CLAIMS),
    ("claims_never_truncated", "claims", "TRUNCATE", "STATEMENT", CLAIMS),
    ("revisions_append_only", "revisions", "UPDATE OR DELETE", "ROW", REVISIONS),
    ("revisions_never_truncated", "revisions", "TRUNCATE", "STATEMENT", REVISIONS),
]


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_FUNCTION)
        for n, (name, table, events, level, message) in enumerate(POSTGRESQL_TRIGGERS):
            if n == 1:
                _checkpoint("mid_migration")
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {events} ON {table} FOR EACH {level} "
                f"EXECUTE FUNCTION claimsdb_refuse('{message}')"
            )
        return
    for n, (name, table, event, message) in enumerate(SQLITE_TRIGGERS):
        if n == 1:
            _checkpoint("mid_migration")
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {event} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        for name, table, *_ in POSTGRESQL_TRIGGERS:
            op.execute(f"DROP TRIGGER {name} ON {table}")
        op.execute("DROP FUNCTION claimsdb_refuse()")
        return
    for name, *_ in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")


def _checkpoint(name: str) -> None:
    """Call the hook claimsdb hands in (``config.attributes["checkpoint"]``), if any.

    claimsdb's crash tests stop a migration half-way through here; migrations themselves never
    import a test seam.
    """
    hook = context.config.attributes.get("checkpoint")
    if hook is not None:
        hook(name)
