"""Notes on incidents (author and time), and the station a unit covers on a move-up.

Revision ID: 0011_notes_and_cover
Revises: 0010_sign_in_failures
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_notes_and_cover"
down_revision = "0010_sign_in_failures"
branch_labels = None
depends_on = None
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "incident_notes",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("agency_id", sa.Integer(), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("text", sa.String(2000), nullable=False),
    )
    op.create_index("ix_incident_notes_incident_id", "incident_notes", ["incident_id"])
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("posted_station", sa.String(80), nullable=True))
        batch.add_column(sa.Column("posted_at", TIMESTAMP, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("units") as batch:
        batch.drop_column("posted_at")
        batch.drop_column("posted_station")
    op.drop_index("ix_incident_notes_incident_id", table_name="incident_notes")
    op.drop_table("incident_notes")
