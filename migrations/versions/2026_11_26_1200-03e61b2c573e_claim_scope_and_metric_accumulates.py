"""Claim scope and metric accumulates: what a figure covers, and which counts add up over time.

``claims.scope`` says what a figure covers when its population word cannot ("including
Nagorno-Karabakh", "excluding Nagorno-Karabakh"); claims of different scope are never pooled, so
it joins the group index. Existing claims get "" (no scope stated).

``metrics.accumulates`` says whether counts of a metric add up over time (killed, displaced) or
are a state at one moment (hostages held, territory held): a figure for a sub-period of an
accumulating count is a floor for the enclosing period. The starting metrics get their values by
name; any other metric, added by a user, starts as false.

Plain ``ALTER TABLE`` on both backends, never a batch copy: copying ``claims`` on SQLite would
drop its append-only trigger with the old table. Dropping a column needs SQLite 3.35 or newer.

Revision ID: 03e61b2c573e
Revises: 57f5fac04718
Create Date: 2026-11-26 12:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "03e61b2c573e"
down_revision: str | Sequence[str] | None = "57f5fac04718"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The metrics of the initial vocabulary whose counts add up over time. The others (hostages,
# prisoners, population, troops, territory_share) count a state at one moment.
ACCUMULATING = (
    "killed",
    "wounded",
    "missing",
    "raped",
    "displaced",
    "refugees",
    "expelled",
    "casualties",
    "equipment_lost",
)


def upgrade() -> None:
    """Upgrade schema."""
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.add_column("claims", sa.Column("scope", sa.Text(), server_default="", nullable=False))
    op.drop_index("ix_claims_group", table_name="claims")
    op.create_index(
        "ix_claims_group", "claims", ["event_id", "metric_id", "population", "scope"], unique=False
    )
    # SQLite adds a NOT NULL column only with a constant default, which "0" is and (0) is not.
    op.add_column(
        "metrics",
        sa.Column(
            "accumulates",
            sa.Boolean(),
            server_default=sa.false() if postgresql else "0",
            nullable=False,
        ),
    )
    metrics = sa.table(
        "metrics", sa.column("name", sa.String()), sa.column("accumulates", sa.Boolean())
    )
    op.execute(metrics.update().where(metrics.c.name.in_(ACCUMULATING)).values(accumulates=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("metrics", "accumulates")
    op.drop_index("ix_claims_group", table_name="claims")
    op.create_index(
        "ix_claims_group", "claims", ["event_id", "metric_id", "population"], unique=False
    )
    op.drop_column("claims", "scope")
