"""Parties: the vocabulary of affiliations, each with the names it is looked up by.

``parties`` holds each conflict party a source may speak for; ``party_names`` every form it is
found by (its name and aliases such as "Armenian" for Armenia), folded and unique, as
``source_names`` does for sources. ``sources.affiliation`` keeps holding a party's name, ``none``
(a third party) or NULL (unknown).

Every affiliation already stored becomes a party of that name, so no value is lost. Values that
differ only in case, accents or punctuation ("Armenia", "armenia") fold to one name and so are
one party: the spelling most sources use (then the first by code point) is its name, and the
sources holding another spelling are set to that name, each with a revision holding the row
before and after (the other spelling still finds the party, as every folded form does).

From here on the database itself refuses a source whose affiliation is neither a party's name,
``none`` nor NULL (a trigger on each backend), whoever writes it.

Folding is copied here, not imported, so that this revision keeps doing what it did when
``claimsdb.names`` changes.

Revision ID: 7c3e5a91d2f4
Revises: a41c7e9d2b10
Create Date: 2026-12-05 07:00:00.000000

"""

import json
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "7c3e5a91d2f4"
down_revision: str | Sequence[str] | None = "a41c7e9d2b10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTOR = "claimsdb upgrade"
_EXTRA = str.maketrans(
    {"ı": "i", "ə": "e", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "þ": "th", "æ": "ae"}
    | {"œ": "oe", "ŋ": "n"}
)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_./]+")
_DROPPED = re.compile(r"[’'`´\"“”«»()\[\],;:!?]")


NOT_A_PARTY = "a source's affiliation is a party's name, none or empty: add the party first"
TRIGGER = "sources_affiliation_is_a_party"
# Fires on a new source and on a change of affiliation; "none" and NULL are not parties.
SQLITE_TRIGGER = """
CREATE TRIGGER {name}_{event} BEFORE {on} ON sources
WHEN NEW.affiliation IS NOT NULL AND NEW.affiliation <> 'none'
    AND NOT EXISTS (SELECT 1 FROM parties WHERE name = NEW.affiliation)
BEGIN SELECT RAISE(ABORT, '{message}'); END
"""
SQLITE_EVENTS = {"insert": "INSERT", "update": "UPDATE OF affiliation"}
POSTGRESQL_FUNCTION = """
CREATE FUNCTION claimsdb_affiliation_is_a_party() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.affiliation IS NOT NULL AND NEW.affiliation <> 'none'
        AND NOT EXISTS (SELECT 1 FROM parties WHERE name = NEW.affiliation) THEN
        RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END
$$
"""
POSTGRESQL_TRIGGER = (
    "CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF affiliation ON sources FOR EACH ROW "
    "EXECUTE FUNCTION claimsdb_affiliation_is_a_party('{message}')"
)


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DROPPED.sub("", text.translate(_EXTRA))
    return _SEPARATORS.sub(" ", text).strip()


def upgrade() -> None:
    """Upgrade schema."""
    parties = op.create_table(
        "parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parties")),
        sa.UniqueConstraint("name", name=op.f("uq_parties_name")),
    )
    names = op.create_table(
        "party_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("folded", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.CheckConstraint("kind IN ('slug', 'name', 'alias')", name=op.f("ck_party_names_kind")),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_party_names_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_names")),
        sa.UniqueConstraint("folded", name=op.f("uq_party_names_folded")),
    )
    op.create_index(op.f("ix_party_names_party_id"), "party_names", ["party_id"], unique=False)
    _fill(op.get_bind(), parties, names)
    message = NOT_A_PARTY.replace("'", "''")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_FUNCTION)
        op.execute(POSTGRESQL_TRIGGER.format(name=TRIGGER, message=message))
        return
    for event, on in SQLITE_EVENTS.items():
        op.execute(SQLITE_TRIGGER.format(name=TRIGGER, event=event, on=on, message=message))


