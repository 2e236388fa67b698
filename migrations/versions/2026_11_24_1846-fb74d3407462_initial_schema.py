"""Initial schema: events, sources, documents, metrics, claims, names, revisions, batches.

Also fills the metrics vocabulary; users add metrics later as rows, without a migration.

Revision ID: fb74d3407462
Revises:
Create Date: 2026-11-24 18:46:12.292060

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "fb74d3407462"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The starting vocabulary of what is counted. Who was affected (civilians, women) is a claim's
# population, never a metric.
METRICS = [
    ("killed", "people", "people killed or dead"),
    ("wounded", "people", "people wounded or injured"),
    ("missing", "people", "people missing"),
    ("hostages", "people", "people taken hostage"),
    ("prisoners", "people", "prisoners of war and detainees"),
    ("raped", "people", "people raped"),
    ("displaced", "people", "people displaced or who fled within their country"),
    ("refugees", "people", "refugees: people who fled across a border"),
    ("expelled", "people", "people expelled, deported or evicted"),
    ("population", "people", "population of a place or group, for context"),
    ("troops", "people", "troops, fighters or volunteers mobilised"),
    ("casualties", "people", "killed and wounded counted together"),
    ("equipment_lost", "items", "equipment captured, destroyed or shot down"),
    ("territory_share", "percent", "share of a territory held"),
]


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('seed', 'import')", name=op.f("ck_batches_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("published_first", sa.Date(), nullable=True),
        sa.Column("published_last", sa.Date(), nullable=True),
        sa.Column("published_precision", sa.String(length=8), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("citation", sa.Text(), nullable=True),
        sa.Column("licence", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "published_precision IN ('year', 'month', 'day')",
            name=op.f("ck_documents_published_precision"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("key", name=op.f("uq_documents_key")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("period_first", sa.Date(), nullable=True),
        sa.Column("period_last", sa.Date(), nullable=True),
        sa.Column("period_start_precision", sa.String(length=8), nullable=True),
        sa.Column("period_end_precision", sa.String(length=8), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "period_end_precision IN ('year', 'month', 'day')", name=op.f("ck_events_end_precision")
        ),
        sa.CheckConstraint(
            "period_start_precision IN ('year', 'month', 'day')",
            name=op.f("ck_events_start_precision"),
        ),
        sa.CheckConstraint("parent_id <> id", name=op.f("ck_events_not_own_parent")),
        sa.CheckConstraint("period_first <= period_last", name=op.f("ck_events_period_order")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["events.id"], name=op.f("fk_events_parent_id_events")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("slug", name=op.f("uq_events_slug")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_parent_id"), ["parent_id"], unique=False)

    metrics = op.create_table(
        "metrics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metrics")),
        sa.UniqueConstraint("name", name=op.f("uq_metrics_name")),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("affiliation", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint("affiliation <> ''", name=op.f("ck_sources_affiliation_not_empty")),
        sa.CheckConstraint(
            "kind IN ('government', 'military', 'ngo', 'intergovernmental', 'media', 'academic', 'individual', 'unattributed')",
            name=op.f("ck_sources_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_sources_name")),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column("population", sa.Text(), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("best", sa.Float(), nullable=True),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("vague", sa.String(length=40), nullable=True),
        sa.Column("phrase", sa.Text(), nullable=False),
        sa.Column("period_first", sa.Date(), nullable=True),
        sa.Column("period_last", sa.Date(), nullable=True),
        sa.Column("period_start_precision", sa.String(length=8), nullable=True),
        sa.Column("period_end_precision", sa.String(length=8), nullable=True),
        sa.Column("claimant_id", sa.Integer(), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("locator", sa.Text(), nullable=True),
        sa.Column("claimed_first", sa.Date(), nullable=True),
        sa.Column("claimed_last", sa.Date(), nullable=True),
        sa.Column("claimed_precision", sa.String(length=8), nullable=True),
        sa.Column("derived_from_id", sa.Integer(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("part_of_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("grade", sa.String(length=12), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(qualifier = 'exact' AND best IS NOT NULL AND low IS NULL AND high IS NULL) OR (qualifier = 'range' AND low IS NOT NULL AND high IS NOT NULL) OR (qualifier IN ('at_least', 'more_than') AND low IS NOT NULL AND high IS NULL) OR (qualifier IN ('at_most', 'less_than') AND high IS NOT NULL AND low IS NULL) OR (qualifier IN ('approximately', 'nearly') AND best IS NOT NULL AND low IS NULL AND high IS NULL) OR (qualifier = 'vague' AND low IS NULL AND high IS NULL AND best IS NULL)",
            name=op.f("ck_claims_figure_shape"),
        ),
        sa.CheckConstraint(
            "claimed_precision IN ('year', 'month', 'day')",
            name=op.f("ck_claims_claimed_precision"),
        ),
        sa.CheckConstraint(
            "grade IN ('confirmed', 'fair', 'weak', 'contested')", name=op.f("ck_claims_grade")
        ),
        sa.CheckConstraint(
            "period_end_precision IN ('year', 'month', 'day')", name=op.f("ck_claims_end_precision")
        ),
        sa.CheckConstraint(
            "period_start_precision IN ('year', 'month', 'day')",
            name=op.f("ck_claims_start_precision"),
        ),
        sa.CheckConstraint(
            "qualifier IN ('exact', 'range', 'at_least', 'more_than', 'at_most', 'less_than', 'approximately', 'nearly', 'vague')",
            name=op.f("ck_claims_qualifier"),
        ),
        sa.CheckConstraint(
            "(qualifier = 'vague' AND vague IS NOT NULL) OR (qualifier <> 'vague' AND vague IS NULL)",
            name=op.f("ck_claims_vague_key"),
        ),
        sa.CheckConstraint(
            "status IN ('active', 'superseded', 'retracted', 'discounted')",
            name=op.f("ck_claims_status"),
        ),
        sa.CheckConstraint(
            "derived_from_id <> id AND supersedes_id <> id AND part_of_id <> id",
            name=op.f("ck_claims_no_self_reference"),
        ),
        sa.CheckConstraint(
            "low <= high AND low <= best AND best <= high", name=op.f("ck_claims_value_order")
        ),
        sa.CheckConstraint(
            "low >= 0 AND high >= 0 AND best >= 0", name=op.f("ck_claims_non_negative")
        ),
        sa.CheckConstraint("period_first <= period_last", name=op.f("ck_claims_period_order")),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_claims_batch_id_batches")
        ),
        sa.ForeignKeyConstraint(
            ["claimant_id"], ["sources.id"], name=op.f("fk_claims_claimant_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["derived_from_id"], ["claims.id"], name=op.f("fk_claims_derived_from_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_claims_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_claims_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["metric_id"], ["metrics.id"], name=op.f("fk_claims_metric_id_metrics")
        ),
        sa.ForeignKeyConstraint(
            ["part_of_id"], ["claims.id"], name=op.f("fk_claims_part_of_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"], ["sources.id"], name=op.f("fk_claims_reported_by_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["claims.id"], name=op.f("fk_claims_supersedes_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint("key", name=op.f("uq_claims_key")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_claimant_id"), ["claimant_id"], unique=False)
        batch_op.create_index(
            "ix_claims_group", ["event_id", "metric_id", "population"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_claims_part_of_id"), ["part_of_id"], unique=False)

    op.create_table(
        "event_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("folded", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.CheckConstraint("kind IN ('slug', 'name', 'alias')", name=op.f("ck_event_names_kind")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_names_event_id_events")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_names")),
        sa.UniqueConstraint("folded", name=op.f("uq_event_names_folded")),
    )
    with op.batch_alter_table("event_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_names_event_id"), ["event_id"], unique=False)

    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("row_key", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "action IN ('create', 'update', 'import', 'retract', 'revert')",
            name=op.f("ck_revisions_action"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_revisions_batch_id_batches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revisions")),
    )
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.create_index("ix_revisions_table_row", ["table_name", "row_id"], unique=False)

    op.create_table(
        "source_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("folded", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.CheckConstraint("kind IN ('slug', 'name', 'alias')", name=op.f("ck_source_names_kind")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_source_names_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_names")),
        sa.UniqueConstraint("folded", name=op.f("uq_source_names_folded")),
    )
    with op.batch_alter_table("source_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_names_source_id"), ["source_id"], unique=False)

    op.bulk_insert(metrics, [{"name": n, "unit": u, "description": d} for n, u, d in METRICS])


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("source_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_names_source_id"))

    op.drop_table("source_names")
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_index("ix_revisions_table_row")

    op.drop_table("revisions")
    with op.batch_alter_table("event_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_names_event_id"))

    op.drop_table("event_names")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_part_of_id"))
        batch_op.drop_index("ix_claims_group")
        batch_op.drop_index(batch_op.f("ix_claims_claimant_id"))

    op.drop_table("claims")
    op.drop_table("sources")
    op.drop_table("metrics")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_parent_id"))

    op.drop_table("events")
    op.drop_table("documents")
    op.drop_table("batches")
