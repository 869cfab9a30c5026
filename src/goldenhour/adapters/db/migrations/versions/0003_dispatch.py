"""Dispatch: incidents, their NEMSIS times, unit assignments, unit status and positions.

Revision ID: 0003_dispatch
Revises: 0002_credentials_and_units
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_dispatch"
down_revision = "0002_credentials_and_units"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ACTIVE = sa.text("cleared_at IS NULL")


def _agency() -> sa.Column[int]:
    return sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id"), nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("units") as units:
        units.add_column(
            sa.Column("status", sa.String(20), nullable=False, server_default="available")
        )
        units.add_column(sa.Column("incident_id", sa.Integer, nullable=True))
        units.add_column(sa.Column("status_at", TIMESTAMP, nullable=True))
        units.add_column(sa.Column("lon", sa.Float, nullable=True))
        units.add_column(sa.Column("lat", sa.Float, nullable=True))
        units.add_column(sa.Column("position_at", TIMESTAMP, nullable=True))
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer, primary_key=True),
        _agency(),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("address", sa.String(200), nullable=True),
        sa.Column("landmark", sa.String(200), nullable=True),
        sa.Column("callback", sa.String(40), nullable=True),
        sa.Column("type_of_service", sa.String(7), nullable=False),
        sa.Column("dispatch_reason", sa.String(7), nullable=False),
        sa.Column("complaint", sa.String(500), nullable=True),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("plan", sa.String(60), nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("rule_index", sa.Integer, nullable=False),
        sa.Column("rule_why", sa.String(500), nullable=False),
        sa.Column("source", sa.String(60), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("received_at", TIMESTAMP, nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("closed_at", TIMESTAMP, nullable=True),
    )
    op.create_index("ix_incidents_agency_status", "incidents", ["agency_id", "status"])
    op.create_table(
        "incident_times",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        _agency(),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=True),
        sa.Column("element", sa.String(10), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
    )
    op.create_index("ix_incident_times_incident_id", "incident_times", ["incident_id"])
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        _agency(),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("assigned_by", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("assigned_at", TIMESTAMP, nullable=False),
        sa.Column("cleared_at", TIMESTAMP, nullable=True),
    )
    op.create_index("ix_assignments_incident_id", "assignments", ["incident_id"])
    # One active assignment per unit, enforced by the database itself on both backends.
    op.create_index(
        "ux_assignments_active_unit",
        "assignments",
        ["unit_id"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )
    op.create_table(
        "unit_positions",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        _agency(),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id"), nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("received_at", TIMESTAMP, nullable=False),
    )
    op.create_index("ix_unit_positions_unit_at", "unit_positions", ["unit_id", "at"])


def downgrade() -> None:
    for table in ("unit_positions", "assignments", "incident_times", "incidents"):
        op.drop_table(table)
    with op.batch_alter_table("units") as units:
        for column in ("position_at", "lat", "lon", "status_at", "incident_id", "status"):
            units.drop_column(column)
