"""The crew's chart: a sign-in bound to a unit, entries applied once, protocol history.

Revision ID: 0007_crew_chart
Revises: 0006_user_provider
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_crew_chart"
down_revision = "0006_user_provider"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("auth_tokens") as batch:
        batch.add_column(sa.Column("unit_id", sa.Integer, nullable=True))
        batch.create_foreign_key("fk_auth_tokens_unit_id", "units", ["unit_id"], ["id"])
    op.create_table(
        "chart_entry_keys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("pcr_id", sa.Integer, sa.ForeignKey("patient_care_records.id"), nullable=True),
        sa.Column("route", sa.String(100), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=True),
        sa.Column("response", sa.JSON, nullable=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("agency_id", "key", name="ux_chart_entry_keys_key"),
    )
    op.create_table(
        "agency_protocol_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("note", sa.String(1000), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
    )
    op.create_index(
        "ix_agency_protocol_versions_agency_id", "agency_protocol_versions", ["agency_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_agency_protocol_versions_agency_id", "agency_protocol_versions")
    op.drop_table("agency_protocol_versions")
    op.drop_table("chart_entry_keys")
    with op.batch_alter_table("auth_tokens") as batch:
        batch.drop_constraint("fk_auth_tokens_unit_id", type_="foreignkey")
        batch.drop_column("unit_id")