def _fill(conn: sa.Connection, parties: sa.Table, names: sa.Table) -> None:
    """A party for every affiliation stored; spellings that fold alike become one party."""
    sources = sa.table(
        "sources",
        sa.column("id", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("affiliation", sa.Text()),
        sa.column("description", sa.Text()),
    )
    rows = conn.execute(
        sa.select(sources.c.affiliation, sa.func.count())
        .where(sources.c.affiliation.is_not(None), sources.c.affiliation != "none")
        .group_by(sources.c.affiliation)
    ).all()
    spellings: dict[str, list[tuple[int, str]]] = {}
    for value, count in rows:
        if _fold(value) and _fold(value) != "none":
            spellings.setdefault(_fold(value), []).append((-count, value))
    renamed: dict[str, str] = {}
    for folded, found in sorted(spellings.items()):
        name = min(found)[1]
        party_id = conn.execute(
            parties.insert().returning(parties.c.id), {"name": name}
        ).scalar_one()
        conn.execute(
            names.insert(), {"party_id": party_id, "name": name, "folded": folded, "kind": "name"}
        )
        renamed.update({value: name for _, value in found if value != name})
    if renamed:
        _rename(conn, sources, renamed)


def _rename(conn: sa.Connection, sources: sa.TableClause, renamed: dict[str, str]) -> None:
    """Set each source holding another spelling of a party to the party's name, on record."""
    source_names = sa.table(
        "source_names",
        sa.column("source_id", sa.Integer()),
        sa.column("name", sa.Text()),
        sa.column("kind", sa.String()),
        sa.column("id", sa.Integer()),
    )
    revisions = sa.table(
        "revisions",
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("actor", sa.Text()),
        sa.column("table_name", sa.String()),
        sa.column("row_id", sa.Integer()),
        sa.column("row_key", sa.Text()),
        sa.column("action", sa.String()),
        sa.column("before", sa.Text()),
        sa.column("after", sa.Text()),
        sa.column("reason", sa.Text()),
    )
    at = datetime.now(UTC)
    if conn.dialect.name == "sqlite":
        at = at.replace(tzinfo=None)  # stored as UTC wall time, as the models store it
    for source in conn.execute(
        sa.select(sources).where(sources.c.affiliation.in_(list(renamed))).order_by(sources.c.id)
    ):
        aliases = conn.execute(
            sa.select(source_names.c.name)
            .where(source_names.c.source_id == source.id, source_names.c.kind == "alias")
            .order_by(source_names.c.id)
        ).scalars()
        before = {
            "name": source.name,
            "aliases": "; ".join(aliases),
            "kind": source.kind,
            "affiliation": source.affiliation,
            "description": source.description or "",
        }
        after = {**before, "affiliation": renamed[source.affiliation]}
        conn.execute(
            sources.update()
            .where(sources.c.id == source.id)
            .values(affiliation=after["affiliation"])
        )
        conn.execute(
            revisions.insert(),
            {
                "at": at,
                "actor": ACTOR,
                "table_name": "sources",
                "row_id": source.id,
                "row_key": source.name,
                "action": "update",
                "before": json.dumps(before, ensure_ascii=False, sort_keys=True),
                "after": json.dumps(after, ensure_ascii=False, sort_keys=True),
                "reason": f"one party: {source.affiliation!r} is {after['affiliation']!r}",
            },
        )


def downgrade() -> None:
    """Downgrade schema: the parties go; every source keeps the affiliation it holds."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER {TRIGGER} ON sources")
        op.execute("DROP FUNCTION claimsdb_affiliation_is_a_party()")
    else:
        for event in SQLITE_EVENTS:
            op.execute(f"DROP TRIGGER {TRIGGER}_{event}")
    op.drop_index(op.f("ix_party_names_party_id"), table_name="party_names")
    op.drop_table("party_names")
    op.drop_table("parties")
