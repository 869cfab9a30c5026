"""Facilities, per-service status, destination choices, offload alerts.

Revision ID: 0004_facilities
Revises: 0003_dispatch
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_facilities"
down_revision = "0003_dispatch"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "facilities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("external_id", sa.String(80), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("capabilities", sa.JSON, nullable=False),
        sa.Column("city", sa.String(100), nullable=False),
        sa.Column("state", sa.String(2), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("agency_id", "external_id"),
    )
    op.create_index("ix_facilities_agency_id", "facilities", ["agency_id"])
    op.create_table(
        "facility_statuses",
        sa.Column("facility_id", sa.Integer, sa.ForeignKey("facilities.id"), primary_key=True),
        sa.Column("service", sa.String(20), primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("until", TIMESTAMP, nullable=True),
        sa.Column("changed_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("changed_at", TIMESTAMP, nullable=False),
    )
    op.create_index("ix_facility_statuses_agency_id", "facility_statuses", ["agency_id"])
    op.create_table(
        "destination_choices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("facility_id", sa.Integer, sa.ForeignKey("facilities.id"), nullable=True),
        sa.Column("destination_type", sa.String(7), nullable=False),
        sa.Column("reason", sa.String(7), nullable=False),
        sa.Column("recommended_rank", sa.Integer, nullable=True),
        sa.Column("comment", sa.String(500), nullable=False),
        sa.Column("chosen_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("chosen_at", TIMESTAMP, nullable=False),
        sa.Column("notice_eta_s", sa.Float, nullable=True),
        sa.Column("notice_at", TIMESTAMP, nullable=True),
    )
    op.create_index("ix_destination_choices_agency_id", "destination_choices", ["agency_id"])
    op.create_index("ix_destination_choices_incident_id", "destination_choices", ["incident_id"])
    op.create_table(
        "offload_alerts",
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), primary_key=True),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("facility_id", sa.Integer, sa.ForeignKey("facilities.id"), nullable=True),
        sa.Column("raised_at", TIMESTAMP, nullable=False),
    )
    op.create_index("ix_offload_alerts_agency_id", "offload_alerts", ["agency_id"])


def downgrade() -> None:
    for table in ("offload_alerts", "destination_choices", "facility_statuses", "facilities"):
        op.drop_table(table)
